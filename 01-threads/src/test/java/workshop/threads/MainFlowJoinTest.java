package workshop.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.HeldJobs;
import workshop.testkit.LogCapture;
import workshop.testkit.Stacks;

@DisplayName("Task 2: join() waits for the worker to finish")
class MainFlowJoinTest {
    private static final String LOOK_AT = "ThreadBasics.mainFlow (task 2): Thread.join()";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    /** The worker keeps working until the main flow waits for it without a time limit. */
    private final HeldJobs work = new HeldJobs(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean interruptStatusAfter = new AtomicBoolean();

    private Thread startMainFlow() {
        Worker worker = new Worker("First", () -> work.hold(0));
        Thread main = new Thread(() -> {
            try {
                ThreadBasics.mainFlow(worker);
            } catch (Throwable t) {
                failure.set(t);
            }
            interruptStatusAfter.set(Thread.currentThread().isInterrupted());
        }, "Main-Thread");
        main.setDaemon(true);
        work.waiter(main);
        main.start();
        return main;
    }

    @Test
    @DisplayName("\"Now All Finished!\" is logged only after the worker, on Sub-Thread, logs \"Finishing\"")
    void mainFlowWaitsForTheWorker() {
        try (work) {
            startMainFlow();
            HeldJobs.Outcome seen = work.awaitWaiter(Bounded.GENEROUS);
            if (seen.kind() == HeldJobs.Kind.ENDED && !seen.unfinished().isEmpty() && !seen.timedWait()) {
                throw Feedback.fail("join",
                        "\"Now All Finished!\" should come after the worker's \"First: Finishing\".",
                        "the main flow did not wait for its worker. The log so far:" + log.transcript(),
                        LOOK_AT);
            }
            AssertionFailedError notWaiting = WaitFeedback.notWaiting(seen, "the main flow", "the worker",
                    "the worker was", LOOK_AT);
            if (notWaiting != null) {
                throw notWaiting;
            }
            if (failure.get() != null) {
                throw Feedback.fail("join", "mainFlow should run to its end.",
                        "it threw " + Stacks.thrown(failure.get()), LOOK_AT);
            }
            int finishing = log.indexOf("First: Finishing");
            int allFinished = log.indexOf("Now All Finished!");
            if (finishing < 0 || allFinished < finishing) {
                throw Feedback.fail("join",
                        "\"Now All Finished!\" should come after the worker's \"First: Finishing\".",
                        "the main flow did not wait for its worker. The log so far:" + log.transcript(),
                        LOOK_AT);
            }
            assertThat(log.messages())
                    .as("the main flow's own lines, in order")
                    .containsSubsequence("before creating Thread", "before running Thread",
                            "Waiting For the Thread To Finish.", "Now All Finished!")
                    .containsSubsequence("before running Thread", "First: Starting", "First: Finishing");
            List<LogCapture.Line> workerLines = log.lines().stream()
                    .filter(line -> line.message().startsWith("First:")).toList();
            if (workerLines.stream().anyMatch(line -> !line.thread().equals("Sub-Thread"))
                    || workerLines.size() != 2) {
                throw Feedback.fail("start() vs run()",
                        "the worker should run once, on its own thread \"Sub-Thread\": one \"First: Starting\""
                                + " and one \"First: Finishing\", both from Sub-Thread.",
                        "the worker logged:" + workerLines.stream().map(line -> System.lineSeparator() + "        "
                                + line).collect(Collectors.joining()) + System.lineSeparator() + "    A worker line from"
                                + " Main-Thread means x.run() was called: run() is an ordinary call that runs the"
                                + " worker on the caller; start() alone runs it on the new thread",
                        LOOK_AT);
            }
        }
    }

    @Test
    @DisplayName("interrupted while it waits, the main flow stops waiting and never claims \"Now All Finished!\"")
    void anInterruptedMainFlowStopsWaiting() {
        try (work) {
            startMainFlow();
            HeldJobs.Outcome seen = work.interruptWaiter(Bounded.GENEROUS);
            if (log.indexOf("Now All Finished!") >= 0) {
                throw Feedback.fail("interruption",
                        "interrupted while it waits, the main flow should stop waiting and let the"
                                + " InterruptedException out (mainFlow declares throws InterruptedException).",
                        (seen.interrupted()
                                ? "it caught the InterruptedException and went on as if the worker had finished."
                                : "it never waited for the worker.")
                                + " The log:" + log.transcript(),
                        LOOK_AT);
            }
            AssertionFailedError notStopped = WaitFeedback.notStoppedByInterrupt(seen, failure.get(),
                    interruptStatusAfter.get(), "the main flow", LOOK_AT);
            if (notStopped != null) {
                throw notStopped;
            }
        }
    }
}
