package workshop.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.ThreadLeaks;
import workshop.testkit.ThreadSnapshot;
import workshop.testkit.Threads;

/**
 * Test harness: one call of {@link Batch#runAll} on a thread of its own ("batch-caller"), so
 * that a call that never returns fails the test instead of hanging it. Every task is wrapped so
 * that the harness records each thread it ran on: whether a task ran once, on a worker, and
 * whether those workers are still alive later does not depend on what ran before this test.
 */
final class BatchCall<T> {
    /** The name of the thread that calls runAll. */
    static final String CALLER_NAME = "batch-caller";

    final Thread caller;
    private final Set<Thread> before = ThreadLeaks.snapshot();
    private final List<Queue<Thread>> ranOn = new ArrayList<>();
    private final AtomicReference<List<T>> results = new AtomicReference<>();
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();
    private volatile boolean interruptedAtReturn;
    private volatile List<ThreadSnapshot> workersAtReturn = List.of();

    private BatchCall(String callerName, List<Callable<T>> tasks) {
        List<Callable<T>> recorded = new ArrayList<>();
        for (Callable<T> task : tasks) {
            Queue<Thread> threads = new ConcurrentLinkedQueue<>();
            ranOn.add(threads);
            recorded.add(() -> {
                threads.add(Thread.currentThread());
                return task.call();
            });
        }
        caller = Threads.startDaemon(callerName, () -> {
            try {
                results.set(Batch.runAll(recorded));
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                // Looked at by the caller itself, the moment runAll is over.
                interruptedAtReturn = Thread.currentThread().isInterrupted();
                workersAtReturn = workers().stream().map(ThreadSnapshot::of).toList();
            }
        });
    }

    static <T> BatchCall<T> start(List<Callable<T>> tasks) {
        return new BatchCall<>(CALLER_NAME, tasks);
    }

    /** The same, on a caller thread named {@code callerName} (for two callers at once). */
    static <T> BatchCall<T> start(String callerName, List<Callable<T>> tasks) {
        return new BatchCall<>(callerName, tasks);
    }

    List<T> results() {
        return results.get();
    }

    Throwable thrown() {
        return thrown.get();
    }

    /** Whether the caller's interrupt flag was set when runAll returned or threw. */
    boolean interruptedAtReturn() {
        return interruptedAtReturn;
    }

    /** Every thread task {@code index} ran on, in order (twice if it ran twice). */
    List<Thread> ranOn(int index) {
        return List.copyOf(ranOn.get(index));
    }

    /** The distinct threads that ran tasks. */
    Set<Thread> workers() {
        Set<Thread> workers = new LinkedHashSet<>();
        ranOn.forEach(workers::addAll);
        return workers;
    }

    /** The first task that ran on the caller's own thread, or -1. */
    int taskRunOnTheCaller() {
        return IntStream.range(0, ranOn.size()).filter(i -> ranOn.get(i).contains(caller)).findFirst().orElse(-1);
    }

    /** The first task that ran more than once, or -1. */
    int taskRunTwice() {
        return IntStream.range(0, ranOn.size()).filter(i -> ranOn.get(i).size() > 1).findFirst().orElse(-1);
    }

    /** Which thread each of the first {@code count} tasks ran on, for messages. */
    String threadsUsed(int count) {
        return threadsUsed(IntStream.range(0, Math.min(count, ranOn.size())));
    }

    /** Which thread tasks 0 and 1 and task {@code task} ran on, for messages. */
    String threadsUsedUpTo(int task) {
        return task < 4 ? threadsUsed(4) : threadsUsed(IntStream.of(0, 1, task));
    }

    private String threadsUsed(IntStream tasks) {
        return tasks
                .mapToObj(i -> "task " + i + " on " + (ranOn.get(i).isEmpty() ? "(not run)"
                        : ranOn.get(i).stream().map(t -> "'" + t.getName() + "'").collect(Collectors.joining(" and "))))
                .collect(Collectors.joining(", "));
    }

    /** The caller's state and its own frames, for messages. */
    String callerNow() {
        return caller.getName() + " is " + ThreadSnapshot.of(caller).describe();
    }

    /**
     * True once the caller has handed out the work and waits for it (or has returned): parked in
     * its own runAll, whatever it waits on (a Future, invokeAll, a latch, a completion queue,
     * close or awaitTermination), and not while handing out a task or logging.
     */
    boolean waitingForResults() {
        ThreadSnapshot now = ThreadSnapshot.of(caller);
        return !now.isAlive() || isWaitingForResults(now);
    }

    private static boolean isWaitingForResults(ThreadSnapshot now) {
        return (now.state() == Thread.State.WAITING || now.state() == Thread.State.TIMED_WAITING)
                && now.hasClass(Batch.class.getName())
                && !now.hasMethod("submit") && !now.hasMethod("execute") && !now.hasMethod("addWorker")
                && !now.hasClass("ch.qos.logback.") && !now.hasClass("org.slf4j.");
    }

