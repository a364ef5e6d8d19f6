package workshop.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forces an exact interleaving of threads, so that a race happens on every run instead of by
 * luck. Each participant calls {@link #step(int)} at the points where it may be interrupted
 * by the others. Nobody passes its first step until every participant has reached it; after
 * that the participants take turns, one step each, in order 0, 1, 2, 0, 1, ... A participant
 * calls {@link #leave(int)} when done, and the others go on without it.
 *
 * <p>Every hand-over goes through one lock, so what one participant wrote is seen by the next:
 * the outcome is the same on every run. A participant that cannot get its turn (its partner
 * never arrives because the code under test serialised them) gets a {@link TurnTimeout}: at
 * once if another thread is blocked on a lock this participant holds, else after the bound.
 */
public final class TakeTurns {
    private static final long POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final boolean[] arrived;
    private final boolean[] active;
    private final Duration bound;
    private final List<String> trace = new ArrayList<>();
    private int turn = 0;
    private boolean started;

    /** Thrown in a participant that waited too long for its turn. */
    public static final class TurnTimeout extends RuntimeException {
        TurnTimeout(String message) {
            super(message);
        }
    }

    public TakeTurns(int participants) {
        this(participants, Bounded.GENEROUS);
    }

    public TakeTurns(int participants, Duration bound) {
        this.arrived = new boolean[participants];
        this.active = new boolean[participants];
        java.util.Arrays.fill(active, true);
        this.bound = bound;
    }

    /** A hook for participant {@code me}, to pass where the code under test accepts a Runnable. */
    public Runnable hookFor(int me) {
        return () -> step(me);
    }

    /** Waits for participant {@code me}'s turn, then lets it take one step. */
    public void step(int me) {
        lock.lock();
        try {
            long left = bound.toNanos();
            if (!started) {
                arrived[me] = true;
                changed.signalAll();
                while (!allArrived()) {
                    if (left <= 0) {
                        throw new TurnTimeout("participant " + me + " waited " + bound.toMillis()
                                + " ms for the others to start; they never got there at the same time");
                    }
                    left = pause(left, me);
                }
                started = true;
                changed.signalAll();
            }
            while (turn != me) {
                if (left <= 0) {
                    throw new TurnTimeout("participant " + me + " waited " + bound.toMillis()
                            + " ms for its turn; participant " + turn + " never took its step");
                }
                left = pause(left, me);
            }
            trace.add(Thread.currentThread().getName());
            passTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnTimeout("participant " + me + " was interrupted while waiting for its turn");
        } finally {
            lock.unlock();
        }
    }

    /** Participant {@code me} is done: the others go on without it. */
    public void leave(int me) {
        lock.lock();
        try {
            active[me] = false;
            arrived[me] = true;
            if (turn == me) {
                passTurn();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The names of the threads, in the order they took their steps. */
    public List<String> trace() {
        lock.lock();
        try {
            return List.copyOf(trace);
        } finally {
            lock.unlock();
        }
    }

    /** Waits a little; gives up at once if another thread is stuck behind a lock we hold. */
    private long pause(long left, int me) throws InterruptedException {
        long remaining = changed.awaitNanos(Math.min(left, POLL_NANOS)) + Math.max(0, left - POLL_NANOS);
        String blocked;
        lock.unlock(); // so that a partner queueing for our own lock is not mistaken for one blocked by the code under test
        try {
            blocked = LockWaits.firstWaitingForLocksHeldBy(Thread.currentThread());
        } finally {
            lock.lock();
        }
        if (blocked != null) {
            throw new TurnTimeout("participant " + me + " ('" + Thread.currentThread().getName()
                    + "') waits for the others while '" + blocked + "' waits for a lock it holds:"
                    + " the code under test lets only one thread in at a time");
        }
        return remaining;
    }

    private boolean allArrived() {
        for (boolean a : arrived) {
            if (!a) {
                return false;
            }
        }
        return true;
    }

    private void passTurn() {
        for (int i = 1; i <= active.length; i++) {
            int next = (turn + i) % active.length;
            if (active[next]) {
                turn = next;
                break;
            }
        }
        changed.signalAll();
    }
}
