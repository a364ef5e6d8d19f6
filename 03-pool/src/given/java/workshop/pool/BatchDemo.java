// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lesson's demo (./workshop demo 03-pool): your {@link Batch#runAll} on four slow tasks
 * and a fifth that fails. Shows which threads ran them, what came back, which threads are
 * still alive afterwards, and when the JVM can exit.
 */
public final class BatchDemo {
    private static final Logger log = LoggerFactory.getLogger(BatchDemo.class);

    private BatchDemo() {}

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> log.info("the JVM exits, {} s after main began",
                String.format("%.1f", (System.nanoTime() - start) / 1e9)), "exit"));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int quote = i;
            tasks.add(() -> {
                log.info("pricing quote {}", quote);
                Thread.sleep(Duration.ofMillis(300)); // a slow call to a pricing service
                return (quote + 1) * 10;
            });
        }
        tasks.add(() -> {
            log.info("pricing quote 4");
            throw new IllegalStateException("no price for quote 4");
        });
        try {
            log.info("runAll returned {}", Batch.runAll(tasks));
        } catch (BatchFailure failure) {
            log.info("runAll threw BatchFailure (cause: {}), results {}", failure.getCause(),
                    failure.results());
        }
        String alive = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("pool-") || name.startsWith("batch-worker-"))
                .sorted().collect(Collectors.joining(", "));
        log.info("worker threads still alive: {}", alive.isEmpty() ? "none" : alive);
        log.info("main is done");
    }
}
