package workshop.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Loads what the bounded waits use (deadlock detection, Awaitility, logging) before a test class
 * runs, so that a fresh JVM on a busy machine does not spend a test's time budget, or a bounded
 * wait, on class loading. Register with {@code @ExtendWith(WarmUp.class)}; once per JVM.
 */
public final class WarmUp implements BeforeAllCallback {
    private static volatile boolean done;

    /** Does the warm-up now, if it has not been done in this JVM yet. */
    public static void now() {
        if (done) {
            return;
        }
        org.slf4j.LoggerFactory.getLogger(WarmUp.class);
        Deadlocks.find();
        Threads.cpuNanos(Thread.currentThread());
        Bounded.within(() -> true, Bounded.PATIENCE);
        done = true;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        now();
    }
}
