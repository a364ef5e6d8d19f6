// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.threads;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notes' worker: logs "Starting", does its work, logs "Finishing". Nothing to edit here.
 */
public final class Worker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final String name;
    private final Runnable work;

    public Worker(String name, Runnable work) {
        this.name = name;
        this.work = work;
    }

    /** The notes' example: a worker whose work is to sleep for a while. */
    public static Worker sleeping(String name, Duration duration) {
        return new Worker(name, () -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void run() {
        log.info("{}: Starting", name);
        work.run();
        log.info("{}: Finishing", name);
    }
}
