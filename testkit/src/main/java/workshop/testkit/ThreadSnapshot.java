package workshop.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One look at a thread: its state and its stack, taken together, read in terms of the code
 * under test. For a platform thread both come from one ThreadMXBean snapshot, so the stack is
 * the one the thread had in that state; a virtual thread (which ThreadMXBean does not see) is
 * read twice, state first, and must still be in that state after its stack was read.
 *
 * <p>"Own" frames are those of the code under test and of the test itself: not the JDK, the test
 * framework, logging, or this kit ({@link #isPlumbing}). Messages show only those, plus the one
 * JDK call the own code is in ("in FutureTask.get, called from Batch.runAll(Batch.java:42)").
 */
public record ThreadSnapshot(Thread thread, Thread.State state, List<StackTraceElement> stack, long waitedCount) {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final List<String> PLUMBING = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.junit.", "org.opentest4j.", "org.awaitility.", "org.assertj.", "org.hamcrest.",
            "ch.qos.logback.", "org.slf4j.", "workshop.testkit.");
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final int OWN_FRAMES_SHOWN = 6;

    /** Takes the snapshot now. */
    public static ThreadSnapshot of(Thread thread) {
        if (!thread.isVirtual()) {
            ThreadInfo info = MX.getThreadInfo(thread.threadId(), Integer.MAX_VALUE);
            if (info == null) {
                return new ThreadSnapshot(thread, Thread.State.TERMINATED, List.of(), -1);
            }
            return new ThreadSnapshot(thread, info.getThreadState(), List.of(info.getStackTrace()),
                    info.getWaitedCount());
        }
        Thread.State state = thread.getState();
        List<StackTraceElement> stack = List.of(thread.getStackTrace());
        Thread.State after = thread.getState();
        return new ThreadSnapshot(thread, after == state ? state : Thread.State.RUNNABLE, stack, -1);
    }

    /** True for a frame of the JDK, the test framework, logging or the test kit. */
    public static boolean isPlumbing(StackTraceElement frame) {
        return PLUMBING.stream().anyMatch(frame.getClassName()::startsWith);
    }

    private static boolean isJdk(StackTraceElement frame) {
        return JDK.stream().anyMatch(frame.getClassName()::startsWith);
    }

    /** Blocked on a monitor, or parked (wait, join, sleep, a lock or synchronizer), timed or not. */
    public boolean isWaiting() {
        return state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** Parked with a time limit: a timed get, poll, tryLock, await, join or a sleep. */
    public boolean isTimedWaiting() {
        return state == Thread.State.TIMED_WAITING;
    }

    public boolean isAlive() {
        return state != Thread.State.TERMINATED && state != Thread.State.NEW;
    }

    /** True when {@code className.method} is on the stack. */
    public boolean isIn(String className, String method) {
        return stack.stream().anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
    }

    /** True when a method of that name (in any class) is on the stack. */
    public boolean hasMethod(String method) {
        return stack.stream().anyMatch(f -> f.getMethodName().equals(method));
    }

    /** True when a frame of a class whose name starts with {@code prefix} is on the stack. */
    public boolean hasClass(String prefix) {
        return stack.stream().anyMatch(f -> f.getClassName().startsWith(prefix));
    }

    /** The innermost frame of the code under test or the test, or null. */
    public StackTraceElement firstOwnFrame() {
        return stack.stream().filter(f -> !isPlumbing(f)).findFirst().orElse(null);
    }

    /**
     * True when the thread waits in a JDK call (a monitor, a lock, a synchronizer, wait, join or
     * sleep) made directly by code of {@code type} (or its nested classes and lambdas): nothing
     * but JDK frames above that code's frame, so not inside logging or a test's own hook.
     */
    public boolean waitsInACallFrom(Class<?> type) {
        if (!isWaiting()) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(type.getName()) || frame.getClassName().startsWith(type.getName() + "$")) {
                return true;
            }
            if (!isJdk(frame)) {
                return false;
            }
        }
        return false;
    }

    /** The JDK method the thread's own code is in right now ("FutureTask.get"), or null if it runs its own code. */
    public String jdkCall() {
        int own = ownIndex();
        if (own <= 0) {
            return own == 0 ? null : stack.isEmpty() ? null : shortName(stack.get(0));
        }
        return shortName(stack.get(own - 1));
    }

    private int ownIndex() {
        for (int i = 0; i < stack.size(); i++) {
            if (!isPlumbing(stack.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** For failure messages: the state, the JDK call it is in, and its own frames, one per line. */
    public String describe() {
        if (!isAlive()) {
            return state.toString();
        }
        String call = jdkCall();
        return state + (call == null ? "" : " in " + call + "()") + ownFramesText(stack);
    }

    /** For failure messages: the exception, where in the JDK it was thrown, and the own frames it passed. */
    public static String describe(Throwable thrown) {
        List<StackTraceElement> frames = List.of(thrown.getStackTrace());
        int own = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (!isPlumbing(frames.get(i))) {
                own = i;
                break;
            }
        }
        String where = own > 0 ? ", thrown in " + shortName(frames.get(own - 1)) + "()" : "";
        return thrown + where + ownFramesText(frames);
    }

    private static String ownFramesText(List<StackTraceElement> frames) {
        String own = frames.stream()
                .filter(f -> !isPlumbing(f) && !f.getClassName().contains("$$Lambda")) // no generated lambda classes
                .limit(OWN_FRAMES_SHOWN)
                .map(f -> System.lineSeparator() + "        at " + f.getClassName() + "." + f.getMethodName()
                        + "(" + (f.getFileName() == null ? "Unknown Source" : f.getFileName() + ":" + f.getLineNumber()) + ")")
                .collect(Collectors.joining());
        return own.isEmpty() ? "" : ", called from" + own;
    }

    private static String shortName(StackTraceElement frame) {
        String className = frame.getClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + frame.getMethodName();
    }

    @Override
    public String toString() {
        return "'" + thread.getName() + "' " + describe();
    }
}
