package workshop.locks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import workshop.testkit.Bounded;
import workshop.testkit.LockWaits;
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

        /** True while this user waits for a connection inside {@code use} (blocked, not in its query). */
        boolean waitsForAConnection() {
            if (!calledUse || isInside || returned || thrown.get() != null) {
                return false;
            }
            Thread.State state = thread.getState();
            return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                            || state == Thread.State.BLOCKED)
                    && Arrays.stream(thread.getStackTrace()).anyMatch(frame ->
                            frame.getClassName().equals(ConnectionPool.class.getName()));
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
            return name + (waitsForAConnection() ? " (waiting for a connection)" : " (" + thread.getState() + ")");
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
