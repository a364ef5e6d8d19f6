package workshop.race;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import workshop.testkit.Bounded;
import workshop.testkit.CriticalRegions;
import workshop.testkit.Feedback;
import workshop.testkit.LockWaits;
import workshop.testkit.LogCapture;
import workshop.testkit.Rendezvous;
import workshop.testkit.ThreadLeaks;
import workshop.testkit.ThreadSnapshot;
import workshop.testkit.Threads;

/**
 * What both data stores must do (tasks 1 and 2). Each test makes the notes' race happen on
 * purpose: the first update to read is held between its read and its write until the next
 * update has either read the value too (no lock: an update will be lost) or is waiting for the
 * lock the held one holds (the fix).
 */
abstract class DataStoreContract {
    private static final List<String> NAMES = List.of("First", "Second", "Third");
    private static final int POOL_OF_TWO = 2; // the notes' max_workers=2
    private static final String NL = System.lineSeparator();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    /** A new store of the kind under test. */
    abstract DataStore newStore(Pauses pauses);

    /** The store class, to find its threads. */
    abstract Class<? extends DataStore> storeClass();

    /** Where the learner should look, and the fix in a few words. */
    abstract String lookAt();

    /**
     * Null if a thread seen waiting for the store's lock waits the way this task teaches (a
     * monitor for synchronized, a Lock otherwise); else what the task expects instead.
     */
    abstract String otherWayOfWaiting(ThreadSnapshot waiter);

    @Test
    @DisplayName("three updates through a pool of two end at 3, even when one reads while another is between read and write")
    void threeUpdatesEndAtThree() {
        HoldFirstReader pauses = new HoldFirstReader(null, false);
        runThreeUpdatesThroughThePool(pauses, null);
    }

    @Test
    @DisplayName("only read, add and write are locked: two updates still prepare at the same time")
    void preparingStillOverlaps() {
        Rendezvous preparing = new Rendezvous(POOL_OF_TWO);
        HoldFirstReader pauses = new HoldFirstReader(preparing, false);
        runThreeUpdatesThroughThePool(pauses, preparing);
    }

    @Test
    @DisplayName("an update that throws between read and write still releases the lock: the next update goes on")
    void anUpdateThatThrowsReleasesTheLock() {
        HoldFirstReader pauses = new HoldFirstReader(null, true);
        DataStore store = newStore(pauses);
        AtomicReference<Throwable> firstThrew = new AtomicReference<>();
        AtomicReference<Throwable> secondThrew = new AtomicReference<>();
        Thread first = Threads.startDaemon("updater-1", () -> updateCatching(store, "First", firstThrew));
        Thread second = null;
        try {
            awaitHeld(pauses, first);
            // Another thread: the same thread would get a ReentrantLock again even if it was never released.
            second = Threads.startDaemon("updater-2", () -> updateCatching(store, "Second", secondThrew));
            Thread secondThread = second;
            Bounded.within(() -> pauses.betweenReadAndWrite().size() >= 2 || !secondThread.isAlive()
                    || waitsForTheLock(secondThread, first), Bounded.PATIENCE);
            if (pauses.betweenReadAndWrite().size() >= 2 || !secondThread.isAlive()) {
                throw Feedback.fail("mutual exclusion",
                        "while First is between its read and its write, Second must wait for the lock.",
                        "Second read the value and went on while First was still between its read and its"
                                + " write: nothing keeps two updates apart (or the call to"
                                + " pauses.betweenReadAndWrite was moved out of the locked part)." + NL + "    "
                                + UpdateStory.of(log),
                        lookAt());
            }
            checkHowItWaits(secondThread, "Second");
            pauses.release(); // First now throws
            Bounded.join(first, Bounded.PATIENCE, () -> "First's update should end once let go");
            if (!(firstThrew.get() instanceof HoldFirstReader.SimulatedFailure)) {
                throw Feedback.fail("exceptions and locks",
                        "the exception thrown inside First's update should reach its caller.",
                        firstThrew.get() == null ? "update(\"First\") returned normally: the exception was swallowed"
                                : "it threw " + firstThrew.get() + " instead",
                        lookAt() + ": use try/finally, not catch");
            }
            Bounded.join(second, Bounded.PATIENCE, () -> Feedback.message("lock never released",
                    "after First's update threw, Second should get the lock and finish.",
                    "First threw between its read and its write, and " + Bounded.PATIENCE.toMillis()
                            + " ms later Second is still waiting: the lock was never released, so every later"
                            + " update would wait forever",
                    lookAt() + ": release the lock in a finally block"));
            if (secondThrew.get() != null) {
                throw new AssertionError("update(\"Second\") threw " + secondThrew.get(), secondThrew.get());
            }
            int value = valueOf(store);
            if (value != 1) {
                throw Feedback.fail("exceptions and locks",
                        "First failed before writing and Second succeeded, so the value should be 1.",
                        "it is " + value + ". " + UpdateStory.of(log), lookAt());
            }
        } finally {
            pauses.release();
        }
    }

