package workshop.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Sees from outside that one thread waits for another to end, for platform and virtual
 * threads alike, and whether it waits with a time limit.
 *
 * <p>{@code join()} on a platform thread waits on that thread's monitor. On a virtual thread
 * it parks on the thread's termination object instead, which is private. This class learns
 * that object without reflection: a helper thread joins the virtual thread for a moment, and
 * the object it parks on is the one every joiner of that thread parks on.
 */
public final class Joins {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** How long the helper joins a virtual thread to learn its termination object, at most. */
    private static final Duration PROBE = Duration.ofMillis(500);

    /** What a joiner of each virtual thread parks on, once learned. */
    private static final Map<Thread, Object> TERMINATION = Collections.synchronizedMap(new WeakHashMap<>());

    /** How a thread waits for another one. */
    public enum Wait {
        /** It does not wait for it (right now). */
        NONE,
        /** It waits until the other thread ends, however long that takes. */
        UNTIMED,
        /** It waits with a time limit: it will stop waiting when the time is up, ended or not. */
        TIMED
    }

    private Joins() {}

    /** Whether {@code waiter} is waiting for {@code target} to end right now, and how. */
    public static Wait waitOf(Thread waiter, Thread target) {
        if (waiter.isVirtual()) {
            throw new IllegalArgumentException("the waiter must be a platform thread: " + waiter);
        }
        ThreadInfo info = MX.getThreadInfo(waiter.threadId());
        return info == null ? Wait.NONE : waitOf(info, target);
    }

    /** As {@link #waitOf(Thread, Thread)}, from a snapshot of the waiter taken with {@link ThreadMXBean}. */
    public static Wait waitOf(ThreadInfo waiter, Thread target) {
        Thread.State state = waiter.getThreadState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return Wait.NONE;
        }
        Object awaited = awaitedByJoinersOf(target);
        if (awaited == null || !isOn(waiter.getLockInfo(), awaited)) {
            return Wait.NONE;
        }
        return state == Thread.State.WAITING ? Wait.UNTIMED : Wait.TIMED;
    }

    /** True when the waiter's lock or park blocker (from a thread snapshot) is that very object. */
    public static boolean isOn(LockInfo lock, Object object) {
        return lock != null && lock.getIdentityHashCode() == System.identityHashCode(object)
                && lock.getClassName().equals(object.getClass().getName());
    }

    /**
     * The object that a thread joining {@code target} waits on: the target itself (its monitor)
     * for a platform thread; for a virtual thread, its termination object (learned the first
     * time, which takes a few milliseconds). Null for a virtual thread that is not alive.
     */
    public static Object awaitedByJoinersOf(Thread target) {
        if (!target.isVirtual()) {
            return target;
        }
        Object known = TERMINATION.get(target);
        if (known != null || !target.isAlive()) {
            return known;
        }
        Object learned = learn(target);
        if (learned != null) {
            TERMINATION.put(target, learned);
        }
        return learned;
    }

    /** Joins the virtual thread from a helper for a moment and reads what the helper parks on. */
    private static Object learn(Thread target) {
        Thread probe = new Thread(() -> {
            try {
                target.join(PROBE);
            } catch (InterruptedException e) {
                // done: the test read what it needed
            }
        }, "testkit-join-probe");
        probe.setDaemon(true);
        probe.start();
        try {
            long deadline = System.nanoTime() + PROBE.toNanos();
            while (probe.isAlive() && System.nanoTime() < deadline) {
                // The probe's only park is inside target.join: whatever it parks on is the termination object.
                Object blocker = LockSupport.getBlocker(probe);
                if (blocker != null) {
                    return blocker;
                }
                LockSupport.parkNanos(50_000);
            }
            return null;
        } finally {
            probe.interrupt();
        }
    }
}
