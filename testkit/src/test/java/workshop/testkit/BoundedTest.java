package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class BoundedTest {
    @Test
    void returnsAsSoonAsTheConditionHolds() {
        CountDownLatch latch = new CountDownLatch(1);
        Threads.startDaemon("releaser", latch::countDown);
        Bounded.await(latch, Duration.ofSeconds(5), () -> "never released");
        assertThat(latch.getCount()).isZero();
    }

    @Test
    void failsWithTheMessageWhenTheBoundPasses() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Bounded.until(() -> false, Duration.ofMillis(100), () -> "the thing never happened"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("the thing never happened");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void withinReportsInsteadOfFailing() {
        assertThat(Bounded.within(() -> true, Duration.ofMillis(100))).isTrue();
        assertThat(Bounded.within(() -> false, Duration.ofMillis(50))).isFalse();
    }

    @Test
    void joinNamesTheThreadThatDidNotEnd() {
        CountDownLatch never = new CountDownLatch(1);
        Thread stuck = Threads.startDaemon("stuck-worker", () -> Bounded.quietly(never, Duration.ofSeconds(5)));
        try {
            assertThatThrownBy(() -> Bounded.join(stuck, Duration.ofMillis(100), () -> "should end"))
                    .hasMessageContaining("should end")
                    .hasMessageContaining("stuck-worker is TIMED_WAITING");
        } finally {
            never.countDown();
        }
    }

    @Test
    void aDeadlockFailsAtOnceNamingTheLocks() throws InterruptedException {
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        Deadlocks.label(a, "lock A");
        Deadlocks.label(b, "lock B");
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread first = Threads.startDaemon("first", () -> lockBoth(a, b, bothHoldOne));
        Thread second = Threads.startDaemon("second", () -> lockBoth(b, a, bothHoldOne));
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Bounded.until(() -> false, Duration.ofSeconds(5), () -> "timed out"))
                    .hasMessageContaining("[deadlock]")
                    .hasMessageContaining("'first' holds [")
                    .hasMessageContaining("lock A")
                    .hasMessageContaining("lock B");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            first.interrupt();
            second.interrupt();
            first.join(2000);
            second.join(2000);
        }
        assertThat(Deadlocks.find()).isEmpty();
    }

    private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHoldOne) {
        try {
            mine.lockInterruptibly();
            try {
                bothHoldOne.countDown();
                bothHoldOne.await(5, TimeUnit.SECONDS);
                theirs.lockInterruptibly();
                theirs.unlock();
            } finally {
                mine.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
