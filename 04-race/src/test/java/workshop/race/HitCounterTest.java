package workshop.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.LockWaits;
import workshop.testkit.Rendezvous;
import workshop.testkit.ThreadSnapshot;
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
                    () -> "hitter-A should get between its read and its write: " + ThreadSnapshot.of(a).describe());
            if (held.get() == null) {
                throw Feedback.fail("the pause between read and write",
                        "hit() should call betweenReadAndWrite between reading the count and writing it.",
                        "hit() returned without calling it. Keep that call (inside your retry loop): the tests"
                                + " use it to make two threads meet there on every run",
                        LOOK_AT);
            }
            Thread b = Threads.startDaemon("hitter-B", () -> hit(counter, failure, story));
            Map<Thread, Long> cpuOfB = Blocking.cpuNow(List.of(b));
            // hitter-B needs nobody to count: it reads, writes and is done. Waiting for hitter-A in
            // any way (a lock, a semaphore, a loop until A is out) is a sign of a lock; a correct
            // hit() never waits inside HitCounter, and does not spin with nobody to race against.
            Bounded.until(() -> !b.isAlive() || LockWaits.isWaitingForLockHeldBy(b, a)
                            || ThreadSnapshot.of(b).waitsInACallFrom(HitCounter.class)
                            || Blocking.clearlySpinning(cpuOfB) != null, Bounded.GENEROUS,
                    () -> Feedback.message("no lock",
                            "while hitter-A is between its read and its write, hitter-B should still count.",
                            "hitter-B did not finish its hit: " + ThreadSnapshot.of(b).describe(), LOOK_AT));
            if (b.isAlive()) {
                boolean spins = Blocking.clearlySpinning(cpuOfB) != null && !LockWaits.isWaitingForLockHeldBy(b, a);
                throw Feedback.fail("no lock",
                        "hit() should let every thread count at once, without a lock.",
                        (spins ? "hitter-B spins, waiting for hitter-A to finish its hit: a loop that waits for"
                                + " another thread to leave (a spin lock) is a lock too, one that burns CPU."
                                : "hitter-B waits for hitter-A: " + ThreadSnapshot.of(b).describe() + NL
                                        + "    A lock (or a semaphore) works, but this task is about the other way.")
                                + " An atomic lets both read, and compareAndSet makes the one that lost the race"
                                + " read again",
                        LOOK_AT);
            }
            release.countDown();
            Map<Thread, Long> cpuOfA = Blocking.cpuNow(List.of(a));
            // hitter-A's compareAndSet fails once (B counted since A read); a retry that reads again
            // succeeds at once, since nobody else is counting. 100 ms of CPU means it never will.
            Bounded.until(() -> !a.isAlive() || Blocking.clearlySpinning(cpuOfA) != null, Bounded.GENEROUS,
                    () -> "hitter-A should finish once let go: " + ThreadSnapshot.of(a).describe());
            if (a.isAlive()) {
                throw Feedback.fail("compare-and-set",
                        "once let go, hitter-A's compareAndSet fails (hitter-B counted meanwhile): it should read the"
                                + " count again and retry.",
                        "hitter-A keeps retrying without success (it spins): " + ThreadSnapshot.of(a).describe() + NL
                                + "    compareAndSet(seen, seen + 1) can never succeed again with the count hitter-A"
                                + " read before hitter-B's hit. Read the count inside the loop",
                        LOOK_AT);
            }
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
            // Until all 8 are in, a correct hitter is either on its way to the meeting or waits there
            // (in the test's code). Waiting inside HitCounter's own code, or spinning, is a lock.
            Map<Thread, Long> cpuAtStart = Blocking.cpuNow(hitters);
            Bounded.until(() -> firstHits.allArrived() || keptOut(hitters, cpuAtStart) != null, Bounded.PATIENCE,
                    () -> Feedback.message("no lock",
                            threads + " threads should all be able to get between read and write at once.",
                            "at most " + firstHits.mostInsideAtOnce() + " were: something lets only one thread at a"
                                    + " time into hit(). An atomic needs no lock: everyone reads, and compareAndSet"
                                    + " sends the threads that lost the race back to read again",
                            LOOK_AT));
            Thread keptOut = firstHits.allArrived() ? null : keptOut(hitters, cpuAtStart);
            if (keptOut != null) {
                throw Feedback.fail("no lock",
                        threads + " threads should all be able to get between read and write at once.",
                        "at most " + firstHits.mostInsideAtOnce() + " were, and " + keptOut.getName() + " is kept out: "
                                + ThreadSnapshot.of(keptOut).describe() + NL
                                + "    Something lets only one thread at a time into hit() (a lock, a semaphore, or a"
                                + " loop that waits for the others to leave). An atomic needs no lock: everyone reads,"
                                + " and compareAndSet sends the threads that lost the race back to read again",
                        LOOK_AT);
            }
            awaitHitters(counter, hitters, hitsEach);
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

    /** A hitter that waits inside HitCounter's own code, or spins, before all have met; or null. */
    private static Thread keptOut(List<Thread> hitters, Map<Thread, Long> cpuAtStart) {
        Thread spinning = Blocking.clearlySpinning(cpuAtStart);
        if (spinning != null) {
            return spinning;
        }
        return hitters.stream().filter(t -> ThreadSnapshot.of(t).waitsInACallFrom(HitCounter.class)).findFirst()
                .orElse(null);
    }

    /**
     * Waits (bounded) for every hitter to finish. Fails at once if the count stands still while a
     * hitter burns CPU: in a compare-and-set loop, one thread's attempt fails only because another's
     * succeeded, so threads that run make the count grow. A count that stays put while they run
     * means a retry that can never succeed.
     */
    private static void awaitHitters(HitCounter counter, List<Thread> hitters, int hitsEach) {
        int[] lastCount = {counter.hits()};
        Map<Thread, Long>[] cpuSince = new Map[] {Blocking.cpuNow(hitters)};
        Bounded.until(() -> {
            if (hitters.stream().noneMatch(Thread::isAlive)) {
                return true;
            }
            int now = counter.hits();
            if (now != lastCount[0]) {
                lastCount[0] = now;
                cpuSince[0] = Blocking.cpuNow(hitters);
                return false;
            }
            return Blocking.clearlySpinning(cpuSince[0]) != null;
        }, Bounded.GENEROUS, () -> "every hitter should finish its " + hitsEach + " hits: "
                + hitters.stream().filter(Thread::isAlive).map(t -> t.getName() + " is " + ThreadSnapshot.of(t).describe())
                        .toList());
        List<Thread> stuck = hitters.stream().filter(Thread::isAlive).toList();
        if (!stuck.isEmpty()) {
            throw Feedback.fail("compare-and-set",
                    "every hitter should finish its " + hitsEach + " hits: a failed compareAndSet reads the count"
                            + " again and retries.",
                    "the count stays at " + counter.hits() + " while " + stuck.size() + " hitters keep running: "
                            + stuck.get(0).getName() + " is " + ThreadSnapshot.of(stuck.get(0)).describe() + NL
                            + "    A retry with the count read before another thread counted can never succeed."
                            + " Read the count inside the loop",
                    LOOK_AT);
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
