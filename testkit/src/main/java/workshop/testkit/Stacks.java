package workshop.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Describes where a thread is for a failure message: its state, the JDK method it waits in
 * (the one the exercise's code called, e.g. {@code Semaphore.acquire}), and the frames of the
 * exercise's code and of the test, without the JDK's internals (AQS, Unsafe.park) or the test
 * kit's plumbing, which say nothing to a learner.
 */
public final class Stacks {
    private static final int MOST_FRAMES = 6;

    private Stacks() {}

    /** "WAITING in Semaphore.acquire, called from ConnectionPool.use(ConnectionPool.java:24) ...". */
    public static String describe(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        Thread.State state = thread.getState();
        if (state == Thread.State.TERMINATED) {
            return "ended";
        }
        List<String> ours = new ArrayList<>();
        String calledFromOurs = null;
        for (int i = 0; i < stack.length && ours.size() < MOST_FRAMES; i++) {
            if (isExercise(stack[i])) {
                if (ours.isEmpty() && i > 0) {
                    calledFromOurs = shortName(stack[i - 1]);
                }
                ours.add(stack[i].getClassName().replaceFirst("^.*\\.", "") + "." + stack[i].getMethodName() + "("
                        + stack[i].getFileName() + ":" + stack[i].getLineNumber() + ")");
            }
        }
        if (ours.isEmpty()) {
            return state.toString();
        }
        String in = calledFromOurs == null ? "" : " in " + calledFromOurs + ",";
        return state + in + " at " + ours.stream().collect(Collectors.joining(" <- "));
    }

    /** A frame of the exercise or its tests: a workshop package other than the test kit. */
    static boolean isExercise(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("workshop.") && !name.startsWith("workshop.testkit.");
    }

    private static String shortName(StackTraceElement frame) {
        return frame.getClassName().replaceFirst("^.*\\.", "").replace('$', '.') + "." + frame.getMethodName();
    }
}
