package workshop.locks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Stacks;
import workshop.testkit.Threads;

@DisplayName("Task 2a: a mutex has an owner")
class PrinterTest {
    private static final String LOOK_AT = "Printer (task 2a): which kind of lock knows its owner?";
    /** A job holding the printer lets itself go after this long, so no thread lingers. */
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    private final Printer printer = new Printer();
    private final List<Job> jobs = new ArrayList<>();

    /** A thread that takes the printer, prints until the test lets it finish, and gives it back. */
    private final class Job {
        final String name;
        final Thread thread;
        final CountDownLatch mayFinish = new CountDownLatch(1);
        final AtomicReference<Throwable> takeFailed = new AtomicReference<>();
        final List<Throwable> giveBackResults = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean hasIt;
        volatile int givenBack;

        /**
         * {@code giveBacks}: how many times it calls giveBack() when done (a former owner giving back
         * twice calls it twice). {@code giveBackAfterFailedTake}: if take() throws, it gives back
         * anyway, as code that gives back in a finally block does.
         */
        Job(String name, int giveBacks, boolean giveBackAfterFailedTake) {
            this.name = name;
            this.thread = Threads.startDaemon(name, () -> {
                try {
                    printer.take();
                    hasIt = true;
                } catch (Throwable t) {
                    takeFailed.set(t);
                    if (!giveBackAfterFailedTake) {
                        return;
                    }
                }
                if (hasIt) {
                    Bounded.quietly(mayFinish, BACKSTOP);
                }
                for (int i = 0; i < giveBacks; i++) {
                    giveBackResults.add(giveBack());
                    givenBack++;
                }
            });
            jobs.add(this);
        }

        Job(String name) {
            this(name, 1, false);
        }

        void finish() {
            mayFinish.countDown();
        }

        /** The job's giveBack() number {@code i} (from 0): what it threw, or NONE if it returned. */
        Throwable giveBackResult(int i) {
            return i < giveBackResults.size() ? giveBackResults.get(i) : null;
        }
    }

    /** What giveBack() "threw" when it returned normally. */
    private static final Throwable NONE = new Throwable("returned normally");

    private Throwable giveBack() {
        try {
            printer.giveBack();
            return NONE;
        } catch (Throwable t) {
            return t;
        }
    }

    @AfterEach
    void cleanUp() {
        jobs.forEach(job -> {
            job.finish();
            job.thread.interrupt();
        });
    }

    @Test
    @DisplayName("only the thread that took the printer can give it back; anyone else gets an exception")
    void onlyTheOwnerGivesItBack() {
        Job first = new Job("job-1");
        awaitHasIt(first, "job-1 should get the free printer");

        Throwable intruder = giveBackFrom("intruder");
        if (intruder == NONE) {
            // Two mistakes end here; which one shows in what a second job can do now.
            Job second = new Job("job-2");
            Bounded.within(() -> second.hasIt || waitsForThePrinter(second) != null, Bounded.PATIENCE);
            throw Feedback.fail("ownership",
                    "a thread that never took the printer must not be able to give it back: giveBack() should"
                            + " throw IllegalMonitorStateException (as ReentrantLock.unlock() does).",
                    "while job-1 was printing, 'intruder' called giveBack() and it returned normally. "
                            + (second.hasIt
                                    ? "Then job-2 got the printer in the middle of job-1's job: the intruder had"
                                            + " given it back. A Semaphore has no owner: any thread may release it"
                                    : waitsForThePrinter(second) != null
                                            ? "The printer stayed job-1's (job-2 waits), so the wrong give-back"
                                                    + " was ignored instead of refused: do not check who holds it"
                                                    + " to skip the unlock; the exception is the protection"
                                            : "job-2 is " + Stacks.describe(second.thread)),
                    LOOK_AT);
        }
        assertRefused(intruder, "while job-1 was printing, 'intruder' (which never took it) called giveBack()");

        Job second = new Job("job-2");
        awaitWaiting(second, "job-1 is still printing");
        first.finish();
        awaitHasIt(second, "job-2 should get the printer once job-1 gave it back");
        second.finish();
        awaitEnded(first, second);
        assertGaveBack(first);
        assertGaveBack(second);
    }

