package workshop.daemon;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;

@DisplayName("Task 3: nothing is lost at exit, though the daemon itself is abandoned")
class FlushOnExitTest {
    private static final String LOOK_AT = "Autosaver.start (task 3, after task 1): Runtime.addShutdownHook";

    @Test
    @DisplayName("the last edit, made just before main returns, is on disk when the program has ended")
    void lastEditIsSavedAtExit() {
        ProgramRun run = ProgramRun.of(EditorProgram.class, Bounded.PATIENCE);
        run.assertEndedOnItsOwn("daemon thread",
                "EditorProgram should end as soon as main returns (task 1 first).", LOOK_AT);
        int lastSave = run.lineOf("save: 2 edit(s) on disk");
        if (lastSave >= 0 && lastSave < run.lineOf("main: done")) {
            throw Feedback.fail("orderly shutdown",
                    "the last edit should be saved when the program ends, after main is done.",
                    "it was saved while main was still running, by luck of timing: a thread started at once"
                            + " runs at once, not at exit. Hand the thread to the JVM to start at exit"
                            + " (Runtime.addShutdownHook). The program's output:" + run.transcript(),
                    LOOK_AT);
        }
        if (lastSave < 0) {
            throw Feedback.fail("orderly shutdown",
                    "both edits should be on disk once the program has ended.",
                    "the second edit was lost. The JVM abandoned the autosaver in the middle of its sleep: no"
                            + " more saves, no finally block (no \"autosave: stopped\"). A shutdown hook is a thread"
                            + " the JVM does run on its way out, once main has returned. The program's output:"
                            + run.transcript(),
                    LOOK_AT);
        }
    }
}
