package workshop.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.HeldJobs;
import workshop.testkit.Joins;
import workshop.testkit.LockWaits;
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

    /** Every main flow a test started, with its work: let go and waited for when the test ends. */
    private final Map<Thread, HeldJobs> flows = new ConcurrentHashMap<>();

    /**
     * Lets every worker go and waits (bounded) for it and its main flow to end, so that none of
     * their log lines ("First: Finishing") turns up in the next test's log.
     */
    @AfterEach
    void letEveryFlowEnd() {
        flows.values().forEach(HeldJobs::releaseAll);
        Bounded.within(() -> flows.entrySet().stream().allMatch(flow -> !flow.getKey().isAlive()
                && (flow.getValue().threadOf(0) == null || !flow.getValue().threadOf(0).isAlive())), Bounded.GENEROUS);
    }

    private Thread startMainFlow() {
        return startMainFlow("First", "Main-Thread", work, failure, interruptStatusAfter);
    }

    private Thread startMainFlow(String workerName, String threadName, HeldJobs held,
            AtomicReference<Throwable> thrown, AtomicBoolean interruptStatus) {
        Worker worker = new Worker(workerName, () -> held.hold(0));
        Thread main = new Thread(() -> {
            try {
                ThreadBasics.mainFlow(worker);
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptStatus.set(Thread.currentThread().isInterrupted());
        }, threadName);
        main.setDaemon(true);
        held.waiter(main);
        flows.put(main, held);
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

    @Test
    @DisplayName("two main flows at once each wait only for their own worker")
    void twoMainFlowsDoNotWaitForEachOther() {
        HeldJobs secondWork = new HeldJobs(1);
        try (work; secondWork) {
            Thread first = startMainFlow();
            // The first flow waits for its worker, which the test holds; the second must still
            // be able to run to its end: the main flow keeps nothing between calls.
            AtomicBoolean firstWaits = new AtomicBoolean();
            Bounded.until(() -> {
                if (waitsForItsWorker(first, work)) {
                    firstWaits.set(true); // seen once is enough: a loop of short timed joins is not always inside one
                }
                return firstWaits.get() || !first.isAlive();
            }, Bounded.GENEROUS,
                    () -> Feedback.message("join", "the main flow should wait for its worker.",
                            "it is " + Stacks.describe(first), LOOK_AT));
            if (!firstWaits.get()) {
                throw Feedback.fail("join", "the main flow should wait for its worker to finish.",
                        "it did not wait for it. The log so far:" + log.transcript(), LOOK_AT);
            }
            AtomicReference<Throwable> secondFailure = new AtomicReference<>();
            Thread second = startMainFlow("Second", "Main-Thread-2", secondWork, secondFailure, new AtomicBoolean());
            Bounded.until(() -> !second.isAlive() || secondWork.began(0)
                            || LockWaits.isWaitingForLockHeldBy(second, first), Bounded.GENEROUS,
                    () -> Feedback.message("one call does not hold up another", "a second main flow should run"
                            + " while the first waits.", "Main-Thread-2 is " + Stacks.describe(second), LOOK_AT));
            if (LockWaits.isWaitingForLockHeldBy(second, first)) {
                throw Feedback.fail("one call does not hold up another",
                        "two main flows at once should each wait only for their own worker.",
                        "Main-Thread-2 waits for a lock that Main-Thread holds while it waits for its worker ("
                                + Stacks.describe(second) + "): mainFlow lets one caller in at a time"
                                + " (synchronized?). It keeps nothing between calls, so it needs no lock",
                        LOOK_AT);
            }
            HeldJobs.Outcome seen = secondWork.awaitWaiter(Bounded.GENEROUS);
            AssertionFailedError notWaiting = WaitFeedback.notWaiting(seen, "the main flow", "its worker",
                    "its worker was", LOOK_AT);
            if (notWaiting != null) {
                throw notWaiting;
            }
            if (!first.isAlive()) {
                throw Feedback.fail("join", "the main flow should wait for its worker to finish.",
                        "the first main flow ended while its worker was still working", LOOK_AT);
            }
        }
    }

    private static boolean waitsForItsWorker(Thread main, HeldJobs held) {
        Thread worker = held.threadOf(0);
        return worker != null && worker != main && Joins.waitOf(main, worker) != Joins.Wait.NONE;
    }
}
