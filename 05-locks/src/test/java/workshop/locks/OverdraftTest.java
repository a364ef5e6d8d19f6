package workshop.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Feedback;
import workshop.testkit.Bounded;
import workshop.testkit.LockWaits;

@DisplayName("Task 4: check the balance and take the money under the same lock")
class OverdraftTest {
    private static final String LOOK_AT = "Bank.transfer (task 4): where is the balance checked?";

    private final Transfers transfers = new Transfers();

    @AfterEach
    void cleanUp() {
        transfers.cleanUp();
    }

    @Test
    @DisplayName("two transfers of 60 from an account holding 100: one goes through, the other is refused, and transfer says which")
    void noOverdraft() throws InterruptedException {
        // Both transfers draw on B: one sends to A, the other to C (so that, with the locks in
        // order of id, B's lock is taken first by one and second by the other).
        Account a = transfers.account(1, "account A", 0);
        Account b = transfers.account(2, "account B", 100);
        Account c = transfers.account(3, "account C", 0);
        Map<Transfers.Teller, Long> firstRead = new ConcurrentHashMap<>();
        AtomicReference<Transfers.Teller> firstReader = new AtomicReference<>();
        AtomicReference<Transfers.Teller> one = new AtomicReference<>();
        AtomicReference<Transfers.Teller> other = new AtomicReference<>();
        // The worst moment: the first transfer to read B's balance waits there until the other
        // has read it too, or is kept waiting (by a lock) and cannot.
        transfers.onBalanceRead((teller, balance) -> {
            firstRead.putIfAbsent(teller, balance);
            if (firstReader.compareAndSet(null, teller)) {
                Transfers.pauseUntil(() -> {
                    Transfers.Teller partner = teller == one.get() ? other.get() : one.get();
                    return partner != null && (firstRead.containsKey(partner) || partner.done
                            || Waiting.inside(partner.thread, Bank.class));
                });
            }
        });
        // A check in one hold of B's lock and the withdrawal in a later one: the moment between
        // the two holds is as bad. A transfer that read enough money gives B's lock back without
        // having taken it out; it waits there until the other has read B's balance too (or cannot
        // go on, waiting for a lock this one still holds). Code that withdraws in the same hold as
        // its check has always changed the balance by then, so it never waits here.
        Set<Transfers.Teller> pausedAtUnlock = ConcurrentHashMap.newKeySet();
        transfers.onUnlock((teller, account) -> {
            Long read = firstRead.get(teller);
            if (account == b && read != null && read >= 60 && Transfers.balanceQuietly(b) == read
                    && pausedAtUnlock.add(teller)) {
                Transfers.pauseUntil(() -> {
                    Transfers.Teller partner = teller == one.get() ? other.get() : one.get();
                    return partner != null && (firstRead.containsKey(partner) || partner.done
                            || LockWaits.isWaitingForLockHeldBy(partner.thread, teller.thread));
                });
            }
        });
        // transfer-1 reads first, on every run: its lock of B is its second (B's id is higher than
        // A's), so a region of B's lock split between its check and its withdrawal is caught (when
        // transfer-2 read first, that split would not show). transfer-2 starts once transfer-1 has
        // read B's balance, and finds B's lock held (or, for a check without the lock, reads too).
        one.set(transfers.start("transfer-1", b, a, 60));
        Bounded.within(() -> firstRead.containsKey(one.get()) || one.get().done, Bounded.PATIENCE);
        other.set(transfers.start("transfer-2", b, c, 60));

        transfers.awaitAllDone(Bounded.PATIENCE);

        long moved = one.get().results.stream().filter(r -> r).count()
                + other.get().results.stream().filter(r -> r).count();
        if (moved > 1 || b.lowestBalance() < 0) {
            throw Feedback.fail("check-then-act",
                    "account B holds 100: of two transfers of 60 from it, only one may go through.",
                    "transfer-1 (B to A) read B's balance as " + firstRead.get(one.get()) + " and transfer-2 (B to C)"
                            + " read it as " + firstRead.get(other.get()) + "; " + moved + " went through and account"
                            + " B went down to " + b.lowestBalance() + ". Both checked before either took the money:"
                            + " between one's check and its withdrawal the other got in. Check B's balance while"
                            + " holding B's own lock, in the same hold in which you withdraw (not a hold that ends"
                            + " before the withdrawal)",
                    LOOK_AT);
        }
        assertThat(moved).as("transfers that went through").isEqualTo(1);
        assertThat(b.balance()).as("account B").isEqualTo(40);
        assertThat(a.balance() + c.balance()).as("accounts A and C together").isEqualTo(60);
        transferSaysWhetherTheMoneyMoved();
    }
    /**
     * The end of {@link #noOverdraft}, one transfer at a time: transfer says whether the money
     * moved, true for a whole balance, false for more (and then nothing changes).
     */
    private static void transferSaysWhetherTheMoneyMoved() throws InterruptedException {
        Bank bank = new Bank();
        Account a = new Account(1, "account A", 100);
        Account b = new Account(2, "account B", 0);
        String after = "";
        long[][] steps = {{100, 1}, {1, 0}, {30, 1}}; // amount, 1 if it must move; the last one goes back, B to A
        for (long[] step : steps) {
            boolean back = step == steps[2];
            Account from = back ? b : a;
            Account to = back ? a : b;
            long amountA = a.balance();
            long amountB = b.balance();
            boolean moved = bank.transfer(from, to, step[0]);
            boolean shouldMove = step[1] == 1;
            long expectedA = shouldMove ? amountA + (back ? step[0] : -step[0]) : amountA;
            if (moved != shouldMove || a.balance() != expectedA || a.balance() + b.balance() != 100) {
                throw Feedback.fail("check-then-act",
                        "transfer(" + from.name() + ", " + to.name() + ", " + step[0] + ") with " + from.name() + " holding "
                                + (back ? amountB : amountA) + " should " + (shouldMove
                                        ? "move the money and return true (an account may be emptied to 0)"
                                        : "refuse: return false and change nothing") + ".",
                        after + "it returned " + moved + ", and the accounts now hold A " + a.balance() + ", B "
                                + b.balance(),
                        LOOK_AT);
            }
            after += "transfer(" + from.name() + ", " + to.name() + ", " + step[0] + ") returned " + moved + "; ";
        }
    }
}
