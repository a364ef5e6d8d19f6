package workshop.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stack frames for failure messages, as a learner needs them: the workshop's own code (the
 * exercise and its tests) and the one JDK method it called, never JDK internals or the test
 * kit's plumbing. "IllegalThreadStateException thrown by Thread.setDaemon, called from
 * Autosaver.start(Autosaver.java:23)" says more than forty frames of a raw trace.
 */
public final class Stacks {
    private static final int WORKSHOP_FRAMES = 3;

    private Stacks() {}

    /** A frame of the exercise or of its tests: a workshop class that is not the test kit's. */
    public static boolean isWorkshopFrame(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("workshop.") && !name.startsWith("workshop.testkit.") && !name.contains("$$Lambda");
    }

    /**
     * Where a stack is, in one line: the JDK method that the workshop's code called (say
     * {@code Thread.join}) and the workshop frames that called it, innermost first. A stack with
     * no workshop frame is shown by its top frame.
     */
    public static String where(StackTraceElement[] stack) {
        int first = firstWorkshopFrame(stack);
        if (first < 0) {
            return stack.length == 0 ? "(no stack)" : "in " + shortName(stack[0]);
        }
        String workshop = workshopFrames(stack, first);
        return first == 0 ? "in " + workshop : "in " + shortName(stack[first - 1]) + ", called from " + workshop;
    }

    /** A thread's state and {@linkplain #where where} it is, for a failure message. */
    public static String describe(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        Thread.State state = thread.getState();
        return stack.length == 0 ? state.toString() : state + " " + where(stack);
    }

    /**
     * An exception in one line: its type and message, the JDK method that threw it and the
     * workshop frames that called that method. Causes are followed to the first one thrown in
     * workshop code, when the top exception only wraps it.
     */
    public static String thrown(Throwable thrown) {
        Throwable shown = thrown;
        while (firstWorkshopFrame(shown.getStackTrace()) < 0 && shown.getCause() != null) {
            shown = shown.getCause();
        }
        StackTraceElement[] stack = shown.getStackTrace();
        int first = firstWorkshopFrame(stack);
        String what = shown.getClass().getName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
        if (first < 0) {
            return what + (stack.length == 0 ? "" : ", thrown " + where(stack));
        }
        return what + (first == 0 ? ", thrown in " : ", thrown by " + shortName(stack[first - 1]) + ", called from ")
                + workshopFrames(stack, first);
    }

    /** The thrower of an exception: the JDK method it came from, or null if workshop code threw it. */
    public static StackTraceElement thrower(Throwable thrown) {
        StackTraceElement[] stack = thrown.getStackTrace();
        int first = firstWorkshopFrame(stack);
        return first > 0 ? stack[first - 1] : first < 0 && stack.length > 0 ? stack[0] : null;
    }

    private static int firstWorkshopFrame(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (isWorkshopFrame(stack[i])) {
                return i;
            }
        }
        return -1;
    }

    private static String workshopFrames(StackTraceElement[] stack, int first) {
        List<String> frames = new ArrayList<>();
        Arrays.stream(stack, first, stack.length)
                .filter(Stacks::isWorkshopFrame)
                .limit(WORKSHOP_FRAMES)
                .forEach(frame -> frames.add(shortName(frame) + location(frame)));
        return String.join(" <- ", frames);
    }

    private static String shortName(StackTraceElement frame) {
        String type = frame.getClassName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName();
    }

    private static String location(StackTraceElement frame) {
        return frame.getFileName() == null ? "" : "(" + frame.getFileName()
                + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "") + ")";
    }
}
