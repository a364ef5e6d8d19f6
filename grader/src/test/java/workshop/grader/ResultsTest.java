package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResultsTest {
    private static final Results.Grade GRADE = new Results.Grade("0123456789abcdef0123", "../canonical", "fedcba98",
            List.of(new Results.Module("01-x", "ok", "", List.of(
                            new Results.Test("01-x", "p.ATest", "one", "Task 1", "says \"hi\"", "pass", 2, 2, ""),
                            new Results.Test("01-x", "p.ATest", "two", "Task 1", "a | b", "fail", 0, 1, "nope\tno")),
                            List.of("p.ATest#extra")),
                    new Results.Module("02-y", "compile-error", "A.java:3: ';' expected", List.of(
                            new Results.Test("02-y", "q.BTest", "b", "Task 1", "b", "error", 0, 3, "does not compile")),
                            List.of()),
                    new Results.Module("03-z", "no-tests", "", List.of(), List.of())),
            List.of(new Results.FileChange("01-x/src/test/java/p/ATest.java", "modified")), List.of(), "2026-01-01T00:00:00Z");

    @Test
    @DisplayName("totals add up per module and overall")
    void totals() {
        assertThat(GRADE.score()).isEqualTo(2);
        assertThat(GRADE.maxScore()).isEqualTo(6);
        assertThat(GRADE.percent()).isEqualTo(33.3);
        assertThat(Main.meets(GRADE, "2")).isTrue();
        assertThat(Main.meets(GRADE, "3")).isFalse();
        assertThat(Main.meets(GRADE, "33%")).isTrue();
        assertThat(Main.meets(GRADE, "34%")).isFalse();
    }

    @Test
    @DisplayName("results.json follows the documented schema, escaped")
    void json() throws Exception {
        com.fasterxml.jackson.databind.JsonNode json = Formats.JSON.readTree(Formats.JSON.writeValueAsString(
                Formats.workshop(GRADE)));

        assertThat(json.path("schema").asInt()).isEqualTo(1);
        assertThat(json.path("commit").asText()).isEqualTo("0123456789abcdef0123");
        assertThat(json.path("mode").asText()).isEqualTo("canonical");
        assertThat(json.path("score").asInt()).isEqualTo(2);
        assertThat(json.path("maxScore").asInt()).isEqualTo(6);
        assertThat(json.path("percent").asDouble()).isEqualTo(33.3);
        com.fasterxml.jackson.databind.JsonNode module = json.path("modules").get(0);
        assertThat(module.path("module").asText()).isEqualTo("01-x");
        assertThat(module.path("tests").get(0).path("displayName").asText()).isEqualTo("says \"hi\"");
        assertThat(module.path("unscoredTests").get(0).asText()).isEqualTo("p.ATest#extra");
        assertThat(json.path("modules").get(1).path("status").asText()).isEqualTo("compile-error");
        assertThat(json.path("changedFiles").get(0).path("path").asText()).isEqualTo("01-x/src/test/java/p/ATest.java");
        assertThat(json.path("changedFiles").get(0).path("change").asText()).isEqualTo("modified");
    }

    @Test
    @DisplayName("the scoreboard and the summary list every module, the failing tests and the changed files")
    void scoreboardAndSummary() {
        String console = Results.console(GRADE);
        assertThat(console).contains("01-x", "1/2  tests passed", "02-y", "does not compile", "03-z",
                "no graded tests yet", "FAIL    Task 1 > a | b", "nope", "2/6 points (33.3%)",
                "modified 01-x/src/test/java/p/ATest.java");

        String md = Results.markdown(GRADE);
        assertThat(md).contains("## Scoreboard: 2 / 6 points (33.3%)", "| 01-x | 1 / 2 | 2 / 3 | ok |",
                "| 02-y | 0 / 1 | 0 / 3 | compile-error |", "a \\| b", "A.java:3: ';' expected",
                "| `01-x/src/test/java/p/ATest.java` | modified |");
    }

    @Test
    @DisplayName("options: unknown options and a malformed minimum score are refused")
    void options() throws GradingException {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.Options.parse(new String[] {"--frobnicate"}))
                .isInstanceOf(GradingException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.Options.parse(new String[] {"--min-score", "lots"}))
                .isInstanceOf(GradingException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.Options.parse(new String[] {"--class", "x"}))
                .hasMessageContaining("--tests");
        assertThat(Main.Options.parse(new String[] {"--min-score", "80%", "--fork-timeout", "30"}).forkTimeout).isEqualTo(30);
        assertThat(Main.natural("Task 2: b", "Task 10: a")).isNegative();
    }
}