    /**
     * The caller, if it waits for a result with a time limit: a timed get, poll, await or join, or
     * a sleep between looks. A wait in awaitTermination is not counted: close() and a correct
     * shutdown-then-wait both wait there with a (long) bound. Null otherwise.
     */
    ThreadSnapshot timedWaitForResults() {
        ThreadSnapshot now = ThreadSnapshot.of(caller);
        return isWaitingForResults(now) && now.isTimedWaiting() && !now.hasMethod("awaitTermination") ? now : null;
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
     * Fails unless every worker has ended: the threads the tasks ran on, and any other thread
     * started since the call began. A worker idle in a pool never shut down fails at once. So
     * does, once they have all ended, a worker that was still inside the pool (waiting for a task
     * or finishing one) at the moment runAll returned: once a pool has terminated, which is what
     * awaitTermination and close() wait for, none of its workers is there any more.
     */
    void assertNoWorkerLeft(String lookAt) {
        Collection<Thread> ours = new LinkedHashSet<>(workers());
        ours.addAll(ThreadLeaks.startedSince(before));
        ours.remove(caller);
        // Until every thread has ended, or those left are idle in a pool never shut down (they never will).
        Bounded.within(() -> ours.stream().filter(Thread::isAlive).allMatch(ThreadLeaks::isIdleInAPoolStillOpen),
                Bounded.PATIENCE);
        List<Thread> left = ours.stream().filter(Thread::isAlive).toList();
        if (!left.isEmpty()) {
            boolean poolLeftOpen = left.stream().anyMatch(ThreadLeaks::isIdleInAPoolStillOpen);
            throw Feedback.fail("thread leak", "no worker thread should be alive after runAll returns or throws.",
                    (poolLeftOpen ? "still alive after it returned: " : "still alive " + Bounded.PATIENCE.toMillis()
                            + " ms later: ")
                            + left.stream().map(t -> "'" + t.getName() + "' (" + (ThreadLeaks.isIdleInAPoolStillOpen(t)
                                    ? "an idle worker of a pool that was never shut down" : ThreadSnapshot.of(t).describe())
                                    + ")").collect(Collectors.joining(", ")),
                    lookAt);
        }
        List<ThreadSnapshot> inThePool = workersAtReturn.stream().filter(BatchCall::stillInThePool).toList();
        if (!inThePool.isEmpty()) {
            throw Feedback.fail("thread leak",
                    "when runAll returns (or throws), its pool should have terminated: every worker has ended.",
                    "at the moment runAll " + (thrown() == null ? "returned" : "threw " + thrown().getClass().getSimpleName())
                            + ", " + inThePool.stream().map(w -> "'" + w.thread().getName() + "' was still "
                                    + (w.isIn("java.util.concurrent.FutureTask", "run") ? "running a task"
                                            : "waiting in the pool for a next task"))
                                    .collect(Collectors.joining(" and "))
                            + " (they have ended since). shutdown() only starts the shutdown; awaitTermination (or"
                            + " close(), which does both) waits until the workers have ended",
                    lookAt);
        }
    }

    /**
     * A worker that, when runAll was over, was still running a task or waiting in the pool for the
     * next one. Impossible once the pool has terminated: every worker has then left getTask for
     * good (it counts itself out of the pool there), so in whatever order the workers are looked
     * at after runAll returned, none can be seen running a task or parked in getTask.
     */
    private static boolean stillInThePool(ThreadSnapshot worker) {
        return worker.isAlive() && !worker.hasMethod("processWorkerExit")
                && (worker.isIn("java.util.concurrent.ThreadPoolExecutor", "getTask") && worker.isWaiting()
                        || worker.isIn("java.util.concurrent.FutureTask", "run"));
    }

    /**
     * True when the caller waits in awaitTermination (not inside close) while a worker it
     * started idles in a pool that was never shut down: that wait can only run out. The caller
     * is looked at first: had it called shutdown() before its wait, every idle worker would have
     * been interrupted by then.
     */
    private boolean awaitsAPoolNeverShutDown() {
        return awaitsTerminationOutsideClose()
                && workers().stream().anyMatch(ThreadLeaks::isIdleInAPoolStillOpen);
    }

    /** True when the caller is in awaitTermination, but not the one that close() calls. */
    private boolean awaitsTerminationOutsideClose() {
        ThreadSnapshot now = ThreadSnapshot.of(caller);
        return now.hasMethod("awaitTermination") && !now.hasMethod("close");
    }

    private String whyNotReturned(String lookAt) {
        ThreadSnapshot now = ThreadSnapshot.of(caller);
        String why;
        if (awaitsTerminationOutsideClose()) {
            why = "it is waiting in awaitTermination for a pool that was never shut down. awaitTermination"
                    + " only waits; shutdown() (or close()) is what tells the workers to end once the queue"
                    + " is empty";
        } else if (now.isIn("java.util.concurrent.FutureTask", "awaitDone")) {
            why = "it is waiting for a task's result that never comes. Was the task dropped from the queue?"
                    + " shutdownNow() hands back the queued tasks instead of running them (and interrupts"
                    + " the running ones); shutdown() lets them all finish";
        } else {
            why = "it is still running";
        }
        return Feedback.message("pool life cycle", "runAll should return once every task has finished.",
                why + ". " + caller.getName() + " is " + now.describe(), lookAt);
    }
}
