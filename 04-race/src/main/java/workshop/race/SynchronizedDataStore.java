package workshop.race;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task 1: the notes' FakeDataStore, fixed with a {@code synchronized} block (the notes'
 * {@code with self._lock:}). Every thread shares this one object, and so its {@code value}.
 */
public final class SynchronizedDataStore implements DataStore {
    private static final Logger log = LoggerFactory.getLogger(SynchronizedDataStore.class);

    private final Object lock = new Object(); // the notes' self._lock
    private final Pauses pauses;
    private int value; // a field: on the heap, shared by every thread

    public SynchronizedDataStore(Pauses pauses) {
        this.pauses = pauses;
    }

    @Override
    public void update(String name) {
        log.info("Thread {}: update starting", name);
        pauses.whilePreparing(name); // touches nothing shared: needs no lock

        // TODO(task 1): two threads can both read the same value here, and both write back the
        //  same result: one update is lost. Make read, add and write one step no other thread
        //  can get into: put these lines (and only these) inside synchronized (lock) { ... }.
        int localCopy = value; // read: from the shared heap into this thread's own stack
        log.info("Thread {}: read {}", name, localCopy);
        localCopy += 1;
        pauses.betweenReadAndWrite(name); // the notes' time.sleep(0.1)
        value = localCopy; // write back, over whatever other threads wrote meanwhile
        log.info("Thread {}: update finished, wrote {}", name, localCopy);
    }

    @Override
    public int value() {
        // TODO(task 1): read it under the same lock, so that a reader sees the latest write.
        return value;
    }
}
