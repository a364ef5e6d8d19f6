package workshop.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.ChildJvm;
import workshop.testkit.Feedback;
import workshop.testkit.Stacks;
import workshop.testkit.Threads;

@DisplayName("Task 1: an Event flag that wakes every waiter")
class EventTest {
    private static final String LOOK_AT = "Event (task 1)";

    /** A thread that calls {@code await()} (or {@code await(timeout)}) and records what it returned. */
    private static final class Waiter {
        final Thread thread;
        final AtomicReference<Object> result = new AtomicReference<>();
        /** System.nanoTime() just after await returned (0 while it has not). */
        volatile long endedAt;

        Waiter(String name, Event event, Duration timeout) {
            thread = Threads.startDaemon(name, () -> {
                try {
                    if (timeout == null) {
                        event.await();
                        endedAt = System.nanoTime();
                        result.set("returned");
                    } else {
                        boolean returned = event.await(timeout);
                        endedAt = System.nanoTime();
                        result.set(returned);
                    }
                } catch (Throwable t) {
                    result.set(t);
                }
            });
        }

        Waiter(String name, Event event) {
            this(name, event, null);
        }
    }

    private static void awaitWaitingOnTheEvent(Waiter waiter, Event event, String method) {
        boolean waiting = Bounded.within(() -> !waiter.thread.isAlive() || Blocking.isWaitingOn(waiter.thread, event),
                Bounded.PATIENCE);
        if (!waiter.thread.isAlive()) {
            throw Feedback.fail("wait while clear",
                    method + " should wait while the flag is clear.",
                    outcome(waiter) + " although nobody called set()", LOOK_AT + ": " + method);
        }
        if (waiting && method.startsWith("await()") && !Blocking.isParkedForever(waiter.thread)
                && Blocking.isWaitingOn(waiter.thread, event)) {
            throw Feedback.fail("wait until set",
                    method + " should wait with no time limit: wait(), not wait(millis).",
                    "it waits with a time limit, so it wakes up (and gives up, or polls) although nobody set the"
                            + " flag: " + Stacks.describe(waiter.thread),
                    LOOK_AT + ": " + method);
        }
        if (!waiting) {
            throw Feedback.fail("wait on the Event's monitor",
                    method + " should wait with this.wait() inside a synchronized method, releasing the monitor.",
                    Blocking.isParked(waiter.thread)
                            ? "it waits, but not on the Event's own monitor: " + Threads.describe(waiter.thread)
                            : "it never waits: it spins, using a core to do nothing. "
                                    + Threads.describe(waiter.thread),
                    LOOK_AT + ": " + method);
        }
    }

    /** "it returned X" or "it threw X": how the waiter's await ended. */
    private static String outcome(Waiter waiter) {
        Object result = waiter.result.get();
        return result instanceof Throwable t ? "it threw " + t : "it returned " + result;
    }

