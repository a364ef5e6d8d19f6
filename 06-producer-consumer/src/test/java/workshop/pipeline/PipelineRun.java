package workshop.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import workshop.testkit.Blocking;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.ThreadLeaks;
import workshop.testkit.Threads;

/**
 * Test support: one pipeline under test with a recording queue, a numbered source and a
 * recording sink that the test can hold and release. {@link #close()} stops everything that
 * is left, whatever state the code under test is in.
 */
final class PipelineRun implements AutoCloseable {
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    final Pipeline pipeline;
    final NumberedSource source = new NumberedSource();
    final RecordingSink sink = new RecordingSink();
    private final AtomicReference<RecordingQueue> queue = new AtomicReference<>();
    private final Set<Thread> before = ThreadLeaks.snapshot();
    private final int producerCount;
    private final ConcurrentLinkedQueue<Message> produced = new ConcurrentLinkedQueue<>();
    private volatile Thread shutdownThread;
    private final AtomicReference<Throwable> shutdownFailure = new AtomicReference<>();
    private volatile boolean closed;

    PipelineRun(int producers, int consumers) {
        this.producerCount = producers;
        this.pipeline = new Pipeline(producers, consumers, source, sink, q -> {
            RecordingQueue recording = new RecordingQueue(q);
            queue.set(recording);
            return recording;
        });
    }

    PipelineRun start() {
        pipeline.start();
        return this;
    }

    RecordingQueue queue() {
        return queue.get();
    }

    List<Thread> producers() {
        return pipeline.threads().subList(0, producerCount);
    }

    List<Thread> consumers() {
        List<Thread> all = pipeline.threads();
        return all.subList(producerCount, all.size());
    }

    Thread consumer() {
        return consumers().get(0);
    }

    /** The test plays producer: puts message {@code number} straight on the queue. */
    void putDirectly(int number) throws InterruptedException {
        Message message = new Message(number);
        produced.add(message);
        queue().put(message);
    }

    // ---- waiting for situations -------------------------------------------------------------

    /** Fails unless the pipeline made its queue with room for exactly {@link Pipeline#CAPACITY}. */
    void assertBoundedAtCapacity(String lookAt) {
        int capacity = queue().capacity();
        if (capacity != Pipeline.CAPACITY) {
            throw Feedback.fail("bounded queue",
                    "the queue should hold at most " + Pipeline.CAPACITY + " messages (the notes: maxsize=10).",
                    capacity == Integer.MAX_VALUE
                            ? "the queue has no bound: a producer faster than its consumers fills memory instead"
                                    + " of waiting"
                            : "the queue has room for " + capacity + " messages",
                    lookAt);
        }
    }

    /**
     * Waits until every producer waits on a full queue; fails if it overflows or a producer
     * spins: at once if, with the queue full, it clearly spins, else after the patience.
     */
    void awaitFullQueueWithProducersWaiting(String lookAt) {
        assertBoundedAtCapacity(lookAt);
        // Each producer's CPU time when the queue was first seen full (null while it is not full).
        AtomicReference<Map<Thread, Long>> cpuWhenFull = new AtomicReference<>();
        boolean full = Bounded.within(() -> {
            if (overflowed() || !failures().isEmpty()) {
                return true;
            }
            if (queue().size() != Pipeline.CAPACITY) {
                cpuWhenFull.set(null);
                return false;
            }
            if (cpuWhenFull.get() == null) {
                cpuWhenFull.set(Blocking.cpuNow(producers()));
            }
            return producers().stream().allMatch(Blocking::isParked)
                    || Blocking.clearlySpinning(cpuWhenFull.get()) != null;
        }, Bounded.PATIENCE);
        assertNoFailures(lookAt);
        if (full && cpuWhenFull.get() != null && Blocking.clearlySpinning(cpuWhenFull.get()) != null) {
            full = false; // the queue is full and a producer burns CPU instead of waiting
        }
        if (overflowed()) {
            throw Feedback.fail("bounded queue",
                    "the queue should never hold more than " + Pipeline.CAPACITY + " messages.",
                    "it held " + queue().maxSize() + " at once", lookAt);
        }
        if (!full) {
            String busy = producers().stream().filter(p -> !Blocking.isParked(p)).map(Thread::getName)
                    .collect(Collectors.joining(", "));
            throw Feedback.fail("back-pressure",
                    "a producer facing a full queue should wait (blocked in put()) until there is room.",
                    "the queue holds " + queue().size() + " and these producers are not waiting: " + busy
                            + ". A loop around offer() or isEmpty() keeps a core busy doing nothing. "
                            + describe(),
                    lookAt);
        }
    }

