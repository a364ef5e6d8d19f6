package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import workshop.selfcheck.mutation.Equivalents;
import workshop.selfcheck.mutation.Mutant;
import workshop.selfcheck.mutation.Mutants;
import workshop.selfcheck.mutation.MutationCheck;
import workshop.selfcheck.mutation.MutationCheck.Result;

/**
 * The concurrency mutation check: every mutant (ConMAn operators and the lessons' Java 21
 * shapes, over the classes a learner edits) fails its exercise's tests, unless it is listed
 * in catalogue/EQUIVALENT-MUTANTS.md with why no test can tell it apart. A listed mutant that
 * no longer exists (stale) always fails the check; whether a survivor fails it is
 * {@code workshop.mutation.failOnSurvivors} (selfcheck/pom.xml). The report goes to the output
 * and to target/mutation-report.txt.
 */
@DisplayName("Every concurrency mutant of the reference answers fails its exercise's tests")
class MutantsAreKilledTest {

    static final boolean FAIL_ON_SURVIVORS =
            Boolean.parseBoolean(System.getProperty("workshop.mutation.failOnSurvivors", "true"));

    private static final List<Result> RESULTS = new ArrayList<>();
    private static long started;

    private final Workshop workshop = Workshop.locate();

    @TestFactory
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    Stream<DynamicTest> everyMutantIsKilled() {
        List<Workshop.Exercise> exercises = workshop.exercises().stream().filter(Workshop.Exercise::hasTests).toList();
        List<Equivalents.Entry> equivalents = Equivalents.read(workshop.equivalentMutants());
        Map<Workshop.Exercise, List<Mutant>> mutants = new LinkedHashMap<>();
        exercises.forEach(e -> mutants.put(e, Mutants.of(workshop, e)));
        started = System.nanoTime();
        // All at once, so both child JVMs stay busy across exercises; each test below waits for its own.
        List<CompletableFuture<Result>> futures = new MutationCheck(workshop)
                .start(mutants.values().stream().flatMap(List::stream).toList(), MutationCheck.jobs());
        Map<String, List<CompletableFuture<Result>>> byModule = new LinkedHashMap<>();
        List<Mutant> all = mutants.values().stream().flatMap(List::stream).toList();
        for (int i = 0; i < all.size(); i++) {
            byModule.computeIfAbsent(all.get(i).module(), m -> new ArrayList<>()).add(futures.get(i));
        }
        return exercises.stream().map(exercise -> dynamicTest(exercise.name(), () -> {
            List<CompletableFuture<Result>> own = byModule.getOrDefault(exercise.name(), List.of());
            if (own.isEmpty()) {
                fail(exercise.name() + ": no mutants (no learner-edited class with a TODO in its starter?)");
            }
            List<Result> results = own.stream().map(CompletableFuture::join).toList();
            synchronized (RESULTS) {
                RESULTS.addAll(results);
            }
            check(exercise, results, equivalents);
        }));
    }

    private static void check(Workshop.Exercise exercise, List<Result> results, List<Equivalents.Entry> equivalents) {
        MutationCheck.Problems problems = MutationCheck.problems(results, equivalents, Set.of(exercise.name()));
        long killed = results.stream().filter(Result::killed).count();
        System.out.printf("%s: %d mutants, %d killed, %d survived unexplained%n", exercise.name(), results.size(),
                killed, problems.survivors().size());
        List<String> failures = new ArrayList<>();
        problems.stale().forEach(s -> failures.add("stale entry in catalogue/EQUIVALENT-MUTANTS.md: " + s));
        List<String> disagreements = new ArrayList<>();
        problems.survivors().forEach(r -> disagreements.add("SURVIVES (every test passes): " + r.mutant().id() + " "
                + r.mutant().description() + " at " + r.mutant().where()));
        // A listed mutant that a test kills is only warned of: on a loaded machine a test can fail
        // it by a timeout or the 10 s bound (a slow run, not a verdict), and a red build for that
        // would make the check flaky. A maintainer reads the warning and removes the entry.
        problems.killedButListed().forEach(r -> System.out.println("WARNING: " + exercise.name()
                + ": listed as equivalent, but " + r.killer() + " kills it: " + r.mutant().id()
                + "; if it is killed on every run, remove its entry"));
        if (FAIL_ON_SURVIVORS) {
            failures.addAll(disagreements);
        } else {
            disagreements.forEach(d -> System.out.println("WARNING (workshop.mutation.failOnSurvivors=false): "
                    + exercise.name() + ": " + d));
        }
        if (!failures.isEmpty()) {
            fail(exercise.name() + ": " + failures.size() + " problems; a survivor needs a test that kills it, or an"
                    + " entry in catalogue/EQUIVALENT-MUTANTS.md saying why nothing can:\n  " + String.join("\n  ", failures));
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        if (RESULTS.isEmpty()) {
            return;
        }
        Workshop workshop = Workshop.locate();
        String report = MutationCheck.report(RESULTS, Equivalents.read(workshop.equivalentMutants()),
                Duration.ofNanos(System.nanoTime() - started));
        Path file = workshop.root().resolve("selfcheck/target/mutation-report.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("(also in " + file + ")");
    }
}
