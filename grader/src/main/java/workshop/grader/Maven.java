package workshop.grader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Runs the workspace's Maven wrapper, keeping its whole output in a log file. */
final class Maven {
    record Run(int exitCode, boolean killed, List<String> lines) {}

    private Maven() {}

    static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    static Run run(Path workspace, List<String> args, Path logFile, Consumer<String> onLine, Duration limit)
            throws GradingException {
        List<String> command = new ArrayList<>();
        if (windows()) {
            command.add(workspace.resolve("mvnw.cmd").toString());
        } else {
            command.add("sh");
            command.add(workspace.resolve("mvnw").toString());
        }
        // MavenLog reads the project headers and BUILD SUCCESS/FAILURE lines that .mvn/jvm.config
        // turns off for the learner's runs.
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.maven.cli.event.ExecutionEventLogger=info");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true);
        builder.environment().remove("MAVEN_ARGS"); // the grader decides the arguments
        List<String> lines = new ArrayList<>();
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new GradingException("cannot run Maven (" + String.join(" ", command) + "): " + e.getMessage());
        }
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    kill(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "maven-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Charset charset = Charset.defaultCharset();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), charset));
                Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            log.write("$ " + String.join(" ", command) + System.lineSeparator());
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                log.write(line);
                log.write(System.lineSeparator());
                onLine.accept(line);
            }
        } catch (IOException e) {
            kill(process);
            throw new GradingException("lost Maven's output: " + e.getMessage());
        }
        try {
            int code = process.waitFor();
            return new Run(code, killed.get(), lines);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new GradingException("interrupted");
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
