package workshop.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import workshop.testkit.Bounded;

/**
 * Stands for code under test in the test kit's own tests: outside the package workshop.testkit,
 * whose frames failure messages leave out as plumbing.
 */
public final class Waiter {
    private Waiter() {}

    public static void untimed(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void timed(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void throughTheKit(CountDownLatch latch) {
        Bounded.quietly(latch, Duration.ofSeconds(5));
    }

    /** Throws from inside a JDK call, as code under test might. */
    public static Object nextOfNothing() {
        return List.of().iterator().next();
    }
}
