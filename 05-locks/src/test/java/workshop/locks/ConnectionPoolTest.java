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

@DisplayName("Task 1: a semaphore lets N users in at once, never more")
class ConnectionPoolTest {
    private static final String LOOK_AT = "ConnectionPool.use (task 1)";
    private static final int CONNECTIONS = 5;

    private final PoolUsers users = new PoolUsers(new ConnectionPool(CONNECTIONS));

    @AfterEach
    void cleanUp() {
        users.cleanUp();
    }

    @Test
    @DisplayName("five users can run their queries at the same time on a pool of five")
    void fiveUsersAtOnce() {
        Rendezvous together = new Rendezvous(CONNECTIONS);
        for (int i = 1; i <= CONNECTIONS; i++) {
            users.start("user-" + i, together::arrive);
        }
        Bounded.until(() -> together.mostInsideAtOnce() >= CONNECTIONS || users.allDone()
                        || users.waitsForAUserInside() != null, Bounded.PATIENCE, () -> Feedback.message(
                "semaphore, not mutex",
                CONNECTIONS + " users should be inside their queries at the same time: the pool has "
                        + CONNECTIONS + " connections.",
                "at most " + together.mostInsideAtOnce() + " of " + CONNECTIONS + " were inside at once. A lock"
                        + " is a room for one; a Semaphore counts several. Users now: " + users.report(),
                LOOK_AT));
        failIfOnlyOneAtATime(users, "5 users want a connection at the same time");
        assertAllMet(together);
        Bounded.until(users::allDone, Bounded.PATIENCE, () -> "every user should finish: " + users.report());
        assertNobodyFailed();
    }

    @Test
    @DisplayName("a sixth user waits while five are inside, and gets in as soon as one leaves")
    void sixthUserWaits() {
        for (int i = 1; i <= CONNECTIONS + 1; i++) {
            users.startHolding("user-" + i);
        }
        awaitFullPoolWithOneWaiting("6 users want a connection at the same time");
        PoolUsers.User sixth = users.waiting().get(0);
        PoolUsers.User leaving = users.insideNow().get(0);
        leaving.letGo();
        Bounded.until(() -> sixth.wasInside || users.mostInside() > CONNECTIONS, Bounded.PATIENCE,
                () -> Feedback.message("release",
                        "when " + leaving.name + " leaves, the waiting " + sixth.name + " should get its connection.",
                        "it is still waiting. Users now: " + users.report(), LOOK_AT));
        users.users().forEach(PoolUsers.User::letGo);
        Bounded.until(users::allDone, Bounded.PATIENCE, () -> "every user should finish: " + users.report());
        assertNeverMoreThanFive("6 users wanted a connection");
        assertNobodyFailed();
    }

