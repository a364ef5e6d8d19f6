package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BlockingTest {

    @Test
    void aParkedThreadIsIdleAndASpinningOneIsBusy() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread parked = Threads.startDaemon("parked", () -> Bounded.quietly(release, Bounded.PATIENCE.multipliedBy(4)));
        Thread spinning = Threads.startDaemon("spinning", () -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        try {
            Bounded.until(() -> Blocking.isParked(parked), Bounded.PATIENCE, () -> "never parked");
            assertThat(Blocking.spinsWhileIdle(parked)).isFalse();
            assertThat(Blocking.spinsWhileIdle(spinning)).isTrue();
            assertThat(Blocking.isParked(spinning)).isFalse();

            var cpuAtStart = Blocking.cpuNow(List.of(parked, spinning));
            Bounded.until(() -> Blocking.clearlySpinning(cpuAtStart) != null, Bounded.GENEROUS,
                    () -> "the spinning thread was never called clearly spinning");
            assertThat(Blocking.clearlySpinning(cpuAtStart)).isSameAs(spinning);
        } finally {
            release.countDown();
            stop.set(true);
        }
    }

    @Test
    void seesWhatAThreadWaitsOnAndCountsItsWaits() throws InterruptedException {
        Object monitor = new Object();
        AtomicBoolean done = new AtomicBoolean();
        Thread waiter = Threads.startDaemon("waiter", () -> {
            synchronized (monitor) {
                while (!done.get()) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        try {
            Bounded.until(() -> Blocking.isWaitingOn(waiter, monitor), Bounded.PATIENCE, () -> "never waited");
            assertThat(Blocking.isParkedForever(waiter)).isTrue();
            assertThat(Blocking.isWaitingOn(waiter, new Object())).isFalse();
            long before = Blocking.waitCount(waiter);
            synchronized (monitor) {
                monitor.notifyAll(); // wakes it without a reason: it must wait again
            }
            Bounded.until(() -> Blocking.waitCount(waiter) > before && Blocking.isWaitingOn(waiter, monitor),
                    Bounded.PATIENCE, () -> "did not wait again");
        } finally {
            done.set(true);
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
        waiter.join(TimeUnit.SECONDS.toMillis(2));
        assertThat(Blocking.waitCount(waiter)).isEqualTo(-1);
    }
}
