package workshop.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;

@DisplayName("Task 3: shutdown() drains the queue, loses nothing and ends every thread")
class ShutdownTest {
    private static final String LOOK_AT = "Pipeline.shutdown() and consume() (task 3): poison pill";

    @Test
    @DisplayName("stopped with the queue full and the producer waiting: everything queued is consumed, every thread ends")
    void stopWithAFullQueue() {
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            run.awaitFullQueueWithProducersWaiting(LOOK_AT);
            run.startShutdown(); // the consumer is still busy with message 1, 10 more are queued
            run.sink.release();
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), LOOK_AT);
            run.assertEveryMessageOnce(true, LOOK_AT);
        }
    }

    @Test
    @DisplayName("stopped with the queue empty and nothing more to come: the waiting consumer ends")
    void stopWithAnEmptyQueue() {
        try (PipelineRun run = new PipelineRun(0, 1)) {
            run.start();
            run.awaitConsumersWaiting(LOOK_AT); // the notes' consumer: blocked in get() on an empty queue
            run.startShutdown();
            run.awaitShutdown(Bounded.PATIENCE, LOOK_AT);
            run.assertEveryMessageOnce(true, LOOK_AT);
        }
    }

    @Test
    @DisplayName("shutdown() returns only once the consumers have handled every message")
    void shutdownWaitsForTheConsumers() throws InterruptedException {
        try (PipelineRun run = new PipelineRun(0, 1)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            run.putDirectly(1);
            Bounded.until(() -> run.sink.holding() == 1 || !run.failures().isEmpty(), Bounded.PATIENCE,
                    () -> Feedback.message("flow", "the consumer should take message 1.", run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.startShutdown(); // the consumer is busy with message 1: shutdown() has to wait for it
            run.assertShutdownStillWaiting("the consumer is still handling message 1", LOOK_AT);
            run.sink.release();
            run.awaitShutdown(Bounded.PATIENCE, LOOK_AT);
            run.assertEveryMessageOnce(true, LOOK_AT);
        }
    }

    @Test
    @DisplayName("stopped with the queue full and no producer left: the pills wait for room, and every message is"
            + " consumed")
    void stopWithAFullQueueAndNoProducer() throws InterruptedException {
        try (PipelineRun run = new PipelineRun(0, 1)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            run.assertBoundedAtCapacity(LOOK_AT);
            run.awaitConsumersWaiting(LOOK_AT);
            run.putDirectly(1);
            Bounded.until(() -> run.sink.holding() == 1 || !run.failures().isEmpty(), Bounded.PATIENCE,
                    () -> Feedback.message("flow", "the consumer should take message 1.", run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            for (int i = 2; i <= Pipeline.CAPACITY + 1; i++) {
                run.putDirectly(i); // the queue is full now, and the consumer is busy with message 1
            }
            run.startShutdown(); // its first pill finds no room: put() waits for some, offer() gives up
            run.assertShutdownStillWaiting("the consumer is still handling message 1 and the queue is full",
                    LOOK_AT);
            run.sink.release();
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), LOOK_AT);
            run.assertEveryMessageOnce(true, LOOK_AT);
        }
    }

    @Test
    @DisplayName("shutdown() interrupted while it waits for the consumers throws InterruptedException")
    void anInterruptedShutdown() throws InterruptedException {
        try (PipelineRun run = new PipelineRun(0, 1)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            run.putDirectly(1);
            Bounded.until(() -> run.sink.holding() == 1 || !run.failures().isEmpty(), Bounded.PATIENCE,
                    () -> Feedback.message("flow", "the consumer should take message 1.", run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.startShutdown(); // the consumer is busy with message 1: shutdown() has to wait for it
            run.assertShutdownStillWaiting("the consumer is still handling message 1", LOOK_AT);
            run.interruptShutdownExpectingInterruptedException("the consumer was still handling message 1", LOOK_AT);
        }
    }

    @Test
    @DisplayName("shutdown() interrupted while it waits for a producer still making a message throws"
            + " InterruptedException")
    void anInterruptedShutdownWaitingForAProducer() {
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.source.holdAt(1); // the producer is making message 1 until the test ends
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            Bounded.until(() -> run.source.isHolding() || !run.failures().isEmpty(), Bounded.PATIENCE,
                    () -> Feedback.message("flow", "the producer should ask the source for message 1.",
                            run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.startShutdown(); // the producer is busy with message 1: shutdown() has to wait for it
            run.assertShutdownStillWaiting("the producer is still making message 1", LOOK_AT);
            run.interruptShutdownExpectingInterruptedException("the producer was still making message 1", LOOK_AT);
        }
    }

    @Test
    @DisplayName("shutdown() interrupted while the queue is full and the consumer busy throws InterruptedException")
    void anInterruptedShutdownWithAFullQueue() throws InterruptedException {
        try (PipelineRun run = new PipelineRun(0, 1)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            run.putDirectly(1);
            Bounded.until(() -> run.sink.holding() == 1 || !run.failures().isEmpty(), Bounded.PATIENCE,
                    () -> Feedback.message("flow", "the consumer should take message 1.", run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            for (int i = 2; i <= Pipeline.CAPACITY + 1; i++) {
                run.putDirectly(i); // the queue is full now, and the consumer is busy with message 1
            }
            run.startShutdown(); // a pill finds no room: put() waits for some (or it waits for the consumer)
            run.assertShutdownStillWaiting("the consumer is still handling message 1 and the queue is full",
                    LOOK_AT);
            run.interruptShutdownExpectingInterruptedException(
                    "the queue was full and the consumer still handling message 1", LOOK_AT);
        }
    }

    @Test
    @DisplayName("stopped with a few messages queued: the consumer handles all of them before it leaves")
    void stopWithSomeMessagesQueued() {
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.sink.holdEachConsumersFirstMessage(); // the consumer is busy with message 1
            run.source.holdAt(5); // 2, 3 and 4 are queued, the producer is making message 5
            run.start();
            Bounded.until(() -> run.sink.holding() == 1 && run.source.isHolding() && run.queue().size() == 3
                            || !run.failures().isEmpty(),
                    Bounded.PATIENCE, () -> Feedback.message("flow",
                            "the consumer should be busy with message 1 while 2, 3 and 4 wait in the queue.",
                            "that never happened. " + run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.startShutdown();
            run.source.release();
            run.sink.release();
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), LOOK_AT);
            run.assertEveryMessageOnce(true, LOOK_AT);
        }
    }

    @Test
    @DisplayName("stopped while the producer is still making a message: that message is consumed too")
    void stopWhileAMessageIsBeingMade() {
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.source.holdAt(4); // messages 1 to 3 go through; the producer is making message 4
            run.start();
            Bounded.until(() -> run.sink.count() == 3 && run.source.isHolding() || !run.failures().isEmpty(),
                    Bounded.PATIENCE, () -> Feedback.message("flow", "messages 1 to 3 should be consumed.",
                            "consumed " + run.sink.consumed() + ". " + run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.awaitConsumersWaiting(LOOK_AT);
            Thread consumer = run.consumer();
            run.startShutdown();
            // Give the consumer its chance to react to the stop signal: it leaves, or it is
            // back waiting (for good, or for another timed poll) after the signal.
            long waitsBefore = Blocking.waitCount(consumer);
            Bounded.within(() -> !consumer.isAlive() || Blocking.isParkedForever(consumer)
                    || Blocking.waitCount(consumer) > waitsBefore, Bounded.PATIENCE);
            run.source.release(); // message 4 is made now, after the stop signal
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), LOOK_AT);
            run.assertEveryMessageOnce(true, LOOK_AT);
        }
    }

    @Test
    @DisplayName("stopped while the producer is still making a message, and a consumer's wait runs out just then:"
            + " that message is consumed too")
    void stopWhileAWaitRunsOut() {
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.source.holdAt(4); // messages 1 to 3 go through; the producer is making message 4
            run.start();
            Bounded.until(() -> run.sink.count() == 3 && run.source.isHolding() || !run.failures().isEmpty(),
                    Bounded.PATIENCE, () -> Feedback.message("flow", "messages 1 to 3 should be consumed.",
                            "consumed " + run.sink.consumed() + ". " + run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.awaitConsumersWaiting(LOOK_AT);
            Thread consumer = run.consumer();
            run.startShutdown();
            // A consumer that polls with a timeout: its next empty poll is held until the
            // producer has ended and shutdown has raised whatever flag it raises after joining
            // the producers, so message 4 goes on the queue in between. A consumer that read the
            // flag before that poll polls again; one that reads it only after the empty poll
            // leaves without message 4. A consumer waiting in take() never meets the hold.
            run.queue().holdNextEmptyPoll(run::producersJoined);
            Bounded.within(() -> !consumer.isAlive() || Blocking.isParkedForever(consumer)
                    || run.queue().holdingAnEmptyPoll(), Bounded.PATIENCE);
            run.source.release(); // message 4 is made now, while the consumer's empty poll is held
            String lookAt = LOOK_AT + "; or, with a timed poll, read the \"producers have finished\" flag before"
                    + " the poll that comes back empty, not after it";
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), lookAt);
            run.assertEveryMessageOnce(true, lookAt);
        }
    }
}
