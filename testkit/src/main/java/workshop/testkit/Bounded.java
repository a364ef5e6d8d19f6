package workshop.testkit;


import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits that never hang: each has a bound, and running past it fails with a message that
 * names what never happened. While waiting, a deadlock among the JVM's threads fails at
 * once with the threads and locks involved.
 */
public final class Bounded {
    /**
     * How long a test waits for something a correct solution does at once. Long enough that a
     * loaded 2-core machine never runs past it on correct code; short enough that a wrong
     * answer fails in about a second.
     */
    public static final Duration PATIENCE = Duration.ofMillis(1500);

    /**
     * How long a test waits on the correct path for something that a busy machine may delay
     * (a thread being scheduled, a JIT pause), when wrong answers are caught some other way
     * first (a positive sign such as "returned early" or "is sleeping"). Only a broken
     * solution ever waits this out.
     */
    public static final Duration GENEROUS = Duration.ofSeconds(5);

    private static final Duration POLL = Duration.ofMillis(5);

    private Bounded() {}

    /** Waits until the condition holds, at most {@code bound}; otherwise fails with the message. */
    public static void until(BooleanSupplier condition, Duration bound, Supplier<String> failure) {
        Deadlocks.failIfAny();
        if (condition.getAsBoolean()) {
            return; // already true: no need to start polling
        }
        try {
            org.awaitility.Awaitility.await().atMost(bound).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
                Deadlocks.failIfAny();
                return condition.getAsBoolean();
            });
        } catch (ConditionTimeoutException timedOut) {
            throw new org.opentest4j.AssertionFailedError(failure.get());
        }
    }

    /** Like {@link #until} but reports instead of failing: true if the condition came true in time. */
    public static boolean within(BooleanSupplier condition, Duration bound) {
        try {
            until(condition, bound, () -> "");
            return true;
        } catch (org.opentest4j.AssertionFailedError timedOut) {
            if (!timedOut.getMessage().isEmpty()) {
                throw timedOut; // a deadlock, not a timeout
            }
            return false;
        }
    }

    /** Waits for the latch; fails with the message if it is not released within the bound. */
    public static void await(CountDownLatch latch, Duration bound, Supplier<String> failure) {
        until(() -> latch.getCount() == 0, bound, failure);
    }

    /** Waits for the thread to end; fails with the message (and the thread's stack) if it does not. */
    public static void join(Thread thread, Duration bound, Supplier<String> failure) {
        until(() -> !thread.isAlive(), bound, () -> failure.get()
                + System.lineSeparator() + "    " + thread.getName() + " is " + Threads.describe(thread));
    }

    /** For worker code: a latch wait that gives up (returning false) instead of hanging. */
    public static boolean quietly(CountDownLatch latch, Duration bound) {
        try {
            return latch.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