    @Test
    @DisplayName("update() holds the lock from its read to its write, without letting go of it in between")
    void theLockIsHeldFromTheReadToTheWrite() {
        // A lock let go between the read and the write and taken straight back leaves a moment of
        // a few nanoseconds in which another update can read the same value. The updating thread
        // nearly always takes the lock back first (no lock hands itself to a waiter), so no
        // interleaving the test can force shows that moment on every run: the test reads the
        // bytecode of update() instead, following every path from the read to the write.
        CriticalRegions.Finding finding = CriticalRegions.readToWrite(storeClass(), "update").orElse(null);
        if (finding != null) {
            throw Feedback.fail("mutual exclusion",
                    "from the read of the value to its write, update() should hold the lock all the time.",
                    finding.describe(storeClass().getSimpleName() + ".update")
                            + (finding.kind() == CriticalRegions.Finding.Kind.LET_GO_BETWEEN_READ_AND_WRITE
                                    ? ". In that moment another update can take the lock and read the same value,"
                                            + " and one of the two updates is lost: read, add and write must be one"
                                            + " block, not two"
                                    : ". Another update can then read or write between this one's read and its"
                                            + " write, and one of the two is lost"),
                    lookAt());
        }
    }

    @Test
    @DisplayName("value() waits while an update is between its read and its write: it reads under the same lock")
    void valueWaitsForAnUpdateInProgress() {
        HoldFirstReader pauses = new HoldFirstReader(null, false);
        DataStore store = newStore(pauses);
        AtomicReference<Throwable> updateThrew = new AtomicReference<>();
        Thread updater = Threads.startDaemon("updater-1", () -> updateCatching(store, "First", updateThrew));
        try {
            awaitHeld(pauses, updater);
            AtomicReference<Integer> read = new AtomicReference<>();
            Thread reader = Threads.startDaemon("value-reader", () -> read.set(store.value()));
            Bounded.until(() -> !reader.isAlive() || waitsForTheLock(reader, updater), Bounded.PATIENCE,
                    () -> Feedback.message("reads under the lock",
                            "value() should wait for the lock that First holds between its read and its write.",
                            "value-reader neither returned nor waited for that lock: value-reader is "
                                    + ThreadSnapshot.of(reader).describe(),
                            lookAt()));
            if (!reader.isAlive()) {
                throw Feedback.fail("reads under the lock",
                        "while First is between its read and its write (holding the lock), value() should wait for"
                                + " the lock, then return the value First wrote.",
                        "value() returned " + read.get() + " at once, while First was still in the middle of its"
                                + " update: value() does not take the lock, or takes another one than update() (a"
                                + " synchronized method locks the store itself, not the lock field). Without the"
                                + " same lock, nothing guarantees that a reader sees the latest write (the memory"
                                + " model); volatile would, but it is not what this task asks",
                        lookAt() + "; value() takes the same lock");
            }
            checkHowItWaits(reader, "value()");
            pauses.release();
            Bounded.join(updater, Bounded.PATIENCE, () -> "First's update should end once let go");
            Bounded.join(reader, Bounded.PATIENCE, () -> Feedback.message("lock never released",
                    "once First's update has finished, value() should get the lock and return.",
                    "it is still waiting " + Bounded.PATIENCE.toMillis() + " ms later: update() kept the lock",
                    lookAt()));
            if (updateThrew.get() != null) {
                throw new AssertionError("update(\"First\") threw " + updateThrew.get(), updateThrew.get());
            }
            if (!Integer.valueOf(1).equals(read.get())) {
                throw Feedback.fail("reads under the lock", "value() should return 1: the value First wrote.",
                        "it returned " + read.get() + ". " + UpdateStory.of(log), lookAt());
            }
        } finally {
            pauses.release();
        }
    }

