package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile student's output, names and repository cannot do to the grader (no Maven run needed). */
class ContainmentTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("a fake Maven line ([INFO] Tests run: 99999999999) is only a line: progress crashes on nothing")
    void fakeMavenLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), "",
                Map.of("01-threads", "01-threads"), false);
        progress.accept("[INFO] --------------------< workshop:01-threads >---------------------");
        progress.accept("[INFO] Tests run: 99999999999, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 1 s -- in x");
        progress.accept("[ERROR] Tests run: -1, Failures: 99999999999999999999, Errors: x, Skipped: 0, Time elapsed: 1e9 s -- in y");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("01-threads");
    }

    @Test
    @DisplayName("a 10 MB line of output is cut to a bounded line, and reading goes on")
    void hugeLine() throws IOException {
        String flood = "x".repeat(10 << 20) + "\nnext\n";
        List<String> lines = new ArrayList<>();
        Maven.readLines(new StringReader(flood), lines::add);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).length()).isLessThanOrEqualTo(Maven.MAX_LINE + 10);
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    @DisplayName("class.csv: a student's name or message never becomes a spreadsheet formula")
    void csvCells() {
        assertThat(ClassReport.csvCell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ClassReport.csvCell("+1")).isEqualTo("'+1");
        assertThat(ClassReport.csvCell("alice")).isEqualTo("alice");
    }

    private static void file(Path root, String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static void workshop(Path root, String test) throws Exception {
        file(root, "pom.xml", "<project><modules><module>01-x</module></modules></project>\n");
        file(root, "01-x/pom.xml", "<project/>\n");
        file(root, "01-x/src/main/java/p/A.java", "starter\n");
        file(root, "01-x/src/test/java/p/ATest.java", test);
        file(root, "grading/manifest.tsv", "");
        git(root, "init", "-q");
        git(root, "add", "-A");
        git(root, "commit", "-q", "-m", "workshop");
        git(root, "tag", "course-2026");
    }

    @Test
    @DisplayName("--tests REF is resolved in the instructor's repository; the student's tag of the same name changes nothing")
    void refFromTheInstructor() throws Exception {
        Path home = tmp.resolve("instructor");
        Path student = tmp.resolve("student");
        workshop(home, "the instructor's strict test\n");
        workshop(student, "the student's lenient test\n");

        Workspace.Canonical c = Workspace.canonical("course-2026", home, tmp.resolve("prepared"));

        assertThat(c.dir().resolve("01-x/src/test/java/p/ATest.java")).hasContent("the instructor's strict test");
        assertThat(c.commit()).isNotBlank();
    }

    @Test
    @DisplayName("--export-template and --export-tests of this workshop hold no answer, no catalogue, no maintainer workflow")
    void exportsHoldNoAnswers() throws Exception {
        Path root = ManifestSyncTest.repositoryRoot();
        Path template = tmp.resolve("template");
        Path tests = tmp.resolve("tests");

        List<String> templateFiles = Export.write(root, template, Export.Kind.TEMPLATE);
        List<String> testFiles = Export.write(root, tests, Export.Kind.TESTS);

        for (List<String> files : List.of(templateFiles, testFiles)) {
            assertThat(files).noneMatch(f -> f.startsWith("solutions/") || f.startsWith("catalogue/")
                    || f.startsWith("selfcheck/") || f.startsWith("scripts/") || f.startsWith(".ci/")
                    || f.equals(".github/workflows/workshop.yml") || f.equals(".github/workflows/grade-class.yml"));
            assertThat(files).contains("pom.xml", "mvnw", "grade", "grading/manifest.tsv",
                    "01-threads/src/test/java/workshop/threads/StartWorkerTest.java", "testkit/pom.xml", "grader/pom.xml");
        }
        for (Path dir : List.of(template, tests)) {
            String pom = Files.readString(dir.resolve("pom.xml"));
            assertThat(pom).doesNotContain("<module>solutions</module>", "<module>selfcheck</module>")
                    .contains("<module>01-threads</module>", "<module>testkit</module>");
        }
        assertThat(templateFiles).contains("01-threads/README.md", ".github/workflows/grade.yml");
        assertThat(testFiles).doesNotContain("01-threads/README.md");
        assertThat(Files.isExecutable(template.resolve("mvnw"))).isTrue();
    }

    @Test
    @DisplayName("the platforms' formats: Gradescope, Classroom 50 (classroom50/result/v1), Exercism v3")
    void platformFormats() throws Exception {
        Results.Grade grade = new Results.Grade("abc", "tests", "def", List.of(new Results.Module("01-x", "ok", "",
                List.of(new Results.Test("01-x", "p.ATest", "one", "Task 1: start", "starts", "pass", 2, 2, ""),
                        new Results.Test("01-x", "p.ATest", "two", "Task 2: join", "joins", "fail", 0, 1, "nope")),
                List.of())), List.of(), List.of(), "2026-01-01T00:00:00Z");

        JsonNode gs = Formats.JSON.readTree(Formats.JSON.writeValueAsString(Formats.gradescope(grade)));
        assertThat(gs.path("score").asInt()).isEqualTo(2);
        assertThat(gs.path("tests").get(1).path("status").asText()).isEqualTo("failed");
        assertThat(gs.path("tests").get(1).path("max_score").asInt()).isEqualTo(1);
        assertThat(gs.path("tests").get(1).path("output").asText()).contains("nope");

        JsonNode c50 = Formats.JSON.readTree(Formats.JSON.writeValueAsString(
                Formats.classroom50(grade, Map.of("CLASSROOM", "cs", "ASSIGNMENT", "ws"))));
        assertThat(c50.path("schema").asText()).isEqualTo("classroom50/result/v1");
        assertThat(c50.path("classroom").asText()).isEqualTo("cs");
        assertThat(c50.path("max-score").asInt()).isEqualTo(3);
        assertThat(c50.path("tests").get(0).path("passed").asBoolean()).isTrue();
        assertThat(c50.path("tests").get(0).path("test-name").asText()).contains("starts");

        JsonNode ex = Formats.JSON.readTree(Formats.JSON.writeValueAsString(Formats.exercism(grade)));
        assertThat(ex.path("version").asInt()).isEqualTo(3);
        assertThat(ex.path("status").asText()).isEqualTo("fail");
        assertThat(ex.path("tests").get(1).path("task_id").asInt()).isEqualTo(2);
        assertThat(ex.path("tests").get(1).path("message").asText()).isEqualTo("nope");
    }

    @Test
    @DisplayName("--collect: class.csv from results.json files; a missing or broken one is a row saying why")
    void collect() throws Exception {
        Results.Grade grade = new Results.Grade("abc", "tests", "def", List.of(), List.of(), List.of(), "now");
        Path dir = tmp.resolve("collected");
        Formats.write(dir.resolve("alice/results.json"), Formats.workshop(grade));
        file(dir, "bob/results.json", "{ not json");
        file(dir, "carol/could-not-grade.txt", "the checkout failed\n");

        ClassReport.collect(dir, tmp.resolve("class"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        List<String> rows = Files.readAllLines(tmp.resolve("class/class.csv"));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)).startsWith("alice,abc,0,0,").endsWith(",graded");
        assertThat(rows.get(2)).startsWith("bob,").contains("could not grade: unreadable results.json");
        assertThat(rows.get(3)).startsWith("carol,").contains("could not grade: the checkout failed");
    }

    @Test
    @DisplayName("options: --class needs --tests; an unknown option is refused with exit 2")
    void options() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(main.run(new String[] {"--class", "x"})).isEqualTo(2);
        assertThat(main.run(new String[] {"--frobnicate"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--class needs --tests", "--frobnicate");
    }
}
