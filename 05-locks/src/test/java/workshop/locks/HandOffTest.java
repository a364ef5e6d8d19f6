package workshop.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Stacks;
import workshop.testkit.Threads;

@DisplayName("Task 2b: a semaphore has no owner, so one thread can hand a permit to another")
class HandOffTest {
    private static final String LOOK_AT = "HandOff (task 2b): which kind of lock has no owner?";

    private final HandOff handOff = new HandOff();
    private final List<Waiter> waiters = new ArrayList<>();

    /** A thread that waits for the go-ahead {@code times} times in a row, and what happened to it. */
    private final class Waiter {
        final String name;
        final Thread thread;
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final AtomicInteger wentOn = new AtomicInteger();

        Waiter(String name, int times) {
            this.name = name;
            thread = Threads.startDaemon(name, () -> {
                try {
                    for (int i = 0; i < times; i++) {
                        handOff.awaitGoAhead();
                        wentOn.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            waiters.add(this);
        }

        Waiter(String name) {
            this(name, 1);
        }

        boolean wentOn() {
            return wentOn.get() > 0;
        }

        /** How it waits in awaitGoAhead(), or null while it does not (yet). */
        Waiting.How waiting() {
            Waiting.How how = Waiting.how(thread, HandOff.class);
            return how == Waiting.How.OTHER ? null : how;
        }
    }

    @AfterEach
    void cleanUp() {
        waiters.forEach(w -> w.thread.interrupt());
    }

    @Test
    @DisplayName("a go-ahead from the cook's thread lets one waiting thread go on")
    void goAheadFromAnotherThread() {
        Waiter first = new Waiter("waiter-1");
        Waiter second = new Waiter("waiter-2");
        awaitWaiting(first, 0, "nobody has given the go-ahead yet");
        awaitWaiting(second, 0, "nobody has given the go-ahead yet");
        giveGoAheadFromTheCook();
        Bounded.until(() -> first.wentOn() || second.wentOn(), Bounded.PATIENCE, () -> Feedback.message("signalling",
                "the cook's go-ahead should let a waiter go on.", "both are still waiting", LOOK_AT));
        Waiter still = first.wentOn() ? second : first;
        awaitWaiting(still, 0, "one go-ahead lets exactly one waiter go on, and the other one went on already");
        giveGoAheadFromTheCook();
        awaitWentOn(still, 1, "a second go-ahead should let the second waiter go on.");
    }

    @Test
    @DisplayName("a go-ahead given before anyone waits is kept for the next waiter")
    void goAheadIsKept() {
        giveGoAheadFromTheCook();
        Waiter waiter = new Waiter("waiter");
        awaitAllWentOn(List.of(waiter),
                "the cook gave the go-ahead before the waiter came; the waiter should go on at once.");
    }

    @Test
    @DisplayName("every go-ahead given before anyone waits is kept: two go-aheads let two waiters through, not three")
    void everyGoAheadIsKept() {
        giveGoAheadFromTheCook();
        giveGoAheadFromTheCook();
        Waiter first = new Waiter("waiter-1");
        Waiter second = new Waiter("waiter-2");
        awaitAllWentOn(List.of(first, second),
                "the cook gave two go-aheads before anyone came; two waiters should go on at once.");
        Waiter third = new Waiter("waiter-3");
        awaitWaiting(third, 0, "the two go-aheads were used by waiter-1 and waiter-2");
    }

    @Test
    @DisplayName("the same waiter waits for each go-ahead in turn, again and again")
    void takeAndGiveOverAndOver() {
        int rounds = 4;
        Waiter waiter = new Waiter("waiter", rounds);
        for (int round = 0; round < rounds; round++) {
            awaitWaiting(waiter, round, "it has used the " + round + " go-ahead(s) given so far");
            giveGoAheadFromTheCook();
            awaitWentOn(waiter, round + 1, "go-ahead number " + (round + 1) + " should let the waiter go on again.");
        }
    }

    @Test
    @DisplayName("a waiter interrupted while it waits gets InterruptedException and uses up no go-ahead")
    void anInterruptedWaitGivesUp() {
        Waiter interrupted = new Waiter("waiter-1");
        awaitWaiting(interrupted, 0, "nobody has given the go-ahead yet");
        interrupted.thread.interrupt();
        boolean reacted = Bounded.within(() -> !interrupted.thread.isAlive()
                || Waiting.waitsOnAfterInterrupt(interrupted.thread, HandOff.class, "awaitGoAhead",
                        () -> !interrupted.wentOn() && interrupted.failed.get() == null)
                || interrupted.waiting() == Waiting.How.SPINNING, Bounded.GENEROUS);
        Throwable failed = interrupted.failed.get();
        if (!(failed instanceof InterruptedException)) {
            String what = interrupted.wentOn()
                    ? "awaitGoAhead() returned normally, although nobody gave the go-ahead: the interrupt was"
                            + " caught and swallowed"
                    : failed != null ? "awaitGoAhead() threw " + failed
                    : !reacted ? "it is still waiting " + Bounded.GENEROUS.toMillis() + " ms later: "
                            + Stacks.describe(interrupted.thread)
                    : interrupted.waiting() == Waiting.How.SPINNING
                            ? Waiting.explain(Waiting.How.SPINNING, "awaitGoAhead()")
                    : "it went back to waiting: acquireUninterruptibly() ignores interrupts, and so does code that"
                            + " catches InterruptedException and waits again";
            throw Feedback.fail("interruptible wait",
                    "a waiter should stop waiting when interrupted: awaitGoAhead() throws InterruptedException.",
                    "waiter-1 was interrupted while it waited; " + what, LOOK_AT);
        }
        Waiter next = new Waiter("waiter-2");
        awaitWaiting(next, 0, "nobody has given a go-ahead yet (waiter-1 was interrupted)");
        giveGoAheadFromTheCook();
        awaitWentOn(next, 1, "after waiter-1's wait was interrupted, the cook's go-ahead should let waiter-2 go on.");
    }

    @Test
    @DisplayName("a waiter interrupted while another waiter waits ahead of it gets InterruptedException too,"
            + " and uses up no go-ahead")
    void anInterruptedWaitBehindAnotherGivesUp() {
        Waiter ahead = new Waiter("waiter-1");
        awaitWaiting(ahead, 0, "nobody has given the go-ahead yet");
        Waiter behind = new Waiter("waiter-2");
        awaitWaiting(behind, 0, "nobody has given the go-ahead yet");
        behind.thread.interrupt();
        // waiter-2 ends (InterruptedException), or it is seen stuck at the door of a monitor that
        // waiter-1 keeps while it waits (a sign no correct answer ever shows: see
        // Waiting.blockedBehindAParkedOwner), or it waits on after taking the interrupt in, or spins.
        AtomicReference<String> blocked = new AtomicReference<>();
        boolean reacted = Bounded.within(() -> {
            if (Waiting.blockedBehindAParkedOwner(behind.thread, ahead.thread, HandOff.class)) {
                blocked.set(Stacks.describe(behind.thread));
                return true;
            }
            return !behind.thread.isAlive()
                    || Waiting.waitsOnAfterInterrupt(behind.thread, HandOff.class, "awaitGoAhead",
                            () -> !behind.wentOn() && behind.failed.get() == null)
                    || behind.waiting() == Waiting.How.SPINNING;
        }, Bounded.GENEROUS);
        Throwable failed = behind.failed.get();
        if (!(failed instanceof InterruptedException)) {
            String what = behind.wentOn()
                    ? "awaitGoAhead() returned normally, although nobody gave the go-ahead: the interrupt was"
                            + " caught and swallowed"
                    : failed != null ? "awaitGoAhead() threw " + failed
                    : blocked.get() != null
                            ? "it cannot even start waiting: awaitGoAhead() is synchronized (or locks a monitor), and"
                                    + " waiter-1 keeps that monitor for the whole of its wait, so waiter-2 is BLOCKED"
                                    + " at its door. A thread blocked entering a monitor cannot be interrupted: it"
                                    + " neither gets in nor gives up. Wait without holding a monitor (a Semaphore"
                                    + " needs none), or wait with wait(), which gives the monitor up. waiter-2 is "
                                    + blocked.get()
                    : !reacted ? "it is still waiting " + Bounded.GENEROUS.toMillis() + " ms later: "
                            + Stacks.describe(behind.thread)
                    : behind.waiting() == Waiting.How.SPINNING
                            ? Waiting.explain(Waiting.How.SPINNING, "awaitGoAhead()")
                    : "it went back to waiting: acquireUninterruptibly() ignores interrupts, and so does code that"
                            + " catches InterruptedException and waits again";
            throw Feedback.fail("interruptible wait",
                    "every waiter should stop waiting when interrupted, also one that waits behind another:"
                            + " awaitGoAhead() throws InterruptedException.",
                    "waiter-2 was interrupted while it waited behind waiter-1; " + what, LOOK_AT);
        }
        awaitWaiting(ahead, 0, "nobody has given a go-ahead yet (waiter-2 was interrupted)");
        giveGoAheadFromTheCook();
        awaitWentOn(ahead, 1, "after waiter-2's wait was interrupted, the cook's go-ahead should let waiter-1 go on.");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * Waits until {@code waiter}, having gone on {@code times} times, waits in awaitGoAhead();
     * fails at once if it went on (no go-ahead was there for it), or waits with a time limit,
     * by polling or by spinning.
     */
    private static void awaitWaiting(Waiter waiter, int times, String because) {
        Bounded.within(() -> waiter.wentOn.get() > times || waiter.failed.get() != null
                || (waiter.wentOn.get() == times && waiter.waiting() != null), Bounded.PATIENCE);
        Waiting.How how = waiter.waiting();
        if (waiter.wentOn.get() > times) {
            throw Feedback.fail("one permit, one waiter",
                    waiter.name + " should wait for a go-ahead: " + because + ".",
                    waiter.name + " went on without one" + (times == 0 ? "" : " (it went on " + waiter.wentOn.get()
                            + " times after " + times + " go-aheads)") + ". A door that, once opened, stays open"
                            + " (a CountDownLatch, a flag) lets everyone through; a go-ahead should be used up by"
                            + " the waiter that takes it",
                    LOOK_AT);
        }
        if (waiter.failed.get() != null) {
            throw Feedback.fail("signalling", waiter.name + " should wait for a go-ahead.",
                    "awaitGoAhead() threw " + waiter.failed.get(), LOOK_AT);
        }
        if (how == null) {
            throw Feedback.fail("signalling", waiter.name + " should wait in awaitGoAhead(): " + because + ".",
                    "it is " + Stacks.describe(waiter.thread), LOOK_AT);
        }
        if (how != Waiting.How.UNTIMED) {
            throw Feedback.fail("wait for the go-ahead",
                    waiter.name + " should wait in awaitGoAhead() until the cook gives the go-ahead, however long"
                            + " that takes.",
                    Waiting.explain(how, "awaitGoAhead()") + ". " + waiter.name + " is "
                            + Stacks.describe(waiter.thread),
                    LOOK_AT);
        }
    }

    /**
     * Waits until each of {@code these} (no more waiters than go-aheads given before they came)
     * has gone on once. Fails at once if one of them waits for a signal: with a go-ahead kept for
     * each, a correct hand-off always has one ready for it (a moment's wait for a lock another
     * waiter holds is not such a wait).
     */
    private static void awaitAllWentOn(List<Waiter> these, String expected) {
        Bounded.within(() -> these.stream().allMatch(w -> w.wentOn() || w.failed.get() != null)
                || these.stream().anyMatch(w -> !w.wentOn() && Waiting.waitsForASignal(w.thread, HandOff.class)),
                Bounded.PATIENCE);
        for (Waiter waiter : these) {
            if (!waiter.wentOn() && Waiting.waitsForASignal(waiter.thread, HandOff.class)) {
                throw Feedback.fail("a permit is kept", expected,
                        waiter.name + " waits for a go-ahead although " + these.size() + " were given and only "
                                + these.stream().filter(Waiter::wentOn).count() + " used: a go-ahead was lost. A flag"
                                + " (given: yes or no) or a slot for one remembers one go-ahead; a Semaphore counts"
                                + " them. " + waiter.name + " is " + Stacks.describe(waiter.thread),
                        LOOK_AT);
            }
            awaitWentOn(waiter, 1, expected);
        }
    }

    private static void awaitWentOn(Waiter waiter, int times, String expected) {
        Bounded.until(() -> waiter.wentOn.get() >= times || waiter.failed.get() != null, Bounded.PATIENCE,
                () -> Feedback.message("a permit is kept", expected,
                        waiter.name + " is waiting anyway: the go-ahead was lost. It is "
                                + Stacks.describe(waiter.thread),
                        LOOK_AT));
        if (waiter.failed.get() != null) {
            throw Feedback.fail("signalling", expected, "awaitGoAhead() threw " + waiter.failed.get(), LOOK_AT);
        }
    }

    /** The cook is its own thread: not the one that created the HandOff, not a waiter. */
    private void giveGoAheadFromTheCook() {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread cook = Threads.startDaemon("cook", () -> {
            try {
                handOff.goAhead();
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        Bounded.until(() -> !cook.isAlive(), Bounded.PATIENCE, () -> Feedback.message("signalling",
                "goAhead() should return at once: the cook does not wait for a waiter.",
                "the cook is " + Stacks.describe(cook), LOOK_AT));
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
