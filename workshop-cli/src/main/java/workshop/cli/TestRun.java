package workshop.cli;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The main class of the child JVM that runs one exercise's tests, as its surefire run would:
 * the same test classes (surefire's default includes), on the JUnit Platform launcher, with
 * the settings of the test kit's junit-platform.properties. It writes what happens to a results
 * file, one line per event, flushed at once, so a JVM cut short still tells what had finished:
 *
 * <pre>
 * TEST     id  class  class-display-name  method  display-name
 * RESULT   id  SUCCESSFUL|FAILED|ABORTED|SKIPPED  message
 * CLASS    class  FAILED|ABORTED  message            (a class that failed as a whole)
 * END
 * </pre>
 *
 * Fields are tab-separated, with tabs, newlines and backslashes escaped. The JVM is halted at
 * the end, so threads a wrong answer left running cannot keep it alive.
 *
 * <p>Usage: {@code TestRun <results-file> <test-classes-dir> [<more folders>...]}. With more
 * folders (the exercise's code and resources), the test classes and those folders are loaded by
 * a class loader of their own instead of from the class path: that is how {@link Runner} makes
 * the class data archive of the libraries, which can only come from a class path of jars.
 */
public final class TestRun {

    /** Surefire's default includes: Test*, *Test, *Tests, *TestCase (top-level classes). */
    static final String SUREFIRE_CLASS_NAMES = "^(.*\\.)?(Test[^.$]*|[^.$]*Test|[^.$]*Tests|[^.$]*TestCase)$";

    private TestRun() {}

    public static void main(String[] args) {
        int status = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8))) {
            if (args.length > 2) {
                java.net.URL[] folders = new java.net.URL[args.length - 1];
                for (int i = 1; i < args.length; i++) {
                    folders[i - 1] = Path.of(args[i]).toUri().toURL();
                }
                Thread.currentThread().setContextClassLoader(
                        new java.net.URLClassLoader(folders, ClassLoader.getSystemClassLoader()));
            }
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClasspathRoots(Set.of(Path.of(args[1]))))
                    .filters(includeClassNamePatterns(SUREFIRE_CLASS_NAMES))
                    .build(), new Writer(out));
            out.println("END");
        } catch (Throwable t) {
            t.printStackTrace();
            status = 3;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static final class Writer implements TestExecutionListener {
        private final PrintWriter out;
        private TestPlan plan;

        Writer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
            for (TestIdentifier root : testPlan.getRoots()) {
                for (TestIdentifier id : testPlan.getDescendants(root)) {
                    if (id.isTest()) {
                        TestIdentifier type = classOf(id);
                        write("TEST", id.getUniqueId(), className(type), type == null ? "" : type.getDisplayName(),
                                methodName(id), id.getDisplayName());
                    }
                }
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                write("RESULT", id.getUniqueId(), "SKIPPED", reason == null ? "" : reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String message = result.getThrowable().map(t -> describe(t, packageOf(id))).orElse("");
            if (id.isTest()) {
                write("RESULT", id.getUniqueId(), result.getStatus().name(), message);
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                    && id.getSource().orElse(null) instanceof ClassSource type) {
                write("CLASS", type.getClassName(), result.getStatus().name(), message);
            }
        }

        private TestIdentifier classOf(TestIdentifier id) {
            Optional<TestIdentifier> current = Optional.of(id);
            while (current.isPresent()) {
                if (current.get().getSource().orElse(null) instanceof ClassSource) {
                    return current.get();
                }
                current = plan.getParent(current.get());
            }
            return null;
        }

        private String className(TestIdentifier type) {
            return type != null && type.getSource().orElse(null) instanceof ClassSource source ? source.getClassName() : "";
        }

        private String packageOf(TestIdentifier id) {
            String name = className(classOf(id));
            if (name.isEmpty() && id.getSource().orElse(null) instanceof ClassSource source) {
                name = source.getClassName();
            }
            return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        }

        /** The method's name; a repetition or parameter set adds its display name. */
        private String methodName(TestIdentifier id) {
            TestSource source = id.getSource().orElse(null);
            TestIdentifier parent = plan.getParent(id).orElse(null);
            if (parent != null && parent.getSource().orElse(null) instanceof MethodSource) {
                return methodName(parent) + " " + id.getDisplayName();
            }
            return source instanceof MethodSource method ? method.getMethodName() : id.getDisplayName();
        }

        private synchronized void write(String... fields) {
            List<String> escaped = new ArrayList<>();
            for (String field : fields) {
                escaped.add(escape(field));
            }
            out.println(String.join("\t", escaped));
            out.flush();
        }
    }

    /**
     * What a learner needs of a failure: an assertion's message as the test wrote it; for any
     * other exception its type and message, and the frames in the exercise's package (the
     * learner's code and the test), for each cause too.
     */
    static String describe(Throwable failure, String exercisePackage) {
        if (failure instanceof AssertionError && failure.getMessage() != null && failure.getCause() == null) {
            return failure.getMessage().strip();
        }
        StringBuilder text = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (depth > 0) {
                text.append("\nCaused by: ");
            }
            text.append(t.getClass().getName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().strip());
            }
            appendFrames(text, t.getStackTrace(), exercisePackage);
            for (Throwable suppressed : t.getSuppressed()) {
                // JUnit's timeout: where the test's thread was when it was cut off.
                text.append("\n    ").append(suppressed.getMessage() == null ? suppressed : suppressed.getMessage());
                appendFrames(text, suppressed.getStackTrace(), exercisePackage);
            }
        }
        return text.toString();
    }

    private static void appendFrames(StringBuilder text, StackTraceElement[] frames, String exercisePackage) {
        int shown = 0;
        for (StackTraceElement frame : frames) {
            if (!exercisePackage.isEmpty() && frame.getClassName().startsWith(exercisePackage + ".") && shown < 8) {
                text.append("\n        at ").append(frame);
                shown++;
            }
        }
    }

    static String escape(String field) {
        return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "").replace("\n", "\\n");
    }

    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Reads a results file (as far as it got). */
    static List<String[]> read(Path results) throws IOException {
        List<String[]> lines = new ArrayList<>();
        if (Files.exists(results)) {
            for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = unescape(fields[i]);
                }
                lines.add(fields);
            }
        }
        return lines;
    }
}
