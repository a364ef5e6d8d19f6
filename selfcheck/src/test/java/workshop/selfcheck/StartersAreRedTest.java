package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import workshop.selfcheck.SurefireReports.Case;
import workshop.selfcheck.SurefireReports.Outcome;

/**
 * Every graded test of every exercise fails on the shipped starter, quickly; and the starter
 * ran exactly the tests the reference answers ran (a missing or renamed test class shows).
 * Reads the surefire reports the exercise modules and solutions left earlier in the build.
 */
@DisplayName("Every graded test fails on the shipped starter")
class StartersAreRedTest {

    /**
     * A starter's test must fail within this. Bounded waits are 1.5 s (some tests wait twice
     * that); the margin keeps the check steady on a loaded machine while still catching a test
     * that waits out the 10 s timeout.
     */
    static final double SLOWEST_FAILURE_SECONDS = 5.0;

    static final boolean ALLOW_MODULES_WITHOUT_TESTS =
            Boolean.parseBoolean(System.getProperty("workshop.selfcheck.allowModulesWithoutTests", "false"));

    private final Workshop workshop = Workshop.locate();

    @TestFactory
    Stream<DynamicTest> startersAreRed() {
        return workshop.exercises().stream().map(exercise -> dynamicTest(exercise.name(), () -> check(exercise)));
    }

    private void check(Workshop.Exercise exercise) {
        if (!exercise.hasTests()) {
            String message = exercise.name() + " has no tests (nothing in src/test/java)";
            if (ALLOW_MODULES_WITHOUT_TESTS) {
                System.out.println("WARNING: " + message + "; skipped for now");
                Assumptions.abort(message);
            }
            fail(message);
        }
        List<Path> starterFiles = SurefireReports.files(exercise.surefireReports());
        if (starterFiles.isEmpty()) {
            fail(exercise.name() + ": no test reports in " + exercise.surefireReports()
                    + ". Its tests did not run: build with ./mvnw -B verify -Pselfcheck");
        }
        List<String> problems = new ArrayList<>();
        FileTime newestSource = newestSource(exercise.dir().resolve("src"));
        if (SurefireReports.oldest(starterFiles).compareTo(newestSource) < 0) {
            problems.add("the test reports are older than the sources (stale): rebuild with ./mvnw -B verify -Pselfcheck");
        }

        List<Case> starter = SurefireReports.read(exercise.surefireReports()).stream()
                .filter(c -> exercise.packages().contains(c.packageName()))
                .toList();
        List<Case> reference = SurefireReports.read(workshop.solutionsReports()).stream()
                .filter(c -> exercise.packages().contains(c.packageName()))
                .toList();
        if (starter.isEmpty()) {
            problems.add("no test ran against the starter");
        }
        for (Case test : starter) {
            if (test.outcome() == Outcome.PASSED) {
                problems.add("PASSES on the starter (a free point: it must fail until the task is done): " + test.id());
            } else if (test.outcome() == Outcome.SKIPPED) {
                problems.add("is SKIPPED on the starter (it must run, and fail): " + test.id());
            } else if (test.seconds() > SLOWEST_FAILURE_SECONDS) {
                problems.add(String.format("takes %.1f s to fail on the starter (more than %.0f s: a test waits out"
                        + " a timeout?): %s", test.seconds(), SLOWEST_FAILURE_SECONDS, test.id()));
            }
        }
        for (Case test : reference) {
            if (test.outcome() != Outcome.PASSED) {
                problems.add("does not pass against the reference answers (" + test.outcome() + "): " + test.id());
            }
        }
        Set<String> ranOnStarter = starter.stream().map(Case::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> ranOnReference = reference.stream().map(Case::id).collect(Collectors.toCollection(TreeSet::new));
        if (reference.isEmpty()) {
            problems.add("no test of packages " + exercise.packages() + " ran in the solutions module"
                    + " (is its src/test/java listed in solutions/pom.xml?)");
        } else if (!ranOnStarter.equals(ranOnReference)) {
            Set<String> onlyStarter = new TreeSet<>(ranOnStarter);
            onlyStarter.removeAll(ranOnReference);
            Set<String> onlyReference = new TreeSet<>(ranOnReference);
            onlyReference.removeAll(ranOnStarter);
            problems.add("the starter and the reference answers ran different tests; only on the starter: "
                    + onlyStarter + ", only on the reference answers: " + onlyReference);
        }
        double slowest = starter.stream().mapToDouble(Case::seconds).max().orElse(0);
        System.out.printf("%s: %d tests on the starter, %d failed or errored, slowest %.2f s; %d tests green on"
                        + " the reference answers%n", exercise.name(), starter.size(),
                starter.stream().filter(c -> c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERROR).count(),
                slowest, reference.stream().filter(c -> c.outcome() == Outcome.PASSED).count());
        if (!problems.isEmpty()) {
            fail(exercise.name() + ":\n  " + String.join("\n  ", problems));
        }
    }

    private static FileTime newestSource(Path src) {
        if (!Files.isDirectory(src)) {
            return FileTime.fromMillis(0);
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(Files::isRegularFile).map(SurefireReports::modified)
                    .max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
