package workshop.threads;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.HeldJobs;
import workshop.testkit.LockWaits;
import workshop.testkit.Rendezvous;
import workshop.testkit.Stacks;

@DisplayName("Task 3: start every worker, then join every worker")
class ComputeAllTest {
    private static final String LOOK_AT = "ThreadBasics.computeAll (task 3)";

    /** What each job returns: not sorted, so that results in any other order show. */
    private static final List<Integer> VALUES = List.of(42, 7, 19);
    private static final int JOBS = VALUES.size();

    /** How long computeAll must stay parked with workers not yet running to count as running them one by one. */
    private static final Duration STEADY = Duration.ofMillis(500);

    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static boolean isSleeping(ThreadInfo info) {
        return java.util.Arrays.stream(info.getStackTrace())
                .anyMatch(f -> f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("sleep"));
    }

    /** Every call of computeAll the test made, to let its work go when the test ends. */
    private final List<Call> calls = new ArrayList<>();

    /** The default call: computeAll on a thread called Main-Thread. */
    private final Call call = new Call();

    @AfterEach
    void releaseEverything() {
        calls.forEach(Call::release);
    }

    /** One call of computeAll, on a thread of the test's own, with three jobs that the test holds. */
    private final class Call {
        /** Each job meets the others at a rendezvous, then keeps working until the test lets it go. */
        final Rendezvous together = new Rendezvous(JOBS, Bounded.GENEROUS);
        final HeldJobs work = new HeldJobs(JOBS);
        final AtomicReferenceArray<Thread> ranOn = new AtomicReferenceArray<>(JOBS);
        final AtomicReference<Thread> caller = new AtomicReference<>();
        final AtomicReference<List<Integer>> results = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicBoolean interruptStatusAfter = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger askedBeyond = new java.util.concurrent.atomic.AtomicInteger(-1);
        private long parkedWithWorkersMissingSince;

        Call() {
            calls.add(this);
        }

        private List<Supplier<Integer>> jobs() {
            List<Supplier<Integer>> jobs = new ArrayList<>() {
                @Override
                public Supplier<Integer> get(int index) {
                    if (index < 0 || index >= size()) {
                        askedBeyond.compareAndSet(-1, index); // a worker for a job that does not exist
                    }
                    return super.get(index);
                }
            };
            for (int i = 0; i < JOBS; i++) {
                int job = i;
                jobs.add(() -> {
                    ranOn.set(job, Thread.currentThread());
                    if (Thread.currentThread() != caller.get()) {
                        together.arrive();
                    }
                    work.hold(job);
                    return VALUES.get(job);
                });
            }
            return jobs;
        }

        Thread start(String name) {
            List<Supplier<Integer>> jobs = jobs();
            Thread thread = new Thread(() -> {
                try {
                    List<Integer> returned = ThreadBasics.computeAll(jobs);
                    results.set(returned == null ? null : new ArrayList<>(returned)); // as it was when returned
                } catch (Throwable t) {
                    failure.set(t);
                }
                interruptStatusAfter.set(Thread.currentThread().isInterrupted());
            }, name);
            thread.setDaemon(true);
            caller.set(thread);
            work.waiter(thread);
            thread.start();
            return thread;
        }

        Thread start() {
            return start("Main-Thread");
        }

        void release() {
            together.abandon();
            work.releaseAll();
        }

