package workshop.race;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task 3: counts hits (page views, say) from many threads at once, without a lock.
 */
public final class HitCounter {
    private final Runnable betweenReadAndWrite;

    private final AtomicInteger hits = new AtomicInteger();

    /** A counter with no pause. */
    public HitCounter() {
        this(() -> {});
    }

    /** A counter that calls {@code betweenReadAndWrite} after each read of the count, before writing. */
    public HitCounter(Runnable betweenReadAndWrite) {
        this.betweenReadAndWrite = betweenReadAndWrite;
    }

    /** Adds 1. Keep the call to betweenReadAndWrite between your read and your write: the tests use it. */
    public void hit() {
        int seen;
        do {
            seen = hits.get(); // read
            betweenReadAndWrite.run();
        } while (!hits.compareAndSet(seen, seen + 1)); // write only if still `seen`; else read again
    }

    /** The count now. */
    public int hits() {
        return hits.get();
    }
}
