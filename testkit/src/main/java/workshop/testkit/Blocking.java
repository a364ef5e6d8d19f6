package workshop.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tells a thread that waits properly (parked: it uses no CPU until someone wakes it) from one
 * that spins, and shows what a waiting thread waits on and how often it has gone back to
 * waiting. Used to prove "blocks rather than spins" and "goes on waiting after a wake-up".
 */
public final class Blocking {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** How long {@link #cpuWhileIdle} watches a thread that should be idle, at most. */
    public static final Duration IDLE_WINDOW = Duration.ofMillis(400);

    /**
     * CPU time above which a thread that should be idle is called busy. A parked thread uses
     * well under a millisecond in {@link #IDLE_WINDOW}; a spinning one, even on a loaded
     * 2-core machine where it gets a small share of a core, uses several times this.
     */
    public static final Duration BUSY = Duration.ofMillis(25);

    /**
     * CPU time that a thread which should be waiting cannot use unless it spins, however long it
     * is watched: starting up and reaching its wait costs it a few milliseconds at most. Seeing
     * this much lets a test call a thread spinning at once, without a window of its own.
     */
    public static final Duration CLEARLY_SPINNING = Duration.ofMillis(100);

    private Blocking() {}

    /** True when the thread is parked: WAITING or TIMED_WAITING (wait, join, park, sleep). */
    public static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** True when the thread waits without a time limit: only a wake-up (or interrupt) frees it. */
    public static boolean isParkedForever(Thread thread) {
        return thread.getState() == Thread.State.WAITING;
    }

    /** True when the thread is in {@code monitor.wait()} (timed or not) on that very object. */
    public static boolean isWaitingOn(Thread thread, Object monitor) {
        ThreadInfo info = MX.getThreadInfo(thread.threadId());
        return info != null
                && (info.getThreadState() == Thread.State.WAITING || info.getThreadState() == Thread.State.TIMED_WAITING)
                && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor)
                && info.getLockInfo().getClassName().equals(monitor.getClass().getName());
    }

    /**
     * How many times the thread has started to wait (Object.wait, park, join...) since it
     * began, or -1 if it has ended. A thread that wakes up and waits again adds one.
     */
    public static long waitCount(Thread thread) {
        ThreadInfo info = MX.getThreadInfo(thread.threadId());
        return info == null ? -1 : info.getWaitedCount();
    }

    /**
     * The CPU time {@code thread} uses while watched for {@link #IDLE_WINDOW}, in nanoseconds.
     * Stops watching as soon as it reaches {@link #BUSY} (so a spinning thread is caught fast)
     * or the thread ends. A thread still not parked when the window closes is watched on, for up
     * to {@link Bounded#PATIENCE} more: on a loaded machine a spinning thread may get too small a
     * share of a core to reach {@code BUSY} in the window, and an idle one is parked.
     */
    public static long cpuWhileIdle(Thread thread) {
        long start = MX.getThreadCpuTime(thread.threadId());
        long windowEnd = System.nanoTime() + IDLE_WINDOW.toNanos();
        long lastLook = windowEnd + Bounded.PATIENCE.toNanos();
        long used = 0;
        while (System.nanoTime() < windowEnd || (System.nanoTime() < lastLook && !isParked(thread))) {
            long now = MX.getThreadCpuTime(thread.threadId());
            if (start < 0 || now < 0) {
                return used; // the thread ended
            }
            used = now - start;
            if (used >= BUSY.toNanos()) {
                return used;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return used;
            }
        }
        return used;
    }

    /** Each thread's CPU time now (-1 for one that has ended): the start for {@link #clearlySpinning}. */
    public static Map<Thread, Long> cpuNow(List<Thread> threads) {
        Map<Thread, Long> cpu = new HashMap<>();
        threads.forEach(t -> cpu.put(t, MX.getThreadCpuTime(t.threadId())));
        return cpu;
    }

    /**
     * A thread of {@code cpuAtStart} that is not parked and has used {@link #CLEARLY_SPINNING}
     * of CPU since its time there was taken ({@link #cpuNow}), or null.
     */
    public static Thread clearlySpinning(Map<Thread, Long> cpuAtStart) {
        for (Map.Entry<Thread, Long> entry : cpuAtStart.entrySet()) {
            Thread thread = entry.getKey();
            long now = MX.getThreadCpuTime(thread.threadId());
            if (!isParked(thread) && entry.getValue() >= 0 && now >= 0
                    && now - entry.getValue() >= CLEARLY_SPINNING.toNanos()) {
                return thread;
            }
        }
        return null;
    }

    /** True if {@link #cpuWhileIdle} says the thread was busy (spinning) while it should have waited. */
    public static boolean spinsWhileIdle(Thread thread) {
        return cpuWhileIdle(thread) >= BUSY.toNanos();
    }
}
