package workshop.pipeline;

import workshop.testkit.Threads;

/**
 * Run in a child JVM by {@link EventTest}: one thread spins on {@code isSet()} until it has been
 * compiled by the JIT, then another thread sets the event. Prints SEEN if the spinner noticed,
 * STUCK if it never did, or what went wrong.
 */
public final class EventVisibilityProbe {
    private EventVisibilityProbe() {}

    public static void main(String[] args) throws InterruptedException {
        Event event = new Event();
        StringBuffer error = new StringBuffer();
        Thread spinner = new Thread(() -> {
            try {
                while (!event.isSet()) {
                    // nothing: the loop only reads the flag, the way a worker checks a stop flag
                }
            } catch (Throwable t) {
                error.append(t);
            }
        }, "spinner");
        spinner.setDaemon(true);
        spinner.start();
        // With -Xbatch the loop is compiled before it goes on, so after this much CPU it runs
        // as optimised machine code, where an unguarded read of a plain field can be hoisted.
        long deadline = System.nanoTime() + 4_000_000_000L;
        while (spinner.isAlive() && Threads.cpuNanos(spinner) < 50_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        try {
            event.set();
        } catch (Throwable t) {
            error.append(t);
        }
        spinner.join(1000);
        System.out.println(error.length() > 0 ? "ERROR " + error : spinner.isAlive() ? "STUCK" : "SEEN");
        System.out.flush();
        System.exit(0);
    }
}
