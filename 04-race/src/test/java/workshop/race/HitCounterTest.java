package workshop.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.LockWaits;
import workshop.testkit.Rendezvous;
import workshop.testkit.Threads;

@DisplayName("Task 3: an atomic counter, exact without a lock")
class HitCounterTest {
    private static final String LOOK_AT = "HitCounter.hit (task 3): AtomicInteger and compareAndSet";
    private static final Duration BACKSTOP = Duration.ofSeconds(5);
    private static final String NL = System.lineSeparator();

    @Test
    @DisplayName("two threads that read the same count both get counted")
    void twoHitsFromTheSameReadBothCount() {
        AtomicReference<HitCounter> counterRef = new AtomicReference<>();
        AtomicReference<Thread> held = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        List<String> story = new CopyOnWriteArrayList<>();
        HitCounter counter = new HitCounter(() -> {
            Thread me = Thread.currentThread();
            story.add(me.getName() + " read; the count is now " + counterRef.get().hits());
            if (held.compareAndSet(null, me)) {
                story.add(me.getName() + " waits between its read and its write");
                Bounded.quietly(release, BACKSTOP);
            }
        });
        counterRef.set(counter);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = Threads.startDaemon("hitter-A", () -> hit(counter, failure, story));
        try {
            Bounded.until(() -> held.get() != null || !a.isAlive(), Bounded.PATIENCE,
                    () -> "hitter-A should get between its read and its write: " + Threads.describe(a));
            if (held.get() == null) {
                throw Feedback.fail("the pause between read and write",
                        "hit() should call betweenReadAndWrite between reading the count and writing it.",
                        "hit() returned without calling it. Keep that call (inside your retry loop): the tests"
                                + " use it to make two threads meet there on every run",
                        LOOK_AT);
            }
            Thread b = Threads.startDaemon("hitter-B", () -> hit(counter, failure, story));
            Bounded.until(() -> !b.isAlive() || LockWaits.isWaitingForLockHeldBy(b, a), Bounded.PATIENCE,
                    () -> Feedback.message("no lock",
                            "while hitter-A is between its read and its write, hitter-B should still count.",
                            "hitter-B did not finish its hit: " + Threads.describe(b), LOOK_AT));
            if (b.isAlive()) {
                throw Feedback.fail("no lock",
                        "hit() should let every thread count at once, without a lock.",
                        "hitter-B waits for a lock that hitter-A holds. A lock works, but this task is about"
                                + " the other way: an atomic lets both read, and compareAndSet makes the one"
                                + " that lost the race read again",
                        LOOK_AT);
            }
            release.countDown();
            Bounded.join(a, Bounded.PATIENCE, () -> "hitter-A should finish once let go");
            if (failure.get() != null) {
                throw new AssertionError("hit() threw " + failure.get(), failure.get());
            }
            int hits = counter.hits();
            if (hits != 2) {
                throw Feedback.fail("read-modify-write",
                        "two hits should make the count 2.",
                        "it is " + hits + ". What happened:" + lines(story) + NL
                                + "    hitter-A wrote what it had read plus 1, over hitter-B's hit. volatile would"
                                + " not change that: it makes writes visible, but read, add and write are still"
                                + " three steps. An atomic's compareAndSet(seen, seen + 1) writes only if the count"
                                + " is still what this thread read; otherwise read again",
                        LOOK_AT);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    @DisplayName("8 threads hitting 10,000 times each at the same time make exactly 80,000")
    void heavyContentionIsExact() {
        int threads = 8;
        int hitsEach = 10_000;
        // Every thread's first hit waits between its read and its write until all 8 are there:
        // they have all read the same count, and only one of them may simply write it + 1.
        Rendezvous firstHits = new Rendezvous(threads);
        ThreadLocal<Boolean> metAlready = ThreadLocal.withInitial(() -> false);
        HitCounter counter = new HitCounter(() -> {
            if (!metAlready.get()) {
                metAlready.set(true);
                firstHits.arrive();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> hitters = new ArrayList<>();
        try {
            for (int i = 1; i <= threads; i++) {
                hitters.add(Threads.startDaemon("hitter-" + i, () -> {
                    try {
                        for (int n = 0; n < hitsEach; n++) {
                            counter.hit();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            Bounded.until(firstHits::allArrived, Bounded.PATIENCE, () -> Feedback.message("no lock",
                    threads + " threads should all be able to get between read and write at once.",
                    "at most " + firstHits.mostInsideAtOnce() + " were: something lets only one thread at a time"
                            + " into hit(). An atomic needs no lock: everyone reads, and compareAndSet sends"
                            + " the threads that lost the race back to read again",
                    LOOK_AT));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // only a hang gets near this
            for (Thread hitter : hitters) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                Bounded.join(hitter, left, () -> "every hitter should finish its " + hitsEach + " hits");
            }
            if (failure.get() != null) {
                throw new AssertionError("hit() threw " + failure.get(), failure.get());
            }
            int expected = threads * hitsEach;
            int hits = counter.hits();
            if (hits != expected) {
                throw Feedback.fail("read-modify-write",
                        threads + " threads x " + hitsEach + " hits should make " + expected + ".",
                        "the count is " + hits + ": " + (expected - hits) + " hits were lost. When several threads"
                                + " read the same count, each wrote that count + 1 over the others",
                        LOOK_AT);
            }
        } finally {
            firstHits.abandon();
        }
    }

    private static void hit(HitCounter counter, AtomicReference<Throwable> failure, List<String> story) {
        try {
            counter.hit();
            story.add(Thread.currentThread().getName() + " wrote; the count is now " + counter.hits());
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static String lines(List<String> story) {
        StringBuilder out = new StringBuilder();
        story.forEach(line -> out.append(NL).append("        ").append(line));
        return out.toString();
    }
}
