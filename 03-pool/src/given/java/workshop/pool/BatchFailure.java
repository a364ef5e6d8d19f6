// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Thrown by {@link Batch#runAll} when a task failed. Nothing to edit here.
 *
 * <p>Its cause is the failed task's own exception, and {@link #results()} holds every task's
 * result in the tasks' order, with {@code null} in the place of a task that failed.
 */
public final class BatchFailure extends Exception {
    private final transient List<Object> results;

    public BatchFailure(Throwable cause, List<?> results) {
        super("a task failed: " + cause, cause);
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
    }

    /** Every task's result, in the tasks' order; null for a task that failed. */
    public List<Object> results() {
        return results;
    }
}
