package workshop.locks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import workshop.testkit.Bounded;
import workshop.testkit.Deadlocks;
import workshop.testkit.Feedback;
import workshop.testkit.LockWaits;

/**
 * Test harness for tasks 3 and 4: accounts watched by the test, and transfer threads. It knows,
 * for every thread, which account locks it holds and which one it asked for last, and it can
 * pause a thread right after it takes a lock or reads a balance.
 */
final class Transfers implements Account.Watcher {
    static final String LOOK_AT = "Bank.transfer (task 3): the order in which it takes the two accounts' locks";

    private final Bank bank = new Bank();
    private final List<Teller> tellers = new CopyOnWriteArrayList<>();
    /** Set while the test itself reads a balance from a hook: such a read is not the teller's. */
    private static final ThreadLocal<Boolean> TEST_READ = ThreadLocal.withInitial(() -> false);
    private final Map<Thread, List<Account>> held = new ConcurrentHashMap<>();
    private final Map<Thread, Account> asked = new ConcurrentHashMap<>();
    /** Per thread: failed tryLocks in a row since it last gave a lock back. */
    private final Map<Thread, Integer> failedTriesHolding = new ConcurrentHashMap<>();
    private volatile boolean over;
    private volatile BiConsumer<Teller, Account> afterLock = (teller, account) -> {};
    private volatile BiConsumer<Teller, Long> afterRead = (teller, balance) -> {};
    private volatile BiConsumer<Teller, Account> afterUnlock = (teller, account) -> {};

    /** A thread that makes transfers from one account to another, and what came of them. */
    final class Teller {
        final String name;
        final Account from;
        final Account to;
        final List<Boolean> results = new CopyOnWriteArrayList<>();
        /** After each transfer that returned: was the thread's interrupt status set? */
        final List<Boolean> interruptedAfter = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        /** The accounts whose lock this teller tried for (tryLock) and did not get. */
        final java.util.Set<Account> failedTries = ConcurrentHashMap.newKeySet();
        volatile boolean started;
        volatile boolean done;
        Thread thread;

        Teller(String name, Account from, Account to) {
            this.name = name;
            this.from = from;
            this.to = to;
        }

        List<Account> holds() {
            return held.getOrDefault(thread, List.of());
        }

        /** Not moving on its own: blocked or parked (on a lock, a sleep, a back-off), or finished. */
        boolean stuckOrDone() {
            Thread.State state = thread.getState();
            return done || !thread.isAlive() || state == Thread.State.BLOCKED || state == Thread.State.WAITING
                    || state == Thread.State.TIMED_WAITING;
        }

        String describe() {
            if (failed.get() != null) {
                return "'" + name + "' failed: " + failed.get();
            }
            if (done) {
                return "'" + name + "' finished " + results.size() + " transfers";
            }
            Account wants = asked.get(thread);
            return "'" + name + "' holds " + holds() + (wants == null ? "" : " and keeps asking for " + wants)
                    + ", after " + results.size() + " transfers";
        }
    }

    Account account(int id, String name, long balance) {
        Account account = new Account(id, name, balance);
        Deadlocks.label(account.lock(), name);
        account.watch(this);
        return account;
    }

    /** Starts a thread that makes one transfer of each amount, from {@code from} to {@code to}. */
    Teller start(Account from, Account to, long... amounts) {
        return start("transfer " + from.name().replace("account ", "") + "->" + to.name().replace("account ", ""),
                from, to, amounts);
    }

    Teller start(String name, Account from, Account to, long... amounts) {
        Teller teller = new Teller(name, from, to);
        tellers.add(teller);
        java.util.concurrent.CountDownLatch gate = startGate;
        // Not Threads.startDaemon: the teller must know its thread before the thread runs.
        Thread thread = new Thread(() -> {
            teller.started = true;
            try {
                Bounded.quietly(gate, Bounded.PATIENCE);
                for (long amount : amounts) {
                    boolean moved = bank.transfer(from, to, amount);
                    teller.interruptedAfter.add(Thread.currentThread().isInterrupted());
                    teller.results.add(moved);
                }
            } catch (Throwable t) {
                teller.failed.set(t);
            } finally {
                teller.done = true;
            }
        }, name);
        thread.setDaemon(true);
        teller.thread = thread;
        thread.start();
        return teller;
    }

    private volatile java.util.concurrent.CountDownLatch startGate = new java.util.concurrent.CountDownLatch(0);

