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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalogued correct alternative passes its exercise's tests: a right answer written
 * differently from the reference (virtual threads, invokeAll, a read-write lock, ...) must never
 * be failed. Entries live in {@code catalogue/<module>/correct/*.txt}, in the catalogue's format.
 */
@DisplayName("Every catalogued correct alternative passes its exercise's tests")
class CorrectAlternativesPassTest {

    /** A correct alternative's whole run is killed after this (its tests take a few seconds). */
    static final Duration RUN_BOUND = Duration.ofSeconds(60);

    private final Workshop workshop = Workshop.locate();

    @TestFactory
    Stream<DynamicNode> everyCorrectAlternativePasses() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Workshop.Exercise exercise : workshop.exercises()) {
            List<DynamicNode> tests = new ArrayList<>();
            for (Path file : entryFiles(exercise.name())) {
                String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
                tests.add(dynamicTest(name, file.toUri(),
                        () -> check(exercise, Catalogue.parse(exercise.name() + "/correct", file))));
            }
            if (!tests.isEmpty()) {
                nodes.add(dynamicContainer(exercise.name(), tests));
            }
        }
        return nodes.stream();
    }

    private void check(Workshop.Exercise exercise, Catalogue.Entry entry) throws IOException {
        Path work = Files.createTempDirectory("workshop-correct-");
        try {
            List<Path> classpath = new ArrayList<>();
            classpath.add(Variants.compile(workshop, entry, work));
            classpath.add(workshop.solutionsClasses());
            classpath.addAll(workshop.testClasspath());
            classpath.addAll(workshop.runnerClasspath());
            ChildRun.Outcome outcome = ChildRun.run(classpath, workshop.solutionsTestClasses(), exercise.packages(),
                    RUN_BOUND, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            System.out.printf("correct %-16s %-36s %s%n", exercise.name(), entry.name(), outcome.describe());
            if (!outcome.completed()) {
                fail(entry + " (" + entry.description() + ") did not complete: " + outcome.describe()
                        + "; last output:\n" + outcome.outputTail(20));
            }
            List<String> failed = outcome.tests().stream().filter(test -> !test.passed())
                    .map(test -> test.id() + ": " + test.message().lines().findFirst().orElse(""))
                    .collect(Collectors.toList());
            if (outcome.tests().isEmpty()) {
                fail(entry + ": no test of " + exercise.packages() + " ran");
            }
            if (!failed.isEmpty()) {
                fail(entry + " is a correct answer (" + entry.description() + "), but the tests fail it:\n  "
                        + String.join("\n  ", failed));
            }
        } finally {
            ChildRun.deleteQuietly(work);
        }
    }

    private List<Path> entryFiles(String module) {
        Path dir = workshop.catalogue().resolve(module).resolve("correct");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
