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
        // TODO(task 1): a cached pool makes a new thread for every task that finds no idle one:
        //  ten slow tasks, ten threads. Use a pool of exactly WORKERS threads; tasks beyond that
        //  wait in its queue.
        // TODO(task 3): nobody ever shuts this pool down, so its threads outlive the call (a
        //  failing task included). Since Java 19 an ExecutorService is AutoCloseable: the
        //  notes' "with" is a try-with-resources.
        ExecutorService pool = Executors.newCachedThreadPool(workerThreads());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(task));
        }
        log.info("submitted {} tasks", tasks.size());
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                // TODO(task 2): the task's exception is swallowed here: the caller gets a null
                //  and never learns why. Remember the first failure's own exception (the
                //  ExecutionException only wraps it), keep collecting the other results, and
                //  throw a BatchFailure at the end.
                results.add(null);
            }
        }
        return results;
    }

    /** Makes the pool's worker threads. */
    static ThreadFactory workerThreads() {
        // TODO(task 4): the default factory calls its threads "pool-1-thread-1": in a log or a
        //  thread dump, nobody can tell what they are for. Name them "batch-worker-1",
        //  "batch-worker-2", ... (Thread.ofPlatform() can build such a factory).
        return Executors.defaultThreadFactory();
    }
}
