package workshop.locks;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Task 2b: the notes' "signalling". One thread (the waiter) waits in {@link #awaitGoAhead()}
 * until another thread (the cook) calls {@link #goAhead()}: the go-ahead is handed from one
 * thread to another.
 */
public final class HandOff {
    // TODO(task 2b): this lock is taken by the thread that creates the HandOff ("not yet"), and
    //  only that thread may unlock it: a ReentrantLock has an owner. The cook is another thread.
    //  A go-ahead that any thread may give, and that is kept until someone takes it, is a permit.
    private final ReentrantLock notYet = new ReentrantLock();

    public HandOff() {
        notYet.lock();
    }

    /** Called by the cook: lets one waiter go on (now, or as soon as it comes to wait). */
    public void goAhead() {
        notYet.unlock();
    }

    /** Called by the waiter: blocks until the cook has given the go-ahead. */
    public void awaitGoAhead() throws InterruptedException {
        notYet.lockInterruptibly();
        notYet.unlock();
    }
}
