package workshop.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;
import workshop.testkit.Rendezvous;
import workshop.testkit.Threads;

@DisplayName("Task 1: a fixed pool of 2 runs the batch, two at a time, results in the tasks' order")
class RunOnPoolTest {
    private static final String LOOK_AT = "Batch.runAll (task 1): which pool, and when to call get()";
    private static final int TASKS = 4;

    /** Tasks 0 and 1 meet (proving two run at once), then keep working until the test lets them go. */
    private final Rendezvous firstTwo = new Rendezvous(2);
    private final List<Hold> holds = List.of(new Hold(), new Hold());
    private final AtomicReferenceArray<Thread> ranOn = new AtomicReferenceArray<>(TASKS);
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final Set<Integer> done = ConcurrentHashMap.newKeySet();

    private List<Callable<Integer>> tasks() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            int task = i;
            tasks.add(() -> {
                ranOn.set(task, Thread.currentThread());
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    if (task < 2) {
                        firstTwo.arrive();
                        holds.get(task).hold(null);
                    }
                    return (task + 1) * 10;
                } finally {
                    inside.decrementAndGet();
                    done.add(task);
                }
            });
        }
        return tasks;
    }

    private String threadsUsed() {
        return IntStream.range(0, TASKS)
                .mapToObj(i -> "task " + i + " on " + (ranOn.get(i) == null ? "(not run)" : "'" + ranOn.get(i).getName() + "'"))
                .collect(Collectors.joining(", "));
    }

    @Test
    @DisplayName("two tasks really run at once, never more, on two worker threads (not the caller's), and the results come back in the tasks' order")
    void runsTwoAtATimeOnTwoWorkers() {
        BatchCall<Integer> call = BatchCall.start(tasks());
        try {
            Bounded.until(() -> firstTwo.allArrived() || !call.caller.isAlive(), Bounded.PATIENCE,
                    () -> Feedback.message("pool of 2", "tasks 0 and 1 should be running at the same time.",
                            "only " + firstTwo.mostInsideAtOnce() + " ran at once (" + threadsUsed() + "): was each"
                                    + " result waited for (get()) right after its submit, before the next task was"
                                    + " handed out? batch-caller is " + Threads.describe(call.caller),
                            LOOK_AT));
            if (ranOn.get(0) == call.caller || ranOn.get(1) == call.caller) {
                throw Feedback.fail("pool", "the tasks should run on the pool's worker threads.",
                        "a task ran on the caller's own thread: " + threadsUsed(), LOOK_AT);
            }
            // Tasks 0 and 1 are still working. Once every task has been handed out, a pool of 2 has
            // nobody left to run tasks 2 and 3: they wait in its queue.
            Bounded.until(call::waitingForResults, Bounded.PATIENCE,
                    () -> Feedback.message("pool", "runAll should hand out every task, then wait for the results.",
                            "it never got to waiting: batch-caller is " + Threads.describe(call.caller), LOOK_AT));
            // Task 1 finishes first, then 2 and 3 (on task 1's worker), then task 0.
            holds.get(1).release();
            Bounded.until(() -> done.containsAll(Set.of(1, 2, 3)) || !call.caller.isAlive(), Bounded.PATIENCE,
                    () -> Feedback.message("pool", "once task 1 finished, its worker should run tasks 2 and 3.",
                            "they never finished (" + threadsUsed() + "). A task that never runs was dropped from the"
                                    + " queue: shutdownNow() hands back the queued tasks instead of running them",
                            LOOK_AT));
            holds.get(0).release();
            call.awaitReturn(LOOK_AT);

            Set<Thread> workers = IntStream.range(0, TASKS).mapToObj(ranOn::get)
                    .filter(t -> t != null).collect(Collectors.toSet());
            if (workers.contains(call.caller)) {
                throw Feedback.fail("pool", "every task should run on one of the pool's worker threads.",
                        "a task ran on the caller's own thread: " + threadsUsed(), LOOK_AT);
            }
            if (workers.size() > Batch.WORKERS || mostInside.get() > Batch.WORKERS) {
                throw Feedback.fail("bounded pool",
                        "at most " + Batch.WORKERS + " tasks should run at once, on " + Batch.WORKERS + " worker threads.",
                        mostInside.get() + " ran at once, on " + workers.size() + " threads (" + threadsUsed()
                                + "): while tasks 0 and 1 were busy, the pool started new threads for tasks 2 and 3"
                                + " instead of queueing them. A cached pool (or one larger than " + Batch.WORKERS
                                + ") has no such bound",
                        LOOK_AT);
            }
            if (call.thrown() != null) {
                throw Feedback.fail("pool", "runAll should return the results.",
                        "it threw " + call.thrown(), LOOK_AT);
            }
            if (!List.of(10, 20, 30, 40).equals(call.results())) {
                throw Feedback.fail("futures", "the results should come back in the tasks' order: [10, 20, 30, 40].",
                        "runAll returned " + call.results() + ", though the tasks finished in the order 1, 2, 3, 0."
                                + " Keep each task's Future in a list, in submission order, and read them in that order",
                        LOOK_AT);
            }
        } finally {
            firstTwo.abandon();
            holds.forEach(Hold::release);
        }
    }
}
