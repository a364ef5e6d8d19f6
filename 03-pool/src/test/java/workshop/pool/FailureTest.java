package workshop.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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

    /** Runs the batch; task {@code heldTask} (if not -1) is held until the caller waits for results, or is done. */
    private static BatchCall<Integer> run(List<Callable<Integer>> tasks, int heldTask) {
        if (heldTask < 0) {
            return BatchCall.start(tasks);
        }
        Hold hold = new Hold();
        List<Callable<Integer>> withHold = new ArrayList<>(tasks);
        Callable<Integer> held = tasks.get(heldTask);
        withHold.set(heldTask, () -> {
            hold.hold(null);
            return held.call();
        });
        BatchCall<Integer> call = BatchCall.start(withHold);
        try {
            // The failure is in; a caller that goes on collecting waits for the held task's result.
            Bounded.until(call::waitingForResults, Bounded.PATIENCE, () -> Feedback.message("exceptions in tasks",
                    "after a failure, runAll should go on collecting the other results.",
                    "it never got to waiting: " + call.callerNow(), LOOK_AT));
        } finally {
            hold.release();
        }
        return call;
    }

    /**
     * Runs the batch and checks the BatchFailure: {@code cause} as its cause, the other results kept.
     * {@code other} is another task's failure (or null), which must not be the cause.
     */
    private static void check(List<Callable<Integer>> tasks, Throwable cause, Throwable other, String which,
            int... failing) {
        check(run(tasks, -1), cause, other, which, failing);
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
        // Task 1 is still working when task 0's failure is in: its result must be waited for too.
        check(run(tasks(failure), 1), failure, null, "task 0", 0);
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
