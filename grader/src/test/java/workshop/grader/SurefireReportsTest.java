package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.SurefireReports.Kind;
import workshop.grader.SurefireReports.Outcome;
import workshop.grader.SurefireReports.Reports;

class SurefireReportsTest {
    @TempDir
    Path dir;

    static String suite(String className, String... testcases) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + className
                + "\" tests=\"" + testcases.length + "\">\n<properties><property name=\"a\" value=\"b\"/></properties>\n"
                + String.join("\n", testcases) + "\n</testsuite>\n";
    }

    static void write(Path dir, String className, String... testcases) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("TEST-" + className + ".xml"), suite(className, testcases));
    }

    @Test
    @DisplayName("reads passes, failures, errors, JUnit timeouts and skips, with the message's first line")
    void readsEveryKindOfOutcome() throws IOException {
        write(dir, "p.ATest",
                "<testcase name=\"passes\" classname=\"Task 1\" time=\"0.1\"/>",
                "<testcase name=\"fails\" classname=\"Task 1\"><failure message=\"[join] expected it.&#10;    what happened: no\""
                        + " type=\"org.opentest4j.AssertionFailedError\">stack</failure></testcase>",
                "<testcase name=\"throws\" classname=\"Task 1\"><error message=\"boom\" type=\"java.lang.IllegalStateException\">"
                        + "stack</error></testcase>",
                "<testcase name=\"hangs\" classname=\"Task 1\"><error message=\"hangs() timed out after 10 seconds\""
                        + " type=\"java.util.concurrent.TimeoutException\">dump</error></testcase>",
                "<testcase name=\"disabled\" classname=\"Task 1\"><skipped message=\"not today\"/></testcase>",
                "<testcase name=\"noMessage\" classname=\"Task 1\"><failure type=\"java.lang.AssertionError\"/></testcase>");

        Reports reports = SurefireReports.read(dir);

        assertThat(reports.byTest()).containsOnlyKeys("p.ATest#passes", "p.ATest#fails", "p.ATest#throws",
                "p.ATest#hangs", "p.ATest#disabled", "p.ATest#noMessage");
        assertThat(only(reports, "p.ATest#passes")).isEqualTo(new Outcome("p.ATest", "passes", Kind.PASS, ""));
        assertThat(only(reports, "p.ATest#fails").kind()).isEqualTo(Kind.FAIL);
        assertThat(only(reports, "p.ATest#fails").message()).isEqualTo("[join] expected it.");
        assertThat(only(reports, "p.ATest#throws").kind()).isEqualTo(Kind.ERROR);
        assertThat(only(reports, "p.ATest#throws").message()).isEqualTo("IllegalStateException: boom");
        assertThat(only(reports, "p.ATest#hangs").kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(only(reports, "p.ATest#disabled").kind()).isEqualTo(Kind.SKIPPED);
        assertThat(only(reports, "p.ATest#noMessage").message()).isEqualTo("java.lang.AssertionError");
    }

    @Test
    @DisplayName("parameterized and repeated invocations are grouped under their method")
    void groupsInvocations() throws IOException {
        write(dir, "p.BTest",
                "<testcase name=\"counts(int)[1]\" classname=\"B\"/>",
                "<testcase name=\"counts(int)[2]\" classname=\"B\"><failure message=\"no\"/></testcase>",
                "<testcase name=\"plain()\" classname=\"B\"/>");

        Reports reports = SurefireReports.read(dir);

        assertThat(reports.byTest().get("p.BTest#counts")).extracting(Outcome::kind).containsExactly(Kind.PASS, Kind.FAIL);
        assertThat(reports.byTest()).containsKey("p.BTest#plain");
    }

    @Test
    @DisplayName("no report folder (the module never ran) gives no outcomes; a broken report is listed, not fatal")
    void missingAndBrokenReports() throws IOException {
        assertThat(SurefireReports.read(dir.resolve("nothing")).byTest()).isEmpty();

        write(dir, "p.GoodTest", "<testcase name=\"ok\" classname=\"G\"/>");
        Files.writeString(dir.resolve("TEST-p.HalfWritten.xml"), "<?xml version=\"1.0\"?><testsuite name=\"p.Half");
        Files.writeString(dir.resolve("p.GoodTest.txt"), "not a report");

        Reports reports = SurefireReports.read(dir);

        assertThat(reports.byTest()).containsOnlyKeys("p.GoodTest#ok");
        assertThat(reports.unreadable()).containsExactly("TEST-p.HalfWritten.xml");
    }

    private static Outcome only(Reports reports, String key) {
        List<Outcome> outcomes = reports.byTest().get(key);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }
}
