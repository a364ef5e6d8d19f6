package workshop.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Task 1: the notes' event flag (Python's threading.Event). It starts cleared; {@link #set()}
 * raises it and wakes every thread waiting in {@link #await()}; {@link #clear()} lowers it again.
 *
 * <p>The Event is its own monitor: its methods synchronize on {@code this} and wait with
 * {@code this.wait()}. Any code holding a reference to it can lock it and call notifyAll() on
 * it (the tests do), just as the JVM may wake a waiting thread for no reason at all.
 */
public final class Event {
    private boolean set; // guarded by this: every read and write holds the monitor

    /** Raises the flag and wakes every waiting thread. */
    public synchronized void set() {
        set = true;
        notifyAll(); // every waiter, not just one: they all wait for the same flag
    }

    /** Lowers the flag: later calls to await() wait again. */
    public synchronized void clear() {
        set = false;
    }

    /** True while the flag is raised. Holding the monitor makes another thread's set() visible here. */
    public synchronized boolean isSet() {
        return set;
    }

    /** Returns at once if the flag is raised; otherwise waits until it is. */
    public synchronized void await() throws InterruptedException {
        while (!set) { // a wake-up is a hint, not a promise: check again
            wait();
        }
    }

    /**
     * Waits at most {@code timeout} for the flag. Returns true if it is raised, false if the time
     * ran out first.
     */
    public synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!set) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left); // woken early? wait for the rest of the time
        }
        return true;
    }
}
