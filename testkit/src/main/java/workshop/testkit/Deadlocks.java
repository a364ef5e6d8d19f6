package workshop.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds threads stuck waiting for each other, and says who holds what and wants what.
 *
 * <p>A deadlock fails the test that finds it, once: its threads can never end, so they are
 * remembered and left out of later checks, and a later test in the same JVM is not blamed
 * for a deadlock that an earlier test already reported.
 */
public final class Deadlocks {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private static final java.util.Map<Integer, String> LABELS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Threads of deadlocks already reported by {@link #failIfAny()}: they are never reported again. */
    private static final Set<Long> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Deadlocks() {}

    /**
     * Gives a lock a readable name (e.g. "account A") for deadlock reports. Works for object
     * monitors and, when it is free at the time of the call, for a {@link ReentrantLock}.
     */
    public static void label(Object lock, String label) {
        LABELS.put(System.identityHashCode(lock), label);
        if (lock instanceof ReentrantLock reentrant) {
            synchronizerOf(reentrant).ifPresent(identity -> LABELS.put(identity, label));
        }
    }

    /** A description of the deadlocked threads, if there are any right now. */
    public static Optional<String> find() {
        return describe(MX.findDeadlockedThreads());
    }

    private static Optional<String> describe(long[] ids) {
        if (ids == null || ids.length == 0) {
            return Optional.empty();
        }
        ThreadInfo[] infos = MX.getThreadInfo(ids, true, true);
        // A thread in a timed wait (tryLock with a timeout) gives up by itself, and a thread that
        // has ended waits for nothing: such a cycle is passing, not a deadlock.
        if (Arrays.stream(infos).anyMatch(info -> info == null || info.getThreadState() == Thread.State.TIMED_WAITING)) {
            return Optional.empty();
        }
        String cycle = Arrays.stream(infos)
                .filter(info -> info != null)
                .map(Deadlocks::line)
                .collect(Collectors.joining(System.lineSeparator()));
        return Optional.of(cycle);
    }

    /**
     * Fails at once, naming threads and locks, if any threads are deadlocked, unless that
     * deadlock was already reported by an earlier call.
     */
    public static void failIfAny() {
        long[] all = MX.findDeadlockedThreads();
        if (all == null) {
            return;
        }
        long[] fresh = Arrays.stream(all).filter(id -> !REPORTED.contains(id)).toArray();
        Optional<String> found = describe(fresh);
        found.ifPresent(cycle -> Arrays.stream(fresh).forEach(REPORTED::add));
        found.ifPresent(cycle -> {
            throw Feedback.fail("deadlock",
                    "threads must never wait for each other in a cycle.",
                    "these threads are deadlocked, each holding a lock the next one wants:"
                            + System.lineSeparator() + cycle,
                    "the order in which your code takes its locks");
        });
    }

    private static String line(ThreadInfo info) {
        String held = Stream.concat(
                        Arrays.stream(info.getLockedMonitors()).map(MonitorInfo.class::cast).map(Deadlocks::name),
                        Arrays.stream(info.getLockedSynchronizers()).map(Deadlocks::name))
                .collect(Collectors.joining(", "));
        return "      '" + info.getThreadName() + "' holds [" + held + "] and wants "
                + name(info.getLockInfo()) + " held by '" + info.getLockOwnerName() + "'";
    }

    /**
     * A ReentrantLock shows up in thread dumps as its internal synchronizer, not as itself. A
     * helper thread that waits for the lock for a moment is parked on that synchronizer, which
     * {@link LockSupport#getBlocker} then names.
     */
    private static Optional<Integer> synchronizerOf(ReentrantLock lock) {
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return Optional.empty();
        }
        Thread waiter = new Thread(() -> {
            lock.lock();
            lock.unlock();
        }, "deadlocks-label");
        waiter.setDaemon(true);
        try {
            waiter.start();
            long deadline = System.nanoTime() + Bounded.PATIENCE.toNanos();
            Object blocker = LockSupport.getBlocker(waiter);
            while (blocker == null && waiter.isAlive() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
                blocker = LockSupport.getBlocker(waiter);
            }
            return blocker == null ? Optional.empty() : Optional.of(System.identityHashCode(blocker));
        } finally {
            lock.unlock();
        }
    }

    private static String name(LockInfo lock) {
        if (lock == null) {
            return "nothing";
        }
        String label = LABELS.get(lock.getIdentityHashCode());
        return label != null ? label : lock.getClassName() + "@" + Integer.toHexString(lock.getIdentityHashCode());
    }
}
