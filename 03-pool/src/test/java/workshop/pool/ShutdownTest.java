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
    @DisplayName("when the caller is interrupted while it waits, runAll throws InterruptedException and leaves no worker")
    void anInterruptedCallerStopsWaiting() {
        List<Hold> holds = List.of(new Hold(), new Hold());
        List<Callable<Integer>> tasks = List.of(
                () -> {
                    holds.get(0).hold(null);
                    return 1;
                },
                () -> {
                    holds.get(1).hold(null);
                    return 2;
                },
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
}
