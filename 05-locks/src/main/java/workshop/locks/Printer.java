package workshop.locks;

import java.util.concurrent.Semaphore;

/**
 * Task 2a: the notes' one printer. One job at a time takes it, prints, and gives it back. A
 * thread that does not have the printer must not be able to give it back: that would let a
 * second job print in the middle of the first.
 */
public final class Printer {
    // TODO(task 2a): a semaphore of one lets one job in at a time, but a semaphore has no owner:
    //  any thread may release it, even one that never took it. Use a lock that knows its owner.
    private final Semaphore printer = new Semaphore(1);

    /** Waits until the printer is free, then takes it for the calling thread. */
    public void take() throws InterruptedException {
        printer.acquire();
    }

    /** Gives the printer back. Only the thread that took it may do this; anyone else gets an exception. */
    public void giveBack() {
        printer.release();
    }
}
