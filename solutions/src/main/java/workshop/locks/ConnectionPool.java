package workshop.locks;

import java.util.concurrent.Semaphore;

/**
 * Task 1: the notes' pool of database connections. Up to {@code size} users may run a query at
 * the same time; one more must wait until somebody gives a connection back.
 */
public final class ConnectionPool {
    private final Semaphore connections; // one permit per free connection

    public ConnectionPool(int size) {
        this.connections = new Semaphore(size);
    }

    /**
     * Runs {@code query} while holding one connection, waiting for a free one first. Whatever
     * happens in the query (it may throw), the connection goes back to the pool.
     */
    public void use(Runnable query) throws InterruptedException {
        connections.acquire(); // outside the try: if this wait is interrupted, we hold nothing to give back
        try {
            query.run();
        } finally {
            connections.release();
        }
    }
}