    /**
     * Waits until every consumer is parked on the queue; fails if one spins instead: at once if
     * it clearly spins (it burns CPU while it should wait), else after the patience.
     */
    void awaitConsumersWaiting(String lookAt) {
        long start = System.nanoTime();
        Map<Thread, Long> cpuAtStart = Blocking.cpuNow(consumers());
        boolean parked = Bounded.within(() -> !failures().isEmpty()
                || consumers().stream().allMatch(Blocking::isParked)
                || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.PATIENCE);
        assertNoFailures(lookAt);
        Thread spinner = Blocking.clearlySpinning(cpuAtStart);
        if (!parked || spinner != null) {
            long cpuMillis;
            long windowMillis;
            Thread busy;
            if (spinner != null) {
                busy = spinner;
                cpuMillis = (Threads.cpuNanos(busy) - cpuAtStart.get(busy)) / 1_000_000;
                windowMillis = (System.nanoTime() - start) / 1_000_000;
            } else {
                busy = consumers().stream().filter(c -> !Blocking.isParked(c)).findFirst().orElseThrow();
                cpuMillis = Blocking.cpuWhileIdle(busy) / 1_000_000;
                windowMillis = Blocking.IDLE_WINDOW.toMillis();
            }
            throw Feedback.fail("block, don't spin",
                    "a consumer facing an empty queue should wait (blocked in take()) until a message comes.",
                    "'" + busy.getName() + "' never waited: it stayed " + busy.getState() + " and used " + cpuMillis
                            + " ms of CPU in " + windowMillis + " ms with nothing to do."
                            + " poll() and isEmpty() return at once, so a loop around them spins. " + describe(),
                    lookAt);
        }
    }

    /**
     * True when nothing can ever happen again: shutdown waits in join() for threads that wait on
     * the queue, and nobody is left to serve them. Either every producer has ended, the queue is
     * empty and every live consumer waits in take(); or every consumer has ended, the queue is
     * full and every live producer waits in put(). Checked in that order, so that a thread woken
     * by the other side can never look stuck: what woke it would still show in the queue.
     */
    private boolean stuckForGood(Thread shutdown) {
        return waitsOnAQueueNobodyServes(shutdown, producers(), 0, consumers(), "take")
                || waitsOnAQueueNobodyServes(shutdown, consumers(), Pipeline.CAPACITY, producers(), "put");
    }

    /**
     * True when every thread of {@code gone} has ended, shutdown waits in join() without a time
     * limit, the queue holds {@code size} messages (empty, or full) and every live thread of
     * {@code stuck} waits in {@code method} without a time limit: nobody is left who could free them.
     */
    private boolean waitsOnAQueueNobodyServes(Thread shutdown, List<Thread> gone, int size, List<Thread> stuck,
            String method) {
        if (gone.stream().anyMatch(Thread::isAlive)) {
            return false;
        }
        if (!Blocking.isParkedForever(shutdown) || !Threads.isIn(shutdown, "java.lang.Thread", "join")) {
            return false;
        }
        if (queue().size() != size) {
            return false;
        }
        List<Thread> alive = stuck.stream().filter(Thread::isAlive).toList();
        return !alive.isEmpty() && alive.stream()
                .allMatch(t -> Blocking.isParkedForever(t) && Threads.isIn(t, RecordingQueue.class.getName(), method));
    }

    boolean overflowed() {
        return queue().maxSize() > Pipeline.CAPACITY;
    }

    // ---- shutting down --------------------------------------------------------------------

    /** Calls {@link Pipeline#shutdown()} on a thread of its own and waits until it has begun to wait. */
    void startShutdown() {
        Pipeline p = pipeline;
        shutdownThread = Threads.startDaemon("shutdown", () -> {
            try {
                p.shutdown();
            } catch (Throwable t) {
                shutdownFailure.set(t);
            }
        });
        // Every shutdown raises the stop signal before it waits for anything.
        Bounded.within(() -> !shutdownThread.isAlive() || Blocking.isParked(shutdownThread), Bounded.PATIENCE);
    }

