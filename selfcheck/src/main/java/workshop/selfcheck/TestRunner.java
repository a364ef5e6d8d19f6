package workshop.selfcheck;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.PackageNameFilter.includePackageNames;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The main class of a child JVM that runs the tests of some packages (as the exercise's
 * surefire run would) and writes one line per finished test to a results file, flushed at
 * once, so that a run killed at its bound still tells which tests had finished.
 *
 * <p>Usage: {@code TestRunner <results-file> <test-classes-dir> <package>...}
 *
 * <p>Results lines: {@code STATUS<TAB>millis<TAB>class<TAB>test<TAB>message}, STATUS being
 * SUCCESSFUL, FAILED, ABORTED or SKIPPED; the last line is {@code END} when the run completed.
 * The JVM is halted at the end, so threads a wrong answer left running cannot keep it alive.
 *
 * <p>Two system properties make it quicker when one failure is all the caller needs to know
 * (a mutant, a wrong answer): {@value #FAIL_FAST} stops at the first test that fails without
 * timing out, and {@value #FIRST} names test classes (simple names, comma-separated) to run
 * before the others, in that order.
 */
public final class TestRunner {

    /** The same JUnit settings as the parent pom's surefire configuration (keep the two in step). */
    static final Map<String, String> JUNIT_CONFIGURATION = Map.of(
            "junit.jupiter.execution.timeout.default", "10 s",
            "junit.jupiter.execution.timeout.mode", "enabled",
            "junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD",
            "junit.jupiter.execution.timeout.threaddump.enabled", "true");

    public static final String FAIL_FAST = "workshop.runner.failFast";
    public static final String FIRST = "workshop.runner.first";

    /** A test that ran this long has waited out the per-test timeout (10 s): a hang, not a failure. */
    static final long HANG_MILLIS = 9_500;

    /** Surefire's default includes: Test*, *Test, *Tests, *TestCase (top-level classes). */
    static final String SUREFIRE_CLASS_NAMES = "^(.*\\.)?(Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)$";

    private TestRunner() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TestRunner <results-file> <test-classes-dir> <package>...");
            Runtime.getRuntime().halt(2);
        }
        Path resultsFile = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        List<String> packages = List.of(args).subList(2, args.length);
        int exitCode = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(resultsFile, StandardCharsets.UTF_8))) {
            run(testClasses, packages, out);
            out.println("END");
        } catch (Throwable t) {
            t.printStackTrace();
            exitCode = 3;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    private static void run(Path testClasses, List<String> packages, PrintWriter out) {
        Map<String, String> configuration = new HashMap<>(JUNIT_CONFIGURATION);
        if (!System.getProperty(FIRST, "").isBlank()) {
            configuration.put("junit.jupiter.testclass.order.default", FirstListedFirst.class.getName());
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(testClasses)))
                .filters(includePackageNames(packages), includeClassNamePatterns(SUREFIRE_CLASS_NAMES))
                .configurationParameters(configuration)
                .build();
        LauncherFactory.create().execute(request, new ResultWriter(out, Boolean.getBoolean(FAIL_FAST)));
    }

    /** Whether a test's failure was the per-test timeout cutting off a hang. */
    static boolean hung(long millis, String message) {
        return millis >= HANG_MILLIS || message.contains("timed out after");
    }

    /** The classes named in {@value #FIRST} first, in that order; then the rest by display name (task order). */
    public static final class FirstListedFirst implements ClassOrderer {
        @Override
        public void orderClasses(ClassOrdererContext context) {
            List<String> first = List.of(System.getProperty(FIRST, "").split(","));
            context.getClassDescriptors().sort(Comparator
                    .comparingInt((ClassDescriptor c) -> {
                        int at = first.indexOf(c.getTestClass().getSimpleName());
                        return at < 0 ? first.size() : at;
                    })
                    .thenComparing(ClassDescriptor::getDisplayName));
        }
    }

    private static final class ResultWriter implements TestExecutionListener {
        private final PrintWriter out;
        private final boolean failFast;
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private TestPlan plan;

        ResultWriter(PrintWriter out, boolean failFast) {
            this.out = out;
            this.failFast = failFast;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                write("SKIPPED", 0, id, reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            long millis = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
            String message = result.getThrowable().map(TestRunner::firstLine).orElse("");
            if (id.isTest()) {
                write(result.getStatus().name(), millis, id, message);
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                // A class that cannot even start (a failing @BeforeAll, a class that does not load).
                write(result.getStatus().name(), millis, id, message);
            }
            if (failFast && result.getStatus() == TestExecutionResult.Status.FAILED && !hung(millis, message)) {
                synchronized (this) {
                    out.println("END");
                    out.flush();
                }
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
        }

        private synchronized void write(String status, long millis, TestIdentifier id, String message) {
            out.println(String.join("\t", status, Long.toString(millis), className(id), testName(id),
                    message.replace('\t', ' ')));
            out.flush();
        }

        private String className(TestIdentifier id) {
            Optional<TestSource> source = id.getSource();
            if (source.isPresent() && source.get() instanceof MethodSource method) {
                return method.getClassName();
            }
            if (source.isPresent() && source.get() instanceof ClassSource type) {
                return type.getClassName();
            }
            return plan == null ? "" : plan.getParent(id).map(this::className).orElse("");
        }

        /** The method's name; a repetition, parameter set or dynamic test adds its display name. */
        private String testName(TestIdentifier id) {
            TestSource source = id.getSource().orElse(null);
            if (source instanceof ClassSource) {
                return "(class)";
            }
            TestIdentifier parent = plan == null ? null : plan.getParent(id).orElse(null);
            TestSource parentSource = parent == null ? null : parent.getSource().orElse(null);
            if (parentSource instanceof MethodSource) {
                return testName(parent) + " " + id.getDisplayName();
            }
            return source instanceof MethodSource method ? method.getMethodName() : id.getDisplayName();
        }
    }

    static String firstLine(Throwable t) {
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Reads a results file (partial if the run was cut off). */
    static List<String[]> readResults(Path resultsFile) {
        try {
            if (!Files.exists(resultsFile)) {
                return List.of();
            }
            return Files.readAllLines(resultsFile, StandardCharsets.UTF_8).stream()
                    .map(line -> line.split("\t", 5))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
