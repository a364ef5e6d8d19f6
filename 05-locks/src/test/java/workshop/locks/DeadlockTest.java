package workshop.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.LockWaits;
import workshop.testkit.Rendezvous;
import workshop.testkit.Stacks;

@DisplayName("Task 3: transfers in opposite directions never deadlock")
class DeadlockTest {
    private final Transfers transfers = new Transfers();
    private final Set<Transfers.Teller> metAtFirstLock = ConcurrentHashMap.newKeySet();

    @AfterEach
    void cleanUp() {
        transfers.cleanUp();
    }

    /**
     * The worst moment: a transfer that has just taken its first lock waits until its partner
     * (the transfer the other way) has taken one too, or is waiting for one. Code that takes
     * the locks in opposite orders then deadlocks on every run.
     */
    private void meetAtFirstLock() {
        transfers.onLock(this::meetAtFirstLock);
    }

    private void meetAtFirstLock(Transfers.Teller teller, Account account) {
        if (teller.holds().size() == 1 && metAtFirstLock.add(teller)) {
            Transfers.pauseUntil(() -> {
                Transfers.Teller partner = transfers.partnerOf(teller);
                return partner != null && partner.thread != null
                        && (!partner.holds().isEmpty() || (partner.started && partner.stuckOrDone()));
            });
        }
    }

    /**
     * The other worst moment: a transfer that gives a lock back while it still holds another
     * (and may take the first again: a critical region split in two) waits until its partner has
     * taken a lock, or waits for one this transfer holds, or sleeps (a back-off). Code that then
     * takes a lock again, against the order, while keeping the other deadlocks on every run; code
     * that only gives its locks back never waits here for long.
     */
    private void meetAfterGivingBackAFirstLock() {
        Set<Transfers.Teller> met = ConcurrentHashMap.newKeySet();
        transfers.onUnlock((teller, account) -> {
            if (!teller.holds().isEmpty() && met.add(teller)) {
                Transfers.pauseUntil(() -> {
                    Transfers.Teller partner = transfers.partnerOf(teller);
                    return partner == null || partner.done || !partner.holds().isEmpty()
                            || workshop.testkit.LockWaits.isWaitingForLockHeldBy(partner.thread, teller.thread)
                            || workshop.testkit.Threads.isSleeping(partner.thread);
                });
            }
        });
    }

    @Test
    @DisplayName("a transfer A->B and a transfer B->A at the same moment both finish")
    void oppositeTransfersBothFinish() {
        // Each sends its whole balance: whichever goes first has exactly enough, and "at least
        // that much" includes exactly that much.
        Account a = transfers.account(1, "account A", 30);
        Account b = transfers.account(2, "account B", 50);
        meetAtFirstLock();
        meetAfterGivingBackAFirstLock();
        Transfers.Teller aToB = transfers.start(a, b, 30);
        Transfers.Teller bToA = transfers.start(b, a, 50);

        transfers.awaitAllDone(Bounded.PATIENCE);

        assertThat(aToB.results).as("A->B moved its 30 (A held at least 30)").containsExactly(true);
        assertThat(bToA.results).as("B->A moved its 50 (B held at least 50)").containsExactly(true);
        assertThat(a.balance()).as("account A: 30 - 30 + 50").isEqualTo(50);
        assertThat(b.balance()).as("account B: 50 + 30 - 50").isEqualTo(30);
    }

