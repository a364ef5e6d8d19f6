package workshop.pipeline;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;

@DisplayName("Task 4: several producers and several consumers")
class ManyProducersConsumersTest {
    private static final String LOOK_AT = "Pipeline.shutdown() and consume() (task 4): one pill per consumer";

    @Test
    @DisplayName("3 producers and 3 consumers stopped with a full queue: every message consumed exactly once, every thread ends")
    void stopManyWithAFullQueue() {
        try (PipelineRun run = new PipelineRun(3, 3)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            Bounded.until(() -> run.sink.holding() == 3 || run.overflowed() || !run.failures().isEmpty(),
                    Bounded.PATIENCE, () -> Feedback.message("several consumers",
                            "each of the 3 consumers should take a message.",
                            run.sink.holding() + " did. " + run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.awaitFullQueueWithProducersWaiting(LOOK_AT);
            run.startShutdown();
            run.sink.release();
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), LOOK_AT);
            run.assertEveryMessageOnce(false, LOOK_AT);
        }
    }

    @Test
    @DisplayName("2 consumers and one message left at the stop: it is consumed once and neither consumer waits forever")
    void twoConsumersOneMessageLeft() throws InterruptedException {
        try (PipelineRun run = new PipelineRun(0, 2)) {
            run.sink.holdEachConsumersFirstMessage();
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            run.putDirectly(1);
            run.putDirectly(2);
            Bounded.until(() -> run.sink.holding() == 2 || !run.failures().isEmpty(), Bounded.PATIENCE,
                    () -> Feedback.message("several consumers", "each consumer should take one of messages 1 and 2.",
                            run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            run.putDirectly(3);
            // From here, two consumers that both see "not empty" with one message left both go
            // for it, on every run: only one can get it.
            run.queue().armCheckThenActTrap();
            run.startShutdown();
            run.sink.release();
            // Two mistakes end here the same way, a consumer waiting for ever; what the consumers
            // called tells them apart, and a message that cannot tell names both.
            String checkThenAct = "Pipeline.consume() (task 4): checking isEmpty() and then taking is two steps;"
                    + " another consumer can take the message in between";
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), () -> !run.queue().askedIsEmpty(run.consumers())
                    ? LOOK_AT
                    : run.queue().puts() > 3 ? LOOK_AT + "; or " + checkThenAct // 3 messages and some pills
                    : checkThenAct);
            run.assertEveryMessageOnce(false, LOOK_AT);
        }
    }

    @Test
    @DisplayName("3 producers and 2 consumers running freely: after shutdown the totals are exact")
    void manyRunningFreely() {
        int wanted = 600;
        try (PipelineRun run = new PipelineRun(3, 2)) {
            run.source.holdAt(1); // production starts once the consumers wait
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            run.source.release();
            Bounded.until(() -> run.sink.count() >= wanted || !run.failures().isEmpty(),
                    Bounded.PATIENCE.multipliedBy(3), () -> Feedback.message("flow",
                            wanted + " messages should pass through in well under a second.",
                            "only " + run.sink.count() + " did. " + run.describe(), LOOK_AT));
            run.startShutdown();
            run.awaitShutdown(Bounded.PATIENCE.multipliedBy(2), LOOK_AT);
            run.assertEveryMessageOnce(false, LOOK_AT);
            if (run.overflowed()) {
                throw Feedback.fail("bounded queue", "the queue should never hold more than " + Pipeline.CAPACITY + ".",
                        "it held " + run.queue().maxSize() + " at once", LOOK_AT);
            }
        }
    }
}
