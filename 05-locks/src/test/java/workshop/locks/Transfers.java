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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.opentest4j.AssertionFailedError;
import workshop.testkit.Bounded;
import workshop.testkit.Deadlocks;
import workshop.testkit.Feedback;

/**
 * Test harness for tasks 3 and 4: accounts watched by the test, and transfer threads. It knows,
 * for every thread, which account locks it holds and which one it asked for last, and it can
 * pause a thread right after it takes a lock or reads a balance.
 */
final class Transfers implements Account.Watcher {
    static final String LOOK_AT = "Bank.transfer (task 3): the order in which it takes the two accounts' locks";

    private final Bank bank = new Bank();
    private final List<Teller> tellers = new CopyOnWriteArrayList<>();
    private final Map<Thread, List<Account>> held = new ConcurrentHashMap<>();
    private final Map<Thread, Account> asked = new ConcurrentHashMap<>();
    private volatile boolean over;
    private volatile BiConsumer<Teller, Account> afterLock = (teller, account) -> {};
    private volatile BiConsumer<Teller, Long> afterRead = (teller, balance) -> {};

    /** A thread that makes transfers from one account to another, and what came of them. */
    final class Teller {
        final String name;
        final Account from;
        final Account to;
        final List<Boolean> results = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
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
        // Not Threads.startDaemon: the teller must know its thread before the thread runs.
        Thread thread = new Thread(() -> {
            teller.started = true;
            try {
                for (long amount : amounts) {
                    teller.results.add(bank.transfer(from, to, amount));
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

    /** For a hook: waits (at most the patience) until the condition holds; never fails. */
    static void pauseUntil(BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(Bounded.PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException gaveUp) {
            // go on: the test itself reports what went wrong
        }
    }

    /**
     * Waits until every teller is done. A deadlock fails at once (naming the threads, the lock
     * each holds and the lock each wants); tellers that never finish fail after the bound.
     */
    void awaitAllDone(Duration bound) {
        try {
            Bounded.until(() -> tellers.stream().allMatch(t -> t.done), bound, () -> Feedback.message("deadlock",
                    "every transfer should finish.",
                    "after " + bound.toMillis() + " ms some never did. Two transfers that each keep holding one"
                            + " lock while they wait for the other's never finish, even with tryLock:"
                            + System.lineSeparator() + "      " + report(),
                    LOOK_AT));
        } catch (AssertionFailedError e) {
            if (e.getMessage().startsWith("[deadlock]") && !e.getMessage().contains(LOOK_AT)) {
                throw new AssertionFailedError(e.getMessage() + System.lineSeparator()
                        + "    in this exercise: " + LOOK_AT + ". A transfer A->B takes A then B; a transfer"
                        + " B->A takes B then A: each holds one lock and waits for the other.");
            }
            throw e;
        }
        for (Teller teller : tellers) {
            if (teller.failed.get() != null) {
                AssertionFailedError failure = new AssertionFailedError(
                        "'" + teller.name + "' failed: " + teller.failed.get(), teller.failed.get());
                throw failure;
            }
        }
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
    public void afterUnlock(Account account) {
        if (!account.lock().isHeldByCurrentThread()) {
            held.getOrDefault(Thread.currentThread(), new ArrayList<>()).remove(account);
        }
    }

    @Override
    public void afterBalanceRead(Account account, long balance) {
        Teller teller = teller(Thread.currentThread());
        if (teller != null) {
            afterRead.accept(teller, balance);
        }
    }
}