    @Test
    @DisplayName("a thread that never took the printer gets an exception from giveBack() even when the printer is free")
    void nobodyGivesBackAFreePrinter() {
        Throwable stranger = giveBackFrom("stranger");
        if (stranger == NONE) {
            throw Feedback.fail("ownership",
                    "giving back a printer nobody took should throw IllegalMonitorStateException.",
                    "'stranger' called giveBack() on the free printer and it returned normally"
                            + whatTwoJobsDoNow(),
                    LOOK_AT);
        }
        assertRefused(stranger, "'stranger' called giveBack() on the free printer, which nobody had taken");
        assertStillOneAtATime("after the stranger's giveBack()");
    }

    @Test
    @DisplayName("a job that gives the printer back twice gets an exception the second time: it no longer has it")
    void aFormerOwnerCannotGiveItBackTwice() {
        Job first = new Job("job-1", 2, false);
        awaitHasIt(first, "job-1 should get the free printer");
        first.finish();
        awaitEnded(first);
        if (first.giveBackResult(0) != NONE) {
            throw Feedback.fail("ownership", "the job that took the printer may give it back.",
                    "job-1's giveBack() threw " + first.giveBackResult(0), LOOK_AT);
        }
        Throwable second = first.giveBackResult(1);
        if (second == NONE) {
            throw Feedback.fail("ownership",
                    "once a job has given the printer back it is no longer its owner: a second giveBack()"
                            + " should throw IllegalMonitorStateException.",
                    "job-1 gave it back twice and both calls returned normally" + whatTwoJobsDoNow(),
                    LOOK_AT);
        }
        assertRefused(second, "job-1 took the printer, gave it back, then called giveBack() a second time");
        assertStillOneAtATime("after job-1 gave the printer back twice");
    }

    @Test
    @DisplayName("a job interrupted while it waits for the printer gets InterruptedException, and does not have it")
    void anInterruptedWaitGivesUp() {
        Job first = new Job("job-1");
        awaitHasIt(first, "job-1 should get the free printer");
        // job-2 gives back in any case, as a job with giveBack() in a finally block would.
        Job second = new Job("job-2", 1, true);
        awaitWaiting(second, "job-1 is printing");
        second.thread.interrupt();
        boolean reacted = Bounded.within(() -> !second.thread.isAlive() || second.hasIt
                || Waiting.waitsOnAfterInterrupt(second.thread, Printer.class, "take",
                        () -> second.takeFailed.get() == null && !second.hasIt)
                || Waiting.how(second.thread, Printer.class) == Waiting.How.SPINNING, Bounded.GENEROUS);
        Throwable failed = second.takeFailed.get();
        if (second.hasIt || !(failed instanceof InterruptedException)) {
            String what = second.hasIt
                    ? "its take() returned normally, although job-1 still has the printer: the interrupt was caught"
                            + " and swallowed"
                    : failed != null ? "its take() threw " + failed
                    : !reacted ? "it is still waiting " + Bounded.GENEROUS.toMillis() + " ms later: "
                            + Stacks.describe(second.thread)
                    : Waiting.how(second.thread, Printer.class) == Waiting.How.SPINNING
                            ? Waiting.explain(Waiting.How.SPINNING, "take()")
                    : "it went back to waiting: lock() ignores interrupts (use lockInterruptibly()), and so does"
                            + " code that catches InterruptedException and tries again";
            throw Feedback.fail("interruptible wait",
                    "a job waiting in take() should stop waiting when interrupted: take() throws"
                            + " InterruptedException.",
                    "job-2 waited while job-1 was printing and was interrupted; " + what, LOOK_AT);
        }
        awaitEnded(second);
        if (second.giveBackResult(0) == NONE) {
            throw Feedback.fail("ownership",
                    "a job whose take() was interrupted never had the printer: its giveBack() should throw.",
                    "job-2's take() threw InterruptedException, then its giveBack() returned normally, while job-1"
                            + " was still printing" + whatTwoJobsDoNow(),
                    LOOK_AT);
        }
        assertStillOneAtATime("job-1 is printing; job-2 was interrupted while it waited");
    }