        /**
         * Waits until every worker is running at once, and fails, saying why, if computeAll runs a
         * job on its own thread, runs them one after another, or returns first.
         */
        void awaitAllRunning(Thread main) {
            Map<Thread, Long> cpuAtStart = Blocking.cpuNow(List.of(main));
            Bounded.until(() -> together.allArrived() || !main.isAlive() || work.anyRanOnWaiter()
                            || runsThemOneByOne(main) || Blocking.clearlySpinning(cpuAtStart) != null,
                    Bounded.GENEROUS, () -> Feedback.message("start all, then join",
                            JOBS + " workers should be running at the same time.",
                            "at most " + together.mostInsideAtOnce() + " of " + JOBS + " were running at once."
                                    + " " + main.getName() + " is " + Stacks.describe(main),
                            LOOK_AT));
            if (work.anyRanOnWaiter()) {
                throw Feedback.fail("start() vs run()", "each job should run on its own worker thread.",
                        "a job ran on the caller's own thread, inside computeAll: run() was called instead of start()",
                        LOOK_AT);
            }
            if (!together.allArrived() && !main.isAlive()) {
                throw Feedback.fail("join", "computeAll should return only after its workers have finished.",
                        "it returned " + results.get() + " while these were still running: " + stillRunning(), LOOK_AT);
            }
            if (!together.allArrived() && Blocking.clearlySpinning(cpuAtStart) != null) {
                throw Feedback.fail("join, not a busy loop", "computeAll should wait for its workers without using"
                                + " the CPU meanwhile.",
                        "it keeps a CPU busy (" + Stacks.describe(main) + "): a loop that checks again and again"
                                + " instead of waiting", LOOK_AT);
            }
            if (!together.allArrived()) {
                throw Feedback.fail("start all, then join", JOBS + " workers should be running at the same time.",
                        "only " + begun() + " of " + JOBS + " jobs had begun, and computeAll was already waiting ("
                                + Stacks.describe(main) + "): it waits for some workers before the others are even"
                                + " running. Start them all first, then join them all",
                        LOOK_AT);
            }
            long threads = IntStream.range(0, JOBS).mapToObj(ranOn::get).distinct().count();
            if (threads != JOBS) {
                throw Feedback.fail("one thread per job", "each job should run on its own thread.",
                        "the " + JOBS + " jobs ran on " + threads + " threads: " + threadNames(), LOOK_AT);
            }
        }

        /**
         * True when computeAll has stayed parked (not asleep) for {@link #STEADY} while fewer than
         * all jobs had begun: it waits for some workers before starting the others. A correct answer is
         * parked only once all are started; a started worker begins its job at once, well within
         * that time, even on a busy machine; and only a state that lasts counts, so looking at the
         * caller and the jobs one after another cannot mislead.
         */
        private boolean runsThemOneByOne(Thread main) {
            ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(main.threadId(), Integer.MAX_VALUE);
            boolean parked = info != null && (info.getThreadState() == Thread.State.WAITING
                    || (info.getThreadState() == Thread.State.TIMED_WAITING && !isSleeping(info)));
            long now = System.nanoTime();
            if (!parked || begun() == JOBS) {
                parkedWithWorkersMissingSince = 0;
                return false;
            }
            if (parkedWithWorkersMissingSince == 0) {
                parkedWithWorkersMissingSince = now;
            }
            return now - parkedWithWorkersMissingSince >= STEADY.toNanos();
        }

        private int begun() {
            return (int) IntStream.range(0, JOBS).filter(i -> ranOn.get(i) != null).count();
        }

        private String threadNames() {
            return IntStream.range(0, JOBS).mapToObj(i -> "job " + i + " on '" + ranOn.get(i).getName() + "'")
                    .collect(Collectors.joining(", "));
        }

        String stillRunning() {
            return work.unfinished().stream()
                    .map(i -> ranOn.get(i) == null ? "job " + i + " (not begun)" : "'" + ranOn.get(i).getName() + "'")
                    .collect(Collectors.joining(", "));
        }
    }

    @Test
    @DisplayName("all workers run at the same time, each on its own thread, and computeAll waits for them")
    void workersRunAtTheSameTime() {
        Thread main = call.start();
        call.awaitAllRunning(main);
        if (!main.isAlive()) {
            throw Feedback.fail("join", "computeAll should wait until its workers have finished.",
                    "it returned " + call.results.get() + " while these were still running: " + call.stillRunning(), LOOK_AT);
        }
        call.work.releaseAll();
        Bounded.until(() -> !main.isAlive(), Bounded.GENEROUS, () -> Feedback.message("join",
                "computeAll should return once its workers have finished.",
                "every worker has finished, but computeAll is still running: " + Stacks.describe(main), LOOK_AT));
    }

