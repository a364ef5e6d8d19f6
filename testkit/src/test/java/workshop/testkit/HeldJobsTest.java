package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Joins and HeldJobs: telling, from outside, whether a thread waits for its workers, and how. */
class HeldJobsTest {

    /** Starts {@code count} held jobs on threads made by {@code threads}, then runs {@code waits} on a waiter. */
    private static Thread waiter(HeldJobs jobs, int count, Function<Runnable, Thread> threads,
            WaitFor waits, AtomicReference<Throwable> thrown) {
        Thread waiter = new Thread(() -> {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int job = i;
                workers.add(threads.apply(() -> jobs.hold(job)));
            }
            try {
                waits.on(workers);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "waiter");
        waiter.setDaemon(true);
        jobs.waiter(waiter);
        waiter.start();
        return waiter;
    }

    @FunctionalInterface
    private interface WaitFor {
        void on(List<Thread> workers) throws Exception;
    }

    private static Thread platform(Runnable body) {
        return Threads.startDaemon("job", body);
    }

    private static Thread virtual(Runnable body) {
        return Thread.ofVirtual().start(body);
    }

    @Test
    void joinsAreSeenOnPlatformAndVirtualThreadsWithOrWithoutATimeLimit() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        for (Function<Runnable, Thread> kind : List.<Function<Runnable, Thread>>of(HeldJobsTest::platform,
                HeldJobsTest::virtual)) {
            Thread target = kind.apply(() -> Bounded.quietly(done, Bounded.GENEROUS));
            Thread untimed = Threads.startDaemon("untimed", () -> joinQuietly(target, 0));
            Thread timed = Threads.startDaemon("timed", () -> joinQuietly(target, 60_000));
            Thread sleeper = Threads.startDaemon("sleeper", () -> Bounded.quietly(new CountDownLatch(1), Bounded.PATIENCE));
            assertThat(Bounded.within(() -> Joins.waitOf(untimed, target) == Joins.Wait.UNTIMED, Bounded.GENEROUS))
                    .as("untimed join of a " + (target.isVirtual() ? "virtual" : "platform") + " thread").isTrue();
            assertThat(Bounded.within(() -> Joins.waitOf(timed, target) == Joins.Wait.TIMED, Bounded.GENEROUS))
                    .as("timed join").isTrue();
            assertThat(Threads.isJoining(untimed, target)).isTrue();
            assertThat(Joins.waitOf(sleeper, target)).isEqualTo(Joins.Wait.NONE);
            sleeper.interrupt();
        }
        done.countDown();
    }

    @Test
    void aWaiterThatJoinsEveryJobIsLetThroughAtOnce() {
        for (Function<Runnable, Thread> kind : List.<Function<Runnable, Thread>>of(HeldJobsTest::platform,
                HeldJobsTest::virtual)) {
            try (HeldJobs jobs = new HeldJobs(3)) {
                waiter(jobs, 3, kind, workers -> {
                    for (Thread worker : workers) {
                        worker.join();
                    }
                }, new AtomicReference<>());
                assertThat(jobs.awaitWaiter(Bounded.GENEROUS).endedAfterEveryJob()).isTrue();
            }
        }
    }

    @Test
    void aWaiterThatJoinsOnlyTheLastJobIsCaughtReturningEarly() {
        try (HeldJobs jobs = new HeldJobs(3)) {
            waiter(jobs, 3, HeldJobsTest::virtual, workers -> workers.get(2).join(), new AtomicReference<>());
            HeldJobs.Outcome seen = jobs.awaitWaiter(Bounded.GENEROUS);
            assertThat(seen.kind()).isEqualTo(HeldJobs.Kind.ENDED);
            assertThat(seen.unfinished()).containsExactly(0, 1);
        }
    }