    /**
     * {@code true}: tellers started from now on wait before their first transfer until
     * {@code holdStarts(false)}, so that a test's hooks know every teller before any takes a lock.
     */
    void holdStarts(boolean hold) {
        if (hold) {
            startGate = new java.util.concurrent.CountDownLatch(1);
        } else {
            startGate.countDown();
        }
    }

    /** The teller moving money the other way between the same two accounts, if one was started. */
    Teller partnerOf(Teller teller) {
        return tellers.stream().filter(t -> t.from == teller.to && t.to == teller.from).findFirst().orElse(null);
    }

    Teller teller(Thread thread) {
        return tellers.stream().filter(t -> t.thread == thread).findFirst().orElse(null);
    }

    void onLock(BiConsumer<Teller, Account> hook) {
        this.afterLock = hook;
    }

    void onBalanceRead(BiConsumer<Teller, Long> hook) {
        this.afterRead = hook;
    }

    /** {@code hook} runs on a teller's thread right after it unlocks an account. */
    void onUnlock(BiConsumer<Teller, Account> hook) {
        this.afterUnlock = hook;
    }

    /** For a hook: the balance now, read without counting as the teller's read. */
    static long balanceQuietly(Account account) {
        TEST_READ.set(true);
        try {
            return account.balance();
        } finally {
            TEST_READ.set(false);
        }
    }

    /**
     * A teller that has finished and still holds an account's lock: a path through transfer()
     * (a return, an exception) skipped an unlock. Null if there is none. Its locks were recorded
     * on its own thread before it finished, so once it is seen finished they are up to date.
     */
    Teller finishedHoldingALock() {
        return tellers.stream().filter(t -> t.done && !t.holds().isEmpty()).findFirst().orElse(null);
    }

    /** How many failed tries in a row a teller still holding a lock needs to count as never letting go. */
    private static final int NEVER_LETS_GO = 20;

    /**
     * A sign of a livelock, seen without waiting for it to last: two tellers each hold a lock and
     * have failed, {@value #NEVER_LETS_GO} times in a row, to take the other's, without giving
     * their own back in between. Back-off code gives its lock back after a failed try (or a few),
     * so for it the count never gets there. Null if there is none, else who holds what.
     */
    String livelock() {
        for (Teller one : tellers) {
            Teller other = partnerOf(one);
            if (other != null && !one.done && !other.done
                    && failedTriesHolding.getOrDefault(one.thread, 0) >= NEVER_LETS_GO
                    && failedTriesHolding.getOrDefault(other.thread, 0) >= NEVER_LETS_GO
                    && !one.holds().isEmpty() && !other.holds().isEmpty()) {
                return "'" + one.name + "' holds " + one.holds() + " and '" + other.name + "' holds " + other.holds()
                        + "; each has tried " + NEVER_LETS_GO + " times or more for the other's lock without giving"
                        + " its own back";
            }
        }
        return null;
    }

