package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HintsTest {

    private static String lesson(String hints) {
        return "# 01 · A lesson\n\n## Your tasks\n\n<details><summary>Not a hint 9</summary>x</details>\n\n"
                + "## Hints\n\n" + hints + "\n## Going further\n\n<details><summary>Task 1, hint 7</summary>no</details>\n";
    }

    @Test
    @DisplayName("the first number of a summary is the task, the second the rung; only the hints section counts")
    void numberedRungs() {
        List<Hints.Hint> hints = Hints.parse(lesson("""
                <details><summary>Task 1, hint 2</summary>

                second
                </details>
                <details><summary>Task 1, hint 1</summary>first</details>
                <details><summary>Task 2a, hint 1</summary>a</details>
                """));

        assertThat(hints).extracting(Hints.Hint::task, Hints.Hint::rung, Hints.Hint::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", 1, "first"),
                        org.assertj.core.groups.Tuple.tuple("2a", 1, "a"),
                        org.assertj.core.groups.Tuple.tuple("1", 2, "second"));
    }

    @Test
    @DisplayName("without a rung number, a task's hints come in the order written")
    void unnumberedRungs() {
        List<Hints.Hint> hints = Hints.parse(lesson("""
                <details><summary>Hint for task 3</summary>nudge</details>
                <details><summary>Task 3: nearly the answer</summary>more</details>
                """));

        assertThat(hints).extracting(Hints.Hint::task, Hints.Hint::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3", "nudge"),
                        org.assertj.core.groups.Tuple.tuple("3", "more"));
    }

    @Test
    @DisplayName("a Korean lesson's hints are found the same way")
    void korean() {
        List<Hints.Hint> hints = Hints.parse("# 01\n\n## 힌트\n\n<details><summary>과제 2, 힌트 1</summary>먼저</details>\n");

        assertThat(hints).singleElement().satisfies(h -> {
            assertThat(h.task()).isEqualTo("2");
            assertThat(h.text()).isEqualTo("먼저");
        });
    }
}