    @Test
    @DisplayName("a job interrupted while another job waits ahead of it gets InterruptedException too, and does not"
            + " have the printer")
    void anInterruptedWaitBehindAnotherGivesUp() {
        Job first = new Job("job-1");
        awaitHasIt(first, "job-1 should get the free printer");
        Job ahead = new Job("job-2");
        awaitWaiting(ahead, "job-1 is printing");
        // job-3 gives back in any case, as a job with giveBack() in a finally block would.
        Job behind = new Job("job-3", 1, true);
        awaitWaiting(behind, "job-1 is printing and job-2 waits too");
        behind.thread.interrupt();
        // job-3 ends (InterruptedException), or it is seen stuck at the door of a monitor that job-2
        // keeps while it waits (a sign no correct answer ever shows: see
        // Waiting.blockedBehindAParkedOwner), or it waits on after taking the interrupt in, or spins.
        AtomicReference<String> blocked = new AtomicReference<>();
        boolean reacted = Bounded.within(() -> {
            if (Waiting.blockedBehindAParkedOwner(behind.thread, ahead.thread, Printer.class)) {
                blocked.set(Stacks.describe(behind.thread));
                return true;
            }
            return !behind.thread.isAlive() || behind.hasIt
                    || Waiting.waitsOnAfterInterrupt(behind.thread, Printer.class, "take",
                            () -> behind.takeFailed.get() == null && !behind.hasIt)
                    || Waiting.how(behind.thread, Printer.class) == Waiting.How.SPINNING;
        }, Bounded.GENEROUS);
        Throwable failed = behind.takeFailed.get();
        if (behind.hasIt || !(failed instanceof InterruptedException)) {
            String what = behind.hasIt
                    ? "its take() returned normally, although job-1 still has the printer: the interrupt was caught"
                            + " and swallowed"
                    : failed != null ? "its take() threw " + failed
                    : blocked.get() != null
                            ? "it cannot even start waiting: take() is synchronized (or locks a monitor), and job-2"
                                    + " keeps that monitor for the whole of its wait for the printer, so job-3 is"
                                    + " BLOCKED at its door. A thread blocked entering a monitor cannot be"
                                    + " interrupted: it neither gets in nor gives up. Wait without holding a monitor"
                                    + " (lockInterruptibly() needs none), or wait with wait(), which gives the"
                                    + " monitor up. job-3 is " + blocked.get()
                    : !reacted ? "it is still waiting " + Bounded.GENEROUS.toMillis() + " ms later: "
                            + Stacks.describe(behind.thread)
                    : Waiting.how(behind.thread, Printer.class) == Waiting.How.SPINNING
                            ? Waiting.explain(Waiting.How.SPINNING, "take()")
                    : "it went back to waiting: lock() ignores interrupts (use lockInterruptibly()), and so does"
                            + " code that catches InterruptedException and tries again";
            throw Feedback.fail("interruptible wait",
                    "every job waiting in take() should stop waiting when interrupted, also one that waits behind"
                            + " another: take() throws InterruptedException.",
                    "job-3 waited behind job-2 while job-1 was printing, and was interrupted; " + what, LOOK_AT);
        }
        awaitEnded(behind);
        if (behind.giveBackResult(0) == NONE) {
            throw Feedback.fail("ownership",
                    "a job whose take() was interrupted never had the printer: its giveBack() should throw.",
                    "job-3's take() threw InterruptedException, then its giveBack() returned normally, while job-1"
                            + " was still printing" + whatTwoJobsDoNow(),
                    LOOK_AT);
        }
        first.finish();
        awaitHasIt(ahead, "job-2 should get the printer once job-1 gave it back (job-3 was interrupted)");
        ahead.finish();
        awaitEnded(first, ahead);
        assertGaveBack(first);
        assertGaveBack(ahead);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private Throwable giveBackFrom(String name) {
        AtomicReference<Throwable> got = new AtomicReference<>();
        Thread stranger = Threads.startDaemon(name, () -> got.set(giveBack()));
        Bounded.until(() -> !stranger.isAlive(), Bounded.PATIENCE, () -> Feedback.message("ownership",
                "giveBack() should return or throw at once.", name + " is " + Stacks.describe(stranger), LOOK_AT));
        return got.get();
    }

    /** A wrong give-back must throw IllegalMonitorStateException (or IllegalStateException). */
    private static void assertRefused(Throwable got, String story) {
        if (!(got instanceof IllegalMonitorStateException || got instanceof IllegalStateException)) {
            throw Feedback.fail("ownership",
                    "a thread that does not hold the printer must get IllegalMonitorStateException from giveBack().",
                    story + " and got " + got, LOOK_AT);
        }
    }

    /** With the printer free (as far as the test knows), one job takes it and a second waits. */
    private void assertStillOneAtATime(String story) {
        Job owner = jobs.stream().filter(j -> j.hasIt && j.givenBack == 0 && j.thread.isAlive()).findFirst()
                .orElse(null);
        if (owner == null) {
            owner = new Job("job-3");
            awaitHasIt(owner, story + ", job-3 should get the free printer");
        }
        Job next = new Job("job-4");
        awaitWaiting(next, story + ", " + owner.name + " has the printer");
        owner.finish();
        awaitHasIt(next, "job-4 should get the printer once " + owner.name + " gave it back");
        next.finish();
        awaitEnded(owner, next);
    }

    /** For a message: after a give-back that should have failed, can two jobs now print at once? */
    private String whatTwoJobsDoNow() {
        Job a = new Job("job-a");
        Job b = new Job("job-b");
        Bounded.within(() -> (a.hasIt && b.hasIt) || ((a.hasIt || waitsForThePrinter(a) != null)
                && (b.hasIt || waitsForThePrinter(b) != null)), Bounded.PATIENCE);
        return a.hasIt && b.hasIt ? ". Now two jobs (job-a and job-b) have the printer at the same time: the wrong"
                + " give-back added a second printer. A Semaphore has no owner: any thread may release it"
                : "";
    }

    private static void awaitHasIt(Job job, String what) {
        Bounded.until(() -> job.hasIt || job.takeFailed.get() != null, Bounded.PATIENCE,
                () -> what + ": " + job.name + " is " + Stacks.describe(job.thread));
        if (job.takeFailed.get() != null) {
            throw Feedback.fail("take", what + ".", job.name + "'s take() threw " + job.takeFailed.get(), LOOK_AT);
        }
    }

    /** How {@code job} waits for the printer, once it does; null while it does not (yet). */
    private static Waiting.How waitsForThePrinter(Job job) {
        Waiting.How how = Waiting.how(job.thread, Printer.class);
        return how == Waiting.How.OTHER || job.hasIt ? null : how;
    }

    /**
     * Waits until {@code job} waits in take() for a printer someone else has, and fails at once
     * if it got the printer, or waits with a time limit, by polling, or by spinning.
     */
    private static void awaitWaiting(Job job, String because) {
        Bounded.within(() -> job.hasIt || job.takeFailed.get() != null || waitsForThePrinter(job) != null,
                Bounded.PATIENCE);
        Waiting.How how = waitsForThePrinter(job);
        if (job.hasIt) {
            throw Feedback.fail("one job at a time", job.name + " should wait for the printer: " + because + ".",
                    job.name + " got the printer anyway: two jobs print at once", LOOK_AT);
        }
        if (job.takeFailed.get() != null) {
            throw Feedback.fail("take", job.name + " should wait for the printer: " + because + ".",
                    job.name + "'s take() threw " + job.takeFailed.get(), LOOK_AT);
        }
        if (how == null) {
            throw Feedback.fail("one job at a time", job.name + " should wait in take(): " + because + ".",
                    "it is " + Stacks.describe(job.thread), LOOK_AT);
        }
        if (how != Waiting.How.UNTIMED) {
            throw Feedback.fail("wait until it is free",
                    job.name + " should wait in take() until the printer is given back, however long that takes.",
                    Waiting.explain(how, "take()") + ". " + job.name + " is " + Stacks.describe(job.thread),
                    LOOK_AT);
        }
    }

    private static void awaitEnded(Job... jobs) {
        for (Job job : jobs) {
            Bounded.until(() -> !job.thread.isAlive(), Bounded.PATIENCE, () -> Feedback.message("give back",
                    job.name + " should give the printer back and end.", job.name + " is "
                            + Stacks.describe(job.thread), LOOK_AT));
        }
    }

    private static void assertGaveBack(Job job) {
        if (job.giveBackResult(0) != NONE) {
            throw Feedback.fail("ownership", "the job that took the printer may give it back.",
                    job.name + "'s giveBack() threw " + job.giveBackResult(0), LOOK_AT);
        }
    }
}
