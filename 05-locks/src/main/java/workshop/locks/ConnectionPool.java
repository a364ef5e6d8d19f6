package workshop.locks;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Task 1: the notes' pool of database connections. Up to {@code size} users may run a query at
 * the same time; one more must wait until somebody gives a connection back.
 */
public final class ConnectionPool {
    // TODO(task 1): a lock is the notes' mutex, "a room for one": it lets one user in at a time
    //  although the pool has `size` connections. Count the connections with a Semaphore instead.
    private final ReentrantLock lock = new ReentrantLock();
    private final int size; // how many connections the pool has

    public ConnectionPool(int size) {
        this.size = size;
    }

    /**
     * Runs {@code query} while holding one connection, waiting for a free one first. Whatever
     * happens in the query (it may throw), the connection goes back to the pool.
     */
    public void use(Runnable query) throws InterruptedException {
        lock.lock();
        // TODO(task 1): if the query throws, the line after it never runs and the connection is
        //  gone for good. Give it back whatever happens.
        query.run();
        lock.unlock();
    }
}
