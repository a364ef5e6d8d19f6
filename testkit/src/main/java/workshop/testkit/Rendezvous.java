package workshop.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A meeting point for N tasks that proves they ran at the same time: each task calls
 * {@link #arrive()} and waits there until all N are inside at once. Code that runs the tasks
 * one after another never gets all N in; the test says so instead of hanging.
 */
public final class Rendezvous {
    private final int parties;
    private final Duration bound;
    private final AtomicInteger arrivals = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final CountDownLatch open = new CountDownLatch(1);

    public Rendezvous(int parties) {
        this(parties, Bounded.PATIENCE);
    }

    public Rendezvous(int parties, Duration bound) {
        this.parties = parties;
        this.bound = bound;
    }

    /**
     * Called by each task: waits (bounded) until all parties are inside. Returns true if they
     * all met; false if this task gave up waiting or the test {@linkplain #abandon() abandoned}
     * the meeting.
     */
    public boolean arrive() {
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            if (arrivals.incrementAndGet() >= parties) {
                open.countDown();
                return true;
            }
            return Bounded.quietly(open, bound) && allArrived();
        } finally {
            inside.decrementAndGet();
        }
    }

    /** Test side: lets everyone still waiting go on (used to clean up after a failure). */
    public void abandon() {
        open.countDown();
    }

    /** True once all parties have arrived. */
    public boolean allArrived() {
        return arrivals.get() >= parties;
    }

    /** The largest number of tasks that were waiting inside at the same moment. */
    public int mostInsideAtOnce() {
        return mostInside.get();
    }

    /** Test side: waits (bounded) for all parties; fails with the hint if they never met. */
    public void assertAllMet(String concept, String lookAt) {
        Bounded.until(this::allArrived, bound, () -> Feedback.message(concept,
                parties + " tasks should be running at the same time.",
                "at most " + mostInside.get() + " of " + parties + " were running at once"
                        + " (they ran one after another, or some never started)",
                lookAt));
    }
}
