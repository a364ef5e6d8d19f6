package workshop.testkit;

import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The last line of defence against a hang. Per-test timeouts stop almost everything; if a
 * test JVM still runs too long, the build kills it (surefire's fork timeout). Shortly
 * before that, this prints what every thread is doing, so the cause is on screen.
 * Registered through META-INF/services; the delay comes from the build
 * ({@code workshop.threadDumpAfterSeconds}).
 */
public final class HangWatchdog implements LauncherSessionListener {
    private Thread watchdog;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        long seconds = Long.getLong("workshop.threadDumpAfterSeconds", 0);
        if (seconds <= 0) {
            return;
        }
        watchdog = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException done) {
                return;
            }
            System.err.println(dump(seconds));
        }, "workshop-hang-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }

    static String dump(long seconds) {
        StringBuilder out = new StringBuilder("The tests have been running for " + seconds
                + " s and will be stopped soon. What every thread is doing now:");
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            out.append(System.lineSeparator()).append(System.lineSeparator())
                    .append('"').append(thread.getName()).append("\" ").append(thread.getState());
            for (StackTraceElement frame : entry.getValue()) {
                out.append(System.lineSeparator()).append("    at ").append(frame);
            }
        }
        return out.toString();
    }
}
