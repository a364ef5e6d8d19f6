package workshop.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;
import workshop.testkit.Rendezvous;
import workshop.testkit.ThreadLeaks;
import workshop.testkit.Threads;

@DisplayName("Task 3: start every worker, then join every worker")
class ComputeAllTest {
    private static final String LOOK_AT = "ThreadBasics.computeAll (task 3)";
    private static final int JOBS = 3;

    /** Three jobs that meet at a rendezvous, then keep working until released or joined. */
    private final Rendezvous together = new Rendezvous(JOBS, Bounded.GENEROUS);
    private final List<Hold> holds = IntStream.range(0, JOBS).mapToObj(i -> new Hold()).toList();
    private final AtomicReferenceArray<Thread> ranOn = new AtomicReferenceArray<>(JOBS);
    private final AtomicReference<Thread> caller = new AtomicReference<>();
    private final AtomicReference<List<Integer>> results = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private List<Supplier<Integer>> jobs() {
        List<Supplier<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            int job = i;
            jobs.add(() -> {
                ranOn.set(job, Thread.currentThread());
                if (Thread.currentThread() != caller.get()) {
                    together.arrive();
                }
                holds.get(job).hold(caller.get());
                return (job + 1) * 10;
            });
        }
        return jobs;
    }

    private Set<Thread> threadsBefore = Set.of();

    private Thread startCaller() {
        List<Supplier<Integer>> jobs = jobs();
        threadsBefore = ThreadLeaks.snapshot();
        Thread thread = new Thread(() -> {
            try {
                results.set(ThreadBasics.computeAll(jobs));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "Main-Thread");
        thread.setDaemon(true);
        caller.set(thread);
        thread.start();
        return thread;
    }

    /**
     * True when computeAll is already waiting for a worker although fewer than all workers
     * have been started: it runs them one after another. (Started threads are alive until
     * they finish, and no worker can finish before all have met at the rendezvous.)
     */
    private boolean waitsBeforeStartingAll() {
        Thread main = caller.get();
        Set<Thread> started = new HashSet<>(ThreadLeaks.startedSince(threadsBefore));
        started.remove(main);
        boolean now = started.size() < JOBS && started.stream().anyMatch(worker -> Threads.isJoining(main, worker));
        // One look can be misled on a busy machine; a one-at-a-time answer stays in this state
        // for good, so only a state that lasts counts.
        long at = System.nanoTime();
        if (!now) {
            waitingSince = 0;
            return false;
        }
        if (waitingSince == 0) {
            waitingSince = at;
        }
        return at - waitingSince >= STEADY.toNanos();
    }

    private static final java.time.Duration STEADY = java.time.Duration.ofMillis(500);
    private long waitingSince;

    private boolean anyRanOnCaller() {
        return IntStream.range(0, JOBS).anyMatch(i -> ranOn.get(i) == caller.get());
    }

    private String stillRunning() {
        return IntStream.range(0, JOBS)
                .filter(i -> ranOn.get(i) == null || ranOn.get(i).isAlive())
                .mapToObj(i -> ranOn.get(i) == null ? "job " + i + " (not started)" : "'" + ranOn.get(i).getName() + "'")
                .collect(Collectors.joining(", "));
    }

    private void releaseEverything() {
        together.abandon();
        holds.forEach(Hold::release);
    }

    @Test
    @DisplayName("all workers run at the same time, each on its own thread")
    void workersRunAtTheSameTime() {
        try {
            Thread main = startCaller();
            Bounded.until(() -> together.allArrived() || !main.isAlive() || anyRanOnCaller() || waitsBeforeStartingAll(),
                    Bounded.GENEROUS, () -> Feedback.message("start all, then join",
                            JOBS + " workers should be running at the same time.",
                            "at most " + together.mostInsideAtOnce() + " of " + JOBS + " were running at once."
                                    + " Main-Thread is " + Threads.describe(main),
                            LOOK_AT));
            if (anyRanOnCaller()) {
                throw Feedback.fail("start() vs run()", "each job should run on its own worker thread.",
                        "a job ran on the caller's thread: run() was called instead of start()", LOOK_AT);
            }
            if (!together.allArrived() && main.isAlive()) {
                throw Feedback.fail("start all, then join",
                        JOBS + " workers should be running at the same time.",
                        "computeAll started one worker and waited for it (join) before starting the next,"
                                + " so they ran one after another. Start them all first, then join them all",
                        LOOK_AT);
            }
            if (!together.allArrived()) {
                throw Feedback.fail("join", "computeAll should wait until its workers have finished.",
                        "it returned " + results.get() + " while these were still running: " + stillRunning(),
                        LOOK_AT);
            }
            assertThat(IntStream.range(0, JOBS).mapToObj(ranOn::get).distinct().count())
                    .as("distinct worker threads").isEqualTo(JOBS);
            // Running together is half the job: computeAll must also wait for them.
            Bounded.until(() -> !main.isAlive() || Threads.isSleeping(main), Bounded.GENEROUS,
                    () -> "computeAll should return once its workers have finished; Main-Thread is "
                            + Threads.describe(main));
            String running = stillRunning();
            if (!running.isEmpty() || main.isAlive()) {
                throw Feedback.fail("join", "computeAll should return only after every worker has finished.",
                        main.isAlive() ? "it is sleeping instead of joining its workers"
                                : "it returned " + results.get() + " while " + running + " had not finished",
                        LOOK_AT);
            }
        } finally {
            releaseEverything();
        }
    }

    @Test
    @DisplayName("computeAll joins every worker, not just the last one, and returns every result in order")
    void joinsEveryWorker() {
        try {
            Thread main = startCaller();
            Bounded.until(() -> together.allArrived() || !main.isAlive() || waitsBeforeStartingAll(), Bounded.GENEROUS,
                    () -> Feedback.message("start all, then join", JOBS + " workers should be running at once.",
                            "they never were; Main-Thread is " + Threads.describe(main), LOOK_AT));
            if (!together.allArrived() && main.isAlive()) {
                throw Feedback.fail("start all, then join", JOBS + " workers should be running at once.",
                        "computeAll waited for one worker before starting the next", LOOK_AT);
            }
            // The last worker finishes first; the others only when computeAll joins them.
            holds.get(JOBS - 1).release();
            Bounded.until(() -> !main.isAlive() || Threads.isSleeping(main), Bounded.GENEROUS,
                    () -> Feedback.message("join", "computeAll should return once all its workers have finished.",
                            "it is still running, waiting for something else: " + Threads.describe(main), LOOK_AT));
            if (main.isAlive()) {
                throw Feedback.fail("join, not sleep", "computeAll should wait for its workers with join().",
                        "it is sleeping while workers are still running: a sleep is a guess, join() is a wait",
                        LOOK_AT);
            }
            String running = stillRunning();
            if (!running.isEmpty()) {
                throw Feedback.fail("join every worker",
                        "computeAll should return only after every worker has finished.",
                        "it returned " + results.get() + " while " + running + " had not finished."
                                + " Joining one thread does not wait for the others",
                        LOOK_AT);
            }
            assertThat(failure.get()).as("computeAll threw").isNull();
            assertThat(results.get()).as("the results, in the jobs' order").containsExactly(10, 20, 30);
        } finally {
            releaseEverything();
        }
    }
}