    /**
     * True when {@code waiter} waits for a lock that {@code holder} holds (a monitor or a
     * java.util.concurrent lock), or waits in a lock, semaphore or other synchronizer that the
     * store's own code called (the kinds whose holder the JVM cannot name).
     */
    private boolean waitsForTheLock(Thread waiter, Thread holder) {
        return LockWaits.isWaitingForLockHeldBy(waiter, holder) || ThreadSnapshot.of(waiter).waitsInACallFrom(storeClass());
    }

    /** A thread this test started, other than {@code held}, that waits for the lock; or null. */
    private Thread waiterFor(Thread held, Set<Thread> before) {
        return startedSince(LockWaits.runningInside(storeClass()), before).stream()
                .filter(t -> t != held && waitsForTheLock(t, held))
                .findFirst().orElse(null);
    }

    /**
     * Fails if {@code waiter} waits for the lock with a time limit, or with another kind of lock
     * than the task's. The waiter was just seen waiting for it while the holder is held, so it is
     * still in that wait: lock() and synchronized wait without a time limit.
     */
    private void checkHowItWaits(Thread waiter, String who) {
        ThreadSnapshot now = ThreadSnapshot.of(waiter);
        String otherWay = now.isWaiting() ? otherWayOfWaiting(now) : null;
        if (otherWay != null) {
            throw Feedback.fail("the task's kind of lock",
                    who + " keeps out of the critical section, but not the way this task teaches.",
                    who + " waits: " + now.describe() + NL + "    " + otherWay, lookAt());
        }
        if (now.isTimedWaiting()) {
            throw Feedback.fail("waiting for a lock",
                    who + " should wait for the lock for as long as it is held.",
                    who + " waits with a time limit: " + now.describe() + NL
                            + "    tryLock(time, unit) gives up when the time runs out, and then the update (or the"
                            + " read) goes on without the lock or not at all. lock() (or synchronized) waits until"
                            + " the lock is free",
                    lookAt());
        }
    }

