package workshop.testkit;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Notices threads that code under test started and left running. Take a {@link #snapshot()}
 * before, then {@link #assertNoneLeft(Set, String)} after: it waits (bounded) for new threads
 * to end and fails naming any that are still alive. A worker of a pool that was never shut
 * down is recognised at once, without waiting out the bound.
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
                .filter(t -> !isJdkMachinery(t))
                .collect(Collectors.toSet());
    }

    /** Fails, naming them, if threads started since {@code before} are still alive after the bound. */
    public static void assertNoneLeft(Set<Thread> before, String lookAt) {
        assertNoneLeft(before, Bounded.PATIENCE, lookAt);
    }

    public static void assertNoneLeft(Set<Thread> before, Duration bound, String lookAt) {
        Bounded.within(() -> startedSince(before).stream().allMatch(ThreadLeaks::isIdleInAPoolStillOpen), bound);
        Set<Thread> left = startedSince(before);
        if (left.isEmpty()) {
            return;
        }
        boolean poolLeftOpen = left.stream().anyMatch(ThreadLeaks::isIdleInAPoolStillOpen);
        throw Feedback.fail("thread leak",
                "every thread your code starts must have ended when it returns.",
                (poolLeftOpen ? "still alive after it returned: " : "still alive " + bound.toMillis() + " ms later: ")
                        + left.stream().map(ThreadLeaks::describe).sorted().collect(Collectors.joining(", ")),
                lookAt);
    }

    /**
     * A ThreadPoolExecutor worker waiting for its next task, and not told to stop. Shutting a
     * pool down interrupts its idle workers, so such a worker belongs to a pool that is still
     * open: it will wait for tasks for as long as the pool lives.
     */
    public static boolean isIdleInAPoolStillOpen(Thread thread) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && !thread.isInterrupted()
                && Threads.isIn(thread, "java.util.concurrent.ThreadPoolExecutor", "getTask");
    }

    /**
     * A thread the JDK starts for its own needs: the scheduler of virtual threads (its carrier
     * threads and delay scheduler, in the "CarrierThreads" group) and its innocuous system
     * threads (VirtualThread-unblocker, Common-Cleaner). Code that uses virtual threads starts
     * them without owning them, and they outlive it by design.
     */
    private static boolean isJdkMachinery(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        return (group != null && group.getName().equals("CarrierThreads"))
                || thread.getClass().getName().equals("jdk.internal.misc.InnocuousThread");
    }

    private static String describe(Thread thread) {
        return "'" + thread.getName() + "' (" + (isIdleInAPoolStillOpen(thread)
                ? "an idle worker of a pool that was never shut down" : thread.getState()) + ")";
    }

    private static boolean isFrameworkThread(Thread t) {
        String name = t.getName();
        return name.startsWith("junit-") || name.startsWith("surefire-") || name.startsWith("process reaper")
                || name.startsWith("awaitility") || name.equals("Attach Listener") || name.startsWith("Common-Cleaner")
                || name.startsWith("ForkJoinPool.commonPool") || name.startsWith("testkit-");
    }
}
