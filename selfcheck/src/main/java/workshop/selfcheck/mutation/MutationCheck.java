package workshop.selfcheck.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import workshop.selfcheck.ChildRun;
import workshop.selfcheck.TestRunner;
import workshop.selfcheck.Variants;
import workshop.selfcheck.Workshop;

/**
 * The concurrency mutation check: every mutant of every exercise ({@link Mutants}) is
 * compiled and the exercise's tests run against it in a child JVM. A mutant is killed when a
 * test fails; killed by timeout when the only failures were tests cut off by the per-test
 * timeout (or the run hit its bound): the tests caught it, but by waiting, not within
 * seconds. It survives when every test passes; it is stillborn when it does not compile.
 *
 * <p>Used by the self-check (MutantsAreKilledTest) and by {@code scripts/mutants}.
 */
public final class MutationCheck {

    public enum Verdict { KILLED, KILLED_BY_TIMEOUT, SURVIVED, STILLBORN }

    /** What happened to one mutant; {@code killer} is the first test that failed. */
    public record Result(Mutant mutant, Verdict verdict, String killer, long millis) {
        public boolean killed() {
            return verdict == Verdict.KILLED || verdict == Verdict.KILLED_BY_TIMEOUT;
        }
    }

    /** A mutant's whole run (a JVM, one exercise's tests); a test is cut off after 10 s. */
    static final Duration MUTANT_BOUND = Duration.ofSeconds(60);

    private static final List<String> CHILD_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-D" + TestRunner.FAIL_FAST + "=true");

    private final Workshop workshop;
    /** Per member, the test classes that killed its mutants so far: they run first for the next one. */
    private final Map<String, Map<String, AtomicInteger>> killers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> testSources = new ConcurrentHashMap<>();

    public MutationCheck(Workshop workshop) {
        this.workshop = workshop;
    }

