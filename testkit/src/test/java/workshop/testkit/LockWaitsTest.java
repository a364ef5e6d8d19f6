package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class LockWaitsTest {

    @Test
    void seesAThreadBlockedOnAMonitorTheOtherHolds() throws InterruptedException {
        Object monitor = new Object();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread owner = Threads.startDaemon("owner", () -> {
            synchronized (monitor) {
                inside.countDown();
                Bounded.quietly(leave, Bounded.PATIENCE.multipliedBy(2));
            }
        });
        try {
            assertThat(Bounded.quietly(inside, Bounded.PATIENCE)).isTrue();
            Thread waiter = Threads.startDaemon("waiter", () -> {
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            });
            Bounded.until(() -> LockWaits.isWaitingForLockHeldBy(waiter, owner), Bounded.PATIENCE,
                    () -> "waiter should be seen blocked on owner's monitor: " + Threads.describe(waiter));
            assertThat(LockWaits.waitingForLocksHeldBy(owner)).containsExactly(waiter);
            assertThat(LockWaits.isWaitingForLockHeldBy(owner, waiter)).isFalse();
            leave.countDown();
            waiter.join(Bounded.PATIENCE.toMillis());
            assertThat(waiter.isAlive()).isFalse();
        } finally {
            leave.countDown();
            owner.join(Bounded.PATIENCE.toMillis());
        }
    }

    @Test
    void seesAThreadParkedOnAReentrantLockTheOtherHolds() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread owner = Threads.startDaemon("owner", () -> {
            lock.lock();
            try {
                inside.countDown();
                Bounded.quietly(leave, Bounded.PATIENCE.multipliedBy(2));
            } finally {
                lock.unlock();
            }
        });
        try {
            assertThat(Bounded.quietly(inside, Bounded.PATIENCE)).isTrue();
            Thread waiter = Threads.startDaemon("waiter", () -> {
                lock.lock();
                lock.unlock();
            });
            Bounded.until(() -> LockWaits.isWaitingForLockHeldBy(waiter, owner), Bounded.PATIENCE,
                    () -> "waiter should be seen parked on owner's lock: " + Threads.describe(waiter));
            // The owner itself waits on a latch nobody owns: that is not waiting for a lock.
            assertThat(LockWaits.isWaitingForLockHeldBy(owner, waiter)).isFalse();
            assertThat(LockWaits.runningInside(LockWaitsTest.class)).contains(owner, waiter);
            leave.countDown();
            waiter.join(Bounded.PATIENCE.toMillis());
            assertThat(waiter.isAlive()).isFalse();
        } finally {
            leave.countDown();
            owner.join(Bounded.PATIENCE.toMillis());
        }
    }

    @Test
    void aThreadWaitingOnALatchIsNotWaitingForALock() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Thread sleeper = Threads.startDaemon("latch-waiter", () -> Bounded.quietly(never, Bounded.PATIENCE));
        try {
            Bounded.until(() -> sleeper.getState() == Thread.State.TIMED_WAITING, Bounded.PATIENCE, () -> "never waited");
            assertThat(LockWaits.isWaitingForLockHeldBy(sleeper, Thread.currentThread())).isFalse();
        } finally {
            never.countDown();
            sleeper.join(Bounded.PATIENCE.toMillis());
        }
    }
}