    @Test
    @DisplayName("a transfer interrupted while it waits for a lock either finishes with the interrupt status set or throws"
            + " InterruptedException, wherever the interrupt lands; no money is made or lost and no lock is kept")
    void anInterruptedTransfer() {
        Account a = transfers.account(1, "account A", 100);
        Account b = transfers.account(2, "account B", 100);
        // The first transfer to hold both locks keeps them until the test has interrupted the other.
        CountDownLatch holderMayFinish = new CountDownLatch(1);
        AtomicReference<Transfers.Teller> holder = new AtomicReference<>();
        transfers.onLock((teller, account) -> {
            meetAtFirstLock(teller, account);
            if (teller.holds().size() == 2 && holder.compareAndSet(null, teller)) {
                Bounded.quietly(holderMayFinish, Bounded.GENEROUS);
            }
        });
        Transfers.Teller aToB = transfers.start(a, b, 30);
        Transfers.Teller bToA = transfers.start(b, a, 50);
        try {
            transfers.until(() -> aToB.done || bToA.done || (holder.get() != null
                    && Waiting.inside(transfers.partnerOf(holder.get()).thread, Bank.class)), Bounded.PATIENCE,
                    () -> Feedback.message("deadlock", "one transfer should get both locks while the other waits.",
                            transfers.report(), Transfers.LOOK_AT));
            if (holder.get() == null) {
                transfers.awaitAllDone(Bounded.PATIENCE); // names the failure, if one of them failed
                throw Feedback.fail("lock both accounts", "a transfer should hold both accounts' locks.",
                        "a transfer finished without ever holding both: " + transfers.report(), Transfers.LOOK_AT);
            }
            Transfers.Teller waiter = transfers.partnerOf(holder.get());
            Map<Thread, Long> cpuAtInterrupt = Blocking.cpuNow(List.of(waiter.thread));
            waiter.thread.interrupt();
            // It ends (InterruptedException), or it has taken the interrupt in and waits on (lock()
            // does that, and sets the interrupt status again once it has the lock), or it waits at a
            // monitor, which no interrupt ends; spinning is wrong.
            Bounded.within(() -> waiter.done || (!waiter.thread.isInterrupted() && Waiting.inside(waiter.thread,
                    Bank.class)) || (waiter.thread.getState() == Thread.State.BLOCKED
                            && Waiting.inside(waiter.thread, Bank.class))
                    || Blocking.clearlySpinning(cpuAtInterrupt) != null, Bounded.GENEROUS);
            if (!waiter.done && Blocking.clearlySpinning(cpuAtInterrupt) != null) {
                throw Feedback.fail("interrupts",
                        "a transfer that is interrupted while it waits either throws InterruptedException or"
                                + " waits on, parked.",
                        "'" + waiter.name + "' was interrupted while '" + holder.get().name + "' held both locks, and"
                                + " now it spins: once the interrupt status is set, every sleep() and tryLock(timeout)"
                                + " throws at once, so a loop that catches InterruptedException, sets the status again"
                                + " and retries never waits again. Let the InterruptedException out of transfer()."
                                + " It is " + Stacks.describe(waiter.thread),
                        Transfers.LOOK_AT);
            }
            holderMayFinish.countDown();
            transfers.awaitAllDone(Bounded.PATIENCE, waiter);

            Throwable failed = waiter.failed.get();
            if (failed == null) {
                if (!waiter.results.equals(List.of(true))) {
                    throw Feedback.fail("interrupts",
                            "an interrupted transfer either moves the money or throws InterruptedException.",
                            "'" + waiter.name + "' was interrupted while it waited and returned " + waiter.results
                                    + ", although its account held enough: false means \"too little money\"",
                            Transfers.LOOK_AT);
                }
                if (!waiter.interruptedAfter.get(0)) {
                    throw Feedback.fail("interrupts",
                            "a transfer that goes on after an interrupt keeps the thread's interrupt status set"
                                    + " (lock() does), so its caller still sees it.",
                            "'" + waiter.name + "' was interrupted while it waited, finished its transfer, and the"
                                    + " interrupt status was clear: an InterruptedException was caught and dropped."
                                    + " Let it out of transfer(), or set the status again with"
                                    + " Thread.currentThread().interrupt()",
                            Transfers.LOOK_AT);
                }
            }
            long moved = holder.get() == aToB ? 30 : -50;
            long expectedA = 100 - moved + (failed == null ? (holder.get() == aToB ? 50 : -30) : 0);
            assertThat(a.balance() + b.balance()).as("money in accounts A and B together").isEqualTo(200);
            assertThat(a.balance()).as("account A, after " + holder.get().name + (failed == null
                    ? " and " + waiter.name : " (" + waiter.name + " was interrupted: " + failed + ")"))
                    .isEqualTo(expectedA);
            assertThat(bToA.failed.get() == null || aToB.failed.get() == null).as("at most one was interrupted").isTrue();
        } finally {
            holderMayFinish.countDown();
        }
        interruptedWhileTheTestHoldsAnAccount();
    }

