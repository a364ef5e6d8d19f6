package workshop.locks;

import java.util.concurrent.Semaphore;

/**
 * Task 2b: the notes' "signalling". One thread (the waiter) waits in {@link #awaitGoAhead()}
 * until another thread (the cook) calls {@link #goAhead()}: the go-ahead is handed from one
 * thread to another.
 */
public final class HandOff {
    private final Semaphore goAheads = new Semaphore(0); // no owner: any thread may release a permit

    public HandOff() {}

    /** Called by the cook: lets one waiter go on (now, or as soon as it comes to wait). */
    public void goAhead() {
        goAheads.release();
    }

    /** Called by the waiter: blocks until the cook has given the go-ahead. */
    public void awaitGoAhead() throws InterruptedException {
        goAheads.acquire();
    }
}