    @Test
    @DisplayName("computeAll waits for every worker, without a time limit, not only for the last one")
    void joinsEveryWorker() {
        Thread main = call.start();
        call.awaitAllRunning(main);
        HeldJobs.Outcome seen = call.work.awaitWaiter(Bounded.GENEROUS);
        String running = seen.unfinished().stream()
                .map(i -> "'" + call.ranOn.get(i).getName() + "'").collect(Collectors.joining(", "))
                + (seen.unfinished().size() == 1 ? " was" : " were");
        if (seen.kind() == HeldJobs.Kind.ENDED && !seen.unfinished().isEmpty() && !seen.timedWait()) {
            throw Feedback.fail("join every worker",
                    "computeAll should return only after every worker has finished.",
                    seen.unfinished().size() == JOBS
                            ? "it returned while all its workers were still running: it did not wait for them"
                            : "it returned while " + running + " still running: it waited for some of its workers,"
                                    + " not all. Joining one thread does not wait for the others, and the last one"
                                    + " started is not necessarily the last one to finish",
                    LOOK_AT);
        }
        AssertionFailedError notWaiting = WaitFeedback.notWaiting(seen, "computeAll", "every worker", running,
                LOOK_AT);
        if (notWaiting != null) {
            throw notWaiting;
        }
        if (call.failure.get() != null) {
            throw Feedback.fail("join", "computeAll should return the results.",
                    "it threw " + Stacks.thrown(call.failure.get()), LOOK_AT);
        }
    }

    @Test
    @DisplayName("computeAll returns every result in the jobs' order, whatever order the workers finish in")
    void returnsTheResultsInTheJobsOrder() {
        Thread main = call.start();
        call.awaitAllRunning(main);
        // The last job finishes first, the first job last: each is let go once the one before is
        // done with its result (its thread has ended, or is back waiting in its pool).
        for (int job = JOBS - 1; job >= 0; job--) {
            call.work.release(job);
            int released = job;
            Thread worker = call.ranOn.get(job);
            Bounded.until(() -> call.work.finished(released) && (!worker.isAlive() || isParked(worker)), Bounded.GENEROUS,
                    () -> "'" + worker.getName() + "' should be done once its job is: it is " + Stacks.describe(worker));
        }
        Bounded.until(() -> !main.isAlive(), Bounded.GENEROUS, () -> Feedback.message("join",
                "computeAll should return once its workers have finished.",
                "every worker has finished, but computeAll is still running: " + Stacks.describe(main), LOOK_AT));
        if (call.failure.get() != null) {
            throw Feedback.fail("results", "computeAll should return the results.",
                    "it threw " + Stacks.thrown(call.failure.get()), LOOK_AT);
        }
        List<Integer> returned = call.results.get();
        if (!VALUES.equals(returned)) {
            List<Integer> finishingOrder = new ArrayList<>(VALUES);
            java.util.Collections.reverse(finishingOrder);
            List<Integer> sorted = VALUES.stream().sorted().toList();
            throw Feedback.fail("results in order",
                    "computeAll should return every job's result in the jobs' order: " + VALUES + ".",
                    "it returned " + returned + (finishingOrder.equals(returned)
                            ? ", the order in which the workers finished. Give each worker its own slot (its job's"
                                    + " index) instead of adding results as they come"
                            : sorted.equals(returned) ? ": sorted, but the order that counts is the jobs' order"
                            : returned != null && returned.contains(null)
                                    ? ": some results were missing when it returned"
                                    : ""),
                    LOOK_AT);
        }
        if (call.askedBeyond.get() >= 0) {
            throw Feedback.fail("one worker per job",
                    "computeAll should start one worker for each of its " + JOBS + " jobs (indexes 0 to " + (JOBS - 1)
                            + ").",
                    "something in it asked for job " + call.askedBeyond.get() + ", which does not exist: its worker"
                            + " failed at once with an IndexOutOfBoundsException. Look at the loop's bound (< size(),"
                            + " not <=)",
                    LOOK_AT);
        }
    }

