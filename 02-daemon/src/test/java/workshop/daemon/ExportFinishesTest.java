package workshop.daemon;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Joins;
import workshop.testkit.Stacks;

@DisplayName("Task 2: work that must finish runs on an ordinary thread, which keeps the JVM alive")
class ExportFinishesTest {
    private static final String LOOK_AT = "ReportExporter.start (task 2): daemon or not?";

    /** A report file whose first write waits until the test lets it go: the export is in flight meanwhile. */
    private static final class HeldFile extends OutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicReference<Thread> writer = new AtomicReference<>();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writer.compareAndSet(null, Thread.currentThread());
            Bounded.quietly(released, Bounded.GENEROUS.multipliedBy(2));
            synchronized (written) {
                written.write(bytes, offset, length);
            }
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    @DisplayName("start returns at once the exporter's thread, an ordinary (non-daemon) thread that writes every row")
    void exporterRunsOnAnOrdinaryThread() {
        HeldFile file = new HeldFile();
        AtomicReference<Thread> returned = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // An ordinary caller, like main: a new thread starts with its creator's daemon flag.
        Thread caller = new Thread(() -> {
            try {
                returned.set(ReportExporter.start(List.of("north 12", "south 7"),
                        new PrintStream(file, true, StandardCharsets.UTF_8), Duration.ofMillis(1)));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "caller");
        caller.setDaemon(false);
        try {
            caller.start();
            // The first row cannot be written until the test lets it: a correct start() has long
            // returned by then. One that waits for the export is seen waiting for the thread that
            // writes, or writing itself.
            Bounded.until(() -> !caller.isAlive() || file.writer.get() == caller
                            || waitsFor(caller, file.writer.get()), Bounded.GENEROUS, () -> Feedback.message("start", "ReportExporter.start should return at once.",
                            "it is still running: " + Stacks.describe(caller), LOOK_AT));
            if (file.writer.get() == caller) {
                throw Feedback.fail("start", "the report should be written on a thread of its own, 'exporter'.",
                        "it is written on the caller's thread: run() was called instead of start()", LOOK_AT);
            }
            if (caller.isAlive()) {
                throw Feedback.fail("start, not join",
                        "ReportExporter.start should return at once, while the exporter is still writing.",
                        "it waits for the export to finish (" + Stacks.describe(caller) + "). An ordinary thread"
                                + " keeps the JVM alive by itself: nobody needs to wait for it",
                        LOOK_AT);
            }
            if (failure.get() != null) {
                String what = Stacks.thrown(failure.get());
                throw Feedback.fail(ThreadMistakes.concept(what, "daemon vs ordinary thread"),
                        "ReportExporter.start should start the exporter's thread and return it.",
                        "it threw " + what + "." + ThreadMistakes.explain(what), LOOK_AT);
            }
            Thread thread = returned.get();
            if (thread == null || thread.getState() == Thread.State.NEW) {
                throw Feedback.fail("start", "ReportExporter.start should start the exporter's thread and return it.",
                        thread == null ? "it returned null" : "the thread it returned was never started", LOOK_AT);
            }
            if (thread.isDaemon()) {
                throw Feedback.fail("daemon vs ordinary thread",
                        "a thread whose work must be finished should be an ordinary (non-daemon) thread.",
                        "'" + thread.getName() + "' is a daemon: the JVM may exit while it is still writing, and"
                                + " abandon it mid-row. Joining it in main only hides that",
                        LOOK_AT);
            }
            file.released.countDown();
            Bounded.until(() -> !thread.isAlive(), Bounded.GENEROUS,
                () -> "the exporter should finish writing 2 rows" + ": it is " + Stacks.describe(thread));
            if (!file.text().contains("export: complete")) {
                throw Feedback.fail("daemon vs ordinary thread", "the exporter should write every row.",
                        "it wrote:" + System.lineSeparator() + file.text(), LOOK_AT);
            }
        } finally {
            file.released.countDown();
        }
    }

    private static boolean waitsFor(Thread caller, Thread writer) {
        return writer != null && writer != caller && Joins.waitOf(caller, writer) != Joins.Wait.NONE;
    }

    @Test
    @DisplayName("the export program writes the whole report before the JVM exits, though main does not wait")
    void exportProgramFinishesTheReport() {
        Duration exportTime = ExportProgram.ROW_TIME.multipliedBy(ExportProgram.ROWS.size());
        // The JVM begins to exit once the exporter is done: its rows take a while, and on a busy
        // machine longer. No wrong answer is caught by waiting here (a daemon exporter is cut off
        // at once, System.exit shows), so the wait is generous.
        ProgramRun run = ProgramRun.of(ExportProgram.class, exportTime.plus(Bounded.GENEROUS));
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
