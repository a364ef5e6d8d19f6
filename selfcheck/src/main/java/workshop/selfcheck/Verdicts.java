package workshop.selfcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import workshop.selfcheck.mutation.Mutants;

/**
 * Measures the workshop against answer sets kept outside the repository: every wrong answer
 * must fail every run, within {@link #WRONG_FAILS_WITHIN} and without a hang; every right
 * answer must pass every run. Run it through {@code scripts/verdicts}, which builds first.
 *
 * <p>Usage: {@code Verdicts DIR [--runs N] [--hog[=threads]] [module...]}. DIR holds
 * {@code <module>/wrong/<name>/} and {@code <module>/right/<name>/}, each with whole replacement
 * files of learner-edited classes (paths relative to solutions/src/main/java) and optionally a
 * WHY.txt saying what the answer does.
 */
public final class Verdicts {

    /**
     * A wrong answer's tests must have failed by then: the time its tests ran until the first
     * failure (the JVM's start, which a loaded machine can make slow, is not counted).
     */
    static final Duration WRONG_FAILS_WITHIN = Duration.ofSeconds(10);

    /** A run is killed after this; a right answer's run needs far less even on a loaded machine. */
    static final Duration RUN_BOUND = Duration.ofSeconds(120);

    /** One answer of the set. */
    public record Variant(String module, boolean wrong, String name, Map<String, String> files, String why) {
        String label() {
            return module + " " + (wrong ? "wrong" : "right") + " " + name;
        }
    }

    /** One run of a variant's exercise tests: the whole run's time, and the tests' time until the first failure. */
    public record Run(boolean failed, boolean hung, long millis, long millisToFail, String firstFailure) {}

    /** A variant's runs, or why it could not run. */
    public record Verdict(Variant variant, List<Run> runs, String compileErrors) {
        public boolean asExpected() {
            if (compileErrors != null) {
                return false;
            }
            return variant.wrong()
                    ? runs.stream().allMatch(r -> r.failed() && !r.hung() && r.millisToFail() <= WRONG_FAILS_WITHIN.toMillis())
                    : runs.stream().noneMatch(r -> r.failed() || r.hung());
        }

        long failedRuns() {
            return runs.stream().filter(Run::failed).count();
        }

        long slowestMillis() {
            return runs.stream().mapToLong(Run::millis).max().orElse(0);
        }

        long slowestToFail() {
            return runs.stream().filter(Run::failed).mapToLong(Run::millisToFail).max().orElse(0);
        }

        boolean hung() {
            return runs.stream().anyMatch(Run::hung);
        }
    }

    private Verdicts() {}