    @Test
    void aTimedJoinHoldsTheJobUntilTheWaiterGivesUpOrComesBack() {
        try (HeldJobs jobs = new HeldJobs(1)) {
            waiter(jobs, 1, HeldJobsTest::platform, workers -> workers.get(0).join(50), new AtomicReference<>());
            HeldJobs.Outcome seen = jobs.awaitWaiter(Bounded.GENEROUS);
            assertThat(seen.kind()).isEqualTo(HeldJobs.Kind.ENDED);
            assertThat(seen.unfinished()).containsExactly(0);
            assertThat(seen.timedWait()).isTrue();
        }
        try (HeldJobs jobs = new HeldJobs(1)) {
            waiter(jobs, 1, HeldJobsTest::virtual, workers -> workers.get(0).join(Duration.ofMinutes(1)),
                    new AtomicReference<>());
            assertThat(jobs.awaitWaiter(Bounded.GENEROUS).kind()).isEqualTo(HeldJobs.Kind.TIMED_WAIT);
        }
        try (HeldJobs jobs = new HeldJobs(1)) {
            waiter(jobs, 1, HeldJobsTest::platform, workers -> {
                while (workers.get(0).isAlive()) {
                    workers.get(0).join(20);
                }
            }, new AtomicReference<>());
            assertThat(jobs.awaitWaiter(Bounded.GENEROUS).endedAfterEveryJob()).as("a loop of timed joins").isTrue();
        }
    }

    @Test
    void anExecutorsCloseAndOtherUntimedWaitsLetEveryJobGo() {
        try (HeldJobs jobs = new HeldJobs(2)) {
            Thread waiter = new Thread(() -> {
                try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                    executor.submit(() -> jobs.hold(0));
                    executor.submit(() -> jobs.hold(1));
                }
            }, "waiter");
            waiter.setDaemon(true);
            jobs.waiter(waiter);
            waiter.start();
            assertThat(jobs.awaitWaiter(Bounded.GENEROUS).endedAfterEveryJob()).isTrue();
        }
    }

    @Test
    void sleepingAndSpinningAreSigns() {
        try (HeldJobs jobs = new HeldJobs(1)) {
            waiter(jobs, 1, HeldJobsTest::platform, workers -> Thread.sleep(60_000), new AtomicReference<>());
            assertThat(jobs.awaitWaiter(Bounded.GENEROUS).kind()).isEqualTo(HeldJobs.Kind.SLEEPING);
        }
        try (HeldJobs jobs = new HeldJobs(1)) {
            Thread waiter = waiter(jobs, 1, HeldJobsTest::platform, workers -> {
                while (workers.get(0).isAlive() && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            }, new AtomicReference<>());
            assertThat(jobs.awaitWaiter(Bounded.GENEROUS).kind()).isEqualTo(HeldJobs.Kind.SPINNING);
            waiter.interrupt();
        }
    }

    @Test
    void anInterruptedWaiterEndsOrIsSeenWaitingAgain() {
        try (HeldJobs jobs = new HeldJobs(2)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            waiter(jobs, 2, HeldJobsTest::virtual, workers -> {
                for (Thread worker : workers) {
                    worker.join();
                }
            }, thrown);
            HeldJobs.Outcome seen = jobs.interruptWaiter(Bounded.GENEROUS);
            assertThat(seen.kind()).isEqualTo(HeldJobs.Kind.ENDED);
            assertThat(seen.interrupted()).isTrue();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        }
        try (HeldJobs jobs = new HeldJobs(1)) {
            waiter(jobs, 1, HeldJobsTest::platform, workers -> {
                while (true) {
                    try {
                        workers.get(0).join();
                        return;
                    } catch (InterruptedException e) {
                        // swallowed
                    }
                }
            }, new AtomicReference<>());
            assertThat(jobs.interruptWaiter(Bounded.GENEROUS).kind()).isEqualTo(HeldJobs.Kind.WAITS_AGAIN);
        }
    }

    @Test
    void stacksShowTheWorkshopFramesAndTheJdkMethodTheyCalled() {
        IllegalStateException thrown = new IllegalStateException("no");
        thrown.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.lang.Thread", "setDaemon", "Thread.java", 10),
            new StackTraceElement("workshop.daemon.Autosaver", "start", "Autosaver.java", 23),
            new StackTraceElement("workshop.testkit.Bounded", "until", "Bounded.java", 1),
            new StackTraceElement("workshop.daemon.AutosaverTest", "test", "AutosaverTest.java", 7),
        });
        assertThat(Stacks.thrown(thrown)).isEqualTo("java.lang.IllegalStateException: no, thrown by"
                + " Thread.setDaemon, called from Autosaver.start(Autosaver.java:23) <- AutosaverTest.test(AutosaverTest.java:7)");
        assertThat(Stacks.where(thrown.getStackTrace())).startsWith("in Thread.setDaemon, called from Autosaver.start");
    }

    private static void joinQuietly(Thread target, long millis) {
        try {
            target.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
