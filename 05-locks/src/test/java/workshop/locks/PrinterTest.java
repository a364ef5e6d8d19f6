package workshop.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Threads;

@DisplayName("Task 2a: a mutex has an owner")
class PrinterTest {
    private static final String LOOK_AT = "Printer (task 2a): which kind of lock knows its owner?";

    @Test
    @DisplayName("only the thread that took the printer can give it back; anyone else gets an exception")
    void onlyTheOwnerGivesItBack() {
        Printer printer = new Printer();
        CountDownLatch firstHasIt = new CountDownLatch(1);
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        AtomicReference<Throwable> firstFailed = new AtomicReference<>();
        AtomicBoolean secondHasIt = new AtomicBoolean();
        AtomicReference<Throwable> secondFailed = new AtomicReference<>();
        Thread first = null;
        Thread second = null;
        try {
            first = Threads.startDaemon("job-1", () -> {
                try {
                    printer.take();
                    firstHasIt.countDown();
                    Bounded.quietly(firstMayFinish, Bounded.PATIENCE.multipliedBy(3));
                    printer.giveBack();
                } catch (Throwable t) {
                    firstFailed.set(t);
                }
            });
            Bounded.await(firstHasIt, Bounded.PATIENCE, () -> "job-1 should get the free printer: " + firstFailed.get());

            AtomicReference<Throwable> intruderGot = new AtomicReference<>();
            Thread intruder = Threads.startDaemon("intruder", () -> {
                try {
                    printer.giveBack();
                } catch (Throwable t) {
                    intruderGot.set(t);
                }
            });
            Bounded.join(intruder, Bounded.PATIENCE, () -> "giveBack() should return or throw at once");
            if (!(intruderGot.get() instanceof IllegalMonitorStateException
                    || intruderGot.get() instanceof IllegalStateException)) {
                throw Feedback.fail("ownership",
                        "a thread that never took the printer must not be able to give it back"
                                + " (a ReentrantLock throws IllegalMonitorStateException).",
                        "while job-1 was printing, 'intruder' called giveBack() and "
                                + (intruderGot.get() == null ? "it worked: the printer is free for a second job"
                                        + " in the middle of job-1's. A semaphore has no owner: any thread may"
                                        + " release it"
                                        : "got " + intruderGot.get()),
                        LOOK_AT);
            }

            second = Threads.startDaemon("job-2", () -> {
                try {
                    printer.take();
                    secondHasIt.set(true);
                    printer.giveBack();
                } catch (Throwable t) {
                    secondFailed.set(t);
                }
            });
            Thread job2 = second;
            Bounded.until(() -> secondHasIt.get() || Waiting.inside(job2, Printer.class), Bounded.PATIENCE,
                    () -> "job-2 should wait for the printer: " + Threads.describe(job2));
            if (secondHasIt.get()) {
                throw Feedback.fail("ownership", "job-2 should wait until job-1 gives the printer back.",
                        "job-2 got the printer while job-1 was still printing", LOOK_AT);
            }
            firstMayFinish.countDown();
            Bounded.join(first, Bounded.PATIENCE, () -> "job-1 should give the printer back and finish");
            Bounded.join(second, Bounded.PATIENCE, () -> "job-2 should get the printer once job-1 gave it back");
            assertThat(firstFailed.get()).as("job-1 failed").isNull();
            assertThat(secondFailed.get()).as("job-2 failed").isNull();
            assertThat(secondHasIt).as("job-2 got the printer").isTrue();
        } finally {
            firstMayFinish.countDown();
            if (second != null) {
                second.interrupt();
            }
        }
    }
}
