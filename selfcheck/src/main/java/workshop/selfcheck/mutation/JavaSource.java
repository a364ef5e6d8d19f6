package workshop.selfcheck.mutation;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One Java file, parsed (Java 21), with what the operators need to make text edits: the
 * offset and original text of any node. A mutant is this text with a few ranges replaced, so
 * everything else (comments, layout) stays as it was.
 */
public final class JavaSource {

    /** Replace the text in [begin, end) with {@code text}. */
    public record Edit(int begin, int end, String text) {}

    private static final ParserConfiguration JAVA_21 =
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);

    private final String path;
    private final String text;
    private final CompilationUnit unit;
    private final int[] lineStarts;

    private JavaSource(String path, String text, CompilationUnit unit) {
        this.path = path;
        this.text = text;
        this.unit = unit;
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Parses {@code text} (line ends normalised to \n); {@code path} is for messages. */
    public static JavaSource parse(String path, String text) {
        String unix = text.replace("\r\n", "\n").replace('\r', '\n');
        ParseResult<CompilationUnit> result = new JavaParser(JAVA_21).parse(unix);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new IllegalArgumentException("cannot parse " + path + ": " + result.getProblems());
        }
        return new JavaSource(path, unix, result.getResult().get());
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public CompilationUnit unit() {
        return unit;
    }

    public int offset(Position position) {
        return lineStarts[position.line - 1] + position.column - 1;
    }

    public int begin(Node node) {
        return offset(node.getBegin().orElseThrow());
    }

    /** Exclusive. */
    public int end(Node node) {
        return offset(node.getEnd().orElseThrow()) + 1;
    }

    public String text(Node node) {
        return text.substring(begin(node), end(node));
    }

    public Edit replace(Node node, String replacement) {
        return new Edit(begin(node), end(node), replacement);
    }

    public Edit insertBefore(Node node, String insertion) {
        return new Edit(begin(node), begin(node), insertion);
    }

    /** The whitespace that starts the line {@code node} begins on. */
    public String indent(Node node) {
        int lineStart = lineStarts[node.getBegin().orElseThrow().line - 1];
        int at = lineStart;
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
        return text.substring(lineStart, at);
    }

    /** The text with {@code edits} (non-overlapping) applied. */
    public String apply(List<Edit> edits) {
        // From the end backwards, so that earlier offsets stay valid; an insertion at the start of
        // a replaced range goes in after the replacement.
        List<Edit> sorted = edits.stream()
                .sorted(Comparator.comparingInt(Edit::begin).thenComparingInt(Edit::end).reversed())
                .toList();
        StringBuilder result = new StringBuilder(text);
        int limit = Integer.MAX_VALUE;
        for (Edit edit : sorted) {
            if (edit.end() > limit) {
                throw new IllegalArgumentException(path + ": overlapping edits " + edits);
            }
            result.replace(edit.begin(), edit.end(), edit.text());
            limit = edit.begin();
        }
        return result.toString();
    }

    /**
     * The member a node belongs to, as {@code Type.method(ParamType,...)}, {@code Type.<init>(...)}
     * or {@code Type.field}: part of a mutant's id, which must not depend on line numbers.
     */
    public static String memberOf(Node node) {
        Optional<CallableDeclaration> callable = node instanceof CallableDeclaration<?> itself
                ? Optional.of(itself) : node.findAncestor(CallableDeclaration.class);
        String member;
        Node owner;
        if (callable.isPresent()) {
            CallableDeclaration<?> declaration = callable.get();
            String name = declaration instanceof ConstructorDeclaration ? "<init>" : declaration.getNameAsString();
            member = name + declaration.getParameters().stream()
                    .map(p -> ((Parameter) p).getType().asString())
                    .collect(Collectors.joining(",", "(", ")"));
            owner = declaration;
        } else {
            Optional<FieldDeclaration> field = node instanceof FieldDeclaration itself
                    ? Optional.of(itself) : node.findAncestor(FieldDeclaration.class);
            member = field.map(f -> f.getVariables().stream().map(VariableDeclarator::getNameAsString)
                    .collect(Collectors.joining(","))).orElse("<class>");
            owner = field.isPresent() ? field.get() : node;
        }
        List<String> types = new ArrayList<>();
        for (Optional<Node> at = owner.getParentNode(); at.isPresent(); at = at.get().getParentNode()) {
            if (at.get() instanceof TypeDeclaration<?> type) {
                types.addFirst(type.getNameAsString());
            }
        }
        return String.join(".", types) + "." + member;
    }

    /**
     * The declared type of a simple name (a parameter, local or field of this file), if it can
     * be found without resolving symbols: enough to tell a Duration from a long.
     */
    public Optional<String> declaredType(Expression expression) {
        if (!(expression instanceof NameExpr name)) {
            return Optional.empty();
        }
        String wanted = name.getNameAsString();
        for (Parameter parameter : unit.findAll(Parameter.class)) {
            if (parameter.getNameAsString().equals(wanted)) {
                return Optional.of(parameter.getType().asString());
            }
        }
        for (VariableDeclarator variable : unit.findAll(VariableDeclarator.class)) {
            if (variable.getNameAsString().equals(wanted)) {
                return Optional.of(variable.getType().asString());
            }
        }
        return Optional.empty();
    }
}
