package workshop.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Rendezvous;
import workshop.testkit.Stacks;

@DisplayName("Task 1: a semaphore lets N users in at once, never more")
class ConnectionPoolTest {
    private static final String LOOK_AT = "ConnectionPool.use (task 1)";
    private static final int CONNECTIONS = 5;

    private final PoolUsers users = new PoolUsers(new ConnectionPool(CONNECTIONS));
    private final List<PoolUsers> otherPools = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        users.cleanUp();
        otherPools.forEach(PoolUsers::cleanUp);
    }

    @Test
    @DisplayName("five users can run their queries at the same time on a pool of five")
    void fiveUsersAtOnce() {
        Rendezvous together = new Rendezvous(CONNECTIONS);
        for (int i = 1; i <= CONNECTIONS; i++) {
            users.start("user-" + i, together::arrive);
        }
        Bounded.until(() -> together.mostInsideAtOnce() >= CONNECTIONS || users.allDone()
                        || users.waitsForAUserInside() != null || users.connectionsMissing(CONNECTIONS) != null,
                Bounded.PATIENCE, () -> Feedback.message(
                "semaphore, not mutex",
                CONNECTIONS + " users should be inside their queries at the same time: the pool has "
                        + CONNECTIONS + " connections.",
                "at most " + together.mostInsideAtOnce() + " of " + CONNECTIONS + " were inside at once. A lock"
                        + " is a room for one; a Semaphore counts several. Users now: " + users.report(),
                LOOK_AT));
        failIfOnlyOneAtATime(users, CONNECTIONS, "5 users want a connection at the same time");
        failIfConnectionsMissing(users, CONNECTIONS, "5 users want a connection at the same time");
        assertAllMet(together);
        Bounded.until(users::allDone, Bounded.PATIENCE, () -> "every user should finish: " + users.report());
        assertNobodyFailed(users);
    }

    @Test
    @DisplayName("a sixth user waits while five are inside, and gets in as soon as one leaves")
    void sixthUserWaits() {
        for (int i = 1; i <= CONNECTIONS + 1; i++) {
            users.startHolding("user-" + i);
        }
        awaitFullPoolWithOneWaiting(users, CONNECTIONS, "6 users want a connection at the same time");
        PoolUsers.User sixth = users.waiting().get(0);
        PoolUsers.User leaving = users.insideNow().get(0);
        leaving.letGo();
        Bounded.until(() -> sixth.wasInside || users.mostInside() > CONNECTIONS, Bounded.PATIENCE,
                () -> Feedback.message("release",
                        "when " + leaving.name + " leaves, the waiting " + sixth.name + " should get its connection.",
                        "it is still waiting. Users now: " + users.report(), LOOK_AT));
        users.users().forEach(PoolUsers.User::letGo);
        Bounded.until(users::allDone, Bounded.PATIENCE, () -> "every user should finish: " + users.report());
        assertNeverMoreThan(users, CONNECTIONS, "6 users wanted a connection");
        assertNobodyFailed(users);
    }

    @Test
    @DisplayName("each pool has the connections it was made with: a pool of 2 and a pool of 3, used at the same time")
    void eachPoolCountsItsOwnConnections() {
        PoolUsers two = pool(2);
        PoolUsers three = pool(3);
        for (int i = 1; i <= 3; i++) {
            two.startHolding("pool-of-2-user-" + i);
        }
        for (int i = 1; i <= 4; i++) {
            three.startHolding("pool-of-3-user-" + i);
        }
        awaitFullPoolWithOneWaiting(two, 2, "a pool of 2 and a pool of 3 are used at the same time; 3 users want"
                + " a connection from the pool of 2");
        awaitFullPoolWithOneWaiting(three, 3, "a pool of 2 and a pool of 3 are used at the same time; 4 users want"
                + " a connection from the pool of 3");
        two.users().forEach(PoolUsers.User::letGo);
        three.users().forEach(PoolUsers.User::letGo);
        Bounded.until(() -> two.allDone() && three.allDone(), Bounded.PATIENCE,
                () -> "every user should finish: " + two.report() + "; " + three.report());
        assertNeverMoreThan(two, 2, "3 users wanted a connection from a pool of 2");
        assertNeverMoreThan(three, 3, "4 users wanted a connection from a pool of 3");
        assertNobodyFailed(two);
        assertNobodyFailed(three);
    }

    @Test
    @DisplayName("a query that throws, an exception or an Error, still gives its connection back, and its caller gets"
            + " what it threw")
    void connectionComesBackWhenAQueryThrows() {
        for (int i = 1; i <= CONNECTIONS; i++) {
            // Exceptions and Errors in turn: code that gives back only in a catch of Exception loses
            // the connection of a query that throws an Error.
            Throwable problem = i % 2 == 1 ? new IllegalStateException("the database is down")
                    : new LinkageError("the database driver could not be loaded");
            PoolUsers.User user = users.start("failing-user-" + i, () -> {
                if (problem instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) problem;
            });
            awaitDoneUnlessAlone(user, user.name + " waits for a connection, although nobody is inside a query: the"
                    + " queries before it threw, and the line that gives the connection back never ran"
                    + (i % 2 == 1 ? "" : " when the query threw an Error (not an Exception)"));
            if (user.thrown.get() != problem) {
                throw Feedback.fail("exceptions reach the caller",
                        "use() should let what the query threw reach its caller, unchanged.",
                        user.name + "'s query threw " + problem + ", but use() "
                                + (user.thrown.get() == null ? "returned normally" : "threw " + user.thrown.get()),
                        LOOK_AT);
            }
        }
        Rendezvous together = new Rendezvous(CONNECTIONS);
        for (int i = 1; i <= CONNECTIONS; i++) {
            users.start("user-" + i, together::arrive);
        }
        Bounded.until(() -> together.mostInsideAtOnce() >= CONNECTIONS || users.allDone()
                || users.connectionsMissing(CONNECTIONS) != null, Bounded.PATIENCE, () -> Feedback.message(
                "release in finally",
                "after " + CONNECTIONS + " queries threw, all " + CONNECTIONS + " connections should be free again.",
                "only " + together.mostInsideAtOnce() + " users could be inside at once: connections were lost"
                        + " with the exceptions. Users: " + users.report(),
                LOOK_AT));
        String missing = users.connectionsMissing(CONNECTIONS);
        if (missing != null) {
            throw Feedback.fail("release in finally",
                    "after " + CONNECTIONS + " queries threw, all " + CONNECTIONS + " connections should be free again.",
                    "with " + missing + ", nobody is using the rest: connections were lost with the exceptions."
                            + " Users: " + users.report(),
                    LOOK_AT);
        }
        assertAllMet(together);
    }

    @Test
    @DisplayName("a user interrupted while it waits for a connection gets InterruptedException, and its query never runs")
    void anInterruptedWaitGivesUp() {
        for (int i = 1; i <= CONNECTIONS + 1; i++) {
            users.startHolding("user-" + i);
        }
        awaitFullPoolWithOneWaiting(users, CONNECTIONS, "6 users want a connection at the same time");
        PoolUsers.User interrupted = users.waiting().get(0);
        interrupted.thread.interrupt();
        boolean reacted = Bounded.within(() -> interrupted.done() || interrupted.wasInside
                || Waiting.waitsOnAfterInterrupt(interrupted.thread, ConnectionPool.class, "use",
                        () -> !interrupted.wasInside && !interrupted.done())
                || interrupted.waitKind() == Waiting.How.SPINNING, Bounded.GENEROUS);
        if (!(interrupted.thrown.get() instanceof InterruptedException) || interrupted.wasInside) {
            String what = interrupted.wasInside
                    ? "its query ran anyway, with all " + CONNECTIONS + " connections in use: the interrupt was caught"
                            + " and the query run without a connection"
                    : interrupted.thrown.get() != null ? "use() threw " + interrupted.thrown.get()
                    : interrupted.returned ? "use() returned normally without running the query: the interrupt was"
                            + " caught and swallowed, and the caller cannot tell"
                    : !reacted ? "it is still waiting " + Bounded.GENEROUS.toMillis() + " ms later: "
                            + Stacks.describe(interrupted.thread)
                    : interrupted.waitKind() == Waiting.How.SPINNING ? Waiting.explain(Waiting.How.SPINNING, "use()")
                    : "it went back to waiting: acquireUninterruptibly() and lock() ignore interrupts, and so does"
                            + " code that catches InterruptedException and waits again";
            throw Feedback.fail("interruptible wait",
                    "a user waiting for a connection should stop waiting when interrupted: use() throws"
                            + " InterruptedException and does not run the query.",
                    interrupted.name + " waited while " + CONNECTIONS + " users were inside and was interrupted; "
                            + what,
                    LOOK_AT);
        }
    }

    @Test
    @DisplayName("after failed queries and an interrupted wait there are still exactly five connections")
    void stillFiveAfterErrors() throws InterruptedException {
        for (int i = 1; i <= 2; i++) {
            PoolUsers.User user = users.start("failing-user-" + i, () -> {
                throw new IllegalStateException("the database is down");
            });
            awaitDoneUnlessAlone(user, user.name + " waits for a connection although nobody is inside a query: an"
                    + " earlier query threw and its connection was never given back");
        }
        List<PoolUsers.User> holding = new ArrayList<>();
        for (int i = 1; i <= CONNECTIONS + 1; i++) {
            holding.add(users.startHolding("user-" + i));
        }
        awaitFullPoolWithOneWaiting(users, CONNECTIONS, "2 queries threw, then 6 users wanted a connection");
        PoolUsers.User interrupted = users.waiting().get(0);
        interrupted.thread.interrupt();
        // Whether it stops waiting is another test's clause; here it only has to have reacted.
        Bounded.until(() -> interrupted.done() || interrupted.wasInside
                        || Waiting.waitsOnAfterInterrupt(interrupted.thread, ConnectionPool.class, "use",
                                () -> !interrupted.wasInside && !interrupted.done()),
                Bounded.PATIENCE, () -> "the interrupted user should stop waiting: " + users.report());
        holding.forEach(PoolUsers.User::letGo);
        Bounded.until(users::allDone, Bounded.PATIENCE, () -> "every user should finish: " + users.report());
        assertNeverMoreThan(users, CONNECTIONS, "6 users wanted a connection");

        // Now count the connections again: 5 get in, a 6th must wait.
        PoolUsers again = new PoolUsers(users.pool);
        otherPools.add(again);
        for (int i = 1; i <= CONNECTIONS + 1; i++) {
            again.startHolding("later-user-" + i);
        }
        awaitFullPoolWithOneWaiting(again, CONNECTIONS, "after 2 failed queries and 1 interrupted wait, 6 users"
                + " wanted a connection (" + interrupted.name + "'s interrupted wait ended with "
                + (interrupted.thrown.get() == null ? "no exception" : interrupted.thrown.get()) + ")");
    }

    // ---- helpers ---------------------------------------------------------------------------

    private PoolUsers pool(int size) {
        PoolUsers pool = new PoolUsers(new ConnectionPool(size));
        otherPools.add(pool);
        return pool;
    }

    /**
     * Waits until {@code user}, the only user left, has finished; fails at once if it waits for a
     * connection, since with every other user finished all connections should be free.
     */
    private void awaitDoneUnlessAlone(PoolUsers.User user, String stuck) {
        Bounded.within(() -> user.done() || users.waitsAlone(user), Bounded.PATIENCE);
        if (!user.done()) {
            throw Feedback.fail("release in finally", "a user should get a connection when none is in use.",
                    stuck + ". Users: " + users.report(), LOOK_AT);
        }
    }

    /** Fails if a user waits for a lock that a user inside its query holds: one user at a time. */
    private static void failIfOnlyOneAtATime(PoolUsers users, int size, String story) {
        String mutex = users.waitsForAUserInside();
        if (mutex != null) {
            throw Feedback.fail("semaphore, not mutex",
                    story + ": the pool has " + size + " connections, so up to " + size
                            + " users should be inside their queries at once.",
                    mutex + ": only one user at a time gets in. A lock is a room for one; a Semaphore counts"
                            + " several. Users now: " + users.report(),
                    LOOK_AT);
        }
    }

    /**
     * Waits until {@code size} users are inside and one more waits for a connection, without a
     * time limit. Fails at once if too many get in, if only one gets in at a time, or if a user
     * waits with a time limit, by sleeping and polling, or by spinning.
     */
    private static void awaitFullPoolWithOneWaiting(PoolUsers users, int size, String story) {
        Bounded.until(() -> users.mostInside() > size
                        || (users.inside() == size && users.waiting().size() == 1)
                        || users.waitsForAUserInside() != null || users.waitsWrongly() != null
                        || users.connectionsMissing(size) != null,
                Bounded.PATIENCE, () -> Feedback.message("semaphore, not mutex",
                        story + ": " + size + " should get one and the last should wait.",
                        "only " + users.inside() + " of " + size + " connections were in use. Users: "
                                + users.report(),
                        LOOK_AT));
        if (users.mostInside() > size) {
            throw tooMany(users, size, story);
        }
        failIfOnlyOneAtATime(users, size, story);
        failIfConnectionsMissing(users, size, story);
        PoolUsers.User wrong = users.waitsWrongly();
        if (wrong != null) {
            Waiting.How how = wrong.waitKind();
            throw Feedback.fail("wait for a connection",
                    story + ": a user who finds every connection in use waits in use() until one is given back,"
                            + " however long that takes.",
                    wrong.name + " waits for a connection, but " + Waiting.explain(how, "use()") + ". "
                            + wrong.name + " is " + Stacks.describe(wrong.thread),
                    LOOK_AT);
        }
    }

    /** Fails if users wait while connections that nobody uses are missing from the pool. */
    private static void failIfConnectionsMissing(PoolUsers users, int size, String story) {
        String missing = users.connectionsMissing(size);
        if (missing != null) {
            throw Feedback.fail("count the permits",
                    story + ": the pool has " + size + " connections, so up to " + size
                            + " users should be inside their queries at once.",
                    "with " + missing + ", nobody is using the other connections: the pool has fewer free than it"
                            + " should. Connections are lost when a query throws and nothing gives them back (give"
                            + " back in finally), or the pool counts fewer permits than its size. Users: "
                            + users.report(),
                    LOOK_AT);
        }
    }

    private static void assertNeverMoreThan(PoolUsers users, int size, String story) {
        if (users.mostInside() > size) {
            throw tooMany(users, size, story);
        }
    }

    private static AssertionError tooMany(PoolUsers users, int size, String story) {
        return Feedback.fail("count the permits",
                "never more than " + size + " users inside at once: the pool has " + size + " connections.",
                story + ", and " + users.mostInside() + " were inside at the same time. Too many permits: count"
                        + " them from the pool's size, and give back exactly one for each one taken. Users: "
                        + users.report(),
                LOOK_AT);
    }

    private static void assertAllMet(Rendezvous together) {
        if (together.mostInsideAtOnce() < CONNECTIONS) {
            throw Feedback.fail("semaphore, not mutex",
                    CONNECTIONS + " users should be inside their queries at the same time.",
                    "at most " + together.mostInsideAtOnce() + " were: the users went in one after another",
                    LOOK_AT);
        }
    }

    private static void assertNobodyFailed(PoolUsers users) {
        assertThat(users.users()).as("users whose use() threw")
                .filteredOn(u -> u.thrown.get() != null)
                .extracting(PoolUsers.User::describe)
                .isEmpty();
    }
}
