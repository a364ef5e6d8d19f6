package workshop.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a worker busy until the test lets it go, so the test decides when work ends instead
 * of guessing with a sleep. A held worker also lets itself go as soon as the thread it
 * belongs to waits for it with {@code join()}, or if it finds itself running on that very
 * thread (its code was called with run() instead of start()): that is what lets a correct
 * solution through at once, while a solution that never waits is caught with work in flight.
 */
public final class Hold {
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    private final CountDownLatch released = new CountDownLatch(1);

    /** Worker side: blocks until released, or until {@code waiter} joins this thread. */
    public void hold(Thread waiter) {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + BACKSTOP.toNanos();
        try {
            while (released.getCount() > 0 && System.nanoTime() < deadline) {
                if (waiter == me || (waiter != null && Threads.isJoining(waiter, me))) {
                    return;
                }
                released.await(2, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Test side: lets the held worker go on. */
    public void release() {
        released.countDown();
    }
}