    /**
     * For a hook: waits (at most the patience) until the condition holds; never fails. A thread
     * whose interrupt status is set is not held: the interrupt belongs to the code under test, and
     * this wait neither throws it nor clears it.
     */
    static void pauseUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Bounded.PATIENCE.toNanos();
        while (!condition.getAsBoolean() && !Thread.currentThread().isInterrupted()
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Like {@link Bounded#until}; fails at once on a deadlock (explained in this exercise's terms)
     * or a livelock among the tellers.
     */
    void until(BooleanSupplier condition, Duration bound, Supplier<String> failure) {
        try {
            Bounded.until(() -> condition.getAsBoolean() || livelock() != null, bound, failure);
        } catch (AssertionFailedError e) {
            if (e.getMessage().startsWith("[deadlock]") && !e.getMessage().contains(LOOK_AT)) {
                throw new AssertionFailedError(e.getMessage() + System.lineSeparator()
                        + "    in this exercise: " + LOOK_AT + ". A transfer A->B takes A then B; a transfer"
                        + " B->A takes B then A: each holds one lock and waits for the other.");
            }
            throw e;
        }
        String livelock = livelock();
        if (livelock != null) {
            throw Feedback.fail("deadlock (livelock)",
                    "every transfer should finish: a transfer that cannot get its second lock gives the first one"
                            + " back before it tries again.",
                    livelock + ": neither can ever get both. tryLock alone does not help while the first lock is"
                            + " kept; unlock it, wait a little (a random time) and start again, or take the locks"
                            + " in one order",
                    LOOK_AT);
        }
    }

    /**
     * A sign that transfers wait for each other although they share no account: a teller waits
     * for a lock that a teller of two other accounts holds (one lock around the whole bank). A
     * transfer that locks only its own two accounts only ever waits for a teller of one of them.
     * Null if there is none, else who waits for whom.
     */
    String waitsForAStranger() {
        for (Teller waiter : tellers) {
            for (Teller owner : tellers) {
                boolean shareAnAccount = waiter.from == owner.from || waiter.from == owner.to
                        || waiter.to == owner.from || waiter.to == owner.to;
                if (!shareAnAccount && !waiter.done && !owner.done
                        && LockWaits.isWaitingForLockHeldBy(waiter.thread, owner.thread)) {
                    return "'" + waiter.name + "' waits for a lock that '" + owner.name + "' holds, though they share"
                            + " no account";
                }
            }
        }
        return null;
    }

    /**
     * Waits until every teller is done. A deadlock fails at once (naming the threads, the lock
     * each holds and the lock each wants), and so does a teller that finished holding a lock;
     * tellers that never finish fail after the bound.
     */
    void awaitAllDone(Duration bound) {
        awaitAllDone(bound, null);
    }

    /** As {@link #awaitAllDone(Duration)}; {@code mayBeInterrupted} may end with an InterruptedException. */
    void awaitAllDone(Duration bound, Teller mayBeInterrupted) {
        until(() -> tellers.stream().allMatch(t -> t.done) || finishedHoldingALock() != null, bound,
                () -> Feedback.message("deadlock",
                        "every transfer should finish.",
                        "after " + bound.toMillis() + " ms some never did. Two transfers that each keep holding one"
                                + " lock while they wait for the other's never finish, even with tryLock:"
                                + System.lineSeparator() + "      " + report(),
                        LOOK_AT));
        for (Teller teller : tellers) {
            Throwable failed = teller.failed.get();
            if (failed != null && !(teller == mayBeInterrupted && failed instanceof InterruptedException)) {
                throw new AssertionFailedError("'" + teller.name + "' failed: " + failed, failed);
            }
        }
        Teller leaked = finishedHoldingALock();
        if (leaked != null) {
            throw Feedback.fail("unlock in finally",
                    "every transfer gives back every lock it took, whatever way it ends.",
                    "'" + leaked.name + "' has finished (its transfers returned " + leaked.results + ") and still holds"
                            + " the lock of " + leaked.holds().stream().map(Account::name).collect(Collectors.joining(" and "))
                            + ": a return or an exception skipped an unlock(), and every later transfer on that"
                            + " account would wait for ever. Unlock in finally blocks",
                    "Bank.transfer: every path out of it, the early return too");
        }
    }

    boolean allDone() {
        return tellers.stream().allMatch(t -> t.done);
    }

    String report() {
        return tellers.stream().map(Teller::describe).collect(Collectors.joining(System.lineSeparator() + "      "));
    }

    /** Ends the test's transfers: no lock is granted any more, waiting threads are interrupted. */
    void cleanUp() {
        over = true;
        tellers.forEach(t -> t.thread.interrupt());
        try {
            Deadlocks.failIfAny(); // a deadlock this test left behind is reported here, never in a later test
        } catch (AssertionError alreadyFailed) {
            // the test has failed already (or is failing now) for this very reason
        }
    }

    @Override
    public void beforeLock(Account account) {
        if (over) {
            throw new CancellationException("the test is over");
        }
        asked.put(Thread.currentThread(), account);
    }

    @Override
    public void afterLock(Account account) {
        Thread me = Thread.currentThread();
        held.computeIfAbsent(me, t -> new CopyOnWriteArrayList<>()).add(account);
        asked.remove(me, account);
        Teller teller = teller(me);
        if (teller != null) {
            afterLock.accept(teller, account);
        }
    }

    @Override
    public void afterFailedTry(Account account) {
        Thread me = Thread.currentThread();
        Teller teller = teller(me);
        if (teller != null) {
            teller.failedTries.add(account);
        }
        if (!held.getOrDefault(me, List.of()).isEmpty()) {
            failedTriesHolding.merge(me, 1, Integer::sum);
        }
    }

    @Override
    public void afterUnlock(Account account) {
        failedTriesHolding.remove(Thread.currentThread());
        if (!account.lock().isHeldByCurrentThread()) {
            held.getOrDefault(Thread.currentThread(), new ArrayList<>()).remove(account);
        }
        Teller teller = teller(Thread.currentThread());
        if (teller != null) {
            afterUnlock.accept(teller, account);
        }
    }

    @Override
    public void afterBalanceRead(Account account, long balance) {
        Teller teller = teller(Thread.currentThread());
        if (teller != null && !TEST_READ.get()) {
            afterRead.accept(teller, balance);
        }
    }
}
