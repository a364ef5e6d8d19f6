package workshop.selfcheck.mutation;

import com.github.javaparser.ast.Node;
import java.util.List;
import java.util.function.Function;

/**
 * A mutation operator: a name from the ConMAn set (Bradbury, Cordy, Dingel, "Mutation Operators
 * for Concurrent Java (J2SE 5.0)", Mutation 2006) or one of the Java 21 shapes the lessons
 * teach, a one-line summary, and a function that finds where it applies in a file.
 */
public record Operator(String name, String summary, Function<JavaSource, List<Site>> sites) {

    /**
     * One place the operator applies: the node it is reported at, what the mutant does (short,
     * in code terms) and the text edits that make it.
     */
    public record Site(Node at, String description, List<JavaSource.Edit> edits) {
        public Site(Node at, String description, JavaSource.Edit edit) {
            this(at, description, List.of(edit));
        }
    }
}
