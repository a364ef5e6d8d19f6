package workshop.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;
import workshop.testkit.ThreadSnapshot;

@DisplayName("Task 2: a task's exception reaches the caller, and no other result is lost")
class FailureTest {
    private static final String LOOK_AT = "Batch.runAll (task 2): what Future.get() throws, and what it wraps";

    /** The five tasks' results when they succeed: not sorted, so that no reordering goes unnoticed. */
    private static final List<Integer> VALUES = List.of(30, 10, 50, 20, 40);

    /** What a task throws that is not an Exception: an Error reaches the caller the same way. */
    static final class QuoteServiceError extends Error {
        QuoteServiceError(String message) {
            super(message);
        }
    }

    /** Five tasks; task {@code i} throws {@code failures[i]} if that is not null. */
    private static List<Callable<Integer>> tasks(Throwable... failures) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            int task = i;
            tasks.add(() -> {
                Throwable failure = task < failures.length ? failures[task] : null;
                throwIt(failure);
                return VALUES.get(task);
            });
        }
        return tasks;
    }

    private static void throwIt(Throwable failure) throws Exception {
        if (failure instanceof Exception exception) {
            throw exception;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    private static List<Object> expectedResults(int... failing) {
        List<Object> expected = new ArrayList<>(VALUES);
        Arrays.stream(failing).forEach(i -> expected.set(i, null));
        return expected;
    }

    /**
     * Runs the batch with task 1 still working until the caller has taken in task 0's failure and
     * waits again (for task 1's result, if it goes on collecting). Task 0 fails only once the
     * caller waits, so its failure wakes the caller and the caller's next wait is a new one. A
     * caller that gives up at the failure instead (cancelling the others, or shutdownNow) loses
     * task 1's result on every run. A caller that no failure wakes (one waiting on a latch, say)
     * is let go as soon as task 0 has failed.
     */
    private static BatchCall<Integer> runWhileTask1Works(IOException failure) {
        List<Hold> holds = List.of(new Hold(), new Hold());
        AtomicBoolean task0Failed = new AtomicBoolean();
        List<Callable<Integer>> tasks = new ArrayList<>(tasks(failure));
        Callable<Integer> task0 = tasks.get(0);
        Callable<Integer> task1 = tasks.get(1);
        tasks.set(0, () -> {
            holds.get(0).hold(null);
            try {
                return task0.call();
            } finally {
                task0Failed.set(true);
            }
        });
        tasks.set(1, () -> {
            holds.get(1).hold(null);
            return task1.call();
        });
        BatchCall<Integer> call = BatchCall.start(tasks);
        try {
            Bounded.until(call::waitingForResults, Bounded.PATIENCE, () -> Feedback.message("futures",
                    "runAll should hand out every task, then wait for the results.",
                    "it never got to waiting: " + call.callerNow(), LOOK_AT));
            long waits = ThreadSnapshot.of(call.caller).waitedCount();
            holds.get(0).release();
            // Or: the caller waits while no worker is left to wake it (the others were dropped).
            Bounded.within(() -> !call.caller.isAlive() || waitsAgain(call, waits)
                    || task0Failed.get() && waitsWithoutAFuture(call)
                    || call.waitingForResults() && call.workers().stream().noneMatch(Thread::isAlive), Bounded.GENEROUS);
        } finally {
            holds.forEach(Hold::release);
        }
        return call;
    }

    /** Parked again since it had {@code waits} waits, and not in logging. */
    private static boolean waitsAgain(BatchCall<Integer> call, long waits) {
        ThreadSnapshot now = ThreadSnapshot.of(call.caller);
        return now.isWaiting() && now.waitedCount() > waits && !now.hasClass("ch.qos.logback.");
    }

    /** Waits for the results in something no single failure wakes (a latch, say), not a Future. */
    private static boolean waitsWithoutAFuture(BatchCall<Integer> call) {
        ThreadSnapshot now = ThreadSnapshot.of(call.caller);
        return call.waitingForResults() && !now.hasClass("java.util.concurrent.FutureTask")
                && !now.hasClass("java.util.concurrent.CompletableFuture")
                && !now.hasClass("java.util.concurrent.ExecutorCompletionService");
    }

    /**
     * Runs the batch and checks the BatchFailure: {@code cause} as its cause, the other results kept.
     * {@code other} is another task's failure (or null), which must not be the cause.
     */
    private static void check(List<Callable<Integer>> tasks, Throwable cause, Throwable other, String which,
            int... failing) {
        check(BatchCall.start(tasks), cause, other, which, failing);
    }

    private static void check(BatchCall<Integer> call, Throwable cause, Throwable other, String which,
            int... failing) {
        call.awaitReturn(LOOK_AT);
        Throwable thrown = call.thrown();
        if (thrown == null) {
            throw Feedback.fail("exceptions in tasks", "runAll should throw a BatchFailure when " + which + " throws.",
                    "it returned " + call.results() + " as if nothing had happened: the task's " + kind(cause)
                            + " was swallowed, and the caller cannot tell a failure from a null result",
                    LOOK_AT);
        }
        if (!(thrown instanceof BatchFailure batchFailure)) {
            throw Feedback.fail("exceptions in tasks", "runAll should throw a BatchFailure when " + which + " throws.",
                    "it threw " + ThreadSnapshot.describe(thrown), LOOK_AT);
        }
        if (batchFailure.getCause() != cause) {
            Throwable actual = batchFailure.getCause();
            throw Feedback.fail("exceptions in tasks",
                    "the BatchFailure's cause should be " + which + "'s own " + kind(cause) + ": " + cause + ".",
                    "its cause is " + actual
                            + (actual instanceof ExecutionException
                                    ? ": Future.get() wraps what the task threw in an ExecutionException;"
                                            + " its getCause() is the task's own exception"
                                    : actual == other && other != null
                                            ? ": that is another failed task's. With several failures, the cause is the"
                                                    + " first failed task's in the tasks' order, whichever failed first"
                                                    + " in time"
                                            : ""),
                    LOOK_AT);
        }
        if (!expectedResults(failing).equals(batchFailure.results())) {
            throw Feedback.fail("exceptions in tasks",
                    "the other tasks' results should not be lost: " + expectedResults(failing) + ".",
                    "the BatchFailure holds " + batchFailure.results() + ": runAll stopped collecting at the"
                            + " failure (cancelling the tasks still running, or dropping the queued ones), or lost the"
                            + " results' order. Remember the failure, collect every other result (a null for each"
                            + " failed task), then throw",
                    LOOK_AT);
        }
    }

    private static String kind(Throwable cause) {
        return cause instanceof Error ? "Error" : "exception";
    }

    @Test
    @DisplayName("when the first task fails, runAll throws with the task's own exception as the cause, and keeps the 4 other results")
    void firstTaskFails() {
        IOException failure = new IOException("quote service unreachable");
        // Task 1 is still working when the caller has task 0's failure: its result must be waited for too.
        check(runWhileTask1Works(failure), failure, null, "task 0", 0);
    }

    @Test
    @DisplayName("when a task in the middle fails, the results before and after it are all kept")
    void middleTaskFails() {
        IOException failure = new IOException("quote service unreachable");
        check(tasks(null, null, failure), failure, null, "task 2", 2);
    }

    @Test
    @DisplayName("a task that throws an Error fails the batch the same way: the Error is the cause")
    void anErrorIsAFailureToo() {
        QuoteServiceError failure = new QuoteServiceError("quote service crashed");
        check(tasks(null, null, null, failure), failure, null, "task 3", 3);
    }

    @Test
    @DisplayName("when two tasks fail, the cause is the first failed task's in the tasks' order, though the other failed first")
    void twoFailuresTheFirstInTheTasksOrderIsTheCause() {
        IOException first = new IOException("quote 1: service unreachable");
        IllegalStateException later = new IllegalStateException("quote 3: bad data");
        CountDownLatch laterFailed = new CountDownLatch(1);
        List<Callable<Integer>> tasks = new ArrayList<>(tasks(null, first, null, later));
        // Task 3 fails first in time: task 1 waits for it (bounded) before it throws.
        Callable<Integer> task1 = tasks.get(1);
        Callable<Integer> task3 = tasks.get(3);
        tasks.set(1, () -> {
            Bounded.quietly(laterFailed, Bounded.GENEROUS);
            return task1.call();
        });
        tasks.set(3, () -> {
            try {
                return task3.call();
            } finally {
                laterFailed.countDown();
            }
        });
        check(tasks, first, later, "task 1", 1, 3);
    }
}