    /** Fails if shutdown() has already returned, though {@code why} it cannot be done yet. */
    void assertShutdownStillWaiting(String why, String lookAt) {
        if (!shutdownThread.isAlive()) {
            throw Feedback.fail("shutdown waits",
                    "shutdown() should return only once every producer and consumer has finished.",
                    "it returned while " + why + ". " + describe(), lookAt);
        }
    }

    /**
     * Waits (bounded) for shutdown() to return and every pipeline thread to end. Fails at once
     * when shutdown can never return ({@link #stuckForGood}).
     */
    void awaitShutdown(Duration bound, String lookAt) {
        Thread thread = shutdownThread;
        Bounded.within(() -> !thread.isAlive() || stuckForGood(thread), bound);
        if (thread.isAlive()) {
            String why;
            if (waitsOnAQueueNobodyServes(thread, producers(), 0, consumers(), "take")) {
                why = "it waits in join() for a consumer that waits in take() on an empty queue, and nobody is left"
                        + " to put anything on it: every producer has ended and shutdown() itself is joining."
                        + " A consumer waiting on the queue only leaves when the queue tells it to (one pill per"
                        + " consumer). ";
            } else if (waitsOnAQueueNobodyServes(thread, consumers(), Pipeline.CAPACITY, producers(), "put")) {
                why = "it waits in join() for a producer that waits in put() on a full queue, and nobody is left to"
                        + " take from it: every consumer has ended. A consumer must leave only once the queue is"
                        + " drained and no producer can put anything more. ";
            } else {
                why = "it is still waiting " + bound.toMillis() + " ms later. ";
            }
            throw Feedback.fail("shutdown",
                    "shutdown() should return within " + bound.toMillis() + " ms once the stop signal is given,"
                            + " whatever the queue held.",
                    why + describe() + System.lineSeparator() + "    shutdown is " + Threads.describe(thread),
                    lookAt);
        }
        if (shutdownFailure.get() != null) {
            throw Feedback.fail("shutdown", "shutdown() should return normally.",
                    "it threw " + shutdownFailure.get(), lookAt);
        }
        assertNoFailures(lookAt);
        String running = pipeline.threads().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.joining(", "));
        if (!running.isEmpty()) {
            throw Feedback.fail("shutdown waits",
                    "when shutdown() returns, every producer and consumer thread should have ended (join them).",
                    "it returned while these were still running: " + running + ". " + describe(), lookAt);
        }
        ThreadLeaks.assertNoneLeft(before, Bounded.PATIENCE, lookAt);
    }

    // ---- checking what came out -----------------------------------------------------------

    List<Message> produced() {
        return List.copyOf(produced);
    }

    /** Every produced message reached the sink exactly once (and, if asked, in the order produced). */
    void assertEveryMessageOnce(boolean inOrder, String lookAt) {
        List<Message> made = produced();
        List<Message> got = sink.consumed();
        if (sink.nulls() > 0) {
            throw Feedback.fail("check-then-act", "the sink should only ever get real messages.",
                    "it got null " + sink.nulls() + " time(s): a consumer saw the queue not empty, another took"
                            + " the message first, and poll() returned null",
                    lookAt);
        }
        Map<Message, Integer> times = new HashMap<>();
        got.forEach(m -> times.merge(m, 1, Integer::sum));
        Set<Integer> twice = new TreeSet<>();
        times.forEach((m, n) -> {
            if (n > 1) {
                twice.add(m.number());
            }
        });
        Set<Integer> lost = new TreeSet<>();
        made.forEach(m -> {
            if (!times.containsKey(m)) {
                lost.add(m.number());
            }
        });
        Set<Integer> strange = new TreeSet<>();
        Set<Message> madeSet = Set.copyOf(made);
        got.forEach(m -> {
            if (!madeSet.contains(m)) {
                strange.add(m.number());
            }
        });
        if (!lost.isEmpty() || !twice.isEmpty() || !strange.isEmpty()) {
            throw Feedback.fail("exactly once",
                    "every produced message should reach the sink exactly once (" + made.size() + " were produced).",
                    (lost.isEmpty() ? "" : "never consumed: " + shortList(lost) + " (still queued: "
                            + queue().contents() + "). ")
                            + (twice.isEmpty() ? "" : "consumed more than once: " + shortList(twice) + ". ")
                            + (strange.isEmpty() ? "" : "consumed but never produced: " + shortList(strange)
                                    + " (a poison pill handed to the sink?). "),
                    lookAt);
        }
        if (inOrder && !got.equals(made)) {
            throw Feedback.fail("FIFO order", "one producer and one consumer: messages come out in the order they went in.",
                    "produced " + shortList(made) + " but consumed " + shortList(got), lookAt);
        }
    }

    private static String shortList(java.util.Collection<?> items) {
        List<?> list = new ArrayList<>(items);
        return list.size() <= 15 ? list.toString()
                : list.subList(0, 15).toString().replace("]", ", ... (" + list.size() + " in all)]");
    }

    List<String> failures() {
        return pipeline.failures().stream().filter(f -> !closed).toList();
    }

    void assertNoFailures(String lookAt) {
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            throw Feedback.fail("a thread died", "producers and consumers should never die of an exception.",
                    String.join("; ", failures), lookAt);
        }
    }

    /** The pipeline's threads and queue, for failure messages. */
    String describe() {
        return "Queue: " + queue().contents() + ". Threads: " + pipeline.threads().stream()
                .map(t -> t.getName() + " " + (t.isAlive() ? t.getState() + topFrame(t) : "ended"))
                .collect(Collectors.joining("; "));
    }

    private static String topFrame(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("workshop.pipeline.Pipeline")
                    || frame.getClassName().startsWith("workshop.pipeline.Event")) {
                return " at " + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "";
    }

    // ---- cleaning up ----------------------------------------------------------------------

    @Override
    public void close() {
        closed = true;
        RecordingQueue q = queue();
        if (q != null) {
            q.close();
        }
        source.close();
        sink.close();
        List<Thread> threads = new ArrayList<>(pipeline.threads());
        if (shutdownThread != null) {
            threads.add(shutdownThread);
        }
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + Bounded.PATIENCE.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0 && t.getState() != Thread.State.NEW) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ---- the source and the sink ------------------------------------------------------------

    /** Hands out messages 1, 2, 3...; can hold the producer that asks for a given number. */
    final class NumberedSource implements Supplier<Message> {
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile int holdAt;
        private final AtomicInteger holding = new AtomicInteger();
        private volatile boolean over;

        /** Producers asking for message {@code number} or later wait until {@link #release()}. */
        void holdAt(int number) {
            holdAt = number;
        }

        boolean isHolding() {
            return holding.get() > 0;
        }

        void release() {
            released.countDown();
        }

        void close() {
            over = true;
            released.countDown();
        }

        @Override
        public Message get() {
            if (over) {
                throw new RecordingQueue.TestOver();
            }
            int number = next.incrementAndGet();
            if (holdAt > 0 && number >= holdAt && released.getCount() > 0) {
                holding.incrementAndGet();
                Bounded.quietly(released, BACKSTOP);
                holding.decrementAndGet();
            }
            if (over) {
                throw new RecordingQueue.TestOver();
            }
            Message message = new Message(number);
            produced.add(message);
            return message;
        }
    }

    /** Records every message; can hold each consumer on its first message until {@link #release()}. */
    static final class RecordingSink implements Consumer<Message> {
        private final ConcurrentLinkedQueue<Message> consumed = new ConcurrentLinkedQueue<>();
        private final AtomicInteger nulls = new AtomicInteger();
        private final Set<Thread> seen = ConcurrentHashMap.newKeySet();
        private final AtomicInteger holding = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean holdFirst;
        private volatile boolean over;

        void holdEachConsumersFirstMessage() {
            holdFirst = true;
        }

        int holding() {
            return holding.get();
        }

        void release() {
            released.countDown();
        }

        void close() {
            over = true;
            released.countDown();
        }

        List<Message> consumed() {
            return List.copyOf(consumed);
        }

        int count() {
            return consumed.size();
        }

        int nulls() {
            return nulls.get();
        }

        @Override
        public void accept(Message message) {
            if (over) {
                throw new RecordingQueue.TestOver();
            }
            if (message == null) {
                nulls.incrementAndGet();
                return;
            }
            consumed.add(message);
            if (holdFirst && seen.add(Thread.currentThread())) {
                holding.incrementAndGet();
                Bounded.quietly(released, BACKSTOP);
                holding.decrementAndGet();
            }
        }
    }
}