    /** Runs {@code mutants} on {@code jobs} child JVMs at once; the futures complete in any order. */
    public List<CompletableFuture<Result>> start(List<Mutant> mutants, int jobs) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("mutant-", 1).daemon().factory());
        List<CompletableFuture<Result>> futures = mutants.stream()
                .map(m -> CompletableFuture.supplyAsync(() -> run(m), pool))
                .toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> pool.shutdown());
        return futures;
    }

    /** Compiles and runs one mutant. */
    public Result run(Mutant mutant) {
        Workshop.Exercise exercise = workshop.exercise(mutant.module());
        long start = System.nanoTime();
        Path work;
        try {
            work = Files.createTempDirectory("workshop-mutant-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path classes;
            try {
                classes = Variants.compile(workshop, Map.of(mutant.path(), mutant.source()), work);
            } catch (Variants.DoesNotCompile e) {
                return new Result(mutant, Verdict.STILLBORN, "", millisSince(start));
            }
            List<Path> classpath = new ArrayList<>();
            classpath.add(classes);
            classpath.add(workshop.solutionsClasses());
            classpath.addAll(workshop.testClasspath());
            classpath.addAll(workshop.runnerClasspath());
            List<String> options = new ArrayList<>(CHILD_OPTIONS);
            options.add("-D" + TestRunner.FIRST + "=" + String.join(",", likelyKillers(mutant, exercise)));
            ChildRun.Outcome outcome = ChildRun.run(classpath, workshop.solutionsTestClasses(), exercise.packages(),
                    MUTANT_BOUND, options);
            return judge(mutant, outcome, millisSince(start));
        } finally {
            ChildRun.deleteQuietly(work);
        }
    }

    private Result judge(Mutant mutant, ChildRun.Outcome outcome, long millis) {
        List<ChildRun.TestResult> failed = outcome.tests().stream().filter(ChildRun.TestResult::failed).toList();
        var quick = failed.stream().filter(t -> !t.hung()).findFirst();
        if (quick.isPresent()) {
            String simpleClass = quick.get().className().substring(quick.get().className().lastIndexOf('.') + 1);
            killers.computeIfAbsent(mutant.member(), m -> new ConcurrentHashMap<>())
                    .computeIfAbsent(simpleClass, c -> new AtomicInteger()).incrementAndGet();
            return new Result(mutant, Verdict.KILLED, quick.get().id(), millis);
        }
        if (!failed.isEmpty() || outcome.timedOut()) {
            String killer = failed.isEmpty() ? "(run cut off at " + MUTANT_BOUND.toSeconds() + " s)" : failed.getFirst().id();
            return new Result(mutant, Verdict.KILLED_BY_TIMEOUT, killer, millis);
        }
        if (!outcome.completed()) {
            // The test JVM ended by itself (a System.exit, a crash): the learner's run would not finish either.
            return new Result(mutant, Verdict.KILLED, "(test JVM exited with code " + outcome.exitCode() + ")", millis);
        }
        if (outcome.tests().isEmpty()) {
            throw new IllegalStateException(mutant.module() + ": no test ran (is its src/test/java listed in solutions/pom.xml?)");
        }
        return new Result(mutant, Verdict.SURVIVED, "", millis);
    }

    /**
     * The test classes to run first: those that killed this member's earlier mutants (most
     * kills first), then those whose source calls the member's method.
     */
    private List<String> likelyKillers(Mutant mutant, Workshop.Exercise exercise) {
        List<String> first = new ArrayList<>();
        Map<String, AtomicInteger> earlier = killers.getOrDefault(mutant.member(), Map.of());
        earlier.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, AtomicInteger> e) -> -e.getValue().get()))
                .forEach(e -> first.add(e.getKey()));
        String method = mutant.memberName().substring(mutant.memberName().lastIndexOf('.') + 1) + "(";
        testSources.computeIfAbsent(exercise.name(), name -> readTests(exercise)).forEach((testClass, text) -> {
            if (text.contains(method) && !first.contains(testClass)) {
                first.add(testClass);
            }
        });
        return first;
    }

    private static Map<String, String> readTests(Workshop.Exercise exercise) {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(exercise.dir().resolve("src/test/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.java")).sorted().toList()) {
                sources.put(file.getFileName().toString().replace(".java", ""), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    // ---------------------------------------------------------------- judging the results

    /** Survivors not listed as equivalent, listed ones that were killed or are gone: what fails the check. */
    public record Problems(List<Result> survivors, List<Result> killedButListed, List<String> stale) {
        public boolean any() {
            return !survivors.isEmpty() || !killedButListed.isEmpty() || !stale.isEmpty();
        }
    }

    /** Compares the results of {@code modules} with the equivalents listed for them. */
    public static Problems problems(List<Result> results, List<Equivalents.Entry> equivalents, Set<String> modules) {
        Map<String, Result> byId = results.stream().collect(Collectors.toMap(r -> r.mutant().id(), r -> r, (a, b) -> a));
        Map<String, Equivalents.Entry> listed = equivalents.stream()
                .collect(Collectors.toMap(Equivalents.Entry::id, e -> e, (a, b) -> {
                    throw new IllegalArgumentException("EQUIVALENT-MUTANTS.md lists " + a.id() + " twice (lines "
                            + a.line() + " and " + b.line() + ")");
                }));
        List<String> stale = new ArrayList<>();
        for (Equivalents.Entry entry : equivalents) {
            if (!modules.contains(entry.module())) {
                continue;
            }
            Result result = byId.get(entry.id());
            if (result == null || !result.mutant().module().equals(entry.module())) {
                stale.add(entry.id() + " (line " + entry.line() + "): no such mutant in " + entry.module() + " any more; remove the entry");
            } else if (!result.mutant().description().equals(entry.description())) {
                stale.add(entry.id() + " (line " + entry.line() + "): now names another mutant, " + result.mutant().description()
                        + "; the entry says " + entry.description() + ". Check it again and update it");
            } else if (result.verdict() == Verdict.STILLBORN) {
                stale.add(entry.id() + " (line " + entry.line() + "): no longer compiles; remove the entry");
            }
        }
        List<Result> survivors = results.stream()
                .filter(r -> r.verdict() == Verdict.SURVIVED && !isListed(r, listed))
                .toList();
        List<Result> killedButListed = results.stream().filter(r -> r.killed() && isListed(r, listed)).toList();
        return new Problems(survivors, killedButListed, stale);
    }

    static boolean isListed(Result result, Map<String, Equivalents.Entry> listed) {
        Equivalents.Entry entry = listed.get(result.mutant().id());
        return entry != null && entry.description().equals(result.mutant().description());
    }

    // ---------------------------------------------------------------- the report

    /**
     * The tables (per exercise, per operator: mutants, killed, of which by timeout, equivalent,
     * stillborn, survived, time), then the survivors and the mutants killed only by a timeout.
     */
    public static String report(List<Result> results, List<Equivalents.Entry> equivalents, Duration wallTime) {
        Map<String, Equivalents.Entry> listed = equivalents.stream()
                .collect(Collectors.toMap(Equivalents.Entry::id, e -> e, (a, b) -> a));
        StringBuilder out = new StringBuilder();
        out.append("Concurrency mutation check (").append(results.size()).append(" mutants, ")
                .append(wallTime.toSeconds()).append(" s)\n\n");
        out.append(table("exercise", results, r -> r.mutant().module(), listed));
        out.append('\n');
        Map<String, Integer> operatorOrder = new LinkedHashMap<>();
        Operators.ALL.forEach(o -> operatorOrder.put(o.name(), operatorOrder.size()));
        out.append(table("operator", results.stream()
                .sorted(Comparator.comparingInt(r -> operatorOrder.getOrDefault(r.mutant().operator(), 99))).toList(),
                r -> r.mutant().operator(), listed));
        List<Result> survivors = results.stream().filter(r -> r.verdict() == Verdict.SURVIVED && !isListed(r, listed)).toList();
        out.append("\nSurvivors (every test passed; not listed in catalogue/EQUIVALENT-MUTANTS.md): ")
                .append(survivors.size()).append('\n');
        survivors.forEach(r -> out.append(describe(r)));
        List<Result> timeouts = results.stream().filter(r -> r.verdict() == Verdict.KILLED_BY_TIMEOUT).toList();
        out.append("\nKilled only by a timeout (no test failed within seconds): ").append(timeouts.size()).append('\n');
        timeouts.forEach(r -> out.append(describe(r)).append("      cut off: ").append(r.killer()).append('\n'));
        return out.toString();
    }

    private static String table(String by, List<Result> results, Function<Result, String> key,
            Map<String, Equivalents.Entry> listed) {
        Map<String, List<Result>> groups = results.stream()
                .collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
        StringBuilder out = new StringBuilder(String.format("%-22s %7s %7s %10s %10s %9s %8s %7s%n", by, "mutants",
                "killed", "(timeout)", "equivalent", "stillborn", "survived", "time"));
        groups.forEach((name, group) -> out.append(row(name, group, listed)));
        out.append(row("total", results, listed));
        return out.toString();
    }

    private static String row(String name, List<Result> group, Map<String, Equivalents.Entry> listed) {
        long killed = group.stream().filter(Result::killed).count();
        long timeouts = group.stream().filter(r -> r.verdict() == Verdict.KILLED_BY_TIMEOUT).count();
        long equivalent = group.stream().filter(r -> r.verdict() == Verdict.SURVIVED && isListed(r, listed)).count();
        long stillborn = group.stream().filter(r -> r.verdict() == Verdict.STILLBORN).count();
        long survived = group.stream().filter(r -> r.verdict() == Verdict.SURVIVED && !isListed(r, listed)).count();
        long seconds = group.stream().mapToLong(Result::millis).sum() / 1000;
        return String.format("%-22s %7d %7d %10s %10d %9d %8d %6ds%n", name, group.size(), killed, "(" + timeouts + ")",
                equivalent, stillborn, survived, seconds);
    }

    /** One mutant for a list: where, id, what it does, and the reference answer's line there. */
    public static String describe(Result r) {
        Mutant m = r.mutant();
        return String.format("  %-20s %-48s %s%n      %s%n      line %d: %s%n", m.module(), m.id(), m.where(),
                m.description(), m.line(), m.originalLine());
    }

    // ---------------------------------------------------------------- scripts/mutants

    /** {@code MutationCheck [module...]}: runs the check outside Maven (after a build) and prints the report. */
    public static void main(String[] args) throws IOException {
        Workshop workshop = Workshop.locate();
        List<Workshop.Exercise> exercises = args.length == 0
                ? workshop.exercises().stream().filter(Workshop.Exercise::hasTests).toList()
                : Stream.of(args).map(workshop::exercise).toList();
        List<Mutant> mutants = exercises.stream().flatMap(e -> Mutants.of(workshop, e).stream()).toList();
        System.out.printf("%d mutants of %s%n", mutants.size(), exercises.stream().map(Workshop.Exercise::name).toList());
        long start = System.nanoTime();
        MutationCheck check = new MutationCheck(workshop);
        List<Result> results = new ArrayList<>();
        for (CompletableFuture<Result> future : check.start(mutants, jobs())) {
            Result result = future.join();
            results.add(result);
            System.out.printf("%-18s %-8s %-48s %s%n", result.mutant().module(), result.verdict(), result.mutant().id(),
                    result.mutant().description());
        }
        List<Equivalents.Entry> equivalents = Equivalents.read(workshop.equivalentMutants());
        String report = report(results, equivalents, Duration.ofNanos(System.nanoTime() - start));
        Path file = workshop.root().resolve("selfcheck/target/mutation-report.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report);
        Problems problems = problems(results, equivalents,
                exercises.stream().map(Workshop.Exercise::name).collect(Collectors.toSet()));
        problems.stale().forEach(s -> System.out.println("STALE: " + s));
        problems.killedButListed().forEach(r -> System.out.println("LISTED AS EQUIVALENT BUT KILLED by " + r.killer() + ": " + r.mutant()));
        System.out.println("Report written to " + file);
        System.exit(problems.any() ? 1 : 0);
    }

    /** Child JVMs at once: one per core. */
    public static int jobs() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
