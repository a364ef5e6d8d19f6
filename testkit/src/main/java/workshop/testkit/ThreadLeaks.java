package workshop.testkit;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Notices threads that code under test started and left running. Take a {@link #snapshot()}
 * before, then {@link #assertNoneLeft(Set, String)} after: it waits (bounded) for new threads
 * to end and fails naming any that are still alive.
 */
public final class ThreadLeaks {
    private ThreadLeaks() {}

    /** The threads alive now. */
    public static Set<Thread> snapshot() {
        return Thread.getAllStackTraces().keySet();
    }

    /** Threads alive now that were not in {@code before}, ignoring the test framework's own. */
    public static Set<Thread> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(Thread::isAlive)
                .filter(t -> !isFrameworkThread(t))
                .collect(Collectors.toSet());
    }

    /** Fails, naming them, if threads started since {@code before} are still alive after the bound. */
    public static void assertNoneLeft(Set<Thread> before, String lookAt) {
        assertNoneLeft(before, Bounded.PATIENCE, lookAt);
    }

    public static void assertNoneLeft(Set<Thread> before, Duration bound, String lookAt) {
        Bounded.until(() -> startedSince(before).isEmpty(), bound, () -> Feedback.message("thread leak",
                "every thread your code starts must have ended when it returns.",
                "still alive " + bound.toMillis() + " ms later: " + startedSince(before).stream()
                        .map(t -> "'" + t.getName() + "' (" + t.getState() + ")")
                        .sorted()
                        .collect(Collectors.joining(", ")),
                lookAt));
    }

    private static boolean isFrameworkThread(Thread t) {
        String name = t.getName();
        return name.startsWith("junit-") || name.startsWith("surefire-") || name.startsWith("process reaper")
                || name.startsWith("awaitility") || name.equals("Attach Listener") || name.startsWith("Common-Cleaner")
                || name.startsWith("ForkJoinPool.commonPool");
    }
}
