package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.FindJdk.Java;

/**
 * The README's first command on a computer with only an older Java: every JDK 21+ on this one
 * is hidden (bind-mounted empty, in a private mount namespace, which needs root and unshare).
 */
class NoJdk21Test {

    @TempDir
    Path empty;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // the finder is compiled at launch: slow on a busy machine
    @DisplayName("with no JDK 21+ to be found, ./workshop and ./mvnw test -pl 01-threads -am end with FindJdk's one paragraph")
    void firstCommandsWithoutJdk21() throws Exception {
        assumeTrue(run(List.of("unshare", "-m", "true")) == 0,
                "skipped: hiding the JDKs needs a private mount namespace (root and unshare)");
        List<Java> every = FindJdk.onThisComputer().everyJava();
        List<Path> jdks21 = every.stream().filter(Java::usable).map(Java::home).toList();
        assumeTrue(every.stream().anyMatch(java -> java.major() < FindJdk.NEEDED),
                "skipped: no Java older than 21 here to run the finder with once the others are hidden");
        Path root = Path.of("..").toRealPath();
        String hide = jdks21.stream().map(home -> "mount --bind '" + empty + "' '" + home + "' && ")
                .collect(Collectors.joining());
        for (String readmeCommand : List.of("./workshop", "./mvnw test -pl 01-threads -am")) {
            Path output = Files.createTempFile("no-jdk-21", ".txt");
            ProcessBuilder command = new ProcessBuilder("unshare", "-m", "sh", "-c",
                    hide + "cd '" + root + "' && " + readmeCommand);
            command.environment().remove("JAVA_HOME");
            command.redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            int status = run(command);
            String printed = Files.readString(output, StandardCharsets.UTF_8).strip();
            Files.delete(output);

            assertThat(status).as(readmeCommand + ": " + printed).isNotZero();
            assertThat(printed).as("the whole output of " + readmeCommand).startsWith("No JDK 21 or newer was found")
                    .contains("Java 1", "21 or newer", "https://adoptium.net", "JAVA_HOME")
                    .doesNotContain("toolchains")
                    .doesNotContainPattern("\\R\\s*\\R");
        }
    }

    private static int run(List<String> command) throws Exception {
        return run(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
    }

    private static int run(ProcessBuilder command) throws Exception {
        try {
            Process process = command.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (java.io.IOException e) {
            return -1; // no such command
        }
    }
}
