package workshop.race;

/**
 * Task 3: counts hits (page views, say) from many threads at once, without a lock.
 */
public final class HitCounter {
    private final Runnable betweenReadAndWrite;

    // TODO(task 3): volatile alone would not help: it orders each write before later reads,
    //  but "read, add 1, write" stays three steps another thread can get between.
    //  Keep the count in a java.util.concurrent.atomic.AtomicInteger instead.
    private int hits;

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
        // TODO(task 3): write only if nobody else wrote since this thread read: with an
        //  AtomicInteger that is compareAndSet(seen, seen + 1), which fails if the count has
        //  changed. When it fails, read again and retry.
        int seen = hits; // read
        betweenReadAndWrite.run();
        hits = seen + 1; // write: overwrites whatever other threads wrote since the read
    }

    /** The count now. */
    public int hits() {
        return hits;
    }
}
