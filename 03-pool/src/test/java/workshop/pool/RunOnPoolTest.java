package workshop.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;
import workshop.testkit.Rendezvous;
import workshop.testkit.ThreadSnapshot;

@DisplayName("Task 1: a fixed pool of 2 runs the batch, two at a time, results in the tasks' order")
class RunOnPoolTest {
    private static final String LOOK_AT = "Batch.runAll (task 1): which pool, and when to call get()";

    /** The four tasks' results: not sorted, one repeated, so no ordering or set of results can fake them. */
    private static final List<Integer> VALUES = List.of(30, 10, 40, 10);

    /**
     * More tasks than any bounded queue a learner might pick (100, 1000, 1024) holds behind two
     * busy workers: a pool of 2 must queue them all.
     */
    private static final int BIG_BATCH = 2_000;

    /** Tasks 0 and 1 meet (proving two run at once), then keep working until the test lets them go. */
    private final Rendezvous firstTwo = new Rendezvous(2);
    private final List<Hold> holds = List.of(new Hold(), new Hold());
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final Set<Integer> done = ConcurrentHashMap.newKeySet();

    /** {@code count} tasks; the first {@code held} wait for their Hold (after meeting, if {@code meet}). */
    private List<Callable<Integer>> tasks(int count, int held, boolean meet) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int task = i;
            tasks.add(() -> {
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    if (task < held) {
                        if (meet) {
                            firstTwo.arrive();
                        }
                        holds.get(task).hold(null);
                    }
                    return valueOf(task);
                } finally {
                    inside.decrementAndGet();
                    done.add(task);
                }
            });
        }
        return tasks;
    }

    private static int valueOf(int task) {
        return task < VALUES.size() ? VALUES.get(task) : (task * 7919) % 1000; // not sorted either
    }

    private static List<Integer> expected(int count) {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(valueOf(i));
        }
        return expected;
    }

    @Test
    @DisplayName("two tasks really run at once, never more, on two worker threads (not the caller's), and the results come back in the tasks' order")
    void runsTwoAtATimeOnTwoWorkers() {
        BatchCall<Integer> call = BatchCall.start(tasks(VALUES.size(), 2, true));
        try {
            // A task on the caller's thread, or a third worker, fails at once: neither can happen in a pool of 2.
            Bounded.until(() -> firstTwo.allArrived() || !call.caller.isAlive() || wrongThreads(call), Bounded.PATIENCE,
                    () -> Feedback.message("pool of 2", "tasks 0 and 1 should be running at the same time.",
                            "only " + firstTwo.mostInsideAtOnce() + " ran at once (" + call.threadsUsed(VALUES.size())
                                    + "): was each result waited for (get()) right after its submit, before the next"
                                    + " task was handed out? " + call.callerNow(),
                            LOOK_AT));
            checkThreads(call, VALUES.size());
            // Tasks 0 and 1 are still working. Once every task has been handed out, a pool of 2 has
            // nobody left to run tasks 2 and 3: they wait in its queue.
            Bounded.until(() -> call.waitingForResults() || wrongThreads(call), Bounded.PATIENCE,
                    () -> Feedback.message("pool", "runAll should hand out every task, then wait for the results.",
                            "it never got to waiting: " + call.callerNow(), LOOK_AT));
            checkThreads(call, VALUES.size());
            // Task 1 finishes first, then 2 and 3 (on task 1's worker), then task 0.
            holds.get(1).release();
            Bounded.until(() -> done.containsAll(Set.of(1, 2, 3)) || !call.caller.isAlive() || wrongThreads(call),
                    Bounded.PATIENCE,
                    () -> Feedback.message("pool", "once task 1 finished, its worker should run tasks 2 and 3.",
                            "they never finished (" + call.threadsUsed(VALUES.size()) + "). A task that never runs was"
                                    + " dropped from the queue: shutdownNow() hands back the queued tasks instead of"
                                    + " running them",
                            LOOK_AT));
            holds.get(0).release();
            call.awaitReturn(LOOK_AT);
            checkThreads(call, VALUES.size());
            checkReturned(call, VALUES.size(), " though the tasks finished in the order 1, 2, 3, 0");
        } finally {
            firstTwo.abandon();
            holds.forEach(Hold::release);
        }
    }

    @Test
    @DisplayName("runAll waits for a slow task as long as it takes: no time limit on the wait")
    void waitsForASlowTaskWithoutATimeLimit() {
        BatchCall<Integer> call = BatchCall.start(tasks(VALUES.size(), 1, false));
        try {
            Bounded.until(() -> call.waitingForResults() || wrongThreads(call), Bounded.PATIENCE,
                    () -> Feedback.message("futures", "runAll should hand out every task, then wait for the results.",
                            "it never got to waiting: " + call.callerNow(), LOOK_AT));
            checkThreads(call, VALUES.size());
            // Task 0 is held, so its result cannot be there: the caller waits for it. No correct
            // answer waits with a time limit here (awaitTermination, where close() waits with a
            // bound of a day, is not counted), so one look is enough.
            ThreadSnapshot timed = call.timedWaitForResults();
            if (timed != null) {
                throw Feedback.fail("waiting for results",
                        "while task 0 is still working, runAll should wait for its result for as long as it takes.",
                        "batch-caller waits with a time limit: " + timed.describe() + System.lineSeparator()
                                + "    A timed wait (get(timeout), invokeAll(tasks, timeout), poll(timeout)) gives up on"
                                + " a task that is slower than its bound; a sleep between looks (isDone()) only polls."
                                + " Future.get() waits until the result is there",
                        LOOK_AT);
            }
            holds.get(0).release();
            call.awaitReturn(LOOK_AT);
            checkThreads(call, VALUES.size());
            checkReturned(call, VALUES.size(), "");
        } finally {
            holds.forEach(Hold::release);
        }
    }

    @Test
    @DisplayName("a batch of 2,000 tasks, queued behind two busy workers, all run, each once, on those two workers")
    void aBatchBiggerThanAnyQueueAllRuns() {
        BatchCall<Integer> call = BatchCall.start(tasks(BIG_BATCH, 2, false));
        try {
            Bounded.until(() -> call.waitingForResults() || wrongThreads(call), Bounded.PATIENCE,
                    () -> Feedback.message("the pool's queue", "runAll should hand out all " + BIG_BATCH
                                    + " tasks, then wait for the results.",
                            "it never got to waiting: " + call.callerNow()
                                    + (call.caller.isAlive() && ThreadSnapshot.of(call.caller).hasMethod("put")
                                            ? System.lineSeparator() + "    It waits to put a task into a full queue:"
                                                    + " a bounded queue makes the caller wait until a worker is free"
                                            : ""),
                    LOOK_AT));
            checkThreads(call, BIG_BATCH);
            holds.forEach(Hold::release);
            call.awaitReturn(LOOK_AT);
            checkThreads(call, BIG_BATCH);
            if (call.thrown() instanceof RejectedExecutionException refused) {
                throw Feedback.fail("the pool's queue",
                        "every task of a batch should be accepted: tasks beyond the " + Batch.WORKERS
                                + " running ones wait in the pool's queue, however many there are.",
                        "runAll threw " + ThreadSnapshot.describe(refused) + System.lineSeparator()
                                + "    The pool refused a task: its queue is bounded. Executors.newFixedThreadPool's"
                                + " queue has no bound",
                        LOOK_AT);
            }
            checkReturned(call, BIG_BATCH, "");
        } finally {
            holds.forEach(Hold::release);
        }
    }

    /** A positive sign of a wrong pool, seen at once: a task on the caller, a task run twice, a third worker. */
    private boolean wrongThreads(BatchCall<Integer> call) {
        return call.taskRunOnTheCaller() >= 0 || call.taskRunTwice() >= 0
                || call.workers().size() > Batch.WORKERS || mostInside.get() > Batch.WORKERS;
    }

    private void checkThreads(BatchCall<Integer> call, int count) {
        int onCaller = call.taskRunOnTheCaller();
        if (onCaller >= 0) {
            throw Feedback.fail("pool", "every task should run on one of the pool's worker threads, and only there.",
                    "task " + onCaller + " ran on the caller's own thread (" + call.threadsUsedUpTo(onCaller)
                            + "). A task's call() belongs on the pool: submit it, do not call it. (A pool with a bounded queue"
                            + " and CallerRunsPolicy also runs on the caller every task that does not fit.)",
                    LOOK_AT);
        }
        int twice = call.taskRunTwice();
        if (twice >= 0) {
            throw Feedback.fail("pool", "every task should run exactly once.",
                    "task " + twice + " ran " + call.ranOn(twice).size() + " times (" + call.threadsUsedUpTo(twice) + ")"
                            + ". Was it handed to the pool twice?",
                    LOOK_AT);
        }
        int workers = call.workers().size();
        if (workers > Batch.WORKERS || mostInside.get() > Batch.WORKERS) {
            throw Feedback.fail("bounded pool",
                    "at most " + Batch.WORKERS + " tasks should run at once, on " + Batch.WORKERS + " worker threads.",
                    mostInside.get() + " ran at once, on " + workers + " threads (" + call.threadsUsed(Math.min(count, 8))
                            + "): while tasks 0 and 1 were busy, the pool started new threads for the next tasks"
                            + " instead of queueing them. A cached pool, one thread per task, or a pool larger than "
                            + Batch.WORKERS + " has no such bound",
                    LOOK_AT);
        }
    }

    private static void checkReturned(BatchCall<Integer> call, int count, String finishOrder) {
        if (call.thrown() != null) {
            throw Feedback.fail("pool", "runAll should return the results.",
                    "it threw " + ThreadSnapshot.describe(call.thrown()), LOOK_AT);
        }
        List<Integer> expected = expected(count);
        if (!expected.equals(call.results())) {
            throw Feedback.fail("futures", "the results should come back in the tasks' order"
                            + (count <= 8 ? ": " + expected : "") + ".",
                    "runAll returned " + shortList(call.results()) + "," + finishOrder
                            + (count <= 8 ? "" : " (expected " + shortList(expected) + ")")
                            + ". Keep each task's Future in a list, in submission order, and read them in that order",
                    LOOK_AT);
        }
    }

    private static String shortList(List<Integer> list) {
        if (list == null || list.size() <= 8) {
            return String.valueOf(list);
        }
        return list.subList(0, 8).toString().replace("]", ", ... (" + list.size() + " results)]");
    }
}
