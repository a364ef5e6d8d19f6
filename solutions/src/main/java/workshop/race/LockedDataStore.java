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

        lock.lock(); // before the try: if lock() itself failed, there would be nothing to release
        try {
            int localCopy = value;
            log.info("Thread {}: read {}", name, localCopy);
            localCopy += 1;
            pauses.betweenReadAndWrite(name);
            value = localCopy;
            log.info("Thread {}: update finished, wrote {}", name, localCopy);
        } finally {
            lock.unlock(); // runs even when something above throws
        }
    }

    @Override
    public int value() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }
}