    /**
     * The second half of {@link #anInterruptedTransfer}: a transfer interrupted while another
     * thread (the test) holds the account it needs keeps the interrupt, wherever it lands (in
     * lock(), in a back-off sleep, between tries): it throws InterruptedException, or finishes
     * with the interrupt status set.
     */
    private void interruptedWhileTheTestHoldsAnAccount() {
        transfers.onLock((teller, account) -> { }); // the first half's pauses are over
        Account a = transfers.account(5, "account E", 100);
        Account b = transfers.account(6, "account F", 100);
        // The test holds A: a transfer B->A that takes A first waits for it at once; one that takes B
        // first and tries A (a back-off) gets B and keeps failing on A, backing off in between.
        a.lock().lock();
        Transfers.Teller bToA;
        try {
            bToA = transfers.start(b, a, 50);
            Map<Thread, Long> cpuAtStart = Blocking.cpuNow(List.of(bToA.thread));
            transfers.until(() -> bToA.done || Waiting.inside(bToA.thread, Bank.class)
                            || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.PATIENCE,
                    () -> Feedback.message("wait for the lock", "a transfer should wait while an account it needs is held.",
                            transfers.report(), Transfers.LOOK_AT));
            if (!bToA.done && Blocking.clearlySpinning(cpuAtStart) != null) {
                throw Feedback.fail("wait for the lock",
                        "a transfer whose account another thread holds waits for it (parked in lock(), or in a back-off"
                                + " sleep between tries).",
                        "'" + bToA.name + "' keeps a CPU busy while account E is held: it tries again at once, over and"
                                + " over. Wait a little (a random time) before starting again. It is "
                                + Stacks.describe(bToA.thread),
                        Transfers.LOOK_AT);
            }
            Map<Thread, Long> cpuAtInterrupt = Blocking.cpuNow(List.of(bToA.thread));
            bToA.thread.interrupt();
            // A stays held until the interrupt has been dealt with: the transfer has ended, or its
            // status was cleared (an InterruptedException was thrown inside it; a back-off sleep
            // throws the next time round if not this one), or it waits on for A with the status
            // still set, in lock(), which keeps it. Spinning is wrong.
            Bounded.within(() -> bToA.done || !bToA.thread.isInterrupted()
                    || (Blocking.isParkedForever(bToA.thread) && Waiting.inside(bToA.thread, Bank.class))
                    || Blocking.clearlySpinning(cpuAtInterrupt) != null, Bounded.GENEROUS);
            if (!bToA.done && Blocking.clearlySpinning(cpuAtInterrupt) != null) {
                throw Feedback.fail("interrupts",
                        "a transfer that is interrupted while it waits either throws InterruptedException or waits on,"
                                + " parked.",
                        "'" + bToA.name + "' was interrupted while account E was held, and now it spins: once the"
                                + " interrupt status is set, every sleep() and tryLock(timeout) throws at once. It is "
                                + Stacks.describe(bToA.thread),
                        Transfers.LOOK_AT);
            }
        } finally {
            a.lock().unlock();
        }
        // Only this transfer: the first half's interrupted one may have failed, as it may.
        transfers.until(() -> bToA.done, Bounded.PATIENCE, () -> Feedback.message("deadlock",
                "a transfer should finish once the account it waits for is free.", transfers.report(),
                Transfers.LOOK_AT));
        Throwable failed = bToA.failed.get();
        if (failed != null && !(failed instanceof InterruptedException)) {
            throw Feedback.fail("interrupts", "an interrupted transfer either moves the money or throws"
                    + " InterruptedException.", "'" + bToA.name + "' threw " + Stacks.thrown(failed), Transfers.LOOK_AT);
        }
        if (failed == null && !bToA.interruptedAfter.get(0)) {
            throw Feedback.fail("interrupts",
                    "a transfer that goes on after an interrupt keeps the thread's interrupt status set (lock() does),"
                            + " so its caller still sees it.",
                    "'" + bToA.name + "' was interrupted while it waited for account E, finished its transfer, and"
                            + " the interrupt status was clear: an InterruptedException (from a sleep or a timed"
                            + " tryLock between tries) was caught and dropped. Let it out of transfer(), or set the"
                            + " status again with Thread.currentThread().interrupt() and stop trying",
                    Transfers.LOOK_AT);
        }
        assertThat(a.balance() + b.balance()).as("money in accounts E and F together").isEqualTo(200);
    }