    /**
     * Cleanup: sets the flag and wakes every waiter, so that no waiter outlives its test. Quietly:
     * an unfinished set() would otherwise hide the failure the test is reporting. On a thread of
     * its own, waited for at most the patience: a waiter that spins while it holds the Event's
     * monitor never lets set() in, and the test must still end with the failure it found.
     */
    private static void releaseWaiters(Event event) {
        Thread release = Threads.startDaemon("release-waiters", () -> {
            try {
                event.set();
            } catch (Throwable unfinished) {
                // the waiters are daemon threads; the test reports the problem itself
            }
            wakeWithoutSetting(event);
        });
        try {
            release.join(Bounded.PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes every thread waiting on the Event's monitor without setting the flag. */
    private static void wakeWithoutSetting(Event event) {
        synchronized (event) {
            event.notifyAll();
        }
    }

    /** After a wake-up without set(): waits until the waiter has gone back to waiting, or returned. */
    private static void assertWaitsAgain(Waiter waiter, Event event, long waitsBefore, String method) {
        Bounded.within(() -> !waiter.thread.isAlive()
                || (Blocking.waitCount(waiter.thread) > waitsBefore && Blocking.isWaitingOn(waiter.thread, event)),
                Bounded.PATIENCE);
        if (!waiter.thread.isAlive()) {
            throw Feedback.fail("spurious wake-up",
                    method + " should return only when the flag is set.",
                    "the waiter was woken by a notifyAll() with the flag still clear, and " + method + " ended: "
                            + outcome(waiter) + ". wait() may return without a set() (another notify on the"
                            + " same monitor, or a spurious wake-up): check the flag again in a while loop",
                    LOOK_AT + ": " + method);
        }
        if (!Blocking.isWaitingOn(waiter.thread, event)) {
            throw Feedback.fail("spurious wake-up",
                    method + " should go back to waiting after a wake-up that did not set the flag.",
                    "it is " + Threads.describe(waiter.thread), LOOK_AT + ": " + method);
        }
    }

    private static void assertReturns(Waiter waiter, Object expected, String why) {
        Bounded.join(waiter.thread, Bounded.PATIENCE, () -> Feedback.message("wake on set", why,
                "it is still waiting", LOOK_AT));
        assertThat(waiter.result.get()).as("what the waiter's await returned").isEqualTo(expected);
    }

    @Test
    @DisplayName("a new Event is clear; set() raises the flag and clear() lowers it")
    void setAndClear() {
        Event event = new Event();
        assertThat(event.isSet()).as("isSet() of a new Event").isFalse();
        event.set();
        assertThat(event.isSet()).as("isSet() after set()").isTrue();
        event.set();
        assertThat(event.isSet()).as("isSet() after a second set()").isTrue();
        event.clear();
        assertThat(event.isSet()).as("isSet() after clear()").isFalse();
    }

    @Test
    @DisplayName("clear() lowers the flag under the Event's monitor (or writes a volatile flag), so that other threads"
            + " see it")
    void clearHoldsTheMonitor() {
        Event event = new Event();
        event.set();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread clearer;
        boolean returnedWhileHeld;
        synchronized (event) { // the Event is its own monitor: any code holding it may lock it
            clearer = Threads.startDaemon("clearer", () -> {
                try {
                    event.clear();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            // A clear() that takes the monitor is blocked on it until this block ends; one that
            // does not returns. Either is a positive sign, seen whichever way the threads run.
            Bounded.within(() -> !clearer.isAlive() || isBlockedOn(clearer, event), Bounded.GENEROUS);
            returnedWhileHeld = !clearer.isAlive();
            if (!returnedWhileHeld && !isBlockedOn(clearer, event)) {
                throw Feedback.fail("clear", "clear() should lower the flag and return.",
                        "it neither returned nor waited for the Event's monitor: it is " + Stacks.describe(clearer),
                        LOOK_AT + ": clear()");
            }
        }
        Bounded.join(clearer, Bounded.PATIENCE, () -> Feedback.message("clear", "clear() should return.",
                "it is still " + Stacks.describe(clearer), LOOK_AT + ": clear()"));
        if (thrown.get() != null) {
            throw Feedback.fail("clear", "clear() should lower the flag.", "it threw " + thrown.get(),
                    LOOK_AT + ": clear()");
        }
        List<String> plain = plainFields();
        if (returnedWhileHeld && !plain.isEmpty()) {
            throw Feedback.fail("visibility (happens-before)",
                    "clear() should write the flag under the Event's monitor, as set() does (or the flag should be"
                            + " volatile).",
                    "clear() returned while another thread held the Event's monitor, so it writes without it, and "
                            + String.join(", ", plain) + " is neither volatile nor final: nothing orders that write"
                            + " before another thread's isSet() or await() (a data race), which may go on seeing the"
                            + " flag up",
                    LOOK_AT + ": clear()");
        }
        assertThat(event.isSet()).as("isSet() after another thread's clear()").isFalse();
    }

    /** True when {@code thread} is BLOCKED entering {@code monitor} (a synchronized method or block on it). */
    private static boolean isBlockedOn(Thread thread, Object monitor) {
        java.lang.management.ThreadInfo info = java.lang.management.ManagementFactory.getThreadMXBean()
                .getThreadInfo(thread.threadId());
        return info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor);
    }

    /** The Event's instance fields that are neither volatile nor final: a write to them needs the monitor. */
    private static List<String> plainFields() {
        return java.util.Arrays.stream(Event.class.getDeclaredFields())
                .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
                .filter(f -> !java.lang.reflect.Modifier.isVolatile(f.getModifiers())
                        && !java.lang.reflect.Modifier.isFinal(f.getModifiers()))
                .map(f -> "the field '" + f.getName() + "'").toList();
    }

    @Test
    @DisplayName("await() waits (without spinning) while the flag is clear and returns once another thread sets it")
    void awaitWaitsUntilSet() {
        Event event = new Event();
        Waiter waiter = new Waiter("waiter", event);
        try {
            awaitWaitingOnTheEvent(waiter, event, "await()");
            event.set();
            assertReturns(waiter, "returned", "await() should return once another thread calls set().");
            Waiter late = new Waiter("late-waiter", event);
            assertReturns(late, "returned", "await() on an Event already set should return at once.");
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("set() wakes every waiting thread, not just one")
    void setWakesEveryWaiter() {
        Event event = new Event();
        List<Waiter> waiters = IntStream.rangeClosed(1, 3).mapToObj(i -> new Waiter("waiter-" + i, event)).toList();
        try {
            waiters.forEach(w -> awaitWaitingOnTheEvent(w, event, "await()"));
            event.set();
            boolean allBack = Bounded.within(() -> waiters.stream().noneMatch(w -> w.thread.isAlive()), Bounded.PATIENCE);
            if (!allBack) {
                String stuck = waiters.stream().filter(w -> w.thread.isAlive()).map(w -> w.thread.getName())
                        .collect(Collectors.joining(", "));
                throw Feedback.fail("notifyAll",
                        "set() should wake all " + waiters.size() + " waiting threads.",
                        "after set(), still waiting: " + stuck + ". notify() wakes just one thread; every waiter"
                                + " is waiting for the same flag, so wake them all with notifyAll()",
                        LOOK_AT + ": set()");
            }
            waiters.forEach(w -> assertThat(w.result.get()).as(w.thread.getName() + "'s await").isEqualTo("returned"));
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("await() goes back to waiting when woken while the flag is still clear")
    void awaitSurvivesAWakeUpWithoutSet() {
        Event event = new Event();
        Waiter waiter = new Waiter("waiter", event);
        try {
            awaitWaitingOnTheEvent(waiter, event, "await()");
            long waitsBefore = Blocking.waitCount(waiter.thread);
            wakeWithoutSetting(event);
            assertWaitsAgain(waiter, event, waitsBefore, "await()");
            event.set();
            assertReturns(waiter, "returned", "await() should return once set() is called.");
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("after clear(), await() waits again until the next set()")
    void awaitWaitsAgainAfterClear() {
        Event event = new Event();
        event.set();
        event.clear();
        Waiter waiter = new Waiter("waiter", event);
        try {
            awaitWaitingOnTheEvent(waiter, event, "await() after clear()");
            event.set();
            assertReturns(waiter, "returned", "await() should return once set() is called again.");
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("await(timeout) returns false once the time is up, and true at once when the flag is set")
    void timedAwait() {
        Event event = new Event();
        Duration timeout = Duration.ofSeconds(1);
        // Far past the deadline: one that waits twice the time (or the whole time again after a
        // wake-up) is still waiting then, while a correct one, even on a loaded machine, has long
        // returned (0.8 s is far more than a timed wait oversleeps; scripts/repeat --hog shows it).
        Duration late = timeout.multipliedBy(9).dividedBy(5);
        long start = System.nanoTime();
        Waiter waiter = new Waiter("timed-waiter", event, timeout);
        // A timed wait never waits without a time limit; one that does (wait(0)) waits for ever.
        Bounded.within(() -> !waiter.thread.isAlive() || Blocking.isParkedForever(waiter.thread), late);
        if (waiter.thread.isAlive() && !Blocking.isParkedForever(waiter.thread)) {
            throw Feedback.fail("timed wait",
                    "await(" + timeout.toMillis() + " ms) should return false by its deadline, "
                            + timeout.toMillis() + " ms after it began.",
                    "it is still waiting " + late.toMillis() + " ms after it began: it waits longer than it was"
                            + " asked to (more than the time left, in each wait?). " + Stacks.describe(waiter.thread),
                    LOOK_AT + ": await(Duration)");
        }
        if (waiter.thread.isAlive()) {
            throw Feedback.fail("timed wait",
                    "await(" + timeout.toMillis() + " ms) should give up after " + timeout.toMillis() + " ms.",
                    (Blocking.isParkedForever(waiter.thread) ? "it waits with no time limit at all (wait(0) means"
                            + " \"wait for ever\": less than a millisecond left, in whole milliseconds, is 0): "
                            : "it is still waiting: ") + Stacks.describe(waiter.thread),
                    LOOK_AT + ": await(Duration)");
        }
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        if (!Boolean.FALSE.equals(waiter.result.get())) {
            throw Feedback.fail("timed wait", "await(timeout) on a clear Event should return false when the time is up.",
                    "it returned " + waiter.result.get(), LOOK_AT + ": await(Duration)");
        }
        if (waitedMillis < timeout.toMillis()) {
            throw Feedback.fail("timed wait", "await(" + timeout.toMillis() + " ms) should wait the whole time.",
                    "it gave up after " + waitedMillis + " ms", LOOK_AT + ": await(Duration)");
        }
        event.set();
        Waiter set = new Waiter("timed-waiter-2", event, Duration.ofSeconds(30));
        assertReturns(set, true, "await(timeout) on an Event already set should return true at once.");
    }

    @Test
    @DisplayName("await(timeout) waits out the rest of its time when woken while the flag is still clear")
    void timedAwaitSurvivesAWakeUpWithoutSet() {
        Event event = new Event();
        Waiter waiter = new Waiter("timed-waiter", event, Duration.ofSeconds(30));
        try {
            awaitWaitingOnTheEvent(waiter, event, "await(Duration)");
            long waitsBefore = Blocking.waitCount(waiter.thread);
            wakeWithoutSetting(event);
            assertWaitsAgain(waiter, event, waitsBefore, "await(Duration)");
            event.set();
            assertReturns(waiter, true, "await(timeout) should return true once set() is called.");
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("await(timeout) returns false by its deadline however it is woken: each wake-up waits only for the"
            + " time left")
    void timedAwaitKeepsItsDeadline() {
        Event event = new Event();
        Duration timeout = Duration.ofMillis(200);
        long began = System.nanoTime(); // its deadline is at least a timeout after this
        Waiter waiter = new Waiter("timed-waiter", event, timeout);
        try {
            awaitWaitingOnTheEvent(waiter, event, "await(Duration)");
            // Its deadline is at most this far away: it began to wait before it was seen waiting.
            long deadline = System.nanoTime() + timeout.toNanos();
            // Woken three quarters of the way: one that waits the whole timeout again from here
            // would still be waiting well after the deadline.
            pauseUntil(deadline - timeout.toNanos() / 4);
            long waitsBefore = Blocking.waitCount(waiter.thread);
            wakeWithoutSetting(event);
            Bounded.within(() -> !waiter.thread.isAlive()
                    || (Blocking.waitCount(waiter.thread) > waitsBefore && Blocking.isWaitingOn(waiter.thread, event)),
                    Bounded.PATIENCE);
            if (!waiter.thread.isAlive() && Boolean.FALSE.equals(waiter.result.get())
                    && waiter.endedAt - began >= timeout.toNanos()) {
                return; // its time ran out before the test woke it (a loaded machine): a correct end
            }
            assertWaitsAgain(waiter, event, waitsBefore, "await(Duration)");
            pauseUntil(deadline + Duration.ofMillis(50).toNanos());
            // Past its deadline: woken now, it must give up, never wait again.
            long waitsAfterDeadline = Blocking.waitCount(waiter.thread);
            wakeWithoutSetting(event);
            Bounded.within(() -> !waiter.thread.isAlive() || (Blocking.waitCount(waiter.thread) > waitsAfterDeadline
                    && Blocking.isWaitingOn(waiter.thread, event)), Bounded.GENEROUS);
            if (waiter.thread.isAlive()) {
                throw Feedback.fail("timed wait",
                        "await(" + timeout.toMillis() + " ms) should return false once " + timeout.toMillis()
                                + " ms have passed in all, however often it was woken.",
                        "woken after its deadline had passed, it went back to waiting: it starts the whole timeout"
                                + " again after each wake-up. Compute the deadline once (System.nanoTime() + timeout)"
                                + " and wait only for what is left of it",
                        LOOK_AT + ": await(Duration)");
            }
            if (!Boolean.FALSE.equals(waiter.result.get())) {
                throw Feedback.fail("timed wait", "await(timeout) on a clear Event should return false when the time is"
                        + " up.", outcome(waiter), LOOK_AT + ": await(Duration)");
            }
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("await(timeout) with no time to wait (zero, less than a millisecond, or less than zero) returns"
            + " false at once, and true if the flag is set")
    void timedAwaitWithNoTimeToWait() {
        Event event = new Event();
        try {
            for (Duration none : List.of(Duration.ZERO, Duration.ofNanos(500_000), Duration.ofMillis(-5))) {
                Waiter waiter = new Waiter("timed-waiter", event, none);
                Bounded.within(() -> !waiter.thread.isAlive() || Blocking.isParkedForever(waiter.thread),
                        Bounded.GENEROUS);
                if (waiter.thread.isAlive()) {
                    throw Feedback.fail("timed wait",
                            "await(" + none + ") has (next to) no time to wait: it should return false at once.",
                            (Blocking.isParkedForever(waiter.thread)
                                    ? "it waits with no time limit at all: wait(0) means \"wait for ever\", and a"
                                            + " timeout under a millisecond becomes 0 ms in wait(timeout.toMillis())."
                                            + " Nothing left to wait: return false. "
                                    : "it is still waiting " + Bounded.GENEROUS.toMillis() + " ms later, far longer"
                                            + " than it was asked to (nanoseconds waited as milliseconds?). ")
                                    + Stacks.describe(waiter.thread),
                            LOOK_AT + ": await(Duration)");
                }
                if (!Boolean.FALSE.equals(waiter.result.get())) {
                    throw Feedback.fail("timed wait",
                            "await(" + none + ") on a clear Event should return false.", outcome(waiter)
                                    + (waiter.result.get() instanceof IllegalArgumentException
                                            ? ": wait() refuses a negative time; a timeout of zero or less waits"
                                                    + " not at all"
                                            : ""),
                            LOOK_AT + ": await(Duration)");
                }
            }
            event.set();
            Waiter set = new Waiter("timed-waiter-2", event, Duration.ZERO);
            assertReturns(set, true, "await(0) on an Event already set should return true at once.");
        } finally {
            releaseWaiters(event);
        }
    }

    @Test
    @DisplayName("await() interrupted while it waits throws InterruptedException")
    void awaitIsInterruptible() {
        assertInterruptible(null);
    }

    @Test
    @DisplayName("await(timeout) interrupted while it waits throws InterruptedException")
    void timedAwaitIsInterruptible() {
        assertInterruptible(Duration.ofSeconds(30));
    }

    private static void assertInterruptible(Duration timeout) {
        String method = timeout == null ? "await()" : "await(Duration)";
        Event event = new Event();
        Waiter waiter = new Waiter("waiter", event, timeout);
        try {
            awaitWaitingOnTheEvent(waiter, event, method);
            Map<Thread, Long> cpuAtStart = Blocking.cpuNow(List.of(waiter.thread));
            waiter.thread.interrupt();
            // Read in this order: the interrupt status is clear (the thread has taken it in), then it
            // waits on the Event again, then it has not ended. Code that lets the InterruptedException
            // out never waits again once it has taken the interrupt in.
            BooleanSupplier waitsAgain = () -> !waiter.thread.isInterrupted()
                    && Blocking.isWaitingOn(waiter.thread, event) && waiter.result.get() == null;
            Bounded.within(() -> !waiter.thread.isAlive() || waitsAgain.getAsBoolean()
                    || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.GENEROUS);
            if (!waiter.thread.isAlive() && waiter.result.get() instanceof InterruptedException) {
                return;
            }
            String what = !waiter.thread.isAlive()
                    ? outcome(waiter) + ": the InterruptedException was caught and swallowed, and the waiter goes on"
                            + " as if the flag were set"
                    : waitsAgain.getAsBoolean() ? "it went back to waiting: an InterruptedException was caught and"
                            + " dropped. Let it out of " + method + " (declare it, as the method does)"
                    : Blocking.clearlySpinning(cpuAtStart) != null ? "it spins: it catches the InterruptedException,"
                            + " sets the interrupt status again and waits again, which then throws at once, for ever"
                    : "it is still " + Stacks.describe(waiter.thread) + " " + Bounded.GENEROUS.toMillis() + " ms later";
            throw Feedback.fail("interrupts",
                    method + " interrupted while it waits should throw InterruptedException.",
                    "the waiting thread was interrupted; " + what, LOOK_AT + ": " + method);
        } finally {
            releaseWaiters(event);
        }
    }

    /** Lets time pass until {@code nanoTime} (for timeouts to run out; it orders no threads). */
    private static void pauseUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // starting a second JVM on a busy machine takes a while
    @DisplayName("a thread checking isSet() in a loop sees another thread's set()")
    void isSetSeesAnotherThreadsSet() {
        Event event = new Event();
        event.set(); // here first: an unfinished Event fails at once, without a second JVM
        assertThat(event.isSet()).as("isSet() after set()").isTrue();
        // A child JVM where the optimising JIT (tier 4) compiles the checking loop before the
        // flag is set (-Xbatch: compile first, then go on): what the memory model allows, it does.
        // Only the probe's own classes are compiled, so the child starts quickly.
        ChildJvm.Result result = ChildJvm.run(List.of("-XX:TieredStopAtLevel=4", "-Xbatch",
                        "-XX:CompileCommand=quiet", "-XX:CompileCommand=compileonly,workshop/pipeline/*.*",
                        "-XX:+UseSerialGC", "-XX:-UsePerfData"),
                EventVisibilityProbe.class, Duration.ofSeconds(25));
        String output = result.output().strip();
        if (!result.exited()) {
            throw Feedback.fail("visibility", "the probe should finish within 25 s.",
                    "it did not finish; its output: " + output, LOOK_AT + ": isSet()");
        }
        if (output.contains("ERROR")) {
            throw Feedback.fail("visibility", "set() and isSet() should work from any thread.",
                    output, LOOK_AT);
        }
        if (!output.contains("SEEN")) {
            throw Feedback.fail("visibility (happens-before)",
                    "a thread looping on isSet() should see the flag once another thread calls set().",
                    "it never did (" + output + "). Its loop was compiled to read the flag once and keep"
                            + " the value: nothing told the JIT that another thread writes it. Read the flag"
                            + " under the same monitor set() writes it with (synchronized), or make it volatile",
                    LOOK_AT + ": isSet()");
        }
    }
}
