package workshop.locks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import workshop.testkit.Bounded;
import workshop.testkit.LockWaits;
import workshop.testkit.Stacks;
import workshop.testkit.Threads;

/**
 * Test harness for task 1: users of a {@link ConnectionPool}, each on its own daemon thread.
 * It counts how many users are inside a query at once (and the most ever), and can keep a
 * user inside until the test lets it leave.
 */
final class PoolUsers {
    /** A user that stays inside its query lets itself go after this long, so no thread lingers. */
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    final ConnectionPool pool;
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();
    private final List<User> users = new CopyOnWriteArrayList<>();

    PoolUsers(ConnectionPool pool) {
        this.pool = pool;
    }

    final class User {
        final String name;
        final CountDownLatch leave = new CountDownLatch(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        volatile boolean calledUse;
        volatile boolean isInside;
        volatile boolean wasInside;
        volatile boolean returned;
        Thread thread;

        User(String name) {
            this.name = name;
        }

        /**
         * How this user waits for a connection inside {@code use} (before its query), or null if
         * it does not: not yet, or no longer. The wait is read between two looks at
         * {@link #wasInside}: had the user got into its query in between, the state read could
         * be its query's own wait, so it does not count.
         */
        Waiting.How waitKind() {
            if (!calledUse || wasInside || returned || thrown.get() != null) {
                return null;
            }
            Waiting.How how = Waiting.how(thread, ConnectionPool.class);
            if (wasInside || returned || thrown.get() != null || how == Waiting.How.OTHER) {
                return null;
            }
            return how;
        }

        /** True while this user waits (parked or blocked, not spinning) for a connection inside {@code use}. */
        boolean waitsForAConnection() {
            Waiting.How how = waitKind();
            return how != null && how != Waiting.How.SPINNING;
        }

        boolean done() {
            return !thread.isAlive();
        }

        void letGo() {
            leave.countDown();
        }

        String describe() {
            if (thrown.get() != null) {
                return name + " (use threw " + thrown.get() + ")";
            }
            if (returned) {
                return name + " (done)";
            }
            if (isInside) {
                return name + " (inside its query)";
            }
            return name + (waitsForAConnection() ? " (waiting for a connection)" : " (" + Stacks.describe(thread) + ")");
        }
    }

    /** Starts a user whose query runs {@code body}. */
    User start(String name, Runnable body) {
        User user = new User(name);
        users.add(user);
        Runnable query = () -> {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            user.isInside = true;
            user.wasInside = true;
            try {
                body.run();
            } finally {
                user.isInside = false;
                inside.decrementAndGet();
            }
        };
        user.thread = Threads.startDaemon(name, () -> {
            user.calledUse = true;
            try {
                pool.use(query);
                user.returned = true;
            } catch (Throwable t) {
                user.thrown.set(t);
            }
        });
        return user;
    }

    /** Starts a user who stays inside its query until {@link User#letGo()}. */
    User startHolding(String name) {
        AtomicReference<User> me = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        User user = start(name, () -> {
            Bounded.quietly(started, BACKSTOP);
            Bounded.quietly(me.get().leave, BACKSTOP);
        });
        me.set(user);
        started.countDown();
        return user;
    }

    int inside() {
        return inside.get();
    }

    int mostInside() {
        return mostInside.get();
    }

    List<User> users() {
        return List.copyOf(users);
    }

    List<User> insideNow() {
        return users.stream().filter(u -> u.isInside).toList();
    }

    List<User> waiting() {
        return users.stream().filter(User::waitsForAConnection).toList();
    }

    /**
     * A sign, seen at once, that the pool lets only one user in: a user waits for a lock that a
     * user inside its query holds. A pool that counts connections holds no lock during a query.
     * Null if there is no such user.
     */
    String waitsForAUserInside() {
        for (User waiter : waiting()) {
            for (User owner : insideNow()) {
                if (LockWaits.isWaitingForLockHeldBy(waiter.thread, owner.thread)) {
                    return waiter.name + " waits for a lock that " + owner.name + " holds while inside its query";
                }
            }
        }
        return null;
    }

    /**
     * A sign, seen at once, that a user does not wait the way it should: with a time limit, by
     * sleeping and trying again, or by spinning. Null if no user does.
     */
    User waitsWrongly() {
        return users.stream().filter(u -> {
            Waiting.How how = u.waitKind();
            return how == Waiting.How.TIMED || how == Waiting.How.SLEEPING || how == Waiting.How.SPINNING;
        }).findFirst().orElse(null);
    }

    /**
     * A sign, seen at once, that the pool has fewer free connections than it should: someone
     * waits for a connection, fewer than {@code size} users are inside their queries, and every
     * other live user is either inside or waiting too. Nobody is then on the way in or out, so a
     * pool with {@code size} connections would have one free for the waiter. Checked one user
     * after another, it still cannot show for a correct pool while no user leaves: a waiter stays
     * waiting, a user inside stays inside, and a user on its way in (the only change left) is
     * neither, which rules the sign out. Null if there is no such sign, else what was seen.
     */
    String connectionsMissing(int size) {
        int insideNow = 0;
        int waitingNow = 0;
        for (User user : users) {
            if (user.done()) {
                continue;
            }
            if (user.isInside) {
                insideNow++;
            } else if (user.waitsForAConnection()) {
                waitingNow++;
            } else {
                return null; // on its way in or out
            }
        }
        return waitingNow > 0 && insideNow < size
                ? insideNow + " user(s) inside their queries and " + waitingNow + " waiting for a connection"
                : null;
    }

    /**
     * A sign, seen at once, that connections were lost: {@code user} waits for a connection
     * although every other user has finished, so all of them should be free.
     */
    boolean waitsAlone(User user) {
        return user.waitsForAConnection() && users.stream().filter(u -> u != user).allMatch(User::done);
    }

    boolean allDone() {
        return users.stream().allMatch(User::done);
    }

    String report() {
        return users.stream().map(User::describe).collect(Collectors.joining(", "));
    }

    /** Lets every user go and interrupts any still waiting: nothing outlives the test. */
    void cleanUp() {
        users.forEach(User::letGo);
        users.stream().filter(u -> !u.done()).forEach(u -> u.thread.interrupt());
    }
}
