package workshop.threads;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.HeldJobs;
import workshop.testkit.Joins;
import workshop.testkit.Stacks;

@DisplayName("Task 1: start() runs the worker on a new thread")
class StartWorkerTest {
    private static final String LOOK_AT = "ThreadBasics.startWorker (task 1): start() versus run()";

    @Test
    @DisplayName("the worker runs once, on the new thread only, never on the caller's")
    void workerRunsOnItsOwnThread() {
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        Thread returned = ThreadBasics.startWorker(() -> ranOn.add(Thread.currentThread()), "First");

        // Every run has been recorded once the returned thread has ended: a run on the caller
        // happens inside startWorker, before it returns.
        Bounded.until(() -> !returned.isAlive(), Bounded.GENEROUS,
                () -> "the worker's thread should end once the worker is done" + ": it is " + Stacks.describe(returned));
        if (ranOn.contains(caller)) {
            throw Feedback.fail("start() vs run()",
                    "the worker should run on its own new thread, 'First', and only there.",
                    "it ran on the caller's thread '" + caller.getName() + "'" + (ranOn.size() > 1
                            ? " as well as on " + names(ranOn, caller) + ": run() was called besides start()."
                                    + " run() is an ordinary method call that runs the worker here, before or after"
                                    + " start(); start() alone runs it on the new thread"
                            : ". Calling run() is an ordinary method call; only start() begins a new flow of"
                                    + " execution"),
                    LOOK_AT);
        }
        if (ranOn.isEmpty()) {
            throw Feedback.fail("start", "the worker should run once startWorker has returned.",
                    "it never ran; the thread startWorker returned is " + returned.getState()
                            + (returned.getState() == Thread.State.NEW ? " (never started)" : ""),
                    LOOK_AT);
        }
        if (ranOn.size() > 1) {
            throw Feedback.fail("start", "the worker should run exactly once.",
                    "it ran " + ranOn.size() + " times, on " + names(ranOn, null), LOOK_AT);
        }
        if (ranOn.get(0) != returned) {
            throw Feedback.fail("start", "startWorker should return the thread that runs the worker.",
                    "the worker ran on '" + ranOn.get(0).getName() + "', but startWorker returned '"
                            + returned.getName() + "' (" + returned.getState() + ")",
                    LOOK_AT);
        }
        if (!returned.getName().equals("First")) {
            throw Feedback.fail("start", "the new thread should be called 'First', the name startWorker was given.",
                    "it is called '" + returned.getName() + "'", LOOK_AT);
        }
    }

    @Test
    @DisplayName("startWorker returns while the worker is still working, without waiting for it")
    void returnsWithoutWaitingForTheWorker() {
        AtomicReference<Thread> returned = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (HeldJobs work = new HeldJobs(1)) {
            // startWorker runs on a thread of the test's own, so that the test can watch it.
            Thread caller = new Thread(() -> {
                try {
                    returned.set(ThreadBasics.startWorker(() -> work.hold(0), "First"));
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "caller");
            caller.setDaemon(true);
            work.waiter(caller);
            caller.start();
            // A correct startWorker returns at once. One that waits for the worker is seen
            // waiting for its thread (the worker is held until the test lets it go, so it can
            // never end by itself meanwhile).
            Bounded.until(() -> !caller.isAlive() || waitsForTheWorker(caller, work.threadOf(0)), Bounded.GENEROUS,
                    () -> Feedback.message("start", "startWorker should return at once.",
                            "it is still running: " + Stacks.describe(caller), LOOK_AT));
            if (caller.isAlive()) {
                throw Feedback.fail("start, not join",
                        "startWorker should return at once, while the worker is still working.",
                        "it waits for the worker's thread to finish (" + Stacks.describe(caller)
                                + "). Starting a thread is enough; whoever needs the result can join it later",
                        LOOK_AT);
            }
            if (failure.get() != null) {
                throw Feedback.fail("start", "startWorker should start the worker and return its thread.",
                        "it threw " + Stacks.thrown(failure.get()), LOOK_AT);
            }
            Thread thread = returned.get();
            if (thread == null || !thread.isAlive()) {
                throw Feedback.fail("start",
                        "startWorker should return at once, while the worker is still working.",
                        thread == null ? "it returned null"
                                : "by the time it returned, its thread was " + thread.getState()
                                        + (thread.getState() == Thread.State.NEW
                                                ? " (never started: the worker was run on the caller's thread with run())"
                                                : " (already done: startWorker waited for the worker)"),
                        LOOK_AT);
            }
        }
        if (returned.get() != null) {
            Bounded.until(() -> !returned.get().isAlive(), Bounded.GENEROUS,
                () -> "the worker should finish once released" + ": it is " + Stacks.describe(returned.get()));
        }
    }

    private static boolean waitsForTheWorker(Thread caller, Thread worker) {
        return worker != null && worker != caller && Joins.waitOf(caller, worker) != Joins.Wait.NONE;
    }

    private static String names(List<Thread> threads, Thread except) {
        return threads.stream().filter(t -> t != except).map(t -> "'" + t.getName() + "'").distinct()
                .collect(Collectors.joining(", "));
    }
}
