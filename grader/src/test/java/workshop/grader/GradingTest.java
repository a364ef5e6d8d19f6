package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.MavenLog.Failure;
import workshop.grader.MavenLog.ModuleOutcome;
import workshop.grader.Results.Module;
import workshop.grader.SurefireReports.Reports;

class GradingTest {
    @TempDir
    Path reportsDir;

    private static final List<Manifest.Entry> MANIFEST = List.of(
            new Manifest.Entry("01-x", "p.ATest", "one", "Task 1", 2, "first"),
            new Manifest.Entry("01-x", "p.ATest", "two", "Task 1", 1, "second"),
            new Manifest.Entry("01-x", "p.BTest", "three", "Task 2", 3, "third"));

    private static final ModuleOutcome CLEAN = new ModuleOutcome(Failure.NONE, "");

    private Module grade(ModuleOutcome outcome) throws IOException {
        return Grading.gradeModule("01-x", MANIFEST, SurefireReports.read(reportsDir), outcome, 60);
    }

    @Test
    @DisplayName("points come from the manifest: a passing test scores its points, a failing one 0")
    void scoresFromTheManifest() throws IOException {
        SurefireReportsTest.write(reportsDir, "p.ATest", "<testcase name=\"one\" classname=\"A\"/>",
                "<testcase name=\"two\" classname=\"A\"><failure message=\"nope&#10;details\"/></testcase>");
        SurefireReportsTest.write(reportsDir, "p.BTest", "<testcase name=\"three\" classname=\"B\"/>");

        Module module = grade(CLEAN);

        assertThat(module.status()).isEqualTo("ok");
        assertThat(module.score()).isEqualTo(5);
        assertThat(module.maxScore()).isEqualTo(6);
        assertThat(module.tests()).extracting(Results.Test::status).containsExactly("pass", "fail", "pass");
        assertThat(module.tests().get(1).message()).isEqualTo("nope");
    }

    @Test
    @DisplayName("a deleted or renamed test counts as failed; a test not in the manifest scores nothing")
    void missingTestsFailAndExtraTestsDoNotCount() throws IOException {
        SurefireReportsTest.write(reportsDir, "p.ATest", "<testcase name=\"one\" classname=\"A\"/>",
                "<testcase name=\"twoRenamed\" classname=\"A\"/>");

        Module module = grade(CLEAN);

        assertThat(module.score()).isEqualTo(2);
        assertThat(module.tests().get(1).status()).isEqualTo("fail");
        assertThat(module.tests().get(1).message()).contains("missing, renamed or disabled");
        assertThat(module.tests().get(2).status()).isEqualTo("fail");
        assertThat(module.unscored()).containsExactly("p.ATest#twoRenamed");
    }

    @Test
    @DisplayName("a skipped (disabled) test counts as failed")
    void skippedCountsAsFailed() throws IOException {
        SurefireReportsTest.write(reportsDir, "p.ATest", "<testcase name=\"one\" classname=\"A\"><skipped/></testcase>");

        Module module = grade(CLEAN);

        assertThat(module.tests().get(0).status()).isEqualTo("fail");
        assertThat(module.tests().get(0).score()).isZero();
        assertThat(module.tests().get(0).message()).startsWith("skipped");
    }

    @Test
    @DisplayName("a JUnit timeout is status timeout; an exception is status error")
    void timeoutsAndErrors() throws IOException {
        SurefireReportsTest.write(reportsDir, "p.ATest",
                "<testcase name=\"one\" classname=\"A\"><error message=\"one() timed out after 10 seconds\""
                        + " type=\"java.util.concurrent.TimeoutException\"/></testcase>",
                "<testcase name=\"two\" classname=\"A\"><error message=\"x\" type=\"java.lang.NullPointerException\"/></testcase>");

        Module module = grade(CLEAN);

        assertThat(module.tests()).extracting(Results.Test::status).containsExactly("timeout", "error", "fail");
    }

    @Test
    @DisplayName("a module that does not compile scores 0, every test carrying the compiler's message")
    void compileError() throws IOException {
        Module module = grade(new ModuleOutcome(Failure.COMPILE_ERROR,
                "01-x/src/main/java/p/A.java:12: ';' expected\n01-x/src/main/java/p/A.java:20: cannot find symbol"));

        assertThat(module.status()).isEqualTo("compile-error");
        assertThat(module.score()).isZero();
        assertThat(module.maxScore()).isEqualTo(6);
        assertThat(module.tests()).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo("error");
            assertThat(t.message()).contains("A.java:12: ';' expected");
        });
        assertThat(module.message()).contains("cannot find symbol");
    }

    @Test
    @DisplayName("a hung fork: what reported keeps its result, what did not is status timeout")
    void forkTimeout() throws IOException {
        SurefireReportsTest.write(reportsDir, "p.ATest", "<testcase name=\"one\" classname=\"A\"/>",
                "<testcase name=\"two\" classname=\"A\"/>");

        Module module = grade(new ModuleOutcome(Failure.FORK_TIMEOUT, ""));

        assertThat(module.status()).isEqualTo("timeout");
        assertThat(module.tests()).extracting(Results.Test::status).containsExactly("pass", "pass", "timeout");
        assertThat(module.score()).isEqualTo(3);
        assertThat(module.tests().get(2).message()).contains("stopped after 60 s");
    }

    @Test
    @DisplayName("a killed fork (System.exit): what did not report is status error, 0 points")
    void killedFork() throws IOException {
        SurefireReportsTest.write(reportsDir, "p.BTest", "<testcase name=\"three\" classname=\"B\"/>");

        Module module = grade(new ModuleOutcome(Failure.FORK_CRASH, "exit code 3"));

        assertThat(module.status()).isEqualTo("crashed");
        assertThat(module.tests()).extracting(Results.Test::status).containsExactly("error", "error", "pass");
        assertThat(module.tests().get(0).message()).contains("System.exit");
        assertThat(module.message()).contains("exit code 3");
        assertThat(module.score()).isEqualTo(3);
    }

    @Test
    @DisplayName("a module not built (its dependency failed) scores 0")
    void notBuilt() throws IOException {
        Module module = grade(new ModuleOutcome(Failure.NOT_BUILT, "not built: testkit failed"));

        assertThat(module.status()).isEqualTo("not-built");
        assertThat(module.score()).isZero();
    }

    @Test
    @DisplayName("a module with no tests in the manifest is listed with nothing to score")
    void noTestsYet() {
        Module module = Grading.gradeModule("02-y", List.of(), Reports.none(), CLEAN, 60);

        assertThat(module.status()).isEqualTo("no-tests");
        assertThat(module.maxScore()).isZero();
    }
}
