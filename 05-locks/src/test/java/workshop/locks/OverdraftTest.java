package workshop.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Feedback;
import workshop.testkit.Bounded;

@DisplayName("Task 4: check the balance and take the money under the same lock")
class OverdraftTest {
    private static final String LOOK_AT = "Bank.transfer (task 4): where is the balance checked?";

    private final Transfers transfers = new Transfers();

    @AfterEach
    void cleanUp() {
        transfers.cleanUp();
    }

    @Test
    @DisplayName("two transfers of 60 from an account holding 100: one goes through, the other is refused")
    void noOverdraft() {
        Account a = transfers.account(1, "account A", 100);
        Account b = transfers.account(2, "account B", 0);
        Map<Transfers.Teller, Long> firstRead = new ConcurrentHashMap<>();
        AtomicReference<Transfers.Teller> firstReader = new AtomicReference<>();
        AtomicReference<Transfers.Teller> one = new AtomicReference<>();
        AtomicReference<Transfers.Teller> other = new AtomicReference<>();
        // The worst moment: the first transfer to read A's balance waits there until the other
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
        one.set(transfers.start("transfer-1", a, b, 60));
        other.set(transfers.start("transfer-2", a, b, 60));

        transfers.awaitAllDone(Bounded.PATIENCE);

        long moved = one.get().results.stream().filter(r -> r).count()
                + other.get().results.stream().filter(r -> r).count();
        if (moved > 1 || a.lowestBalance() < 0) {
            throw Feedback.fail("check-then-act",
                    "account A holds 100: of two transfers of 60, only one may go through.",
                    "transfer-1 read A's balance as " + firstRead.get(one.get()) + " and transfer-2 read it as "
                            + firstRead.get(other.get()) + "; " + moved + " went through and account A went down to "
                            + a.lowestBalance() + ". Both checked before either took the money: between the"
                            + " check and the withdrawal the other transfer got in",
                    LOOK_AT);
        }
        assertThat(moved).as("transfers that went through").isEqualTo(1);
        assertThat(a.balance()).as("account A").isEqualTo(40);
        assertThat(b.balance()).as("account B").isEqualTo(60);
    }
}
