// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.daemon;

import java.time.Duration;

/**
 * The lesson's last demo (./workshop demo 02-daemon LateDaemon): what setDaemon(true) does to
 * a thread that is already running. It throws, and the thread goes on as the ordinary thread
 * it was started as, so the JVM waits for it.
 */
public final class LateDaemon {
    private LateDaemon() {}

    public static void main(String[] args) {
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofMillis(500)); // main's exception comes first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("late: still running after main's exception, as an ordinary thread: daemon = "
                    + Thread.currentThread().isDaemon());
        }, "late");
        late.start();
        late.setDaemon(true); // too late: throws IllegalThreadStateException, and main ends here
    }
}