    private void runThreeUpdatesThroughThePool(HoldFirstReader pauses, Rendezvous preparing) {
        Set<Thread> before = ThreadLeaks.snapshot();
        DataStore store = newStore(pauses);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread main = Threads.startDaemon("Main-Thread", () -> {
            try {
                UpdatePool.runAll(store, NAMES);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            if (preparing != null) {
                // Until both have arrived, a correct update is on its way to the meeting or waits there
                // (in the test's code): none waits inside the store's own code yet.
                Bounded.until(() -> preparing.allArrived() || waitsBeforePreparing(before), Bounded.PATIENCE,
                        () -> notConcurrent(preparing, before));
                if (!preparing.allArrived()) {
                    throw new org.opentest4j.AssertionFailedError(notConcurrent(preparing, before));
                }
            }
            Thread held = awaitHeld(pauses, main);
            // Now: does the other update read too (the race), or wait for the lock the held one holds?
            // If neither happens (only one update is running at all), the result below still judges.
            Bounded.within(() -> pauses.betweenReadAndWrite().size() >= 2
                    || waiterFor(held, before) != null, Bounded.PATIENCE);
            Thread waiter = waiterFor(held, before);
            if (waiter != null) {
                checkHowItWaits(waiter, pauses.updateOn(waiter));
            }
            pauses.release();
            Bounded.join(main, Bounded.PATIENCE, () -> Feedback.message("lock never released",
                    "once " + pauses.heldName() + " went on, all three updates should finish.",
                    "runAll has not returned " + Bounded.PATIENCE.toMillis() + " ms later: an update still"
                            + " waits for a lock nobody will release. Threads still in "
                            + storeClass().getSimpleName() + ":" + describeThreadsIn(storeClass(), before),
                    lookAt()));
            if (failure.get() != null) {
                throw new AssertionError("UpdatePool.runAll threw " + failure.get(), failure.get());
            }
            int value = valueOf(store);
            if (value != NAMES.size()) {
                throw Feedback.fail("lost update",
                        "three updates should make the value 3.",
                        "it is " + value + ". The test held " + pauses.heldName() + " between its read and its"
                                + " write (where the notes sleep 0.1 s) while the other update ran." + NL + "    "
                                + UpdateStory.of(log) + NL
                                + "    Each thread read into its own local copy (its stack) and wrote it back to the"
                                + " shared field (the heap). Make read, add and write one step that only one"
                                + " thread at a time can be in",
                        lookAt());
            }
        } finally {
            pauses.release();
        }
    }

    /** Waits until an update is held between its read and its write; fails if none ever gets there. */
    private Thread awaitHeld(HoldFirstReader pauses, Thread caller) {
        Bounded.until(() -> pauses.heldThread() != null || !caller.isAlive(), Bounded.PATIENCE,
                () -> Feedback.message("the pause between read and write",
                        "an update should reach pauses.betweenReadAndWrite(name).",
                        "none did; " + caller.getName() + " is " + ThreadSnapshot.of(caller).describe(), lookAt()));
        if (pauses.heldThread() == null) {
            throw Feedback.fail("the pause between read and write",
                    "update should call pauses.betweenReadAndWrite(name) between its read and its write.",
                    "the updates ended without calling it. Keep that call where it is: the tests use it to"
                            + " make two threads meet there on every run",
                    lookAt());
        }
        return pauses.heldThread();
    }

    private String notConcurrent(Rendezvous preparing, Set<Thread> before) {
        List<Thread> inStore = startedSince(LockWaits.runningInside(storeClass()), before);
        boolean someoneWaitsForALock = inStore.stream()
                .anyMatch(waiter -> inStore.stream().anyMatch(owner -> LockWaits.isWaitingForLockHeldBy(waiter, owner))
                        || ThreadSnapshot.of(waiter).waitsInACallFrom(storeClass()));
        String why = someoneWaitsForALock
                ? "one update waits for the lock before it has even started preparing: the lock covers the whole"
                        + " update, so only one update at a time does anything. Lock only the read, the add and"
                        + " the write"
                : "only one update was running at all. Either the pool has one worker (it must keep "
                        + POOL_OF_TWO + ": a pool of one hides the race by doing one thing at a time, it does not fix"
                        + " it), or something in update() lets only one thread at a time reach the preparing";
        return Feedback.message("keep the work concurrent",
                POOL_OF_TWO + " updates should be preparing at the same time (preparing touches nothing"
                        + " shared, so it needs no lock).",
                "at most " + preparing.mostInsideAtOnce() + " was preparing at once: " + why + "."
                        + " Threads in " + storeClass().getSimpleName() + ":" + describeThreadsIn(storeClass(), before),
                lookAt());
    }

    /** True when an update this test started waits in a lock (or the like) the store's code called. */
    private boolean waitsBeforePreparing(Set<Thread> before) {
        return startedSince(LockWaits.runningInside(storeClass()), before).stream()
                .anyMatch(t -> ThreadSnapshot.of(t).waitsInACallFrom(storeClass()));
    }

    private static List<Thread> startedSince(List<Thread> threads, Set<Thread> before) {
        return threads.stream().filter(t -> !before.contains(t)).toList();
    }

    /** The threads this test started that are inside {@code type} now, with their stacks. */
    private static String describeThreadsIn(Class<?> type, Set<Thread> before) {
        List<Thread> threads = startedSince(LockWaits.runningInside(type), before);
        if (threads.isEmpty()) {
            return " none";
        }
        return threads.stream()
                .map(t -> NL + "      '" + t.getName() + "' is " + ThreadSnapshot.of(t).describe())
                .collect(Collectors.joining());
    }

    private static void updateCatching(DataStore store, String name, AtomicReference<Throwable> threw) {
        try {
            store.update(name);
        } catch (Throwable t) {
            threw.set(t);
        }
    }

    /**
     * Reads the value on another thread, so a lock that was never released fails instead of
     * hanging; then reads it again on a third thread, to see that value() released what it took.
     */
    private int valueOf(DataStore store) {
        int value = readOnAnotherThread(store, "value-reader", Feedback.message("lock never released",
                "value() should return once every update has finished.",
                "it is still waiting " + Bounded.PATIENCE.toMillis() + " ms later: the lock was never released",
                lookAt()));
        readOnAnotherThread(store, "second-value-reader", Feedback.message("lock never released",
                "value() should release the lock it takes: a second read should return too.",
                "the first read returned, but the second is still waiting " + Bounded.PATIENCE.toMillis()
                        + " ms later: value() keeps the lock",
                lookAt() + ": release it in value()'s finally block too"));
        return value;
    }

    private static int readOnAnotherThread(DataStore store, String name, String failure) {
        AtomicReference<Integer> value = new AtomicReference<>();
        Thread reader = Threads.startDaemon(name, () -> value.set(store.value()));
        Bounded.join(reader, Bounded.PATIENCE, () -> failure);
        return value.get();
    }
}
