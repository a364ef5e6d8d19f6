package workshop.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Hold;

@DisplayName("Task 1: start() runs the worker on a new thread")
class StartWorkerTest {
    private static final String LOOK_AT = "ThreadBasics.startWorker (task 1): start() versus run()";

    @Test
    @DisplayName("the worker runs on the new thread, not on the caller's")
    void workerRunsOnItsOwnThread() {
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);

        Thread returned = ThreadBasics.startWorker(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        }, "First");

        Bounded.await(ran, Bounded.GENEROUS, () -> Feedback.message("start",
                "the worker should run once startWorker returns.", "it never ran", LOOK_AT));
        if (ranOn.get() == caller) {
            throw Feedback.fail("start() vs run()",
                    "the worker should run on its own new thread, 'First'.",
                    "it ran on the caller's thread '" + caller.getName() + "'. Calling run() is an ordinary"
                            + " method call; only start() begins a new flow of execution",
                    LOOK_AT);
        }
        assertThat(ranOn.get())
                .as("the thread that ran the worker should be the one startWorker returned")
                .isSameAs(returned);
        assertThat(returned.getName()).as("the new thread's name").isEqualTo("First");
    }

    @Test
    @DisplayName("startWorker returns while the worker is still working")
    void returnsWithoutWaitingForTheWorker() {
        Thread caller = Thread.currentThread();
        Hold work = new Hold();
        try {
            Thread returned = ThreadBasics.startWorker(() -> work.hold(caller), "First");
            if (!returned.isAlive()) {
                throw Feedback.fail("start",
                        "startWorker should return at once, while the worker is still working.",
                        "by the time it returned, its thread was " + returned.getState()
                                + (returned.getState() == Thread.State.NEW
                                        ? " (never started: the worker was run on the caller's thread with run())"
                                        : " (already done: startWorker waited for the worker)"),
                        LOOK_AT);
            }
            work.release();
            Bounded.join(returned, Bounded.GENEROUS, () -> "the worker should finish once released");
        } finally {
            work.release();
        }
    }
}
