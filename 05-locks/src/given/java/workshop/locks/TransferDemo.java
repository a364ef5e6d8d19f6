// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.locks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lesson's demo (./workshop demo 05-locks): two threads move money between the same two
 * accounts with your {@link Bank}, one always A to B, the other always B to A. If they
 * deadlock, it says who holds what and leaves the JVM hanging, so that you can take a thread
 * dump.
 *
 * <p>Like the tests, it makes the worst moment certain instead of waiting for it: the first lock
 * each thread takes, it holds (for at most half a second) until the other thread has taken a
 * lock too, or is waiting for one.
 */
public final class TransferDemo {
    static final int TRANSFERS = 100_000;

    private TransferDemo() {}

    public static void main(String[] args) throws InterruptedException {
        Bank bank = new Bank();
        Account a = new Account(1, "account A", 1_000);
        Account b = new Account(2, "account B", 1_000);
        List<Account> accounts = List.of(a, b);
        meetAtTheFirstLock(accounts);
        AtomicInteger doneAB = new AtomicInteger();
        AtomicInteger doneBA = new AtomicInteger();
        Thread ab = transfers("transfer A->B", bank, a, b, doneAB);
        Thread ba = transfers("transfer B->A", bank, b, a, doneBA);
        System.out.println("two threads, " + TRANSFERS + " transfers of 1 each: A->B and B->A at the same time");
        long start = System.nanoTime();
        ab.start();
        ba.start();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        while (ab.isAlive() || ba.isAlive()) {
            ab.join(Duration.ofMillis(100));
            long[] deadlocked = mx.findDeadlockedThreads();
            if (deadlocked != null) {
                System.out.printf("deadlock after %d and %d transfers: neither thread will ever move again%n",
                        doneAB.get(), doneBA.get());
                describe(mx.getThreadInfo(deadlocked), List.of(ab, ba), accounts);
                System.out.println("this JVM (pid " + ProcessHandle.current().pid() + ") hangs now: take a"
                        + " thread dump (see the lesson), then press Ctrl+C");
                return; // the two ordinary threads keep the JVM alive, stuck for good
            }
        }
        System.out.printf("done in %.1f s, no deadlock; A + B = %d, as at the start%n",
                (System.nanoTime() - start) / 1e9, balance(a) + balance(b));
    }

    private static Thread transfers(String name, Bank bank, Account from, Account to, AtomicInteger done) {
        return new Thread(() -> {
            try {
                for (int i = 0; i < TRANSFERS; i++) {
                    bank.transfer(from, to, 1);
                    done.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Each transfer thread holds its first lock until the other thread has reached a lock too. */
    private static void meetAtTheFirstLock(List<Account> accounts) {
        CountDownLatch bothAtALock = new CountDownLatch(2);
        Set<Thread> arrived = ConcurrentHashMap.newKeySet();
        Account.Watcher watcher = new Account.Watcher() {
            @Override
            public void beforeLock(Account account) {
                if (Thread.currentThread().getName().startsWith("transfer") && arrived.add(Thread.currentThread())) {
                    bothAtALock.countDown(); // this thread is at its first lock (taking it, or waiting for it)
                }
            }

            @Override
            public void afterLock(Account account) {
                try {
                    bothAtALock.await(500, TimeUnit.MILLISECONDS); // at once, after the first time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        accounts.forEach(account -> account.watch(watcher));
    }

    /** Says, for each deadlocked thread, which account's lock it holds and which it waits for. */
    private static void describe(ThreadInfo[] infos, List<Thread> threads, List<Account> accounts) {
        Map<String, Account> wants = new HashMap<>();
        for (Thread thread : threads) {
            for (Account account : accounts) {
                if (account.lock().hasQueuedThread(thread)) {
                    wants.put(thread.getName(), account);
                }
            }
        }
        for (ThreadInfo info : infos) {
            String holds = "";
            for (ThreadInfo other : infos) {
                if (info.getThreadName().equals(other.getLockOwnerName())) {
                    holds = String.valueOf(wants.get(other.getThreadName()));
                }
            }
            System.out.println("  '" + info.getThreadName() + "' holds " + holds + " and wants "
                    + wants.get(info.getThreadName()) + ", held by '" + info.getLockOwnerName() + "'");
        }
    }

    private static long balance(Account account) {
        account.lock().lock();
        try {
            return account.balance();
        } finally {
            account.lock().unlock();
        }
    }
}
