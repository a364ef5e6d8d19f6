package workshop.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Jobs that keep working until the test lets them go, for testing a method that must wait
 * until its jobs have finished (join, a latch, a future, an executor's close...).
 *
 * <p>Each job calls {@link #hold(int)} on the thread it runs on. The test watches the thread
 * that should wait (the <em>waiter</em>) and lets a job go only once the waiter waits for it
 * without a time limit. So a waiter that really waits is let through at once, while one that
 * returns early, sleeps, spins, waits for only some of its jobs, or waits with a time limit is
 * caught with work still in flight, on every run:
 * <ul>
 *   <li>a join of the job's own thread (platform or virtual, {@link Joins}) lets that job go;
 *   <li>a join with a time limit holds the job: the waiter stops waiting when the time is up
 *       and is caught returning early; if it comes back to join the same job again (a loop of
 *       timed joins, which does wait until the end), the job goes;
 *   <li>an executor's {@code close()}, or any other wait without a time limit (a future, a
 *       latch...), lets every job go: such a wait is for all of them, or cannot be told apart;
 *   <li>another wait with a time limit that lasts {@link Bounded#PATIENCE} lets every job go
 *       too (a bound that long cannot be told from none within a test).
 * </ul>
 * A job that finds itself running on the waiter's own thread (its code was called with run()
 * instead of start()) lets itself go at once, and says so.
 */
public final class HeldJobs implements AutoCloseable {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration BACKSTOP = Bounded.GENEROUS.multipliedBy(2);

    private static final int BEGAN = 1;
    private static final int RELEASED = 2;
    private static final int FINISHED = 4;
    private static final int ON_WAITER = 8;
    private static final int INTERRUPTED = 16;

    /** How a watch of the waiter ended. */
    public enum Kind {
        /** The waiter's thread ended: see {@link Outcome#unfinished()}. */
        ENDED,
        /** The waiter sleeps while jobs are still held: a guess, not a wait. */
        SLEEPING,
        /** The waiter used {@link Blocking#CLEARLY_SPINNING} of CPU without ever parking. */
        SPINNING,
        /** The waiter has waited for {@link Outcome#job()} with a time limit for {@link Bounded#PATIENCE}. */
        TIMED_WAIT,
        /** After being interrupted, the waiter went back to waiting for jobs nobody stopped. */
        WAITS_AGAIN,
        /** The bound passed with the waiter still running: see {@link Outcome#waiter()}. */
        STILL_WAITING
    }

    /**
     * What was seen. {@code unfinished}: the jobs still held (or never begun) when the waiter
     * ended; {@code job}: the job of a {@link Kind#TIMED_WAIT} or {@link Kind#WAITS_AGAIN};
     * {@code timedWait}: the waiter was seen waiting for a job with a time limit at some point;
     * {@code waiter}: what the waiter was doing when last looked at; {@code interrupted}: the
     * watch interrupted the waiter ({@link #interruptWaiter} only, once it was seen waiting).
     */
    public record Outcome(Kind kind, List<Integer> unfinished, int job, boolean timedWait, String waiter,
            boolean interrupted) {
        /** True when the waiter ended after every job had finished. */
        public boolean endedAfterEveryJob() {
            return kind == Kind.ENDED && unfinished.isEmpty();
        }
    }

    private final int count;
    private final AtomicReferenceArray<Thread> threads;
    private final AtomicIntegerArray flags;
    private volatile Thread waiter;

    public HeldJobs(int count) {
        this.count = count;
        this.threads = new AtomicReferenceArray<>(count);
        this.flags = new AtomicIntegerArray(count);
    }

    /** The thread that should wait for the jobs (a platform thread the test starts). */
    public void waiter(Thread waiter) {
        this.waiter = waiter;
    }

    /**
     * Job side: keeps the calling thread here until the test lets job {@code job} go, the
     * thread is interrupted (it leaves with its interrupt status still set), or a backstop of
     * {@link Bounded#GENEROUS} twice over passes. Returns at once on the waiter's own thread.
     */
    public void hold(int job) {
        Thread me = Thread.currentThread();
        threads.set(job, me);
        set(job, BEGAN);
        try {
            if (me == waiter) {
                set(job, ON_WAITER);
                return;
            }
            long deadline = System.nanoTime() + BACKSTOP.toNanos();
            while (!has(job, RELEASED) && !me.isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left); // parkNanos leaves the interrupt status as it is
            }
            if (me.isInterrupted()) {
                set(job, INTERRUPTED);
            }
        } finally {
            set(job, FINISHED);
        }
    }

    /** True once job {@code job} has begun (reached {@link #hold}). */
    public boolean began(int job) {
        return has(job, BEGAN);
    }

    /** How many jobs have begun. */
    public int begun() {
        return (int) IntStream.range(0, count).filter(this::began).count();
    }

    /** True once job {@code job} has left {@link #hold}. */
    public boolean finished(int job) {
        return has(job, FINISHED);
    }

    /** True when job {@code job} ran on the waiter's own thread. */
    public boolean ranOnWaiter(int job) {
        return has(job, ON_WAITER);
    }

    /** True when any job ran on the waiter's own thread. */
    public boolean anyRanOnWaiter() {
        return IntStream.range(0, count).anyMatch(this::ranOnWaiter);
    }

    /** True when job {@code job} left its hold because its thread was interrupted. */
    public boolean interrupted(int job) {
        return has(job, INTERRUPTED);
    }

    /** The thread job {@code job} runs on, or null before it has begun. */
    public Thread threadOf(int job) {
        return threads.get(job);
    }

    /** The jobs that have not finished, in order. */
    public List<Integer> unfinished() {
        return IntStream.range(0, count).filter(job -> !finished(job)).boxed().toList();
    }

    /** Test side: lets job {@code job} go on. */
    public void release(int job) {
        set(job, RELEASED);
        Thread thread = threads.get(job);
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Test side: lets every job go on. */
    public void releaseAll() {
        IntStream.range(0, count).forEach(this::release);
    }

    /** Lets every job go (for a finally block or try-with-resources). */
    @Override
    public void close() {
        releaseAll();
    }

    /**
     * Watches the waiter until it ends, letting each job go once the waiter waits for it as
     * described above; stops early on a sign that the waiter does not wait properly (see
     * {@link Kind}), or once {@code bound} has passed.
     */
    public Outcome awaitWaiter(Duration bound) {
        return watch(bound, false);
    }

    /**
     * Waits (bounded) until the waiter waits for its jobs, interrupts it there, and watches what
     * it does then, without letting any job go: it should end (by throwing InterruptedException,
     * or with its interrupt status set: the caller checks which). Only an executor's close()
     * lets the jobs go, since it waits for them by design. {@link Kind#WAITS_AGAIN} if the waiter
     * goes back to waiting for jobs whose threads nobody interrupted.
     */
    public Outcome interruptWaiter(Duration bound) {
        return watch(bound, true);
    }

    private Outcome watch(Duration bound, boolean interrupt) {
        return new Watch(waiter, interrupt).run(bound);
    }

    /** One watch of the waiter: what has been seen of it so far. */
    private final class Watch {
        private final Thread watched;
        private final boolean interrupt;
        private final Map<Integer, long[]> timedSince = new HashMap<>(); // job -> {waited count, since}
        private long[] otherTimedSince;
        private long[] parkedAgainSince;
        private long interruptedAtCount = -1;
        private boolean sawTimedWait;
        private String last = "not started";

        Watch(Thread watched, boolean interrupt) {
            this.watched = watched;
            this.interrupt = interrupt;
        }

        Outcome run(Duration bound) {
            long deadline = System.nanoTime() + bound.toNanos();
            Map<Thread, Long> cpuAtStart = null;
            while (true) {
                Deadlocks.failIfAny();
                ThreadInfo info = watched.isAlive() ? MX.getThreadInfo(watched.threadId(), Integer.MAX_VALUE) : null;
                if (info == null) {
                    last = "ended";
                    return outcome(Kind.ENDED, -1);
                }
                last = info.getThreadState() + " " + Stacks.where(info.getStackTrace());
                if (cpuAtStart == null) {
                    cpuAtStart = Blocking.cpuNow(List.of(watched));
                }
                boolean held = !unfinished().isEmpty();
                if (held && isSleeping(info)) {
                    return outcome(Kind.SLEEPING, -1);
                }
                if (held && Blocking.clearlySpinning(cpuAtStart) != null) {
                    return outcome(Kind.SPINNING, -1);
                }
                long now = System.nanoTime();
                if (isParked(info)) {
                    Outcome seen = interrupt ? afterInterrupt(info, now) : letGoWhatItWaitsFor(info, now);
                    if (seen != null) {
                        return seen;
                    }
                }
                if (now - deadline >= 0) {
                    return outcome(Kind.STILL_WAITING, -1);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }

        /** Lets go the job (or jobs) the parked waiter waits for, as the class comment says. */
        private Outcome letGoWhatItWaitsFor(ThreadInfo info, long now) {
            boolean timed = info.getThreadState() == Thread.State.TIMED_WAITING;
            int job = jobAwaited(info.getLockInfo());
            if (job >= 0) {
                if (!timed) {
                    release(job);
                    return null;
                }
                sawTimedWait = true;
                long[] since = timedSince.get(job);
                if (since == null) {
                    timedSince.put(job, new long[] {info.getWaitedCount(), now});
                } else if (info.getWaitedCount() > since[0]) {
                    release(job); // it came back to wait for the same job: a loop that waits to the end
                } else if (now - since[1] >= Bounded.PATIENCE.toNanos() && !has(job, RELEASED)) {
                    return outcome(Kind.TIMED_WAIT, job);
                }
            } else if (isInExecutorClose(info)) {
                releaseAll();
            } else if (allKnown() && !awaitsAFinishingJob(info.getLockInfo())) {
                if (!timed) {
                    releaseAll();
                } else if (otherTimedSince == null) {
                    otherTimedSince = new long[] {info.getWaitedCount(), now};
                } else if (info.getWaitedCount() > otherTimedSince[0]
                        || now - otherTimedSince[1] >= Bounded.PATIENCE.toNanos()) {
                    releaseAll();
                }
            }
            return null;
        }

        /** Interrupts the waiter once it waits for its jobs; then watches whether it goes back to waiting. */
        private Outcome afterInterrupt(ThreadInfo info, long now) {
            int job = jobAwaited(info.getLockInfo());
            boolean forAll = isInExecutorClose(info);
            if (interruptedAtCount < 0) {
                if (begun() == count && (job >= 0 || forAll || allKnown())) {
                    interruptedAtCount = info.getWaitedCount();
                    watched.interrupt();
                }
            } else if (forAll) {
                releaseAll(); // close() waits for every task by design, interrupted or not
            } else if (info.getWaitedCount() > interruptedAtCount && !anyHeldJobInterrupted()) {
                // Parked again since the interrupt, and nobody stopped the jobs it could wait for.
                if (job >= 0 && !has(job, RELEASED)) {
                    return outcome(Kind.WAITS_AGAIN, job);
                }
                if (parkedAgainSince == null || parkedAgainSince[0] != info.getWaitedCount()) {
                    parkedAgainSince = new long[] {info.getWaitedCount(), now};
                } else if (now - parkedAgainSince[1] >= Bounded.PATIENCE.toNanos()) {
                    return outcome(Kind.WAITS_AGAIN, -1);
                }
            }
            return null;
        }

        private Outcome outcome(Kind kind, int job) {
            return new Outcome(kind, unfinished(), job, sawTimedWait || kind == Kind.TIMED_WAIT, last,
                    interruptedAtCount >= 0);
        }
    }

    /** The unreleased or released job whose thread the waiter's lock or blocker belongs to, or -1. */
    private int jobAwaited(LockInfo lock) {
        if (lock == null) {
            return -1;
        }
        for (int job = 0; job < count; job++) {
            Thread thread = threads.get(job);
            if (thread != null && !finished(job)) {
                Object awaited = Joins.awaitedByJoinersOf(thread);
                if (awaited != null && Joins.isOn(lock, awaited)) {
                    return job;
                }
            }
        }
        return -1;
    }

    /** The waiter waits on the thread of a job that is already let go: it is about to wake up. */
    private boolean awaitsAFinishingJob(LockInfo lock) {
        if (lock == null) {
            return false;
        }
        for (int job = 0; job < count; job++) {
            Thread thread = threads.get(job);
            if (thread != null && (has(job, RELEASED) || finished(job))) {
                Object awaited = Joins.awaitedByJoinersOf(thread);
                if (awaited != null && Joins.isOn(lock, awaited)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every held job has begun, and what a joiner of its thread would wait on is known. */
    private boolean allKnown() {
        for (int job = 0; job < count; job++) {
            Thread thread = threads.get(job);
            if (!finished(job) && (thread == null || Joins.awaitedByJoinersOf(thread) == null)) {
                return false;
            }
        }
        return true;
    }

    /** A held job whose thread was interrupted (by the code under test, stopping its work). */
    private boolean anyHeldJobInterrupted() {
        for (int job = 0; job < count; job++) {
            Thread thread = threads.get(job);
            if (interrupted(job) || (thread != null && !finished(job) && thread.isInterrupted())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isParked(ThreadInfo info) {
        return info.getThreadState() == Thread.State.WAITING || info.getThreadState() == Thread.State.TIMED_WAITING;
    }

    private static boolean isSleeping(ThreadInfo info) {
        return info.getThreadState() == Thread.State.TIMED_WAITING && Arrays.stream(info.getStackTrace())
                .anyMatch(f -> f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("sleep"));
    }

    /** Inside an executor's close(), which waits for every task the executor was given. */
    private static boolean isInExecutorClose(ThreadInfo info) {
        return Arrays.stream(info.getStackTrace())
                .anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.") && f.getMethodName().equals("close"));
    }

    private boolean has(int job, int flag) {
        return (flags.get(job) & flag) != 0;
    }

    private void set(int job, int flag) {
        flags.accumulateAndGet(job, flag, (a, b) -> a | b);
    }

    /** The jobs' numbers, for messages: "job 0, job 2". */
    public static String jobs(List<Integer> jobs) {
        List<String> names = new ArrayList<>();
        jobs.forEach(job -> names.add("job " + job));
        return String.join(", ", names);
    }
}
