package workshop.daemon;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.ThreadLeaks;

@DisplayName("Task 1: background work runs on a daemon thread, which does not keep the JVM alive")
class AutosaverDaemonTest {
    private static final String LOOK_AT = "Autosaver.start (task 1): Thread.setDaemon, and when to call it";

    @Test
    @DisplayName("the autosaver's thread is a daemon, marked before it starts (Java refuses afterwards)")
    void autosaverRunsOnADaemonThread() throws InterruptedException {
        Document document = new Document(new PrintStream(OutputStream.nullOutputStream()));
        document.edit("Dear diary,");
        Set<Thread> before = ThreadLeaks.snapshot();
        try {
            Thread thread;
            try {
                thread = new Autosaver(document, Duration.ofSeconds(30)).start();
            } catch (IllegalThreadStateException tooLate) {
                throw Feedback.fail("setDaemon before start",
                        "the autosaver's thread should be made a daemon before it is started.",
                        "start() threw IllegalThreadStateException: setDaemon(true) was called on a thread that"
                                + " had already started. A thread's daemon flag is fixed once it runs, and by then"
                                + " it was already running as an ordinary thread. Call setDaemon(true) first, then"
                                + " start()",
                        LOOK_AT);
            }
            if (!thread.isDaemon()) {
                throw Feedback.fail("daemon thread",
                        "the autosaver never stops by itself, so its thread should be a daemon.",
                        "'" + thread.getName() + "' is an ordinary (non-daemon) thread: as long as it runs, the JVM"
                                + " cannot exit, and it runs forever",
                        LOOK_AT);
            }
            if (!document.awaitSaved(1, Bounded.PATIENCE)) {
                throw Feedback.fail("daemon thread", "the autosaver should still save in the background.",
                        "it never saved the document; its thread is " + thread.getState(), LOOK_AT);
            }
        } finally {
            ThreadLeaks.startedSince(before).forEach(Thread::interrupt); // let the autosaver go
        }
    }

    @Test
    @DisplayName("the editor program ends as soon as its main flow does, though the autosaver never stops")
    void editorProgramExitsWhenMainReturns() {
        ProgramRun run = ProgramRun.of(EditorProgram.class, Bounded.PATIENCE);
        run.assertEndedOnItsOwn("daemon thread",
                "EditorProgram should end as soon as main returns: the JVM exits when its last ordinary"
                        + " (non-daemon) thread ends, and the autosaver is background work.",
                LOOK_AT);
        if (!run.printed("save: 1 edit(s) on disk, saved by 'autosaver'")) {
            throw Feedback.fail("daemon thread", "the autosaver should save the first edit while the program runs.",
                    "it did not. The program's output:" + run.transcript(), LOOK_AT);
        }
    }
}
