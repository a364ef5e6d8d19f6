package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.Runner.Outcome;
import workshop.cli.Runner.TestResult;
import workshop.cli.Runner.Verdict;
import workshop.cli.Workshop.Exercise;

class ScreenTest {

    @TempDir
    Path home;

    private final Workshop workshop = new Workshop(Path.of("..").toAbsolutePath().normalize(), "en");

    @Test
    @DisplayName("a red run shows the checklist in task order and only the first failure's message, in full")
    void redRun() {
        Exercise exercise = workshop.exercise("01-threads").orElseThrow();
        List<TestResult> tests = new ArrayList<>();
        for (Workshop.Task task : exercise.tasks()) {
            for (String type : task.testClasses()) {
                boolean passes = task.id().equals("3");
                tests.add(new TestResult(type, task.label(), "test", "what it checks", passes ? "SUCCESSFUL" : "FAILED",
                        "[" + task.id() + "] the message\n    what happened: a long story ".repeat(3) + "\n    look at: X.y"));
            }
        }
        Outcome outcome = new Outcome(Verdict.RED, tests, "", 800);

        List<String> lines = new Screen(80, false).render(new Screen.View(workshop, Progress.load(home), exercise,
                outcome, List.of(), List.of("footer")));

        assertThat(lines).hasSizeLessThanOrEqualTo(40).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        String text = String.join("\n", lines);
        assertThat(text).contains("[ ] Task 1:", "[ ] Task 2:", "[x] Task 3:", "First failure in Task 1:", "look at: X.y")
                .doesNotContain("[2] the message");
        assertThat(text.indexOf("Task 1:")).isLessThan(text.indexOf("Task 2:"));
    }

    @Test
    @DisplayName("the progress bar fills with the tasks done")
    void bar() {
        assertThat(Screen.bar(0, 10, 10)).isEqualTo("[----------]");
        assertThat(Screen.bar(5, 10, 10)).isEqualTo("[#####-----]");
        assertThat(Screen.bar(10, 10, 10)).isEqualTo("[##########]");
    }
}
