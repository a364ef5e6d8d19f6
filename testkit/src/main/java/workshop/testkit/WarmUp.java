package workshop.testkit;

import java.time.Duration;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.LoggerFactory;

/**
 * Does the JVM's one-time set-up (logging configuration, management beans, the polling
 * library) before the first test, so that no test's bounded wait pays for it on a busy
 * machine. Registered through META-INF/services.
 */
public final class WarmUp implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LoggerFactory.getLogger(WarmUp.class).debug("warming up");
        Threads.isSleeping(Thread.currentThread());
        LockWaits.firstWaitingForLocksHeldBy(Thread.currentThread());
        Deadlocks.find();
        Bounded.within(() -> true, Duration.ofSeconds(1));
        Bounded.within(new java.util.function.BooleanSupplier() {
            private boolean second;

            @Override
            public boolean getAsBoolean() {
                boolean ready = second;
                second = true;
                return ready;
            }
        }, Duration.ofSeconds(5));
    }
}