    @Test
    @DisplayName("a query that throws still gives its connection back, and its caller sees the exception")
    void connectionComesBackWhenAQueryThrows() {
        List<PoolUsers.User> failing = new ArrayList<>();
        for (int i = 1; i <= CONNECTIONS; i++) {
            PoolUsers.User user = users.start("failing-user-" + i, () -> {
                throw new IllegalStateException("the database is down");
            });
            failing.add(user);
            awaitDoneUnlessAlone(user, user.name + " waits for a connection, although nobody is inside a query: the"
                    + " queries before it threw, and the line that gives the connection back never ran");
            if (!(user.thrown.get() instanceof IllegalStateException)) {
                throw Feedback.fail("exceptions reach the caller",
                        "use() should let the query's exception reach its caller.",
                        user.name + "'s query threw IllegalStateException, but use() "
                                + (user.thrown.get() == null ? "returned normally" : "threw " + user.thrown.get()),
                        LOOK_AT);
            }
        }
        Rendezvous together = new Rendezvous(CONNECTIONS);
        for (int i = 1; i <= CONNECTIONS; i++) {
            users.start("user-" + i, together::arrive);
        }
        Bounded.until(() -> together.mostInsideAtOnce() >= CONNECTIONS || users.allDone(), Bounded.PATIENCE, () -> Feedback.message(
                "release in finally",
                "after " + CONNECTIONS + " queries threw, all " + CONNECTIONS + " connections should be free again.",
                "only " + together.mostInsideAtOnce() + " users could be inside at once: connections were lost"
                        + " with the exceptions. Users: " + users.report(),
                LOOK_AT));
        assertAllMet(together);
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
        awaitFullPoolWithOneWaiting("2 queries threw, then 6 users wanted a connection");
        PoolUsers.User interrupted = users.waiting().get(0);
        interrupted.thread.interrupt();
        Bounded.until(() -> interrupted.done() || interrupted.wasInside, Bounded.PATIENCE,
                () -> "the interrupted user should stop waiting: " + users.report());
        holding.forEach(PoolUsers.User::letGo);
        Bounded.until(users::allDone, Bounded.PATIENCE, () -> "every user should finish: " + users.report());
        assertNeverMoreThanFive("6 users wanted a connection");

        // Now count the connections again: 5 get in, a 6th must wait.
        PoolUsers again = new PoolUsers(users.pool);
        try {
            for (int i = 1; i <= CONNECTIONS + 1; i++) {
                again.startHolding("later-user-" + i);
            }
            awaitFullPoolWithOneWaiting(again, "after 2 failed queries and 1 interrupted wait, 6 users wanted a"
                    + " connection (" + interrupted.name + "'s interrupted wait ended with "
                    + (interrupted.thrown.get() == null ? "no exception" : interrupted.thrown.get()) + ")");
        } finally {
            again.cleanUp();
        }
    }

    private void awaitFullPoolWithOneWaiting(String story) {
        awaitFullPoolWithOneWaiting(users, story);
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
    private static void failIfOnlyOneAtATime(PoolUsers users, String story) {
        String mutex = users.waitsForAUserInside();
        if (mutex != null) {
            throw Feedback.fail("semaphore, not mutex",
                    story + ": the pool has " + CONNECTIONS + " connections, so up to " + CONNECTIONS
                            + " users should be inside their queries at once.",
                    mutex + ": only one user at a time gets in. A lock is a room for one; a Semaphore counts"
                            + " several. Users now: " + users.report(),
                    LOOK_AT);
        }
    }

    private static void awaitFullPoolWithOneWaiting(PoolUsers users, String story) {
        Bounded.until(() -> users.mostInside() > CONNECTIONS
                        || (users.inside() == CONNECTIONS && users.waiting().size() == 1)
                        || users.waitsForAUserInside() != null,
                Bounded.PATIENCE, () -> Feedback.message("semaphore, not mutex",
                        story + ": " + CONNECTIONS + " should get one and the 6th should wait.",
                        "only " + users.inside() + " of " + CONNECTIONS + " connections were in use. Users: "
                                + users.report(),
                        LOOK_AT));
        if (users.mostInside() > CONNECTIONS) {
            throw tooMany(users, story);
        }
        failIfOnlyOneAtATime(users, story);
    }

    private void assertNeverMoreThanFive(String story) {
        if (users.mostInside() > CONNECTIONS) {
            throw tooMany(users, story);
        }
    }

    private static AssertionError tooMany(PoolUsers users, String story) {
        return Feedback.fail("count the permits",
                "never more than " + CONNECTIONS + " users inside at once: the pool has " + CONNECTIONS
                        + " connections.",
                story + ", and " + users.mostInside() + " were inside at the same time. Too many permits: count"
                        + " them at the start, and give back exactly one for each one taken. Users: "
                        + users.report(),
                LOOK_AT);
    }

    private void assertAllMet(Rendezvous together) {
        if (together.mostInsideAtOnce() < CONNECTIONS) {
            throw Feedback.fail("semaphore, not mutex",
                    CONNECTIONS + " users should be inside their queries at the same time.",
                    "at most " + together.mostInsideAtOnce() + " were: the users went in one after another",
                    LOOK_AT);
        }
    }

    private void assertNobodyFailed() {
        assertThat(users.users()).as("users whose use() threw")
                .filteredOn(u -> u.thrown.get() != null)
                .extracting(PoolUsers.User::describe)
                .isEmpty();
    }
}
