package workshop.pipeline;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Stacks;

@DisplayName("Task 2: a bounded queue, with producers and consumers that wait instead of spinning")
class BoundedQueueTest {
    private static final String LOOK_AT = "Pipeline: the queue, produce() and consume() (task 2)";

    @Test
    @DisplayName("the queue holds at most 10 messages: a producer facing a full queue waits, using no CPU")
    void producerWaitsOnAFullQueue() {
        try (PipelineRun run = new PipelineRun(1, 0).start()) {
            run.awaitFullQueueWithProducersWaiting(LOOK_AT);
            Thread producer = run.producers().get(0);
            long cpuMillis = Blocking.cpuWhileIdle(producer) / 1_000_000;
            if (cpuMillis >= Blocking.BUSY.toMillis()) {
                throw Feedback.fail("back-pressure", "a producer facing a full queue should wait in put().",
                        "it used " + cpuMillis + " ms of CPU with nothing it could do", LOOK_AT);
            }
            if (run.queue().size() != Pipeline.CAPACITY || run.overflowed()) {
                throw Feedback.fail("bounded queue", "a full queue stays at " + Pipeline.CAPACITY + " messages.",
                        "it now holds " + run.queue().size() + " (at most " + run.queue().maxSize() + ")", LOOK_AT);
            }
        }
    }

    @Test
    @DisplayName("a consumer facing an empty queue waits, using no CPU, and wakes for the next message")
    void consumerWaitsOnAnEmptyQueue() {
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.source.holdAt(1); // nothing is produced until the test says so
            run.start();
            run.awaitConsumersWaiting(LOOK_AT);
            Thread consumer = run.consumer();
            long cpuMillis = Blocking.cpuWhileIdle(consumer) / 1_000_000;
            if (cpuMillis >= Blocking.BUSY.toMillis()) {
                throw Feedback.fail("block, don't spin", "a consumer facing an empty queue should wait in take().",
                        "it used " + cpuMillis + " ms of CPU in " + Blocking.IDLE_WINDOW.toMillis()
                                + " ms with nothing to do: it keeps checking instead of waiting",
                        LOOK_AT);
            }
            run.source.release();
            Bounded.until(() -> run.sink.count() >= 1, Bounded.PATIENCE, () -> Feedback.message("wake up",
                    "the waiting consumer should take the first message as soon as it is put on the queue.",
                    "it never did. " + run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
        }
    }

    @Test
    @DisplayName("a producer interrupted while it waits on a full queue ends, and so does a consumer interrupted while"
            + " it waits on an empty one")
    void interruptedWorkersEnd() throws InterruptedException {
        try (PipelineRun run = new PipelineRun(1, 0).start()) {
            run.awaitFullQueueWithProducersWaiting(LOOK_AT);
            assertEndsWhenInterrupted(run, run.producers().get(0), "put() on a full queue", run.source::asked);
        }
        try (PipelineRun run = new PipelineRun(0, 1).start()) {
            run.awaitConsumersWaiting(LOOK_AT);
            assertEndsWhenInterrupted(run, run.consumer(), "the queue, empty", run.sink::count);
        }
    }

    /**
     * Interrupts {@code worker}, waiting in the queue, and fails unless its thread ends: at once if
     * it does more work ({@code work} grows: it asks the source for another message, or hands one
     * to the sink), or has taken the interrupt in and waits in the queue again. Only the worker
     * uses the queue meanwhile, so a worker on its way out after the InterruptedException never
     * waits there again (not even for the queue's lock): once its interrupt status is clear, a
     * new wait in the queue is a swallowed interrupt.
     */
    private static void assertEndsWhenInterrupted(PipelineRun run, Thread worker, String where,
            java.util.function.IntSupplier work) {
        int workBefore = work.getAsInt();
        long waitsBefore = Blocking.waitCount(worker);
        java.util.Map<Thread, Long> cpuAtStart = Blocking.cpuNow(List.of(worker));
        worker.interrupt();
        java.util.function.BooleanSupplier waitsAgain = () -> !worker.isInterrupted()
                && PipelineRun.waitsInTheQueueAt(worker) && Blocking.waitCount(worker) > waitsBefore;
        boolean reacted = Bounded.within(() -> !worker.isAlive() || work.getAsInt() > workBefore
                || waitsAgain.getAsBoolean() || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.GENEROUS);
        if (!worker.isAlive() && work.getAsInt() == workBefore) {
            run.assertNoFailures(LOOK_AT);
            return;
        }
        String what = work.getAsInt() > workBefore ? "it went on working: the InterruptedException was caught and"
                        + " dropped, and the loop went round again"
                : waitsAgain.getAsBoolean() ? "it went back to waiting in the queue: the InterruptedException was"
                        + " caught and dropped"
                : Blocking.clearlySpinning(cpuAtStart) != null ? "it spins: it catches the InterruptedException and"
                        + " tries again, which throws at once, for ever"
                : !reacted ? "it is still " + Stacks.describe(worker) + " " + Bounded.GENEROUS.toMillis() + " ms later"
                : "it is " + Stacks.describe(worker);
        throw Feedback.fail("interrupts",
                "a producer or consumer interrupted while it waits should stop: its thread ends (an interrupt asks"
                        + " a thread to stop what it is doing).",
                "'" + worker.getName() + "' was interrupted while it waited in " + where + "; " + what + ". "
                        + run.describe(),
                "Pipeline: produce(), consume() and the threads' run (task 2): let the InterruptedException end"
                        + " the loop");
    }

    @Test
    @DisplayName("every message is consumed exactly once, in the order produced, and the queue never holds more than 10")
    void everyMessageOnceInOrder() {
        int wanted = 300;
        try (PipelineRun run = new PipelineRun(1, 1)) {
            run.sink.holdEachConsumersFirstMessage(); // the consumer is busy: the queue fills up
            run.start();
            run.awaitFullQueueWithProducersWaiting(LOOK_AT);
            run.sink.release();
            Bounded.until(() -> run.sink.count() >= wanted || !run.failures().isEmpty(),
                    Bounded.PATIENCE.multipliedBy(3), () -> Feedback.message("flow",
                            wanted + " messages should pass through the pipeline in well under a second.",
                            "only " + run.sink.count() + " did. " + run.describe(), LOOK_AT));
            run.assertNoFailures(LOOK_AT);
            List<Message> consumed = run.sink.consumed();
            List<Message> produced = run.produced();
            if (!produced.subList(0, Math.min(consumed.size(), produced.size())).equals(consumed)) {
                run.assertEveryMessageOnce(true, LOOK_AT); // names what was lost, doubled or reordered
                throw Feedback.fail("FIFO order", "messages come out in the order they went in.",
                        "they did not", LOOK_AT);
            }
            if (run.overflowed()) {
                throw Feedback.fail("bounded queue", "the queue should never hold more than " + Pipeline.CAPACITY + ".",
                        "it held " + run.queue().maxSize() + " at once", LOOK_AT);
            }
        }
    }
}
