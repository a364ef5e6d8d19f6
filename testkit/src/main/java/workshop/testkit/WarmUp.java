package workshop.testkit;

import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.LoggerFactory;

/**
 * Does the JVM's one-time set-up (logging configuration, management beans, the polling
 * library) before the first test, so that no test's bounded wait pays for it on a busy
 * machine. It runs by itself at the start of every test run (registered through
 * META-INF/services); a test class may also ask for it with {@code @ExtendWith(WarmUp.class)}.
 */
public final class WarmUp implements LauncherSessionListener, BeforeAllCallback {
    private static volatile boolean done;

    /** Does the warm-up now, if it has not been done in this JVM yet. */
    public static void now() {
        if (done) {
            return;
        }
        LoggerFactory.getLogger(WarmUp.class).debug("warming up");
        Threads.isSleeping(Thread.currentThread());
        Threads.cpuNanos(Thread.currentThread());
        LockWaits.firstWaitingForLocksHeldBy(Thread.currentThread());
        Deadlocks.find();
        Bounded.within(() -> true, Duration.ofSeconds(1));
        Bounded.within(new java.util.function.BooleanSupplier() {
            private boolean second; // false on the first poll: makes Awaitility start its poller once

            @Override
            public boolean getAsBoolean() {
                boolean ready = second;
                second = true;
                return ready;
            }
        }, Duration.ofSeconds(5));
        done = true;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        now();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        now();
    }
}
