package workshop.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.ChildJvm;
import workshop.testkit.Feedback;
import workshop.testkit.Threads;

@DisplayName("Task 1: an Event flag that wakes every waiter")
class EventTest {
    private static final String LOOK_AT = "Event (task 1)";

    /** A thread that calls {@code await()} (or {@code await(timeout)}) and records what it returned. */
    private static final class Waiter {
        final Thread thread;
        final AtomicReference<Object> result = new AtomicReference<>();

        Waiter(String name, Event event, Duration timeout) {
            thread = Threads.startDaemon(name, () -> {
                try {
                    if (timeout == null) {
                        event.await();
                        result.set("returned");
                    } else {
                        result.set(event.await(timeout));
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
                    "it returned " + waiter.result.get() + " although nobody called set()", LOOK_AT + ": " + method);
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
                    "the waiter was woken by a notifyAll() with the flag still clear, and " + method + " returned "
                            + waiter.result.get() + ". wait() may return without a set() (another notify on the"
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
            event.set();
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
            event.set();
            wakeWithoutSetting(event);
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
            event.set();
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
            event.set();
        }
    }

    @Test
    @DisplayName("await(timeout) returns false once the time is up, and true at once when the flag is set")
    void timedAwait() {
        Event event = new Event();
        Duration timeout = Duration.ofMillis(100);
        long start = System.nanoTime();
        Waiter waiter = new Waiter("timed-waiter", event, timeout);
        Bounded.join(waiter.thread, Bounded.PATIENCE.plus(timeout), () -> Feedback.message("timed wait",
                "await(" + timeout.toMillis() + " ms) should give up after " + timeout.toMillis() + " ms.",
                "it is still waiting", LOOK_AT + ": await(Duration)"));
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
            event.set();
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
