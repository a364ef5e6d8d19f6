package workshop.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Looks at threads from the outside: state, stack, CPU time, and what they wait for. */
public final class Threads {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private Threads() {}

    /** Starts a daemon thread, so a stuck one can never keep the test JVM alive. */
    public static Thread startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The thread's state and its top stack frames, for failure messages. */
    public static String describe(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        String frames = Arrays.stream(stack).limit(6)
                .map(frame -> "        at " + frame)
                .collect(Collectors.joining(System.lineSeparator()));
        return thread.getState() + (frames.isEmpty() ? "" : System.lineSeparator() + frames);
    }

    /**
     * True when {@code caller} is blocked inside {@code target.join()}: waiting on the target
     * thread's monitor, which is how {@link Thread#join()} waits for a platform thread, or (for
     * a virtual target) parked on its termination object ({@link Joins}).
     */
    public static boolean isJoining(Thread caller, Thread target) {
        if (target.isVirtual()) {
            return Joins.waitOf(caller, target) != Joins.Wait.NONE;
        }
        ThreadInfo info = MX.getThreadInfo(caller.threadId());
        return info != null
                && (info.getThreadState() == Thread.State.WAITING || info.getThreadState() == Thread.State.TIMED_WAITING)
                && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(target)
                && Arrays.stream(caller.getStackTrace()).anyMatch(f -> f.getMethodName().equals("join"));
    }

    /** True when the thread is parked in {@code Thread.sleep}. */
    public static boolean isSleeping(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(f -> f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("sleep"));
    }

    /** True when {@code className.method} is on the thread's stack right now. */
    public static boolean isIn(Thread thread, String className, String method) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
    }

    /** CPU time the thread has used so far, in nanoseconds (-1 if it has ended). */
    public static long cpuNanos(Thread thread) {
        return MX.getThreadCpuTime(thread.threadId());
    }
}
