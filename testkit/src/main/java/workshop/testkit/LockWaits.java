package workshop.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Sees, from the outside, that one thread is waiting for a lock another thread holds: a
 * {@code synchronized} monitor (the waiter is BLOCKED) or a {@code java.util.concurrent} lock
 * such as ReentrantLock (the waiter is WAITING, parked on the lock). This lets a test observe
 * "the second thread is kept out while the first is inside" at once, instead of waiting out a
 * timeout to conclude that nothing happened.
 */
public final class LockWaits {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private LockWaits() {}

    /** True when {@code waiter} is waiting right now for a lock that {@code owner} holds. */
    public static boolean isWaitingForLockHeldBy(Thread waiter, Thread owner) {
        if (waiter == null || owner == null || waiter == owner) {
            return false;
        }
        ThreadInfo info = MX.getThreadInfo(waiter.threadId());
        return info != null
                && isWaitingState(info.getThreadState())
                && info.getLockOwnerId() == owner.threadId();
    }

    /** The live threads (other than {@code owner}) waiting right now for a lock {@code owner} holds. */
    public static List<Thread> waitingForLocksHeldBy(Thread owner) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> isWaitingForLockHeldBy(t, owner))
                .toList();
    }

    /**
     * Cheaper than {@link #waitingForLocksHeldBy} (no stacks): the name of a thread that is blocked waiting for a lock (monitor or explicit lock) that
     * {@code owner} holds, or null if there is none.
     */
    public static String firstWaitingForLocksHeldBy(Thread owner) {
        long id = owner.threadId();
        for (ThreadInfo info : MX.dumpAllThreads(false, false)) {
            if (info != null && info.getLockOwnerId() == id && info.getThreadId() != id) {
                return info.getThreadName();
            }
        }
        return null;
    }

    /** The live threads whose stack is inside a method of {@code type} right now. */
    public static List<Thread> runningInside(Class<?> type) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(type.getName())))
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    private static boolean isWaitingState(Thread.State state) {
        return state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
