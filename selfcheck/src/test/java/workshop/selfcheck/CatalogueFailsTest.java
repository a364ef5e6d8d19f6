package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalogued wrong answer fails its exercise's tests, quickly: each entry is applied
 * to a copy of the reference answers, compiled, and the exercise's tests run against it in
 * a child JVM with a bound. A variant that passes every test, or that makes a test hang
 * until it is cut off, fails this check, named.
 */
@DisplayName("Every catalogued wrong answer fails its exercise's tests")
class CatalogueFailsTest {

    /** The least number of wrong answers catalogued per exercise. */
    static final int MINIMUM_ENTRIES = 5;

    /** A variant's whole run (a JVM, one exercise's tests) is killed after this. */
    static final Duration VARIANT_BOUND = Duration.ofSeconds(60);

    private static final Queue<String> REPORT = new ConcurrentLinkedQueue<>();

    private final Workshop workshop = Workshop.locate();

    @TestFactory
    Stream<DynamicNode> everyWrongAnswerFails() {
        List<DynamicNode> nodes = new ArrayList<>();
        List<String> exerciseNames = workshop.exercises().stream().map(Workshop.Exercise::name).toList();
        for (String folder : Catalogue.moduleFolders(workshop.catalogue())) {
            if (!exerciseNames.contains(folder)) {
                nodes.add(dynamicTest("catalogue/" + folder, () -> fail("catalogue/" + folder
                        + " names no exercise module (renamed?); exercises: " + exerciseNames)));
            }
        }
        for (Workshop.Exercise exercise : workshop.exercises()) {
            List<Path> files = entryFiles(exercise.name());
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest("at least " + MINIMUM_ENTRIES + " wrong answers catalogued", () -> {
                skipIfNoTests(exercise);
                if (files.size() < MINIMUM_ENTRIES) {
                    fail("catalogue/" + exercise.name() + " has " + files.size() + " wrong answers; at least "
                            + MINIMUM_ENTRIES + " are needed (format: catalogue/README.md)");
                }
            }));
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
                tests.add(dynamicTest(name, file.toUri(), () -> {
                    skipIfNoTests(exercise);
                    checkVariant(exercise, Catalogue.parse(exercise.name(), file));
                }));
            }
            nodes.add(dynamicContainer(exercise.name(), tests));
        }
        return nodes.stream();
    }

    private static void skipIfNoTests(Workshop.Exercise exercise) {
        if (!exercise.hasTests()) {
            if (StartersAreRedTest.ALLOW_MODULES_WITHOUT_TESTS) {
                Assumptions.abort(exercise.name() + " has no tests yet");
            }
            fail(exercise.name() + " has no tests");
        }
    }

    private void checkVariant(Workshop.Exercise exercise, Catalogue.Entry entry) throws IOException {
        Path work = Files.createTempDirectory("workshop-variant-");
        try {
            Path variantClasses = Variants.compile(workshop, entry, work);
            List<Path> classpath = new ArrayList<>();
            classpath.add(variantClasses);
            classpath.add(workshop.solutionsClasses());
            classpath.addAll(workshop.testClasspath());
            classpath.addAll(workshop.runnerClasspath());
            ChildRun.Outcome outcome = ChildRun.run(classpath, workshop.solutionsTestClasses(), exercise.packages(),
                    VARIANT_BOUND, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));

            List<String> problems = new ArrayList<>();
            if (outcome.timedOut()) {
                problems.add("did not finish within " + VARIANT_BOUND.toSeconds() + " s (a hang); last output:\n"
                        + outcome.outputTail(20));
            } else if (outcome.completed() && outcome.tests().isEmpty()) {
                problems.add("no test of " + exercise.packages() + " was found in solutions/target/test-classes"
                        + " (is the module's src/test/java listed in solutions/pom.xml?)");
            } else if (outcome.completed() && outcome.failedCount() == 0) {
                problems.add("PASSES every test (" + outcome.tests().size() + " run): the tests do not catch this"
                        + " mistake. Strengthen them.");
            } else if (!outcome.completed() && outcome.tests().isEmpty()) {
                problems.add("the test JVM ended (exit code " + outcome.exitCode() + ") before any test finished;"
                        + " last output:\n" + outcome.outputTail(20));
            }
            for (ChildRun.TestResult test : outcome.tests()) {
                if (TestRunner.hung(test.millis(), test.message())) {
                    problems.add("hangs until it is cut off (" + test.millis() + " ms) instead of failing quickly: "
                            + test.id());
                }
            }
            String line = String.format("%-16s %-36s %2d of %2d tests failed, %6d ms%s", exercise.name(),
                    entry.name(), outcome.failedCount(), outcome.tests().size(), outcome.elapsed().toMillis(),
                    problems.isEmpty() ? "" : "   <-- PROBLEM");
            REPORT.add(line);
            System.out.println("variant " + line);
            if (!problems.isEmpty()) {
                fail(entry + " (" + entry.description() + "):\n  " + String.join("\n  ", problems));
            }
        } finally {
            ChildRun.deleteQuietly(work);
        }
    }

    private List<Path> entryFiles(String module) {
        Path dir = workshop.catalogue().resolve(module);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void printReport() {
        if (!REPORT.isEmpty()) {
            System.out.println("Wrong-answer catalogue:");
            REPORT.forEach(line -> System.out.println("  " + line));
        }
    }
}
