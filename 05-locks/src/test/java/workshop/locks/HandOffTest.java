package workshop.locks;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Threads;

@DisplayName("Task 2b: a semaphore has no owner, so one thread can hand a permit to another")
class HandOffTest {
    private static final String LOOK_AT = "HandOff (task 2b): which kind of lock has no owner?";

    /** A thread that waits for the go-ahead, and what happened to it. */
    private static final class Waiter {
        final Thread thread;
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        volatile boolean wentOn;

        Waiter(HandOff handOff, String name) {
            thread = Threads.startDaemon(name, () -> {
                try {
                    handOff.awaitGoAhead();
                    wentOn = true;
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
        }

        boolean waiting() {
            return !wentOn && Waiting.inside(thread, HandOff.class);
        }
    }

    @Test
    @DisplayName("a go-ahead from the cook's thread lets one waiting thread go on")
    void goAheadFromAnotherThread() {
        HandOff handOff = new HandOff();
        Waiter first = new Waiter(handOff, "waiter-1");
        Waiter second = new Waiter(handOff, "waiter-2");
        try {
            Bounded.until(() -> first.wentOn || second.wentOn || (first.waiting() && second.waiting()),
                    Bounded.PATIENCE, () -> "both waiters should be waiting: " + Threads.describe(first.thread));
            if (first.wentOn || second.wentOn) {
                throw Feedback.fail("signalling", "a waiter should wait until the cook gives the go-ahead.",
                        "a waiter went on before anyone gave it", LOOK_AT);
            }
            giveGoAheadFromTheCook(handOff);
            Bounded.until(() -> first.wentOn || second.wentOn, Bounded.PATIENCE, () -> Feedback.message("signalling",
                    "the cook's go-ahead should let a waiter go on.", "both are still waiting", LOOK_AT));
            Waiter still = first.wentOn ? second : first;
            Bounded.until(() -> still.wentOn || still.waiting(), Bounded.PATIENCE,
                    () -> "the other waiter should still be waiting: " + Threads.describe(still.thread));
            if (still.wentOn) {
                throw Feedback.fail("one permit, one waiter", "one go-ahead should let exactly one waiter go on.",
                        "both waiters went on after a single go-ahead", LOOK_AT);
            }
            giveGoAheadFromTheCook(handOff);
            Bounded.until(() -> still.wentOn, Bounded.PATIENCE, () -> Feedback.message("signalling",
                    "a second go-ahead should let the second waiter go on.",
                    still.thread.getName() + " is still waiting", LOOK_AT));
        } finally {
            first.thread.interrupt();
            second.thread.interrupt();
        }
    }

    @Test
    @DisplayName("a go-ahead given before anyone waits is kept for the next waiter")
    void goAheadIsKept() {
        HandOff handOff = new HandOff();
        giveGoAheadFromTheCook(handOff);
        Waiter waiter = new Waiter(handOff, "waiter");
        try {
            Bounded.until(() -> waiter.wentOn, Bounded.PATIENCE, () -> Feedback.message("a permit is kept",
                    "the cook gave the go-ahead before the waiter came; the waiter should go on at once.",
                    "the waiter is waiting anyway: the go-ahead was lost. " + Threads.describe(waiter.thread),
                    LOOK_AT));
        } finally {
            waiter.thread.interrupt();
        }
    }

    /** The cook is its own thread: not the one that created the HandOff, not a waiter. */
    private static void giveGoAheadFromTheCook(HandOff handOff) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread cook = Threads.startDaemon("cook", () -> {
            try {
                handOff.goAhead();
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        Bounded.join(cook, Bounded.PATIENCE, () -> "goAhead() should return at once");
        if (failed.get() != null) {
            throw Feedback.fail("ownership",
                    "any thread should be able to give the go-ahead: a hand-off goes from one thread to another.",
                    "the cook's goAhead() threw " + failed.get() + (failed.get() instanceof IllegalMonitorStateException
                            ? ". A ReentrantLock belongs to the thread that locked it (here the test thread that"
                                    + " created the HandOff): no other thread may unlock it. A Semaphore has no owner"
                            : ""),
                    LOOK_AT);
        }
    }
}
