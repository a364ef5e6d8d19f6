package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class DeadlocksTest {

    @Test
    void namesLabelledReentrantLocksAndReportsEachDeadlockOnce() {
        ReentrantLock left = new ReentrantLock();
        ReentrantLock right = new ReentrantLock();
        Deadlocks.label(left, "the left lock");
        Deadlocks.label(right, "the right lock");
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Threads.startDaemon("takes-left-first", () -> cross(left, right, bothHoldOne));
        Threads.startDaemon("takes-right-first", () -> cross(right, left, bothHoldOne));

        AssertionFailedError failure = null;
        try {
            Bounded.until(() -> false, Bounded.PATIENCE, () -> "no deadlock was found");
        } catch (AssertionFailedError e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .contains("'takes-left-first' holds [the left lock] and wants the right lock held by 'takes-right-first'")
                .contains("'takes-right-first' holds [the right lock] and wants the left lock held by 'takes-left-first'");

        // The threads are stuck for good, but a deadlock already reported does not fail later checks.
        assertThatCode(Deadlocks::failIfAny).doesNotThrowAnyException();
        assertThat(Bounded.within(() -> true, Bounded.PATIENCE)).isTrue();
        assertThat(Deadlocks.find()).isPresent();
    }

    @Test
    void labelsAMonitorAndLeavesALockItCouldNotInspectAlone() {
        Object monitor = new Object();
        Deadlocks.label(monitor, "a monitor");
        ReentrantLock held = new ReentrantLock();
        held.lock();
        try {
            assertThatCode(() -> Deadlocks.label(held, "held")).doesNotThrowAnyException();
            assertThat(held.getHoldCount()).isEqualTo(1);
        } finally {
            held.unlock();
        }
        ReentrantLock free = new ReentrantLock();
        Deadlocks.label(free, "free");
        assertThat(free.isLocked()).isFalse();
    }

    private static void cross(ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldOne) {
        first.lock();
        try {
            bothHoldOne.countDown();
            Bounded.quietly(bothHoldOne, Bounded.PATIENCE);
            second.lock();
            second.unlock();
        } finally {
            first.unlock();
        }
    }
}
