package workshop.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds threads stuck waiting for each other, and says who holds what and wants what. */
public final class Deadlocks {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private static final java.util.Map<Integer, String> LABELS = new java.util.concurrent.ConcurrentHashMap<>();

    private Deadlocks() {}

    /**
     * Gives a lock a readable name (e.g. "account A") for deadlock reports: an object used
     * with {@code synchronized}, or a free {@link java.util.concurrent.locks.Lock}.
     */
    public static void label(Object lock, String label) {
        LABELS.put(System.identityHashCode(lock), label);
        if (lock instanceof java.util.concurrent.locks.Lock explicit) {
            // The JVM reports an explicit lock by its internal synchronizer, not by the Lock
            // object: hold it for a moment to learn which synchronizer that is.
            java.util.Set<Integer> before = heldSynchronizers();
            if (explicit.tryLock()) {
                try {
                    heldSynchronizers().stream().filter(id -> !before.contains(id))
                            .forEach(id -> LABELS.put(id, label));
                } finally {
                    explicit.unlock();
                }
            }
        }
    }

    private static java.util.Set<Integer> heldSynchronizers() {
        ThreadInfo me = MX.getThreadInfo(new long[] {Thread.currentThread().threadId()}, false, true)[0];
        return Arrays.stream(me.getLockedSynchronizers()).map(LockInfo::getIdentityHashCode)
                .collect(Collectors.toSet());
    }

    /** A description of the deadlocked threads, if there are any right now. */
    public static Optional<String> find() {
        long[] ids = MX.findDeadlockedThreads();
        if (ids == null) {
            return Optional.empty();
        }
        ThreadInfo[] infos = MX.getThreadInfo(ids, true, true);
        String cycle = Arrays.stream(infos)
                .filter(info -> info != null)
                .map(Deadlocks::line)
                .collect(Collectors.joining(System.lineSeparator()));
        return Optional.of(cycle);
    }

    /** Fails at once, naming threads and locks, if any threads are deadlocked. */
    public static void failIfAny() {
        find().ifPresent(cycle -> {
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

    private static String name(LockInfo lock) {
        if (lock == null) {
            return "nothing";
        }
        String label = LABELS.get(lock.getIdentityHashCode());
        return label != null ? label : lock.getClassName() + "@" + Integer.toHexString(lock.getIdentityHashCode());
    }
}
