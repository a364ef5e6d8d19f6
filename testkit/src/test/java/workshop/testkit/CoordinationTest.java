package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rendezvous, TakeTurns, Hold and Threads.isJoining: the tools that order threads without sleeps. */
class CoordinationTest {
    @Test
    void rendezvousMeetsWhenAllArriveTogether() throws InterruptedException {
        Rendezvous together = new Rendezvous(3);
        List<Thread> threads = new ArrayList<>();
        List<Boolean> met = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            threads.add(Threads.startDaemon("party-" + i, () -> met.add(together.arrive())));
        }
        together.assertAllMet("parallel", "here");
        for (Thread t : threads) {
            t.join(2000);
        }
        assertThat(met).containsExactly(true, true, true);
        assertThat(together.mostInsideAtOnce()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void rendezvousReportsPartiesThatRanOneAfterAnother() {
        Rendezvous together = new Rendezvous(2, Duration.ofMillis(100));
        assertThat(together.arrive()).isFalse();
        assertThat(together.arrive()).isTrue();
        Rendezvous never = new Rendezvous(2, Duration.ofMillis(100));
        assertThat(never.arrive()).isFalse();
        assertThatThrownBy(() -> never.assertAllMet("parallel", "Foo.bar"))
                .hasMessageContaining("at most 1 of 2 were running at once")
                .hasMessageContaining("look at: Foo.bar");
    }

    @Test
    void takeTurnsAlternatesStrictlyAndLetsTheLastOneFinishAlone() throws InterruptedException {
        TakeTurns turns = new TakeTurns(2);
        Thread a = Threads.startDaemon("A", () -> steps(turns, 0, 2));
        Thread b = Threads.startDaemon("B", () -> steps(turns, 1, 4));
        a.join(3000);
        b.join(3000);
        assertThat(turns.trace()).containsExactly("A", "B", "A", "B", "B", "B");
    }

    @Test
    void takeTurnsGivesUpWhenThePartnerNeverArrives() {
        TakeTurns turns = new TakeTurns(2, Duration.ofMillis(100));
        assertThatThrownBy(() -> turns.step(0))
                .isInstanceOf(TakeTurns.TurnTimeout.class)
                .hasMessageContaining("never got there at the same time");
    }

    @Test
    void holdLetsGoWhenTheCallerJoinsOrWhenReleased() throws InterruptedException {
        Hold hold = new Hold();
        AtomicReference<Thread> caller = new AtomicReference<>();
        Thread worker = new Thread(() -> hold.hold(caller.get()), "held");
        Thread joiner = new Thread(() -> {
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "joiner");
        caller.set(joiner);
        joiner.setDaemon(true);
        worker.setDaemon(true);
        long start = System.nanoTime();
        joiner.start();
        joiner.join(4000);
        assertThat(joiner.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

        Hold released = new Hold();
        Thread other = Threads.startDaemon("held-2", () -> released.hold(null));
        assertThat(Bounded.within(() -> other.getState() == Thread.State.TIMED_WAITING, Duration.ofSeconds(2))).isTrue();
        released.release();
        other.join(2000);
        assertThat(other.isAlive()).isFalse();
    }

    @Test
    void isJoiningTellsJoinFromSleep() throws InterruptedException {
        Hold hold = new Hold();
        Thread target = Threads.startDaemon("target", () -> hold.hold(null));
        Thread joiner = Threads.startDaemon("joiner", () -> {
            try {
                target.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread sleeper = Threads.startDaemon("sleeper", () -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(Bounded.within(() -> Threads.isJoining(joiner, target), Duration.ofSeconds(2))).isTrue();
            assertThat(Bounded.within(() -> Threads.isSleeping(sleeper), Duration.ofSeconds(2))).isTrue();
            assertThat(Threads.isJoining(sleeper, target)).isFalse();
            assertThat(Threads.cpuNanos(sleeper)).isGreaterThanOrEqualTo(0);
        } finally {
            hold.release();
            sleeper.interrupt();
        }
    }

    private static void steps(TakeTurns turns, int me, int count) {
        try {
            for (int i = 0; i < count; i++) {
                turns.step(me);
            }
        } finally {
            turns.leave(me);
        }
    }
}
