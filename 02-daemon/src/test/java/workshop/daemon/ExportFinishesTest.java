package workshop.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;

@DisplayName("Task 2: work that must finish runs on an ordinary thread, which keeps the JVM alive")
class ExportFinishesTest {
    private static final String LOOK_AT = "ReportExporter.start (task 2): daemon or not?";

    @Test
    @DisplayName("the exporter's thread is an ordinary (non-daemon) thread, and it writes every row")
    void exporterRunsOnAnOrdinaryThread() {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(written, true, StandardCharsets.UTF_8);
        Thread thread = ReportExporter.start(List.of("north 12", "south 7"), out, Duration.ofMillis(20));
        if (thread.isDaemon()) {
            throw Feedback.fail("daemon vs ordinary thread",
                    "a thread whose work must be finished should be an ordinary (non-daemon) thread.",
                    "'" + thread.getName() + "' is a daemon: the JVM may exit while it is still writing, and"
                            + " abandon it mid-row. Joining it in main only hides that",
                    LOOK_AT);
        }
        Bounded.join(thread, Bounded.PATIENCE, () -> "the exporter should finish writing 2 rows");
        String report = written.toString(StandardCharsets.UTF_8);
        if (!report.contains("export: complete")) {
            throw Feedback.fail("daemon vs ordinary thread", "the exporter should write every row.",
                    "it wrote:" + System.lineSeparator() + report, LOOK_AT);
        }
    }

    @Test
    @DisplayName("the export program writes the whole report before the JVM exits, though main does not wait")
    void exportProgramFinishesTheReport() {
        Duration exportTime = ExportProgram.ROW_TIME.multipliedBy(ExportProgram.ROWS.size());
        ProgramRun run = ProgramRun.of(ExportProgram.class, exportTime.plus(Bounded.PATIENCE));
        run.assertEndedOnItsOwn("daemon vs ordinary thread",
                "ExportProgram should end once the export is complete.", LOOK_AT);
        if (!run.printed("export: complete") || !run.printed("export: file closed")) {
            throw Feedback.fail("daemon vs ordinary thread",
                    "the JVM should stay alive until the exporter has written every row.",
                    "the JVM exited while the exporter was still writing: as a daemon, it was abandoned mid-row"
                            + " the moment main (the last ordinary thread) ended, and not even its finally block"
                            + " (\"export: file closed\") ran. The program's output:" + run.transcript(),
                    LOOK_AT);
        }
    }
}