    /** Reads DIR: every variant of the named modules (all if none), checked to replace learner-edited classes only. */
    public static List<Variant> read(Workshop workshop, Path dir, List<String> modules) {
        List<Variant> variants = new ArrayList<>();
        for (Workshop.Exercise exercise : workshop.exercises()) {
            if (!modules.isEmpty() && modules.stream().map(workshop::exercise).noneMatch(exercise::equals)) {
                continue;
            }
            List<String> learnerFiles = Mutants.learnerFiles(exercise);
            for (String kind : List.of("wrong", "right")) {
                Path kindDir = dir.resolve(exercise.name()).resolve(kind);
                for (Path answer : children(kindDir)) {
                    Map<String, String> files = new LinkedHashMap<>();
                    String why = "";
                    try (Stream<Path> walk = Files.walk(answer)) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                            String relative = answer.relativize(file).toString().replace('\\', '/');
                            if (relative.equals("WHY.txt")) {
                                why = Files.readString(file, StandardCharsets.UTF_8).strip();
                            } else if (!learnerFiles.contains(relative)) {
                                throw new IllegalArgumentException(answer + ": " + relative + " is not a class the learner"
                                        + " edits in " + exercise.name() + " (those are " + learnerFiles + ")");
                            } else {
                                files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (files.isEmpty()) {
                        throw new IllegalArgumentException(answer + " holds no replacement file");
                    }
                    variants.add(new Variant(exercise.name(), kind.equals("wrong"), answer.getFileName().toString(), files, why));
                }
            }
        }
        return variants;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles every variant and runs its exercise's tests {@code runs} times, {@code jobs} JVMs at once. */
    public static List<Verdict> run(Workshop workshop, List<Variant> variants, int runs, int jobs) {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, Thread.ofPlatform().name("verdict-", 1).daemon().factory());
        try {
            List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
            for (Variant variant : variants) {
                verdicts.add(CompletableFuture.supplyAsync(() -> compile(workshop, variant), pool).thenCompose(classes -> {
                    if (classes instanceof String errors) {
                        return CompletableFuture.completedFuture(new Verdict(variant, List.of(), errors));
                    }
                    List<CompletableFuture<Run>> each = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        each.add(CompletableFuture.supplyAsync(() -> runOnce(workshop, variant, (Path) classes), pool));
                    }
                    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                            .thenApply(done -> new Verdict(variant, each.stream().map(CompletableFuture::join).toList(), null));
                }));
            }
            return verdicts.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    /** The variant's classes folder, or the compiler's errors. */
    private static Object compile(Workshop workshop, Variant variant) {
        try {
            Path work = Files.createTempDirectory("workshop-verdict-");
            work.toFile().deleteOnExit();
            return Variants.compile(workshop, variant.files(), work);
        } catch (Variants.DoesNotCompile e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run runOnce(Workshop workshop, Variant variant, Path classes) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(classes);
        classpath.add(workshop.solutionsClasses());
        classpath.addAll(workshop.testClasspath());
        classpath.addAll(workshop.runnerClasspath());
        // A wrong answer's run may stop at its first failure: that is the verdict the learner gets.
        List<String> options = variant.wrong() ? List.of("-D" + TestRunner.FAIL_FAST + "=true") : List.of();
        ChildRun.Outcome outcome = ChildRun.run(classpath, workshop.solutionsTestClasses(),
                workshop.exercise(variant.module()).packages(), RUN_BOUND, options);
        boolean hung = outcome.timedOut() || outcome.tests().stream().anyMatch(ChildRun.TestResult::hung);
        boolean failed = outcome.failedCount() > 0 || !outcome.completed() || outcome.tests().isEmpty();
        String first = outcome.tests().stream().filter(ChildRun.TestResult::failed).findFirst()
                .map(t -> t.id() + ": " + t.message()).orElse(outcome.completed() ? "" : outcome.describe());
        long toFail = 0;
        for (ChildRun.TestResult test : outcome.tests()) {
            toFail += test.millis();
            if (test.failed()) {
                break;
            }
        }
        return new Run(failed, hung, outcome.elapsed().toMillis(), toFail, first);
    }

    /** The table and totals; true if every answer got the verdict it expects. */
    public static boolean print(List<Verdict> verdicts, int runs, StringBuilder out) {
        out.append(String.format("%-22s %-8s %-40s %-14s %-9s %-9s %s%n", "module", "expected", "answer", "runs failed",
                "slowest", "to fail", "hung"));
        for (Verdict v : verdicts) {
            String runsFailed = v.compileErrors() != null ? "NO COMPILE" : v.failedRuns() + "/" + v.runs().size() + " failed";
            out.append(String.format("%-22s %-8s %-40s %-14s %7.1fs  %7.1fs  %-4s %s%n", v.variant().module(),
                    v.variant().wrong() ? "wrong" : "right", v.variant().name(), runsFailed, v.slowestMillis() / 1000.0,
                    v.slowestToFail() / 1000.0, v.hung() ? "yes" : "no", v.asExpected() ? "" : "<-- NOT AS EXPECTED"));
            if (!v.asExpected()) {
                if (!v.variant().why().isEmpty()) {
                    out.append("      why: ").append(v.variant().why().lines().findFirst().orElse("")).append('\n');
                }
                if (v.compileErrors() != null) {
                    out.append(v.compileErrors().indent(6));
                }
                v.runs().stream().map(Run::firstFailure).filter(f -> !f.isEmpty()).distinct().limit(2)
                        .forEach(f -> out.append("      first failure: ").append(f).append('\n'));
            }
        }
        List<Verdict> wrong = verdicts.stream().filter(v -> v.variant().wrong()).toList();
        List<Verdict> right = verdicts.stream().filter(v -> !v.variant().wrong()).toList();
        out.append(String.format("%nWrong answers that failed every run within %d s, no hang: %d of %d%n",
                WRONG_FAILS_WITHIN.toSeconds(), wrong.stream().filter(Verdict::asExpected).count(), wrong.size()));
        out.append(String.format("Right answers that passed every run: %d of %d (%d runs each)%n",
                right.stream().filter(Verdict::asExpected).count(), right.size(), runs));
        return verdicts.stream().allMatch(Verdict::asExpected);
    }

    public static void main(String[] args) {
        Path dir = null;
        int runs = 3;
        int hogThreads = 0;
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else if (arg.equals("--hog")) {
                hogThreads = Runtime.getRuntime().availableProcessors();
            } else if (arg.startsWith("--hog=")) {
                hogThreads = Integer.parseInt(arg.substring("--hog=".length()));
            } else if (dir == null) {
                dir = Path.of(arg);
            } else {
                modules.add(arg);
            }
        }
        if (dir == null || !Files.isDirectory(dir) || runs <= 0) {
            System.err.println("usage: verdicts DIR [--runs N] [--hog[=threads]] [module...]   (DIR/<module>/{wrong,right}/<name>/...)");
            System.exit(2);
        }
        Workshop workshop = Workshop.locate();
        List<Variant> variants = read(workshop, dir, modules);
        System.out.printf("%d answers (%d wrong, %d right), %d runs each%s%n", variants.size(),
                variants.stream().filter(Variant::wrong).count(), variants.stream().filter(v -> !v.wrong()).count(), runs,
                hogThreads > 0 ? ", with " + hogThreads + " busy threads hogging the CPU" : "");
        CpuHog hog = hogThreads > 0 ? CpuHog.start(hogThreads) : null;
        List<Verdict> verdicts;
        try {
            verdicts = run(workshop, variants, runs, Math.max(1, Runtime.getRuntime().availableProcessors()));
        } finally {
            if (hog != null) {
                hog.stop();
            }
        }
        StringBuilder out = new StringBuilder();
        boolean ok = print(verdicts, runs, out);
        System.out.print(out);
        System.exit(ok ? 0 : 1);
    }
}
