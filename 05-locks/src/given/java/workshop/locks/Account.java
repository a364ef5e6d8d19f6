// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.locks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bank account: an id, a name, a balance, and the lock that guards the balance.
 * NOTHING TO EDIT HERE: you use it from {@link Bank}.
 *
 * <p>Hold the account's {@link #lock()} to change its balance: {@link #withdraw} and
 * {@link #deposit} refuse to run without it. The lock is an ordinary {@link ReentrantLock}
 * that also tells a {@link Watcher} when it is taken and given back, and {@link #balance()}
 * tells it when the balance is read: the tests use this to pause a thread at exactly the
 * worst moment, so that a bug shows up on every run instead of once in a while.
 */
public final class Account {

    /** Told, on the thread concerned, about the account's lock and balance. For the tests. */
    public interface Watcher {
        default void beforeLock(Account account) {}

        default void afterLock(Account account) {}

        default void afterFailedTry(Account account) {}

        default void afterUnlock(Account account) {}

        default void afterBalanceRead(Account account, long balance) {}
    }

    private final int id;
    private final String name;
    private final WatchedLock lock = new WatchedLock();
    private volatile Watcher watcher = new Watcher() {};
    private long balance; // guarded by lock
    private long lowest; // guarded by lock: the lowest balance this account ever had

    public Account(int id, String name, long balance) {
        this.id = id;
        this.name = name;
        this.balance = balance;
        this.lowest = balance;
    }

    /** A number no other account has: useful to put accounts in one fixed order. */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The lock that guards this account's balance. */
    public ReentrantLock lock() {
        return lock;
    }

    /** The balance now. Only dependable while you hold this account's lock. */
    public long balance() {
        long now = balance;
        watcher.afterBalanceRead(this, now);
        return now;
    }

    /** Takes money out. Needs this account's lock. Does not check the balance: that is the bank's job. */
    public void withdraw(long amount) {
        requireLock("take money out of");
        balance -= amount;
        lowest = Math.min(lowest, balance);
    }

    /** Puts money in. Needs this account's lock. */
    public void deposit(long amount) {
        requireLock("put money into");
        balance += amount;
    }

    /** The lowest balance this account ever had (below zero means it was overdrawn). */
    public long lowestBalance() {
        lock.lock();
        try {
            return lowest;
        } finally {
            lock.unlock();
        }
    }

    /** For the tests: who is told about this account's lock and balance. */
    public void watch(Watcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public String toString() {
        return name;
    }

    private void requireLock(String what) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("'" + Thread.currentThread().getName() + "' tried to " + what + " "
                    + name + " without holding " + name + "'s lock");
        }
    }

    /** A ReentrantLock like any other, that tells the watcher what happens to it. */
    private final class WatchedLock extends ReentrantLock {
        @Override
        public void lock() {
            watcher.beforeLock(Account.this);
            super.lock();
            watcher.afterLock(Account.this);
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            watcher.beforeLock(Account.this);
            super.lockInterruptibly();
            watcher.afterLock(Account.this);
        }

        @Override
        public boolean tryLock() {
            watcher.beforeLock(Account.this);
            return tookIt(super.tryLock());
        }

        @Override
        public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
            watcher.beforeLock(Account.this);
            return tookIt(super.tryLock(timeout, unit));
        }

        @Override
        public void unlock() {
            super.unlock();
            watcher.afterUnlock(Account.this);
        }

        private boolean tookIt(boolean took) {
            if (took) {
                watcher.afterLock(Account.this);
            } else {
                watcher.afterFailedTry(Account.this);
            }
            return took;
        }
    }
}
