package workshop.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;
import workshop.testkit.LogCapture;
import workshop.testkit.Threads;

@DisplayName("Task 2: join() waits for the worker to finish")
class MainFlowJoinTest {
    private static final String LOOK_AT = "ThreadBasics.mainFlow (task 2): Thread.join()";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    @DisplayName("\"Now All Finished!\" is logged only after the worker, on Sub-Thread, logs \"Finishing\"")
    void mainFlowWaitsForTheWorker() {
        Hold work = new Hold();
        AtomicReference<Thread> main = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // The worker keeps working until the main flow joins it: only a real wait lets it finish.
        Worker worker = new Worker("First", () -> work.hold(main.get()));
        Thread mainThread = new Thread(() -> {
            try {
                ThreadBasics.mainFlow(worker);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "Main-Thread");
        mainThread.setDaemon(true);
        main.set(mainThread);
        try {
            mainThread.start();
            Bounded.until(() -> !mainThread.isAlive() || Threads.isSleeping(mainThread), Bounded.GENEROUS,
                    () -> Feedback.message("join", "the main flow should finish once the worker has finished.",
                            "it is still running: " + Threads.describe(mainThread), LOOK_AT));
            if (mainThread.isAlive()) {
                throw Feedback.fail("join, not sleep",
                        "the main flow should wait for the worker with join().",
                        "it is sleeping (Thread.sleep) while the worker is still working. A sleep is a guess at"
                                + " how long the worker takes; join() waits exactly until it has finished",
                        LOOK_AT);
            }
            int finishing = log.indexOf("First: Finishing");
            int allFinished = log.indexOf("Now All Finished!");
            if (finishing < 0 || allFinished < finishing) {
                throw Feedback.fail("join",
                        "\"Now All Finished!\" should come after the worker's \"First: Finishing\".",
                        "the main flow did not wait for its worker. The log so far:" + log.transcript(),
                        LOOK_AT);
            }
            assertThat(failure.get()).as("mainFlow threw").isNull();
            assertThat(log.messages())
                    .as("the main flow's own lines, in order")
                    .containsSubsequence("before creating Thread", "before running Thread",
                            "Waiting For the Thread To Finish.", "Now All Finished!")
                    .containsSubsequence("before running Thread", "First: Starting", "First: Finishing");
            assertThat(log.lines())
                    .filteredOn(line -> line.message().startsWith("First:"))
                    .as("lines logged by the worker should come from its own thread, \"Sub-Thread\"")
                    .isNotEmpty()
                    .allMatch(line -> line.thread().equals("Sub-Thread"));
        } finally {
            work.release();
        }
    }
}
