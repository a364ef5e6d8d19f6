package workshop.selfcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maintainers' repeatability check: runs the exercise tests against the reference answers
 * K times in a row, each run in a fresh JVM, optionally with every core kept busy, and prints
 * per test how many runs failed. Run it through {@code scripts/repeat}, which builds first.
 *
 * <p>Usage: {@code Repeat K [module...] [--hog[=threads]]}
 */
public final class Repeat {

    private static final Duration RUN_BOUND = Duration.ofMinutes(5);

    private Repeat() {}

    public static void main(String[] args) {
        int runs = 0;
        int hogThreads = 0;
        List<String> moduleNames = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--hog")) {
                hogThreads = Runtime.getRuntime().availableProcessors();
            } else if (arg.startsWith("--hog=")) {
                hogThreads = Integer.parseInt(arg.substring("--hog=".length()));
            } else if (runs == 0 && arg.matches("\\d+")) {
                runs = Integer.parseInt(arg);
            } else {
                moduleNames.add(arg);
            }
        }
        if (runs <= 0) {
            System.err.println("usage: repeat K [module...] [--hog[=threads]]   (K > 0)");
            System.exit(2);
        }
        Workshop workshop = Workshop.locate();
        List<Workshop.Exercise> exercises = moduleNames.isEmpty()
                ? workshop.exercises().stream().filter(Workshop.Exercise::hasTests).toList()
                : moduleNames.stream().map(workshop::exercise).toList();
        List<String> packages = exercises.stream().flatMap(e -> e.packages().stream()).distinct().toList();
        if (packages.isEmpty()) {
            System.err.println("no tests to run in " + exercises.stream().map(Workshop.Exercise::name).toList());
            System.exit(2);
        }
        List<java.nio.file.Path> classpath = new ArrayList<>();
        classpath.add(workshop.solutionsClasses());
        classpath.addAll(workshop.testClasspath());
        classpath.addAll(workshop.runnerClasspath());

        System.out.printf("Running the tests of %s (packages %s) against the reference answers, %d times%s.%n",
                exercises.stream().map(Workshop.Exercise::name).toList(), packages, runs,
                hogThreads > 0 ? ", with " + hogThreads + " busy threads hogging the CPU" : "");
        CpuHog hog = hogThreads > 0 ? CpuHog.start(hogThreads) : null;
        Map<String, int[]> failuresPerTest = new TreeMap<>();
        Map<String, String> lastMessage = new TreeMap<>();
        int brokenRuns = 0;
        int failedRuns = 0;
        List<Long> millis = new ArrayList<>();
        try {
            for (int run = 1; run <= runs; run++) {
                ChildRun.Outcome outcome = ChildRun.run(classpath, workshop.solutionsTestClasses(), packages, RUN_BOUND);
                millis.add(outcome.elapsed().toMillis());
                for (ChildRun.TestResult test : outcome.tests()) {
                    int[] count = failuresPerTest.computeIfAbsent(test.id(), id -> new int[1]);
                    if (!test.passed() && !test.status().equals("SKIPPED")) {
                        count[0]++;
                        lastMessage.put(test.id(), test.status() + ": " + test.message());
                    }
                }
                boolean bad = !outcome.completed() || outcome.tests().isEmpty()
                        || outcome.tests().stream().anyMatch(t -> !t.passed() && !t.status().equals("SKIPPED"));
                if (!outcome.completed()) {
                    brokenRuns++;
                }
                if (bad) {
                    failedRuns++;
                }
                System.out.printf("run %3d/%d: %s%s%n", run, runs, outcome.describe(),
                        outcome.completed() ? "" : "\n" + outcome.outputTail(30));
            }
        } finally {
            if (hog != null) {
                hog.stop();
            }
        }
        System.out.println();
        System.out.printf("Per test, runs failed out of %d%s:%n", runs, hogThreads > 0 ? " (CPU hog on)" : "");
        int width = failuresPerTest.keySet().stream().mapToInt(String::length).max().orElse(10);
        int failingTests = 0;
        for (Map.Entry<String, int[]> entry : failuresPerTest.entrySet()) {
            int failed = entry.getValue()[0];
            failingTests += failed > 0 ? 1 : 0;
            System.out.printf("  %-" + width + "s  %3d/%d%s%n", entry.getKey(), failed, runs,
                    failed > 0 ? "   last: " + lastMessage.get(entry.getKey()) : "");
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("Runs with a failure: %d of %d (%d did not complete); median run %d ms, slowest %d ms.%n",
                failedRuns, runs, brokenRuns, sorted.get(sorted.size() / 2), sorted.getLast());
        System.out.printf("%d passed, %d failed%n", runs - failedRuns, failedRuns);
        System.exit(failedRuns == 0 && failingTests == 0 ? 0 : 1);
    }
}
