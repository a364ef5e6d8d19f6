package workshop.threads;

import org.opentest4j.AssertionFailedError;
import workshop.testkit.Feedback;
import workshop.testkit.HeldJobs;
import workshop.testkit.Stacks;

/**
 * Test harness, not part of the exercise: the messages of tasks 2 and 3 for what the test saw
 * of a method that should wait for its workers ({@link HeldJobs.Outcome}), so both say the
 * same thing about the same mistake.
 */
final class WaitFeedback {
    private WaitFeedback() {}

    /**
     * The failure for a watch that did not end with the method waiting for all its workers, or
     * null if it did. {@code method} names it, {@code workers} what it waits for ("the worker",
     * "every worker"), {@code running} the workers still running ("'worker-1' was").
     */
    static AssertionFailedError notWaiting(HeldJobs.Outcome seen, String method, String workers, String running,
            String lookAt) {
        String finished = workers + " has finished";
        return switch (seen.kind()) {
            case ENDED -> seen.unfinished().isEmpty() ? null : seen.timedWait()
                    ? Feedback.fail("join, without a time limit", method + " should wait until " + finished
                            + ", however long that takes.",
                            "it stopped waiting while " + running + " still running: it waited with a time limit"
                                    + " (join(millis) or join(Duration)), which gives up when the time is up,"
                                    + " finished or not. join() waits exactly until the thread has ended",
                            lookAt)
                    : Feedback.fail("join", method + " should return only after " + finished + ".",
                            "it returned while " + running + " still running", lookAt);
            case SLEEPING -> Feedback.fail("join, not sleep", method + " should wait for " + workers + " with join().",
                    "it is sleeping while " + running + " still working (" + seen.waiter() + "). A sleep is a"
                            + " guess at how long the work takes; join() waits exactly until it is done",
                    lookAt);
            case SPINNING -> Feedback.fail("join, not a busy loop", method + " should wait for " + workers
                            + " without using the CPU meanwhile.",
                    "it keeps a CPU busy while " + running + " still working (" + seen.waiter() + "): a loop that"
                            + " checks again and again (isAlive()?) instead of waiting. join() parks the thread"
                            + " until the other one has ended",
                    lookAt);
            case TIMED_WAIT -> Feedback.fail("join, without a time limit", method + " should wait until " + finished
                            + ", however long that takes.",
                    "it waits with a time limit (" + seen.waiter() + "): when the time is up it stops waiting,"
                            + " finished or not, and here the work takes longer than any limit. Wait with join()",
                    lookAt);
            case WAITS_AGAIN, STILL_WAITING -> Feedback.fail("join", method + " should return once " + finished + ".",
                    "it is still running, waiting for something else: " + seen.waiter(), lookAt);
        };
    }

    /**
     * The failure for a method that was interrupted while it waited, or null if it ended as it
     * should: by throwing InterruptedException, or with its interrupt status set again.
     */
    static AssertionFailedError notStoppedByInterrupt(HeldJobs.Outcome seen, Throwable thrown,
            boolean interruptStatusAfter, String method, String lookAt) {
        String expected = "interrupted while it waits, " + method + " should stop waiting and let the"
                + " InterruptedException out (it declares throws InterruptedException).";
        return switch (seen.kind()) {
            case ENDED -> {
                if (!seen.interrupted()) {
                    yield Feedback.fail("join", expected, "it never waited, so there was nothing to interrupt: it"
                            + " returned while its work was still running", lookAt);
                }
                // Stopped, and the interrupt is not lost: thrown on, or the thread's status set again.
                if (thrown instanceof InterruptedException || interruptStatusAfter) {
                    yield null;
                }
                yield Feedback.fail("interruption", expected, thrown != null
                        ? "it threw " + Stacks.thrown(thrown) + " instead, and the thread's interrupt status is"
                                + " clear: the interrupt is lost"
                        : "it returned normally, as if nothing had happened, and the thread's interrupt status"
                                + " is clear: the InterruptedException was caught and swallowed", lookAt);
            }
            case WAITS_AGAIN -> Feedback.fail("interruption", expected,
                    "after the interrupt it went back to waiting (" + seen.waiter() + "): "
                            + (seen.waiter().contains("CompletableFuture.join")
                                    ? "CompletableFuture.join() ignores interrupts; get() lets them out"
                                    : "the InterruptedException was caught and ignored. Let it out: do not catch it"),
                    lookAt);
            case SLEEPING -> Feedback.fail("join, not sleep", expected,
                    "it sleeps instead of waiting (" + seen.waiter() + ")", lookAt);
            case SPINNING -> Feedback.fail("join, not a busy loop", expected,
                    "it keeps a CPU busy instead of waiting (" + seen.waiter() + ")", lookAt);
            case TIMED_WAIT, STILL_WAITING -> Feedback.fail("interruption", expected,
                    (seen.interrupted() ? "after the interrupt it kept running: " : "it never waited for its work: ")
                            + seen.waiter(), lookAt);
        };
    }
}
