package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.Test;
import workshop.testkit.CriticalRegions.Finding.Kind;

class CriticalRegionsTest {

    static final class OneBlock {
        private final Object lock = new Object();
        private int value;

        void update() {
            synchronized (lock) {
                int copy = value;
                if (copy < 0) {
                    return; // an early exit releases the monitor, but never reaches the write
                }
                value = copy + 1;
            }
        }
    }

    static final class TwoBlocks {
        private final Object lock = new Object();
        private int value;

        void update() {
            int copy;
            synchronized (lock) {
                copy = value;
            }
            synchronized (lock) {
                value = copy + 1;
            }
        }
    }

    static final class LockedTwice {
        private final Lock lock = new ReentrantLock();
        private int value;

        void update() {
            int copy;
            lock.lock();
            try {
                copy = value;
            } finally {
                lock.unlock();
            }
            lock.lock();
            try {
                value = copy + 1;
            } finally {
                lock.unlock();
            }
        }
    }

    static final class NoLock {
        private int value;

        void update() {
            int copy = value;
            value = copy + 1;
        }
    }

    static final class ReadOutside {
        private final Lock lock = new ReentrantLock();
        private int value;

        void update() {
            int copy = value;
            lock.lock();
            try {
                value = copy + 1;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Right answers written other ways: none is judged wrong. */
    static final class RightAnswers {
        private final Lock lock = new ReentrantLock();
        private final ReadWriteLock locks = new ReentrantReadWriteLock();
        private final StampedLock stamped = new StampedLock();
        private final Semaphore permit = new Semaphore(1);
        private int a;
        private int b;
        private int c;
        private int d;
        private int e;
        private int f;

        synchronized void update() {
            a = a + 1;
        }

        void update(String name) {
            locks.writeLock().lock();
            try {
                b = b + 1;
            } finally {
                locks.writeLock().unlock();
            }
            long stamp = stamped.writeLock();
            try {
                c = c + 1;
            } finally {
                stamped.unlockWrite(stamp);
            }
            permit.acquireUninterruptibly();
            try {
                d = d + 1;
            } finally {
                permit.release();
            }
            try {
                lock.lock();
                e = e + 1;
            } finally {
                lock.unlock();
            }
            while (!lock.tryLock()) {
                Thread.onSpinWait();
            }
            try {
                f++;
            } finally {
                lock.unlock();
            }
            System.out.println(a + " " + f); // read after the write, without the lock: not judged
        }
    }

    @Test
    void oneBlockHoldsTheLockFromReadToWrite() {
        assertThat(CriticalRegions.readToWrite(OneBlock.class, "update")).isEmpty();
    }

    @Test
    void rightAnswersWrittenOtherWaysAreNotJudgedWrong() {
        assertThat(CriticalRegions.readToWrite(RightAnswers.class, "update")).isEmpty();
    }

    @Test
    void twoSynchronizedBlocksLetGoBetweenReadAndWrite() {
        assertThat(CriticalRegions.readToWrite(TwoBlocks.class, "update"))
                .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Kind.LET_GO_BETWEEN_READ_AND_WRITE));
    }

    @Test
    void aLockTakenTwiceLetsGoBetweenReadAndWrite() {
        assertThat(CriticalRegions.readToWrite(LockedTwice.class, "update"))
                .hasValueSatisfying(f -> {
                    assertThat(f.kind()).isEqualTo(Kind.LET_GO_BETWEEN_READ_AND_WRITE);
                    assertThat(f.field()).isEqualTo("value");
                    assertThat(f.readLine()).isLessThan(f.releaseLine());
                    assertThat(f.releaseLine()).isLessThan(f.writeLine());
                });
    }

    @Test
    void noLockAtAllWritesWithoutTheLock() {
        assertThat(CriticalRegions.readToWrite(NoLock.class, "update"))
                .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Kind.WRITE_WITHOUT_THE_LOCK));
    }

    @Test
    void aReadBeforeTheLockIsFound() {
        assertThat(CriticalRegions.readToWrite(ReadOutside.class, "update"))
                .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Kind.READ_WITHOUT_THE_LOCK));
    }
}
