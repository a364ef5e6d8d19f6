package workshop.selfcheck.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import workshop.selfcheck.Workshop;

/**
 * Generates the mutants of an exercise: every operator over every class a learner edits
 * ({@code <module>/src/main/java}; the given classes are in src/given/java), as it stands in
 * the reference answers.
 */
public final class Mutants {

    /**
     * Given code inside learner-edited classes, left out as PIT leaves it out (excludedMethods
     * in solutions/pom.xml): the lessons' demo entry points ({@code main}), the background
     * work itself, and hooks that let the tests look inside.
     */
    static final Set<String> GIVEN_MEMBERS = Set.of("Autosaver.saveForever", "ReportExporter.export",
            "Pipeline.failures", "Pipeline.threads");

    private Mutants() {}

    /** The files (relative to src/main/java) that a learner edits: all of the starter's src/main/java. */
    public static List<String> learnerFiles(Workshop.Exercise exercise) {
        Path starter = exercise.dir().resolve("src/main/java");
        if (!Files.isDirectory(starter)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(starter)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> starter.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every mutant of the exercise's learner-edited classes in the reference answers. */
    public static List<Mutant> of(Workshop workshop, Workshop.Exercise exercise) {
        List<Mutant> mutants = new ArrayList<>();
        for (String path : learnerFiles(exercise)) {
            Path reference = workshop.solutionsSources().resolve(path);
            if (!Files.isRegularFile(reference)) {
                throw new IllegalStateException(exercise.name() + ": the learner edits " + path
                        + ", but solutions/src/main/java has no reference answer for it");
            }
            mutants.addAll(of(exercise.name(), JavaSource.parse(path, read(reference))));
        }
        return mutants;
    }

    /** Every mutant of one file; a mutant whose text another already has is left out. */
    public static List<Mutant> of(String module, JavaSource source) {
        List<Mutant> mutants = new ArrayList<>();
        Map<String, Integer> ordinals = new HashMap<>();
        Set<String> texts = new HashSet<>();
        texts.add(source.text());
        for (Operator operator : Operators.ALL) {
            for (Operator.Site site : operator.sites().apply(source)) {
                String member = JavaSource.memberOf(site.at());
                if (isGiven(member)) {
                    continue;
                }
                String text = source.apply(site.edits());
                if (!texts.add(text)) {
                    continue;
                }
                int ordinal = ordinals.merge(operator.name() + ":" + member, 1, Integer::sum);
                var begin = site.at().getBegin().orElseThrow();
                mutants.add(new Mutant(module, operator.name(), source.path(), member, ordinal, begin.line, begin.column,
                        site.description(), source.text().lines().skip(begin.line - 1).findFirst().orElse("").strip(), text));
            }
        }
        return mutants;
    }

    static boolean isGiven(String member) {
        String name = member.contains("(") ? member.substring(0, member.indexOf('(')) : member;
        return name.endsWith(".main") || GIVEN_MEMBERS.contains(name);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
