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
        // One global order (by id): every transfer takes the lower id first, so no two transfers
        // can each hold one lock the other wants.
        Account first = from.id() < to.id() ? from : to;
        Account second = first == from ? to : from;
        first.lock().lock();
        try {
            second.lock().lock();
            try {
                if (from.balance() < amount) { // checked and withdrawn under the same locks
                    return false;
                }
                from.withdraw(amount);
                to.deposit(amount);
                return true;
            } finally {
                second.lock().unlock();
            }
        } finally {
            first.lock().unlock();
        }
    }
}
