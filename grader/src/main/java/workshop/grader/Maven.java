package workshop.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs the workspace's Maven wrapper. Its output is read with bounds (a line is cut at
 * {@link #MAX_LINE} characters, the log file stops at {@link #MAX_LOG_BYTES}, at most
 * {@code keepLines} lines are kept in memory), because test output is the student's and can be
 * anything, 100 MB on one line included. It is always read to the end, so Maven never blocks.
 */
final class Maven {
    static final int MAX_LINE = 4000;
    static final long MAX_LOG_BYTES = 20L << 20;

    /** {@code lines}: the first {@code keepLines} lines; {@code tail}: the last lines, for an error message. */
    record Run(int exitCode, boolean killed, List<String> lines, List<String> tail, long bytes) {}

    /** Every Maven still running, ended with its descendants when the grader is stopped (Ctrl-C). */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Maven::kill), "stop-maven"));
    }

    private Maven() {}

    static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    static Run run(Path workspace, List<String> args, Map<String, String> env, Path logFile, Consumer<String> onLine,
            Duration limit, int keepLines) throws GradingException {
        List<String> command = new ArrayList<>();
        if (windows()) {
            command.add(workspace.resolve("mvnw.cmd").toString());
        } else {
            command.add("sh");
            command.add(workspace.resolve("mvnw").toString());
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true);
        builder.environment().remove("MAVEN_ARGS"); // the grader decides the arguments
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().putAll(env);
        List<String> lines = new ArrayList<>();
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new GradingException("cannot run Maven (" + String.join(" ", command) + "): " + e.getMessage());
        }
        try {
            process.getOutputStream().close(); // Maven reads nothing
        } catch (IOException e) {
            // already closed
        }
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    kill(process);
                }
            } catch (InterruptedException e) {
                kill(process);
            }
        }, "maven-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long[] bytes = {0};
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        try (Reader out = new InputStreamReader(process.getInputStream(), Charset.defaultCharset());
                Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            log.write("$ " + String.join(" ", command) + System.lineSeparator());
            boolean[] logFull = {false};
            readLines(out, line -> {
                bytes[0] += line.length() + 1;
                if (lines.size() < keepLines) {
                    lines.add(line);
                }
                tail.addLast(line);
                if (tail.size() > 30) {
                    tail.removeFirst();
                }
                try {
                    if (bytes[0] < MAX_LOG_BYTES) {
                        log.write(line);
                        log.write(System.lineSeparator());
                    } else if (!logFull[0]) {
                        logFull[0] = true;
                        log.write("[grade] the log stops here: more than " + (MAX_LOG_BYTES >> 20)
                                + " MB of output (the rest was read and dropped)" + System.lineSeparator());
                    }
                } catch (IOException e) {
                    // a full disk loses the log, not the grading
                }
                onLine.accept(line);
            });
        } catch (IOException e) {
            kill(process);
            throw new GradingException("lost Maven's output: " + e.getMessage());
        } finally {
            if (Thread.interrupted()) {
                kill(process);
                Thread.currentThread().interrupt();
            }
        }
        try {
            int code = process.waitFor();
            kill(process); // anything it left behind
            RUNNING.remove(process);
            return new Run(code, killed.get(), lines, List.copyOf(tail), bytes[0]);
        } catch (InterruptedException e) {
            kill(process);
            RUNNING.remove(process);
            Thread.currentThread().interrupt();
            throw new GradingException("interrupted");
        }
    }

    /** Splits a stream into lines, cutting each at {@link #MAX_LINE} characters (the rest of a long line is dropped). */
    static void readLines(Reader in, Consumer<String> onLine) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder();
        boolean cut = false;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("interrupted");
            }
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    onLine.accept(cut ? line + " [...]" : line.toString());
                    line.setLength(0);
                    cut = false;
                } else if (line.length() < MAX_LINE) {
                    line.append(c);
                } else {
                    cut = true;
                }
            }
        }
        if (line.length() > 0) {
            onLine.accept(cut ? line + " [...]" : line.toString());
        }
    }

    static void readLines(InputStream in, Consumer<String> onLine) throws IOException {
        readLines(new InputStreamReader(in, StandardCharsets.UTF_8), onLine);
    }

    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
