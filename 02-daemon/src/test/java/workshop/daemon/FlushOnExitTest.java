package workshop.daemon;

import java.util.List;
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
        int mainDone = run.lineOf("main: done");
        int lastSave = run.lineOf("save: 2 edit(s) on disk");
        List<String> savesByOthersDuringMain = run.lines().subList(0, Math.max(0, mainDone)).stream()
                .filter(line -> line.startsWith("save: ") && !line.endsWith("saved by 'autosaver'"))
                .toList();
        if (lastSave >= 0 && lastSave < mainDone) {
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
                    "the second edit was lost: nothing saved it after main returned. The JVM abandoned the"
                            + " autosaver in the middle of its sleep: no more saves, no finally block (no"
                            + " \"autosave: stopped\"). A shutdown hook is a thread the JVM does run on its way out."
                            + (savesByOthersDuringMain.isEmpty()
                                    ? " Either no hook was registered, or the thread meant for exit was started at"
                                            + " once instead (Thread.start): then it ran while main was still going,"
                                            + " with nothing new to save, and was gone by exit time."
                                    : " Another thread saved while main was still running ("
                                            + String.join("; ", savesByOthersDuringMain) + "): it was started at"
                                            + " once (Thread.start) instead of being handed, unstarted, to"
                                            + " Runtime.addShutdownHook.")
                            + " The program's output:" + run.transcript(),
                    LOOK_AT);
        }
        if ("none".equals(run.after(ExitWitness.HOOKS_REGISTERED))) {
            throw Feedback.fail("orderly shutdown",
                    "the last edit should be saved by a shutdown hook, the one thread the JVM runs on its way out.",
                    "it was saved after main returned, but no shutdown hook was registered: a thread that was still"
                            + " running saved it in the moment between main's end and the JVM's, by luck of timing"
                            + " (an autosaver that saves more often than its interval?). The JVM does not wait for"
                            + " it: register a hook (Runtime.addShutdownHook). The program's output:"
                            + run.transcript(),
                    LOOK_AT);
        }
    }
}
