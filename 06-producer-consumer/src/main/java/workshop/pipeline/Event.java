package workshop.pipeline;

import java.time.Duration;

/**
 * Task 1: the notes' event flag (Python's threading.Event). It starts cleared; {@link #set()}
 * raises it and wakes every thread waiting in {@link #await()}; {@link #clear()} lowers it again.
 *
 * <p>The Event is its own monitor: its methods synchronize on {@code this} and wait with
 * {@code this.wait()}. Any code holding a reference to it can lock it and call notifyAll() on
 * it (the tests do), just as the JVM may wake a waiting thread for no reason at all.
 */
public final class Event {
    private boolean set; // TODO(task 1): which threads read and write this, and holding what?

    /** Raises the flag and wakes every waiting thread. */
    public void set() {
        // TODO(task 1): raise the flag, then wake the threads waiting in await(). All of them.
        throw new UnsupportedOperationException("TODO(task 1): Event.set()");
    }

    /** Lowers the flag: later calls to await() wait again. */
    public void clear() {
        // TODO(task 1)
        throw new UnsupportedOperationException("TODO(task 1): Event.clear()");
    }

    /** True while the flag is raised, as seen from any thread. */
    public boolean isSet() {
        // TODO(task 1): another thread's set() must become visible here.
        throw new UnsupportedOperationException("TODO(task 1): Event.isSet()");
    }

    /** Returns at once if the flag is raised; otherwise waits until it is. */
    public void await() throws InterruptedException {
        // TODO(task 1): wait() on this monitor while the flag is down. A wake-up is not a set().
        throw new UnsupportedOperationException("TODO(task 1): Event.await()");
    }

    /**
     * Waits at most {@code timeout} for the flag. Returns true if it is raised, false if the time
     * ran out first.
     */
    public boolean await(Duration timeout) throws InterruptedException {
        // TODO(task 1): like await(), with wait(millis) and a deadline. Woken early with the flag
        //  still down? Wait for the time that is left, not the whole timeout again.
        throw new UnsupportedOperationException("TODO(task 1): Event.await(Duration)");
    }
}