    @Test
    @DisplayName("interrupted while it waits, computeAll stops waiting")
    void anInterruptedComputeAllStopsWaiting() {
        Thread main = call.start();
        call.awaitAllRunning(main);
        HeldJobs.Outcome seen = call.work.interruptWaiter(Bounded.GENEROUS);
        boolean workStillHeld = IntStream.range(0, JOBS)
                .anyMatch(job -> !call.work.finished(job) && !call.work.interrupted(job));
        if (seen.kind() == HeldJobs.Kind.ENDED && seen.interrupted() && call.failure.get() == null
                && call.interruptStatusAfter.get() && workStillHeld) {
            // The interrupt status is kept, but a normal return hands the caller a list as if every
            // job had finished, while its workers are still held, not stopped: those results do not
            // exist. (An executor's close() interrupts its tasks, waits for them, sets the status
            // again and returns: its workers have stopped, and the caller sees the interrupt.)
            throw Feedback.fail("interruption",
                    "interrupted while it waits, computeAll should stop waiting and let the InterruptedException"
                            + " out (it declares throws InterruptedException).",
                    "it set the interrupt status again but returned normally, with " + call.results.get()
                            + ", while its workers were still working: a caller cannot tell those from real"
                            + " results. Do not catch the InterruptedException around join(): let it out",
                    LOOK_AT);
        }
        AssertionFailedError notStopped = WaitFeedback.notStoppedByInterrupt(seen, call.failure.get(),
                call.interruptStatusAfter.get(), "computeAll", LOOK_AT);
        if (notStopped != null) {
            throw notStopped;
        }
    }

    @Test
    @DisplayName("two callers at once each wait only for their own workers: computeAll keeps nothing between calls")
    void twoCallersDoNotWaitForEachOther() {
        Thread first = call.start("caller-1");
        call.awaitAllRunning(first);
        Call other = new Call();
        Thread second = other.start("caller-2");
        // The first caller waits for its workers, which the test holds. computeAll keeps nothing
        // between calls, so a correct one takes no lock that a second caller could wait for:
        // a second caller waiting for a lock the first one holds is held up by it.
        Bounded.until(() -> other.together.allArrived() || !second.isAlive()
                        || LockWaits.isWaitingForLockHeldBy(second, first), Bounded.GENEROUS,
                () -> Feedback.message("one call does not hold up another", "a second caller's workers should run"
                        + " while the first caller waits.", "they did not: caller-2 is " + Stacks.describe(second),
                        LOOK_AT));
        if (LockWaits.isWaitingForLockHeldBy(second, first)) {
            throw Feedback.fail("one call does not hold up another",
                    "two threads calling computeAll at once should each wait only for their own workers.",
                    "caller-2 waits for a lock that caller-1 holds while it waits for its workers ("
                            + Stacks.describe(second) + "): computeAll lets one caller in at a time (synchronized?)."
                            + " It keeps nothing of its own between calls, so it needs no lock",
                    LOOK_AT);
        }
        other.awaitAllRunning(second);
        HeldJobs.Outcome seen = other.work.awaitWaiter(Bounded.GENEROUS);
        AssertionFailedError notWaiting = WaitFeedback.notWaiting(seen, "computeAll", "every worker",
                "its workers were", LOOK_AT);
        if (notWaiting != null) {
            throw notWaiting;
        }
        if (!first.isAlive()) {
            throw Feedback.fail("join", "computeAll should return only after its workers have finished.",
                    "caller-1's computeAll returned while these were still running: " + call.stillRunning(), LOOK_AT);
        }
        HeldJobs.Outcome firstSeen = call.work.awaitWaiter(Bounded.GENEROUS);
        if (!firstSeen.endedAfterEveryJob()) {
            throw WaitFeedback.notWaiting(firstSeen, "computeAll", "every worker", "its workers were", LOOK_AT);
        }
    }
}
