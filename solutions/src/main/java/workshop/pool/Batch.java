package workshop.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tasks 1 to 4 of the lesson: run a batch of tasks on a small pool of worker threads. */
public final class Batch {
    private static final Logger log = LoggerFactory.getLogger(Batch.class);

    /** How many tasks may run at once: the pool's size. */
    public static final int WORKERS = 2;

    private Batch() {}

    /**
     * Runs every task on a pool of {@link #WORKERS} worker threads and returns their results
     * in the tasks' order. If a task fails, throws a {@link BatchFailure} whose cause is that
     * task's own exception (the first failed task's, in the tasks' order) and which holds every
     * other task's result. Either way, no worker thread is left running.
     */
    public static <T> List<T> runAll(List<Callable<T>> tasks) throws BatchFailure, InterruptedException {
        List<T> results = new ArrayList<>();
        Throwable failure = null;
        // A pool of exactly WORKERS threads; close() at the end of the block shuts it down and
        // waits for its threads, whether the block ends normally or with an exception.
        try (ExecutorService pool = Executors.newFixedThreadPool(WORKERS, workerThreads())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task)); // hand out every task first...
            }
            log.info("submitted {} tasks", tasks.size());
            for (Future<T> future : futures) { // ...then wait for each, in submission order
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    log.warn("a task failed: {}", e.getCause().toString());
                    results.add(null);
                    if (failure == null) {
                        failure = e.getCause(); // the task's own exception, unwrapped
                    }
                }
            }
        }
        if (failure != null) {
            throw new BatchFailure(failure, results);
        }
        return results;
    }

    /** Makes the pool's worker threads. */
    static ThreadFactory workerThreads() {
        return Thread.ofPlatform().name("batch-worker-", 1).factory(); // batch-worker-1, -2, ...
    }
}
