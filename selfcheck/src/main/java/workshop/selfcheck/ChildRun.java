package workshop.selfcheck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs packages of exercise tests in a child JVM ({@link TestRunner}), bounded: the child is
 * killed, with anything it started, once the bound has passed. A wrong answer that calls
 * System.exit, hangs or leaves threads running cannot affect the caller.
 */
public final class ChildRun {

    /** One finished test. */
    public record TestResult(String status, long millis, String className, String testName, String message) {
        public boolean failed() {
            return status.equals("FAILED");
        }

        public boolean passed() {
            return status.equals("SUCCESSFUL");
        }

        /** A failure that is the per-test timeout cutting off a hang, not a quick, positive failure. */
        public boolean hung() {
            return failed() && TestRunner.hung(millis, message);
        }

        public String id() {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return simple + "." + testName;
        }
    }

    /**
     * What happened. {@code completed}: the runner got to the end (otherwise the JVM was killed
     * at the bound, or exited by itself, e.g. through a System.exit in the code under test).
     */
    public record Outcome(List<TestResult> tests, boolean completed, boolean timedOut, int exitCode,
            Duration elapsed, String output) {
        public long failedCount() {
            return tests.stream().filter(TestResult::failed).count();
        }

        public long passedCount() {
            return tests.stream().filter(TestResult::passed).count();
        }

        /** The last lines the child printed, for a diagnosis. */
        public String outputTail(int lines) {
            List<String> all = output.lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .collect(Collectors.joining("\n    ", "    ", ""));
        }

        public String describe() {
            String how = completed ? "completed" : timedOut ? "KILLED at its bound" : "exited early with code " + exitCode;
            return tests.size() + " tests, " + failedCount() + " failed, " + passedCount() + " passed, " + how
                    + ", " + elapsed.toMillis() + " ms";
        }
    }

    private ChildRun() {}

    /**
     * Runs the tests of {@code packages} found in {@code testClasses}, with {@code classpath}
     * (which must hold the classes under test first, then the tests, their dependencies and the
     * runner), within {@code bound}.
     */
    public static Outcome run(List<Path> classpath, Path testClasses, List<String> packages, Duration bound) {
        return run(classpath, testClasses, packages, bound, List.of());
    }

    /** As {@link #run(List, Path, List, Duration)}, with extra options for the child JVM. */
    public static Outcome run(List<Path> classpath, Path testClasses, List<String> packages, Duration bound,
            List<String> jvmOptions) {
        Path work;
        try {
            work = Files.createTempDirectory("workshop-run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path results = work.resolve("results.tsv");
        Path output = work.resolve("output.txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(TestRunner.class.getName());
        command.add(results.toString());
        command.add(testClasses.toString());
        command.addAll(packages);
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a child JVM: " + command, e);
        }
        boolean exited;
        try {
            exited = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        List<TestResult> tests = new ArrayList<>();
        boolean completed = false;
        for (String[] line : TestRunner.readResults(results)) {
            if (line.length == 1 && line[0].equals("END")) {
                completed = true;
            } else if (line.length >= 4) {
                tests.add(new TestResult(line[0], Long.parseLong(line[1]), line[2], line[3],
                        line.length > 4 ? line[4] : ""));
            }
        }
        String printed = read(output);
        deleteQuietly(work);
        return new Outcome(List.copyOf(tests), completed && exited, !exited, exited ? process.exitValue() : -1,
                elapsed, printed);
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    public static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
