package workshop.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Stacks;
import workshop.testkit.ThreadLeaks;
import workshop.testkit.Threads;

@DisplayName("Task 1: background work runs on a daemon thread, which does not keep the JVM alive")
class AutosaverDaemonTest {
    private static final String LOOK_AT = "Autosaver.start (task 1): Thread.setDaemon, and when to call it";

    @Test
    @DisplayName("the autosaver's thread is a daemon, marked before it starts; it saves, and stops when interrupted")
    void autosaverRunsOnADaemonThread() throws InterruptedException {
        ByteArrayOutputStream disk = new ByteArrayOutputStream();
        Document document = new Document(new PrintStream(disk, true, StandardCharsets.UTF_8));
        document.edit("Dear diary,");
        Set<Thread> before = ThreadLeaks.snapshot();
        try {
            Thread thread;
            try {
                thread = new Autosaver(document, Duration.ofSeconds(30)).start();
            } catch (RuntimeException thrown) {
                String what = Stacks.thrown(thrown);
                throw Feedback.fail(ThreadMistakes.concept(what, "daemon thread"),
                        "Autosaver.start() should start the autosaver's thread, a daemon, and return it.",
                        "it threw " + what + "." + ThreadMistakes.explain(what), LOOK_AT);
            }
            if (thread == null || thread.getState() == Thread.State.NEW) {
                throw Feedback.fail("daemon thread", "Autosaver.start() should start the autosaver's thread and"
                                + " return it.",
                        thread == null ? "it returned null" : "the thread it returned was never started", LOOK_AT);
            }
            if (!thread.isDaemon()) {
                throw Feedback.fail("daemon thread",
                        "the autosaver never stops by itself, so its thread should be a daemon.",
                        "'" + thread.getName() + "' is an ordinary (non-daemon) thread: as long as it runs, the JVM"
                                + " cannot exit, and it runs forever",
                        LOOK_AT);
            }
            if (!document.awaitSaved(1, Bounded.GENEROUS)) {
                throw Feedback.fail("daemon thread", "the autosaver should still save in the background.",
                        "it never saved the document; its thread is " + Stacks.describe(thread), LOOK_AT);
            }
            String saves = disk.toString(StandardCharsets.UTF_8);
            if (!saves.contains("saved by '" + thread.getName() + "'")) {
                throw Feedback.fail("daemon thread", "the autosaver's own thread, '" + thread.getName()
                                + "', should make the first save.",
                        "another thread did: " + saves.strip() + ". A thread started in Autosaver.start() runs at"
                                + " once; the save at exit (task 3) belongs to a shutdown hook, which the JVM"
                                + " starts only when the program ends",
                        LOOK_AT);
            }
            assertStopsWhenInterrupted(thread, document);
        } finally {
            ThreadLeaks.startedSince(before).forEach(Thread::interrupt); // let the autosaver go
        }
    }

    /**
     * The autosaver is interrupted in its sleep, with an edit not saved yet. It should end.
     * Saving that edit and then sleeping again shows it caught the interrupt and went on: a
     * stopped autosaver never sleeps again. (It may save once on its way out.)
     */
    private static void assertStopsWhenInterrupted(Thread thread, Document document) {
        Bounded.until(() -> Threads.isSleeping(thread) || !thread.isAlive(), Bounded.GENEROUS,
                () -> "the autosaver should sleep between saves; it is " + Stacks.describe(thread));
        document.edit("one more line");
        Map<Thread, Long> cpuAtStart = Blocking.cpuNow(List.of(thread));
        thread.interrupt();
        Bounded.until(() -> !thread.isAlive() || (document.unsaved() == 0 && Threads.isSleeping(thread))
                        || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.GENEROUS,
                () -> Feedback.message("stop when interrupted", "interrupted, the autosaver should stop.",
                        "it is still running: " + Stacks.describe(thread), LOOK_AT));
        if (thread.isAlive()) {
            throw Feedback.fail("stop when interrupted", "interrupted, the autosaver should stop.",
                    (document.unsaved() == 0
                            ? "it saved again and went back to sleep: "
                            : "it keeps the CPU busy instead: ") + Stacks.describe(thread)
                            + ". Its InterruptedException was caught and the loop went on. The loop in saveForever"
                            + " stops when the thread is interrupted: keep it that way",
                    LOOK_AT);
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
            throw Feedback.fail("daemon thread", "the autosaver, on its thread 'autosaver', should save the first"
                            + " edit while the program runs.",
                    (run.printed("save: 1 edit(s) on disk") ? "another thread saved it." : "nothing saved it.")
                            + " The program's output:" + run.transcript(),
                    LOOK_AT);
        }
    }
}
