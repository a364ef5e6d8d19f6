package workshop.locks;

import java.util.Arrays;

/** Test helper: is a thread blocked inside a given class of the exercise? */
final class Waiting {
    private Waiting() {}

    /** True when {@code thread} is blocked (waiting, parked or at a monitor) somewhere inside {@code where}. */
    static boolean inside(Thread thread, Class<?> where) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED)
                && Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(where.getName()));
    }
}
