package workshop.threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tasks 1 to 3 of the lesson: start a thread, wait for it, and run several at once. */
public final class ThreadBasics {
    private static final Logger log = LoggerFactory.getLogger(ThreadBasics.class);

    private ThreadBasics() {}

    /**
     * Task 1: runs {@code worker} on a new thread called {@code threadName} and returns that
     * thread at once, while the worker is still working.
     */
    public static Thread startWorker(Runnable worker, String threadName) {
        Thread thread = new Thread(worker, threadName);
        // TODO(task 1): run() executes the worker right here, on the caller's thread, and only
        //  returns when it is done. Ask the new thread to run it instead.
        thread.run();
        return thread;
    }

    /**
     * Task 2: the notes' main flow. Starts the worker on a thread called "Sub-Thread" and
     * must not say "Now All Finished!" until the worker has really finished.
     */
    public static void mainFlow(Runnable worker) throws InterruptedException {
        log.info("before creating Thread");
        Thread x = new Thread(worker, "Sub-Thread");
        log.info("before running Thread");
        x.start();
        log.info("Waiting For the Thread To Finish.");
        // TODO(task 2): wait here until x has finished. Guessing how long it takes (a sleep)
        //  is not waiting for it.
        log.info("Now All Finished!");
    }

    /**
     * Task 3: runs every job on its own thread, all at the same time, and returns their
     * results in the jobs' order once every job has finished.
     */
    public static List<Integer> computeAll(List<Supplier<Integer>> jobs) throws InterruptedException {
        Integer[] results = new Integer[jobs.size()]; // on the heap: every worker can fill its own slot
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            int slot = i;
            workers.add(new Thread(() -> results[slot] = jobs.get(slot).get(), "worker-" + i));
        }
        for (Thread worker : workers) {
            worker.start();
        }
        // TODO(task 3): every worker is running now, but nobody waits for them: their slots are
        //  still empty when this returns. Wait for every one of them to finish.
        return Arrays.asList(results);
    }

    /**
     * The notes' example (./workshop demo 01-threads): compare the log with and without task 2
     * done. Named like the notes' main thread, so that the log reads like theirs.
     */
    public static void main(String[] args) throws InterruptedException {
        Thread.currentThread().setName("Main-Thread");
        mainFlow(Worker.sleeping("First", Duration.ofSeconds(3)));
    }
}
