package workshop.locks;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Task 2a: the notes' one printer. One job at a time takes it, prints, and gives it back. A
 * thread that does not have the printer must not be able to give it back: that would let a
 * second job print in the middle of the first.
 */
public final class Printer {
    private final ReentrantLock printer = new ReentrantLock(); // owned: only its holder may unlock it

    /** Waits until the printer is free, then takes it for the calling thread. */
    public void take() throws InterruptedException {
        printer.lockInterruptibly();
    }

    /** Gives the printer back. Only the thread that took it may do this; anyone else gets an exception. */
    public void giveBack() {
        printer.unlock(); // IllegalMonitorStateException if the calling thread does not hold it
    }
}
