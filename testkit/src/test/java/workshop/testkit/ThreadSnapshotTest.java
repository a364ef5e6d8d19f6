package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import workshop.sample.Waiter;

/** ThreadSnapshot: where a thread waits, seen in terms of the code under test. */
class ThreadSnapshotTest {

    private static ThreadSnapshot parked(Thread thread) {
        Bounded.until(() -> ThreadSnapshot.of(thread).isWaiting(), Bounded.GENEROUS, () -> "never parked");
        return ThreadSnapshot.of(thread);
    }

    @Test
    void anUntimedWaitIsSeenWithTheCallThatMadeIt() {
        CountDownLatch latch = new CountDownLatch(1);
        Thread thread = Threads.startDaemon("waiter", () -> Waiter.untimed(latch));
        try {
            ThreadSnapshot now = parked(thread);
            assertThat(now.isTimedWaiting()).isFalse();
            assertThat(now.waitsInACallFrom(Waiter.class)).isTrue();
            assertThat(now.waitsInACallFrom(ThreadSnapshotTest.class)).isFalse();
            assertThat(now.jdkCall()).isEqualTo("CountDownLatch.await");
            assertThat(now.describe()).startsWith("WAITING in CountDownLatch.await(), called from")
                    .contains("workshop.sample.Waiter.untimed(Waiter.java:")
                    .doesNotContain("java.util.concurrent.locks");
            assertThat(now.waitedCount()).isPositive();
        } finally {
            latch.countDown();
        }
    }

    @Test
    void aTimedWaitIsTold() {
        CountDownLatch latch = new CountDownLatch(1);
        Thread thread = Threads.startDaemon("timed-waiter", () -> Waiter.timed(latch));
        try {
            ThreadSnapshot now = parked(thread);
            assertThat(now.isTimedWaiting()).isTrue();
            assertThat(now.waitsInACallFrom(Waiter.class)).isTrue();
        } finally {
            latch.countDown();
        }
    }

    @Test
    void aWaitInsideOtherCodeIsNotTheCallersOwn() {
        CountDownLatch latch = new CountDownLatch(1);
        Thread thread = Threads.startDaemon("kit-waiter", () -> Waiter.throughTheKit(latch));
        try {
            ThreadSnapshot now = parked(thread);
            assertThat(now.waitsInACallFrom(Waiter.class)).isFalse();
            assertThat(now.jdkCall()).isEqualTo("Bounded.quietly");
        } finally {
            latch.countDown();
        }
    }

    @Test
    void aVirtualThreadIsSeenToo() {
        CountDownLatch latch = new CountDownLatch(1);
        Thread thread = Thread.ofVirtual().name("virtual-waiter").start(() -> Waiter.untimed(latch));
        try {
            ThreadSnapshot now = parked(thread);
            assertThat(now.waitsInACallFrom(Waiter.class)).isTrue();
            assertThat(now.isAlive()).isTrue();
        } finally {
            latch.countDown();
        }
    }

    @Test
    void anEndedThreadIsNotAlive() throws InterruptedException {
        Thread thread = Threads.startDaemon("short", () -> {});
        thread.join(5000);
        assertThat(ThreadSnapshot.of(thread).isAlive()).isFalse();
        assertThat(ThreadSnapshot.of(thread).describe()).isEqualTo("TERMINATED");
    }

    @Test
    void anExceptionIsDescribedByTheJdkCallAndTheOwnFrames() {
        java.util.NoSuchElementException thrown = null;
        try {
            Waiter.nextOfNothing();
        } catch (java.util.NoSuchElementException e) {
            thrown = e;
        }
        assertThat(ThreadSnapshot.describe(thrown))
                .startsWith("java.util.NoSuchElementException, thrown in ")
                .contains("at workshop.sample.Waiter.nextOfNothing(Waiter.java:")
                .doesNotContain("org.junit")
                .doesNotContain("ThreadSnapshotTest");
    }
}
