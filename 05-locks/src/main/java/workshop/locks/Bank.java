package workshop.locks;

/**
 * Tasks 3 and 4: moves money between accounts. Many threads call {@link #transfer} at the same
 * time, also in opposite directions (A to B while B to A).
 */
public final class Bank {

    /**
     * Moves {@code amount} from {@code from} to {@code to} if {@code from} has at least that much.
     * Returns true if the money moved, false if {@code from} had too little (nothing changes then).
     */
    public boolean transfer(Account from, Account to, long amount) throws InterruptedException {
        // TODO(task 4): the balance is checked here, before any lock is held. Between this check
        //  and the withdrawal, another transfer can take the same money: check it under the lock.
        if (from.balance() < amount) {
            return false;
        }
        // TODO(task 3): this takes `from` first, then `to`. A transfer the other way round takes
        //  the same two locks in the opposite order: each can hold one and wait forever for the
        //  other. Take them in one order that every transfer agrees on (or back off with tryLock).
        from.lock().lock();
        try {
            to.lock().lock();
            try {
                from.withdraw(amount);
                to.deposit(amount);
                return true;
            } finally {
                to.lock().unlock();
            }
        } finally {
            from.lock().unlock();
        }
    }
}
