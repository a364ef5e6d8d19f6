package workshop.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a separate JVM (same {@code java}, same class path), for
 * tests about the life of a whole process: does it exit, and when. The child is always
 * killed (with any children of its own) before {@link #run} returns.
 */
public final class ChildJvm {

    /** What happened: whether the JVM exited within the bound, its exit code, and its output. */
    public record Result(boolean exited, int exitCode, String output) {
        /** The output's lines. */
        public List<String> lines() {
            return output.lines().toList();
        }
    }

    private ChildJvm() {}

    /** Runs {@code mainClass} with {@code args}; waits at most {@code bound} for it to exit. */
    public static Result run(Class<?> mainClass, Duration bound, String... args) {
        return run(List.of(), mainClass, bound, args);
    }

    /**
     * Like {@link #run(Class, Duration, String...)}, with extra JVM options (e.g. JIT settings).
     * They come after the defaults, so they override them.
     */
    public static Result run(List<String> jvmOptions, Class<?> mainClass, Duration bound, String... args) {
        return launch(jvmOptions, mainClass, null, Duration.ZERO, bound, args);
    }

    /**
     * Runs {@code mainClass} with {@code args}; waits at most {@code toMarker} for a line of
     * output containing {@code marker} (or for the JVM to exit), then at most {@code afterMarker}
     * more for it to exit. Use it when the interesting moment comes after a slow start (a JVM
     * on a loaded machine): only the second wait needs to be tight. A null marker skips the
     * first wait. If the marker never appears, the result says the JVM did not exit.
     */
    public static Result runPast(Class<?> mainClass, String marker, Duration toMarker, Duration afterMarker,
            String... args) {
        return launch(List.of(), mainClass, marker, toMarker, afterMarker, args);
    }

    private static Result launch(List<String> jvmOptions, Class<?> mainClass, String marker, Duration toMarker,
            Duration afterMarker, String... args) {
        try (Running child = start(jvmOptions, mainClass, args)) {
            if (marker != null && !child.awaitOutput(marker, toMarker) && !child.hasExited()) {
                return new Result(false, -1, child.output());
            }
            boolean exited = child.awaitExit(afterMarker);
            return new Result(exited, exited ? child.exitCode() : -1, child.output());
        }
    }

    /**
     * Starts {@code mainClass} with {@code args} in a child JVM and returns a handle to watch it
     * stage by stage (a line of output, then its exit). Closing the handle kills the child, with
     * any children of its own, if it is still running.
     */
    public static Running start(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            return new Running(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a child JVM: " + command, e);
        }
    }

    /** A child JVM being watched: its output so far, and whether (and how) it has exited. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Running(Process process) {
            this.process = process;
            this.reader = Threads.startDaemon("child-jvm-output", () -> copy(process.getInputStream(), output));
        }

        /**
         * Waits at most {@code bound} for a line of output containing {@code text}; true if it
         * came. Stops early (false) if the JVM exits without printing it.
         */
        public boolean awaitOutput(String text, Duration bound) {
            long deadline = System.nanoTime() + bound.toNanos();
            try {
                while (!output().contains(text) && process.isAlive() && System.nanoTime() < deadline) {
                    process.waitFor(5, TimeUnit.MILLISECONDS);
                }
                if (!output().contains(text) && !process.isAlive()) {
                    reader.join(Bounded.PATIENCE.toMillis()); // the last lines may still be on their way
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return output().contains(text);
        }

        /** Waits at most {@code bound} for the JVM to exit (the process to be gone); true if it did. */
        public boolean awaitExit(Duration bound) {
            try {
                boolean exited = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
                if (exited) {
                    reader.join(Bounded.PATIENCE.toMillis());
                }
                return exited;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** True once the JVM has exited. */
        public boolean hasExited() {
            return !process.isAlive();
        }

        /** The exit code, once the JVM has exited. */
        public int exitCode() {
            return process.exitValue();
        }

        /** Everything the JVM has printed so far (standard output and error). */
        public String output() {
            return output.toString();
        }

        /** Kills the JVM, with any children of its own, if it is still running. */
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void copy(InputStream in, StringBuffer out) {
        try (in) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the child was killed: what was read so far is all there is
        }
    }
}
