package workshop.pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;
import workshop.testkit.LockWaits;
import workshop.testkit.ThreadSnapshot;

@DisplayName("Task 3: the pool is always shut down, even when a task fails")
class ShutdownTest {
    private static final String LOOK_AT = "Batch.runAll (task 3): shut the pool down (try-with-resources)";
    private static final String LOOK_AT_INTERRUPT = "Batch.runAll (task 3): what to do with an InterruptedException";

    @Test
    @DisplayName("no worker thread is left alive after runAll returns")
    void noWorkerLeftAfterSuccess() {
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        BatchCall<Integer> call = BatchCall.start(tasks);
        call.awaitReturn(LOOK_AT);
        call.assertNoWorkerLeft(LOOK_AT);
    }

    @Test
    @DisplayName("no worker thread is left alive after runAll throws")
    void noWorkerLeftAfterFailure() {
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
            throw new IllegalStateException("bad quote");
        }, () -> 3);
        BatchCall<Integer> call = BatchCall.start(tasks);
        call.awaitReturn(LOOK_AT);
        call.assertNoWorkerLeft(LOOK_AT);
    }

    @Test
    @DisplayName("every call has a pool of its own: a second batch runs too, and leaves no worker either")
    void everyCallHasItsOwnPool() {
        for (int batch = 1; batch <= 2; batch++) {
            int first = batch * 10;
            List<Callable<Integer>> tasks = List.of(() -> first, () -> first + 1);
            BatchCall<Integer> call = BatchCall.start(tasks);
            call.awaitReturn(LOOK_AT);
            if (call.thrown() != null || !List.of(first, first + 1).equals(call.results())) {
                throw Feedback.fail("pool life cycle", "a second call of runAll should work like the first.",
                        "batch " + batch + (call.thrown() != null ? " threw " + ThreadSnapshot.describe(call.thrown())
                                : " returned " + call.results()) + ". A pool kept from an earlier call (in a static"
                                + " field, say) is shut down, or never is: make the pool inside runAll",
                        LOOK_AT);
            }
            call.assertNoWorkerLeft(LOOK_AT);
        }
    }

    @Test
    @DisplayName("two callers at once each run their own batch: a second call runs while the first waits, and neither leaves a worker")
    void twoCallersAtOnceDoNotWaitForEachOther() {
        List<Hold> holds = List.of(new Hold(), new Hold());
        List<Callable<Integer>> held = List.of(heldTask(holds.get(0), 1), heldTask(holds.get(1), 2));
        BatchCall<Integer> first = BatchCall.start("batch-caller-1", held);
        try {
            Bounded.until(first::waitingForResults, Bounded.PATIENCE, () -> Feedback.message("pool",
                    "runAll should hand out every task, then wait for the results.",
                    "it never got to waiting: " + first.callerNow(), LOOK_AT));
            // The first caller now waits for its two tasks, which the test holds. A second call
            // needs nothing of the first one's, so a correct runAll returns on its own; one that
            // waits for a lock the first caller holds (a synchronized runAll) waits for the
            // first batch to end. A correct caller-1 holds no lock while it waits for its
            // results (its pool's own locks are released while it waits), so the sign cannot
            // be seen on it.
            BatchCall<Integer> second = BatchCall.start("batch-caller-2", List.of(() -> 50, () -> 60));
            Bounded.until(() -> !second.caller.isAlive() || LockWaits.isWaitingForLockHeldBy(second.caller, first.caller),
                    Bounded.GENEROUS, () -> Feedback.message("one call does not hold up another",
                            "a second call of runAll should run its batch while the first call waits for its tasks.",
                            "it did not return: " + second.callerNow(), LOOK_AT));
            if (second.caller.isAlive()) {
                throw Feedback.fail("one call does not hold up another",
                        "two threads calling runAll at once should each wait only for their own tasks.",
                        "batch-caller-2 waits for a lock that batch-caller-1 holds while it waits for its own tasks ("
                                + second.callerNow() + "): runAll lets one caller in at a time (synchronized?)."
                                + " Every call has a pool of its own and keeps nothing between calls, so it needs no lock",
                        LOOK_AT);
            }
            if (second.thrown() != null || !List.of(50, 60).equals(second.results())) {
                throw Feedback.fail("one call does not hold up another",
                        "a second call of runAll, while the first waits, should return its own results: [50, 60].",
                        "batch-caller-2 " + (second.thrown() != null ? "threw " + ThreadSnapshot.describe(second.thrown())
                                : "returned " + second.results()),
                        LOOK_AT);
            }
            holds.forEach(Hold::release);
            first.awaitReturn(LOOK_AT);
            if (first.thrown() != null || !List.of(1, 2).equals(first.results())) {
                throw Feedback.fail("one call does not hold up another",
                        "the first call should still return its own results, [1, 2], once its tasks are done.",
                        "batch-caller-1 " + (first.thrown() != null ? "threw " + ThreadSnapshot.describe(first.thrown())
                                : "returned " + first.results()),
                        LOOK_AT);
            }
            first.assertNoWorkerLeft(LOOK_AT);
            second.assertNoWorkerLeft(LOOK_AT);
        } finally {
            holds.forEach(Hold::release);
        }
    }

    @Test
    @DisplayName("when the caller is interrupted while it waits, runAll throws InterruptedException and leaves no worker")
    void anInterruptedCallerStopsWaiting() {
        List<Hold> holds = List.of(new Hold(), new Hold());
        List<Callable<Integer>> tasks = List.of(
                heldTask(holds.get(0), 1),
                heldTask(holds.get(1), 2),
                () -> 3,
                () -> 4);
        BatchCall<Integer> call = BatchCall.start(tasks);
        Thread caller = call.caller;
        try {
            Bounded.until(call::waitingForResults, Bounded.PATIENCE, () -> Feedback.message("pool",
                    "runAll should hand out every task, then wait for the results.",
                    "it never got to waiting: " + call.callerNow(), LOOK_AT));
            long waitsBefore = ThreadSnapshot.of(caller).waitedCount();
            Map<Thread, Long> cpu = Blocking.cpuNow(List.of(caller));
            caller.interrupt();
            // Tasks 0 and 1 are still held. The caller has dealt with the interrupt once it has
            // ended, or waits again after waking up (in close(), or on in a wait that cannot be
            // interrupted); a caller that keeps asking instead spins. A correct caller parks at
            // once, so 100 ms of CPU cannot be it.
            Bounded.until(() -> !caller.isAlive() || waitsAgain(caller, waitsBefore)
                            || Blocking.clearlySpinning(cpu) != null, Bounded.GENEROUS,
                    () -> "batch-caller neither ended nor waited after its interrupt: " + call.callerNow());
            if (caller.isAlive() && Blocking.clearlySpinning(cpu) != null) {
                throw Feedback.fail("interruption",
                        "an interrupted runAll should stop waiting: throw InterruptedException.",
                        "after its interrupt, batch-caller keeps running without waiting (it spins): "
                                + call.callerNow() + System.lineSeparator()
                                + "    Once the flag is set, get() throws InterruptedException at once, every time: catching"
                                + " it and asking again (even after restoring the flag) is a busy loop",
                        LOOK_AT_INTERRUPT);
            }
            // A caller that waits for its workers with a time limit of its own (awaitTermination(t),
            // not the one close() makes) gives up on them when it runs out: tasks 0 and 1 stay held
            // longer than any limit a learner might pick. A caller in close() waits until they end.
            ThreadSnapshot waiting = ThreadSnapshot.of(caller);
            if (waiting.isTimedWaiting() && !waiting.hasMethod("close")) {
                Bounded.within(() -> !caller.isAlive(), Bounded.PATIENCE);
            }
            if (!caller.isAlive()) {
                call.awaitReturn(LOOK_AT_INTERRUPT);
                call.assertNoWorkerLeft(LOOK_AT_INTERRUPT); // tasks 0 and 1 are still held
            }
            holds.forEach(Hold::release);
            call.awaitReturn(LOOK_AT_INTERRUPT);
            Throwable thrown = call.thrown();
            boolean keptTheFlag = thrown == null && call.interruptedAtReturn() && List.of(1, 2, 3, 4).equals(call.results());
            if (!(thrown instanceof InterruptedException) && !keptTheFlag) {
                throw Feedback.fail("interruption",
                        "when the thread calling runAll is interrupted while it waits, runAll should throw"
                                + " InterruptedException.",
                        (thrown != null ? "it threw " + ThreadSnapshot.describe(thrown)
                                : "it returned " + call.results() + (call.interruptedAtReturn() ? ""
                                        : " with the interrupt flag cleared")) + "." + System.lineSeparator()
                                + "    An interrupt asks the thread to stop: catching InterruptedException and going on"
                                + " (or returning) hides that request from the caller. Let it propagate: runAll"
                                + " declares it",
                        LOOK_AT_INTERRUPT);
            }
            call.assertNoWorkerLeft(LOOK_AT_INTERRUPT);
        } finally {
            holds.forEach(Hold::release);
        }
    }

    /** True when the thread is parked again, in a wait it entered after the one it was interrupted in. */
    private static boolean waitsAgain(Thread caller, long waitsBefore) {
        ThreadSnapshot now = ThreadSnapshot.of(caller);
        return now.isWaiting() && now.waitedCount() > waitsBefore;
    }

    /** A task that returns {@code result} once the test lets {@code hold} go. */
    private static Callable<Integer> heldTask(Hold hold, int result) {
        return () -> {
            hold.hold(null);
            return result;
        };
    }
}