    @Test
    @DisplayName("many transfers in both directions: all finish, no money made or lost, and different accounts"
            + " are worked on at the same time")
    void manyTransfersConcurrently() {
        long start = 100_000;
        Account a = transfers.account(1, "account A", start);
        Account b = transfers.account(2, "account B", start);
        Account c = transfers.account(3, "account C", start);
        Account d = transfers.account(4, "account D", start);
        // The first time a transfer holds both its locks, it waits there for another transfer to
        // hold both of its own: only code that lets A<->B and C<->D go on at once gets two in.
        Rendezvous twoAtOnce = new Rendezvous(2);
        Set<Transfers.Teller> arrived = ConcurrentHashMap.newKeySet();
        transfers.onLock((teller, account) -> {
            meetAtFirstLock(teller, account);
            if (teller.holds().size() == 2 && arrived.add(teller)) {
                twoAtOnce.arrive();
            }
        });

        long[] amounts = LongStream.range(0, 200).map(i -> 1 + i % 9).toArray();
        Transfers.Teller aToB = transfers.start(a, b, amounts);
        Transfers.Teller bToA = transfers.start(b, a, amounts);
        Transfers.Teller cToD = transfers.start(c, d, amounts);
        Transfers.Teller dToC = transfers.start(d, c, amounts);

        transfers.until(() -> twoAtOnce.allArrived() || transfers.waitsForAStranger() != null
                        || transfers.allDone(), Bounded.PATIENCE.multipliedBy(2),
                () -> "two transfers should hold their accounts' locks at the same time: " + transfers.report());
        String stranger = transfers.waitsForAStranger();
        if (stranger != null && !twoAtOnce.allArrived()) {
            throw Feedback.fail("lock only what you use",
                    "a transfer between A and B and one between C and D should be able to run at the same time.",
                    stranger + ": something makes every transfer wait for every other (one lock around the whole"
                            + " bank?). Lock the two accounts of the transfer, nothing else",
                    Transfers.LOOK_AT);
        }
        transfers.awaitAllDone(Bounded.PATIENCE.multipliedBy(2));

        if (twoAtOnce.mostInsideAtOnce() < 2) {
            throw Feedback.fail("lock only what you use",
                    "a transfer between A and B and one between C and D should be able to run at the same time.",
                    "no two transfers ever held their accounts' locks at the same time: something makes every"
                            + " transfer wait for every other (one lock around the whole bank?)",
                    Transfers.LOOK_AT);
        }
        for (Transfers.Teller teller : new Transfers.Teller[] {aToB, bToA, cToD, dToC}) {
            assertThat(teller.results).as("'%s': every transfer moved its money", teller.name)
                    .hasSize(amounts.length).containsOnly(true);
        }
        long total = a.balance() + b.balance() + c.balance() + d.balance();
        if (total != 4 * start) {
            throw Feedback.fail("money is conserved", "the four accounts should hold " + 4 * start + " in total.",
                    "they hold " + total + " (A " + a.balance() + ", B " + b.balance() + ", C " + c.balance()
                            + ", D " + d.balance() + ")",
                    Transfers.LOOK_AT);
        }
        assertThat(new long[] {a.balance(), b.balance(), c.balance(), d.balance()})
                .as("each account sent and received the same amounts, so each ends where it started")
                .containsOnly(start);
    }
    @Test
    @DisplayName("three transfers in a ring (A->B, B->C, C->A): all finish, and one whose second account another"
            + " transfer is using waits for that lock (or gives back and starts again), never goes on without it")
    void aTransferWaitsForABusyAccount() {
        Account a = transfers.account(1, "account A", 100);
        Account b = transfers.account(2, "account B", 100);
        Account c = transfers.account(3, "account C", 100);
        AtomicReference<Transfers.Teller> aToB = new AtomicReference<>();
        AtomicReference<Transfers.Teller> bToC = new AtomicReference<>();
        AtomicReference<Transfers.Teller> cToA = new AtomicReference<>();
        Set<Transfers.Teller> met = ConcurrentHashMap.newKeySet();
        AtomicBoolean holding = new AtomicBoolean();
        transfers.onLock((teller, account) -> {
            Transfers.Teller x = aToB.get();
            Transfers.Teller h = bToC.get();
            Transfers.Teller y = cToA.get();
            // The ring's worst moment: each transfer, with its first lock, waits until each of the
            // other two has one too, has finished, or waits for a lock one of the ring holds. Code
            // that takes each sender's lock first then deadlocks on every run (A->B wants B, B->C
            // wants C, C->A wants A), whichever of them starts first.
            if (teller.holds().size() == 1 && met.add(teller)) {
                List<Transfers.Teller> ring = List.of(x, h, y);
                Transfers.pauseUntil(() -> ring.stream().filter(other -> other != teller).allMatch(other ->
                        !other.holds().isEmpty() || other.done
                                || ring.stream().anyMatch(holder -> holder != other
                                        && LockWaits.isWaitingForLockHeldBy(other.thread, holder.thread))));
            }
            // B->C, once it holds B and C, keeps them until A->B (which holds A: first in id order,
            // and its sender) has shown how it waits for B: with no time limit (lock(),
            // lockInterruptibly()), or with a tryLock that gave up (back-off code then starts again
            // and gets B; code that goes on without the lock has gone on by then). B->C has held B
            // since before A->B asked for it, so a tryLock of any timeout gives up while B is held,
            // however late its thread runs.
            if (teller == h && teller.holds().size() == 2 && holding.compareAndSet(false, true)) {
                long deadline = System.nanoTime() + Bounded.GENEROUS.toNanos();
                while (!(x.done || x.failedTries.contains(b) || Waiting.waitsUntimedForLockHeldBy(x.thread, h.thread))
                        && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
        });
        // The hook reads all three: each teller is known before any of them can take a lock.
        transfers.holdStarts(true);
        aToB.set(transfers.start(a, b, 30));
        bToC.set(transfers.start(b, c, 50));
        cToA.set(transfers.start(c, a, 20));
        transfers.holdStarts(false);

        Transfers.Teller x = aToB.get();
        // Longer than B->C's hold (GENEROUS): a back-off with a long tryLock timeout is slow, not wrong.
        java.time.Duration bound = Bounded.GENEROUS.plus(Bounded.PATIENCE);
        transfers.until(() -> transfers.allDone() || x.failed.get() != null, bound,
                () -> Feedback.message("deadlock", "all three transfers should finish.",
                        "after " + bound.toMillis() + " ms: " + transfers.report(),
                        Transfers.LOOK_AT));
        Throwable failed = x.failed.get();
        if (failed != null && x.failedTries.contains(b)) {
            throw Feedback.fail("wait for the lock",
                    "a transfer that cannot get a lock at once waits for it, or gives back what it holds and starts"
                            + " again: it never goes on without it.",
                    "'transfer A->B' held account A and asked for account B's lock while 'transfer B->C' held it;"
                            + " its tryLock gave up (returned false), and it went on anyway, without B's lock: it"
                            + " failed with " + Stacks.thrown(failed) + ". When tryLock returns false, unlock what"
                            + " you hold, wait a little and start again (or wait with lock())",
                    "Bank.transfer (task 3): what it does when it does not get the second lock");
        }
        transfers.awaitAllDone(Bounded.PATIENCE);
        assertThat(x.results).as("A->B moved its 30 (A held 100)").containsExactly(true);
        assertThat(bToC.get().results).as("B->C moved its 50 (B held 100)").containsExactly(true);
        assertThat(cToA.get().results).as("C->A moved its 20 (C held 100)").containsExactly(true);
        assertThat(new long[] {a.balance(), b.balance(), c.balance()}).as("accounts A, B and C")
                .containsExactly(90, 80, 130);
    }

    @Test
    @DisplayName("a transfer that ends with an exception or an Error thrown by an account gives back every lock it"
            + " took, and later transfers on those accounts go through")
    void aTransferThatThrowsGivesBackItsLocks() {
        Account a = transfers.account(1, "account A", 100);
        Account b = transfers.account(2, "account B", 100);
        // The first read of the sender's balance made while the transfer holds the sender's lock
        // throws: once an exception (A->B), once an Error (B->A, whose sender is second in id order).
        AtomicReference<Throwable> toThrow = new AtomicReference<>();
        transfers.onBalanceRead((teller, balance) -> {
            Throwable t = toThrow.getAndSet(null);
            if (t != null && !teller.holds().contains(teller.from)) {
                toThrow.compareAndSet(null, t); // a read before the locks (a quick look): not this one
            } else if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            }
        });
        endsGivingBackItsLocks(a, b, new IllegalStateException("account A cannot be read just now (the test made"
                + " its balance() throw)"), toThrow);
        endsGivingBackItsLocks(b, a, new AccountBroke("account B broke (the test made its balance() throw an Error)"),
                toThrow);

        Transfers.Teller later = transfers.start("a later transfer A->B", a, b, 10);
        Transfers.Teller laterBack = transfers.start("a later transfer B->A", b, a, 10);
        transfers.until(() -> later.done && laterBack.done, Bounded.PATIENCE,
                () -> Feedback.message("unlock in finally", "later transfers on accounts A and B should go through.",
                        transfers.report(), Transfers.LOOK_AT));
        assertThat(later.failed.get()).as("a later transfer A->B: what it threw").isNull();
        assertThat(laterBack.failed.get()).as("a later transfer B->A: what it threw").isNull();
        assertThat(later.results).as("a later transfer A->B moved its 10").containsExactly(true);
        assertThat(laterBack.results).as("a later transfer B->A moved its 10").containsExactly(true);
    }

    /** What the test makes an account's balance() throw, as a broken account might. */
    private static final class AccountBroke extends Error {
        AccountBroke(String message) {
            super(message);
        }
    }

    private void endsGivingBackItsLocks(Account from, Account to, Throwable thrown,
            AtomicReference<Throwable> toThrow) {
        toThrow.set(thrown);
        Transfers.Teller teller = transfers.start(from, to, 1);
        transfers.until(() -> teller.done, Bounded.PATIENCE, () -> Feedback.message("unlock in finally",
                "a transfer whose account throws should end.", transfers.report(), Transfers.LOOK_AT));
        List<Account> kept = teller.holds();
        List<Account> locked = List.of(from, to).stream().filter(x -> x.lock().isLocked()).toList();
        if (!kept.isEmpty() || !locked.isEmpty()) {
            List<Account> named = kept.isEmpty() ? locked : kept;
            throw Feedback.fail("unlock in finally",
                    "every lock a transfer takes is given back, whichever way it ends: an exception or an Error"
                            + " thrown inside it too.",
                    "'" + teller.name + "' read " + from.name() + "'s balance while it held the lock of "
                            + from.name() + ", and balance() threw " + thrown + "; the transfer ended ("
                            + (teller.failed.get() == null ? "it returned " + teller.results
                                    : teller.failed.get() == thrown ? "with it"
                                    : "with " + teller.failed.get()) + ") and still holds the lock of "
                            + named.stream().map(Account::name).collect(java.util.stream.Collectors.joining(" and "))
                            + ": the exception skipped an unlock(), and every later transfer on that account would"
                            + " wait for ever. Unlock in finally blocks (a catch of Exception does not see an Error)",
                    "Bank.transfer: every path out of it, an exception from the account too");
        }
        if (toThrow.get() != null) {
            throw Feedback.fail("check the balance", "a transfer reads the sender's balance while it holds its lock.",
                    "'" + teller.name + "' never did: " + transfers.report(), "Bank.transfer (task 4)");
        }
    }
}
