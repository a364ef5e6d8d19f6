package workshop.pool;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.ThreadLeaks;
import workshop.testkit.Threads;

/**
 * Test harness: one call of {@link Batch#runAll} on a thread of its own ("batch-caller"), so
 * that a call that never returns fails the test instead of hanging it.
 */
final class BatchCall<T> {
    final Thread caller;
    private final Set<Thread> before = ThreadLeaks.snapshot();
    private final AtomicReference<List<T>> results = new AtomicReference<>();
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();

    private BatchCall(List<Callable<T>> tasks) {
        caller = Threads.startDaemon("batch-caller", () -> {
            try {
                results.set(Batch.runAll(tasks));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
    }

    static <T> BatchCall<T> start(List<Callable<T>> tasks) {
        return new BatchCall<>(tasks);
    }

    List<T> results() {
        return results.get();
    }

    Throwable thrown() {
        return thrown.get();
    }

    /**
     * True once the caller has handed out the work and is waiting for it: blocked in a
     * Future's get, an invokeAll, a close or an awaitTermination (or it has returned).
     */
    boolean waitingForResults() {
        if (!caller.isAlive()) {
            return true;
        }
        Thread.State state = caller.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        List<StackTraceElement> stack = Arrays.asList(caller.getStackTrace());
        boolean handingOut = stack.stream().anyMatch(f -> f.getMethodName().equals("submit")
                || f.getMethodName().equals("execute") || f.getMethodName().equals("addWorker"));
        boolean waiting = stack.stream().anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.")
                && List.of("get", "awaitDone", "join", "waitingGet", "timedGet", "invokeAll", "close",
                        "awaitTermination").contains(f.getMethodName()));
        return waiting && !handingOut;
    }

    /** Waits (bounded) for runAll to return or throw; fails saying where it is stuck if it does not. */
    void awaitReturn(String lookAt) {
        Bounded.within(() -> !caller.isAlive() || awaitsAPoolNeverShutDown(), Bounded.PATIENCE);
        if (!caller.isAlive()) {
            return;
        }
        throw new org.opentest4j.AssertionFailedError(whyNotReturned(lookAt));
    }

    /**
     * True when the caller waits in awaitTermination (not inside close) while a worker it
     * started idles in a pool that was never shut down: that wait can only run out. The caller
     * is looked at first: had it called shutdown() before its wait, every idle worker would have
     * been interrupted by then.
     */
    private boolean awaitsAPoolNeverShutDown() {
        return awaitsTerminationOutsideClose()
                && ThreadLeaks.startedSince(before).stream().anyMatch(ThreadLeaks::isIdleInAPoolStillOpen);
    }

    /** True when the caller is in awaitTermination, but not the one that close() calls. */
    private boolean awaitsTerminationOutsideClose() {
        List<String> methods = Arrays.stream(caller.getStackTrace()).map(StackTraceElement::getMethodName).toList();
        return methods.contains("awaitTermination") && !methods.contains("close");
    }

    private String whyNotReturned(String lookAt) {
        String stack = Threads.describe(caller);
        String why;
        if (awaitsTerminationOutsideClose()) {
            why = "it is waiting in awaitTermination for a pool that was never shut down. awaitTermination"
                    + " only waits; shutdown() (or close()) is what tells the workers to end once the queue"
                    + " is empty";
        } else if (stack.contains("FutureTask.awaitDone") || stack.contains("FutureTask.get")) {
            why = "it is waiting for a task's result that never comes. Was the task dropped from the queue?"
                    + " shutdownNow() hands back the queued tasks instead of running them (and interrupts"
                    + " the running ones); shutdown() lets them all finish";
        } else {
            why = "it is still running";
        }
        return Feedback.message("pool life cycle", "runAll should return once every task has finished.",
                why + ". batch-caller is " + stack, lookAt);
    }
}
