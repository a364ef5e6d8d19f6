package workshop.selfcheck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where things are in the workshop: the exercise modules (every folder named {@code NN-name}
 * with a pom), their packages, and what the solutions build left in its target folder.
 */
public final class Workshop {

    private static final Pattern EXERCISE_MODULE = Pattern.compile("\\d\\d-.+");

    /** An exercise module and the packages its tests live in (found from its src/test/java). */
    public record Exercise(String name, Path dir, List<String> packages) {
        public boolean hasTests() {
            return !packages.isEmpty();
        }

        /** The classes given with the exercise (the learner uses them, does not edit them). */
        public Path givenSources() {
            return dir.resolve("src/given/java");
        }

        public Path surefireReports() {
            return dir.resolve("target/surefire-reports");
        }
    }

    private final Path root;

    public Workshop(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The workshop found from the system property {@code workshop.root}, else from the working folder up. */
    public static Workshop locate() {
        String property = System.getProperty("workshop.root");
        if (property != null && !property.isBlank()) {
            return new Workshop(Path.of(property));
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("solutions")) && Files.isDirectory(at.resolve("catalogue"))
                    && Files.isRegularFile(at.resolve("pom.xml"))) {
                return new Workshop(at);
            }
        }
        throw new IllegalStateException("cannot find the workshop's root folder (with solutions/ and catalogue/)"
                + " from " + Path.of("").toAbsolutePath() + "; set -Dworkshop.root");
    }

    public Path root() {
        return root;
    }

    public Path catalogue() {
        return root.resolve("catalogue");
    }

    /** The equivalent mutants, with why each cannot be killed. */
    public Path equivalentMutants() {
        return catalogue().resolve("EQUIVALENT-MUTANTS.md");
    }

    public Path solutionsSources() {
        return root.resolve("solutions/src/main/java");
    }

    /**
     * Where a package's sources are: the reference answers, then each exercise's given classes
     * (a catalogue entry may edit either, as a learner may).
     */
    public List<Path> answerAndGivenSources() {
        List<Path> roots = new ArrayList<>(List.of(solutionsSources()));
        exercises().forEach(exercise -> roots.add(exercise.givenSources()));
        return roots;
    }

    public Path solutionsClasses() {
        return root.resolve("solutions/target/classes");
    }

    public Path solutionsTestClasses() {
        return root.resolve("solutions/target/test-classes");
    }

    public Path solutionsReports() {
        return root.resolve("solutions/target/surefire-reports");
    }

    /** Every exercise module, in name order. */
    public List<Exercise> exercises() {
        try (Stream<Path> children = Files.list(root)) {
            return children
                    .filter(Files::isDirectory)
                    .filter(dir -> EXERCISE_MODULE.matcher(dir.getFileName().toString()).matches())
                    .filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .sorted()
                    .map(dir -> new Exercise(dir.getFileName().toString(), dir, packagesUnder(dir.resolve("src/test/java"))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Exercise exercise(String name) {
        return exercises().stream()
                .filter(e -> e.name().equals(name) || e.name().startsWith(name + "-") || e.name().substring(3).equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no exercise module called '" + name + "'; there are "
                        + exercises().stream().map(Exercise::name).toList()));
    }

    /** The packages (dotted names) that hold at least one .java file under {@code sourceRoot}. */
    static List<String> packagesUnder(Path sourceRoot) {
        if (!Files.isDirectory(sourceRoot)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            return files
                    .filter(f -> f.getFileName().toString().endsWith(".java"))
                    .map(f -> sourceRoot.relativize(f.getParent()).toString().replace(File.separatorChar, '.'))
                    .filter(pkg -> !pkg.isEmpty())
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The class path the exercise tests need besides the classes under test: the solutions'
     * test classes, then its test dependencies as Maven resolved them (built with -Pselfcheck).
     */
    public List<Path> testClasspath() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(solutionsTestClasses());
        classpath.addAll(readClasspathFile(root.resolve("solutions/target/test-classpath.txt")));
        return classpath;
    }

    /** The test runner's own class path (the selfcheck module's classes and the JUnit launcher). */
    public List<Path> runnerClasspath() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(root.resolve("selfcheck/target/classes"));
        classpath.addAll(readClasspathFile(root.resolve("selfcheck/target/runner-classpath.txt")));
        return classpath;
    }

    private static List<Path> readClasspathFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build with ./mvnw verify -Pselfcheck first");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return List.of();
            }
            return Stream.of(text.split(Pattern.quote(File.pathSeparator))).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
