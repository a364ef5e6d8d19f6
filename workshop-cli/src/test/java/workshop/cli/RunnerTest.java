package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.Runner.Outcome;
import workshop.cli.Runner.Verdict;
import workshop.cli.Workshop.Exercise;

/**
 * ./workshop's runner on a copy of 01-threads: the starter is red in every test, the reference
 * answer green in every one, as Maven's build has them (scripts/same-verdicts compares the two
 * test by test, for every exercise and catalogued answer).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // compiles and starts JVMs: slow on a busy machine
class RunnerTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    @Test
    @DisplayName("the 01 starter fails every test, the reference answer passes every one, a syntax error shows where")
    void starterAnswerAndCompileError() throws IOException {
        copy(CHECKOUT.resolve("01-threads"), root.resolve("01-threads"));
        Workshop workshop = new Workshop(root, "en");
        Exercise exercise = workshop.exercise("01-threads").orElseThrow();
        Runner runner = new Runner(workshop, Runner.Tools.load(Main.cliJar()));

        Outcome starter = runner.run(exercise);
        assertThat(starter.verdict()).as(starter.problem()).isEqualTo(Verdict.RED);
        assertThat(starter.tests()).isNotEmpty().noneMatch(Runner.TestResult::passed);
        assertThat(starter.firstFailure().orElseThrow().classDisplayName()).startsWith("Task 1:");

        copy(CHECKOUT.resolve("solutions/src/main/java/workshop/threads"), exercise.mainSources().resolve("workshop/threads"));
        Outcome answer = runner.run(exercise);
        assertThat(answer.verdict()).as(answer.problem()).isEqualTo(Verdict.GREEN);
        assertThat(answer.tests()).hasSameSizeAs(starter.tests()).allMatch(Runner.TestResult::passed);

        Path wordCounter = exercise.mainSources().resolve("workshop/threads/WordCounter.java");
        Files.writeString(wordCounter, Files.readString(wordCounter) + "class Broken { int count = \"\"; }\n");
        Outcome broken = runner.run(exercise);
        assertThat(broken.verdict()).isEqualTo(Verdict.COMPILE_ERROR);
        assertThat(broken.problem()).startsWith("01-threads/src/main/java/workshop/threads/WordCounter.java:")
                .contains("error: incompatible types");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Files.createDirectories(to.resolve(relative.toString()).getParent());
                Files.copy(file, to.resolve(relative.toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
