// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.race;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notes' {@code ThreadPoolExecutor(max_workers=2)}: runs updates on a pool of two worker
 * threads and returns when all are done. Nothing to edit here: two updates at once is the point.
 * Shrinking the pool to one worker would hide the race instead of fixing it.
 */
public final class UpdatePool {
    private static final int WORKERS = 2;

    private UpdatePool() {}

    /** Submits {@code store.update(name)} for each name to a pool of two, and waits for all of them. */
    public static void runAll(DataStore store, List<String> names) {
        AtomicInteger workerNumber = new AtomicInteger();
        ThreadFactory workers = task -> new Thread(task, "worker-" + workerNumber.incrementAndGet());
        // close() waits until every submitted update has finished (like Python's `with`).
        try (ExecutorService executor = Executors.newFixedThreadPool(WORKERS, workers)) {
            for (String name : names) {
                executor.submit(() -> store.update(name));
            }
        }
    }

    /** The notes' example (./workshop demo 04-race): three updates on a pool of two. */
    public static void main(String[] args) {
        List<String> names = List.of("First", "Second", "Third");
        DataStore synchronizedStore = new SynchronizedDataStore(Pauses.likeTheNotes());
        runAll(synchronizedStore, names);
        System.out.println("SynchronizedDataStore: ending value is " + synchronizedStore.value() + ".");
        DataStore lockedStore = new LockedDataStore(Pauses.likeTheNotes());
        runAll(lockedStore, names);
        System.out.println("LockedDataStore: ending value is " + lockedStore.value() + ".");
    }
}
