package workshop.race;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 2: the same data store, fixed with an explicit lock (the notes' {@code lock.acquire()}
 * and {@code lock.release()}). An update can fail half-way (here: when a pause throws); the
 * lock must be released even then.
 */
public final class LockedDataStore implements DataStore {
    private static final Logger log = LoggerFactory.getLogger(LockedDataStore.class);

    private final Lock lock = new ReentrantLock(); // one lock for this store, shared by every thread
    private final Pauses pauses;
    private int value;

    public LockedDataStore(Pauses pauses) {
        this.pauses = pauses;
    }

    @Override
    public void update(String name) {
        log.info("Thread {}: update starting", name);
        pauses.whilePreparing(name); // touches nothing shared: needs no lock

        // TODO(task 2): the same lost update as in task 1. Take the lock (lock.lock()) before the
        //  read and release it (lock.unlock()) after the write, in a finally block: if anything in
        //  between throws, a lock that is never released makes every later update wait forever.
        int localCopy = value;
        log.info("Thread {}: read {}", name, localCopy);
        localCopy += 1;
        pauses.betweenReadAndWrite(name);
        value = localCopy;
        log.info("Thread {}: update finished, wrote {}", name, localCopy);
    }

    @Override
    public int value() {
        // TODO(task 2): read it while holding the lock, and release it in a finally block.
        return value;
    }
}
