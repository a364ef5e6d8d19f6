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
import workshop.testkit.Stacks;
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
    final RecordingSink sink = new RecordingSink(this::noteWorker);
    private final AtomicReference<RecordingQueue> queue = new AtomicReference<>();
    private final Set<Thread> before = ThreadLeaks.snapshot();
    private final int producerCount;
    private final ConcurrentLinkedQueue<Message> produced = new ConcurrentLinkedQueue<>();
    private volatile Thread shutdownThread;
    private final AtomicReference<Throwable> shutdownFailure = new AtomicReference<>();
    private volatile boolean closed;
    /** The thread that called {@link Pipeline#start()}, and the worker's job it was seen doing, if any. */
    private volatile Thread startCaller;
    private volatile String callerDid;

    PipelineRun(int producers, int consumers) {
        requireAWorkingEvent();
        this.producerCount = producers;
        this.pipeline = new Pipeline(producers, consumers, source, sink, q -> {
            RecordingQueue recording = new RecordingQueue(q, this::noteWorker);
            queue.set(recording);
            return recording;
        });
    }

    /**
     * The pipeline's stop signal is the learner's Event (task 1). If it does not work yet, every
     * pipeline test would fail for that reason while seeming to blame the pipeline: say so first.
     */
    private static void requireAWorkingEvent() {
        String step = "new Event().isSet()";
        String wrong;
        try {
            Event event = new Event();
            boolean fresh = event.isSet();
            step = "set()";
            event.set();
            step = "isSet() after set()";
            boolean raised = event.isSet();
            step = "clear()";
            event.clear();
            step = "isSet() after clear()";
            boolean lowered = event.isSet();
            wrong = fresh ? "a new Event's isSet() returned true"
                    : !raised ? "isSet() returned false after set()"
                    : lowered ? "isSet() returned true after clear()" : null;
        } catch (Throwable t) {
            wrong = step + " threw " + t;
        }
        if (wrong != null) {
            throw Feedback.fail("task 1 first",
                    "the pipeline's stop signal is your Event (task 1): it has to work before the pipeline can.",
                    wrong + ". This test did not get as far as the pipeline; EventTest shows what Event still needs",
                    "Event (task 1), then come back to this test");
        }
    }

    /**
     * Calls {@link Pipeline#start()} on a thread of its own, the caller, and waits for it to
     * return. Fails at once if the caller itself is seen doing a worker's job (asking the source
     * for a message, handing one to the sink, putting on or taking from the queue): start() then
     * ran a producer's or consumer's loop on the calling thread (Thread.run() instead of
     * Thread.start(), or both). A correct start() only starts threads, so its caller never does
     * any of that, however the threads it starts are scheduled.
     */
    PipelineRun start() {
        Pipeline p = pipeline;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                p.start();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "caller of start()");
        caller.setDaemon(true);
        startCaller = caller;
        caller.start();
        Bounded.within(() -> !caller.isAlive() || callerDid != null, Bounded.PATIENCE);
        String did = callerDid;
        if (did != null) {
            throw Feedback.fail("start() starts threads",
                    "start() should start every producer and consumer on its own thread and return at once.",
                    "the thread that called start() " + did + " itself: start() ran a worker's loop on the caller"
                            + " (thread.run() runs the thread's work right here; thread.start() runs it on the new"
                            + " thread). The caller is " + (caller.isAlive() ? Stacks.describe(caller) : "done"),
                    "Pipeline.start()");
        }
        if (caller.isAlive()) {
            throw Feedback.fail("start() starts threads",
                    "start() should start every producer and consumer thread and return at once.",
                    "it has not returned after " + Bounded.PATIENCE.toMillis() + " ms: " + Stacks.describe(caller),
                    "Pipeline.start()");
        }
        if (thrown.get() != null) {
            throw Feedback.fail("start() starts threads", "start() should start every producer and consumer thread.",
                    "it threw " + thrown.get(), "Pipeline.start()");
        }
        return this;
    }

    /** Notes that the calling thread did {@code what} (a worker's job) if it is the caller of start(). */
    void noteWorker(String what) {
        if (Thread.currentThread() == startCaller && callerDid == null) {
            callerDid = what;
        }
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
            return producers().stream().allMatch(PipelineRun::waitsInPut)
                    || producers().stream().anyMatch(PipelineRun::waitsWithATimeLimit)
                    || Blocking.clearlySpinning(cpuWhenFull.get()) != null;
        }, Bounded.PATIENCE);
        assertNoFailures(lookAt);
        Thread timed = producers().stream().filter(PipelineRun::waitsWithATimeLimit).findFirst().orElse(null);
        if (timed != null && queue().size() == Pipeline.CAPACITY) {
            throw Feedback.fail("back-pressure",
                    "a producer facing a full queue should wait in put() until there is room, however long that"
                            + " takes.",
                    "'" + timed.getName() + "' " + (Threads.isSleeping(timed)
                            ? "sleeps and tries again: it is not woken when room is made"
                            : "waits with a time limit (offer with a timeout): when the time is up it gives up,"
                                    + " and unless it tries again the message is dropped")
                            + ". " + describe(),
                    lookAt);
        }
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

    /** True when {@code thread} is parked anywhere inside the queue (put, offer, take, poll). */
    static boolean waitsInTheQueueAt(Thread thread) {
        return Blocking.isParked(thread) && java.util.Arrays.stream(thread.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(RecordingQueue.class.getName()));
    }

    /** True when {@code consumer} waits for a message in the queue's take() or timed poll(). */
    static boolean waitsInTheQueue(Thread consumer) {
        return Blocking.isParked(consumer) && (Threads.isIn(consumer, RecordingQueue.class.getName(), "take")
                || Threads.isIn(consumer, RecordingQueue.class.getName(), "poll"));
    }

    /**
     * True when {@code thread} sleeps in code of the pipeline (not in the test's source or sink).
     * A correct producer or consumer never sleeps: it waits in the queue, which wakes it.
     */
    private static boolean sleepsInThePipeline(Thread thread) {
        return thread.getState() == Thread.State.TIMED_WAITING && Threads.isSleeping(thread)
                && !Threads.isIn(thread, NumberedSource.class.getName(), "get")
                && !Threads.isIn(thread, RecordingSink.class.getName(), "accept");
    }

    /**
     * Waits until every consumer waits for a message in the queue (take(), or a timed poll());
     * fails if one spins or polls instead: at once if it clearly spins (it burns CPU while it
     * should wait) or sleeps between polls, else after the patience.
     */
    void awaitConsumersWaiting(String lookAt) {
        long start = System.nanoTime();
        Map<Thread, Long> cpuAtStart = Blocking.cpuNow(consumers());
        boolean parked = Bounded.within(() -> !failures().isEmpty()
                || consumers().stream().allMatch(PipelineRun::waitsInTheQueue)
                || consumers().stream().anyMatch(PipelineRun::sleepsInThePipeline)
                || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.PATIENCE);
        assertNoFailures(lookAt);
        Thread sleeper = consumers().stream().filter(PipelineRun::sleepsInThePipeline).findFirst().orElse(null);
        if (sleeper != null) {
            throw Feedback.fail("block, don't poll",
                    "a consumer facing an empty queue should wait in the queue (take()) until a message comes.",
                    "'" + sleeper.getName() + "' sleeps and tries again: it is not woken when a message is put, and"
                            + " wakes up for nothing while none is. " + describe(),
                    lookAt);
        }
        Thread spinner = Blocking.clearlySpinning(cpuAtStart);
        if (!parked || spinner != null) {
            Thread busy = spinner != null ? spinner
                    : consumers().stream().filter(c -> !waitsInTheQueue(c)).findFirst().orElseThrow();
            if (spinner == null && Blocking.isParked(busy)) {
                throw Feedback.fail("block on the queue",
                        "a consumer facing an empty queue should wait in the queue (take()) until a message comes.",
                        "'" + busy.getName() + "' waits somewhere else, where a message put on the queue does not"
                                + " wake it: " + Stacks.describe(busy) + ". " + describe(),
                        lookAt);
            }
            long cpuMillis;
            long windowMillis;
            if (spinner != null) {
                cpuMillis = (Threads.cpuNanos(busy) - cpuAtStart.get(busy)) / 1_000_000;
                windowMillis = (System.nanoTime() - start) / 1_000_000;
            } else {
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
                || waitsOnAQueueNobodyServes(shutdown, consumers(), Pipeline.CAPACITY, producers(), "put")
                || putsPillOnAQueueNobodyServes(shutdown);
    }

    /**
     * True when shutdown itself waits, without a time limit, in put() on a full queue (a pill
     * that finds no room), every consumer has ended, and every live producer waits in put() too:
     * nobody is left who could make room.
     */
    private boolean putsPillOnAQueueNobodyServes(Thread shutdown) {
        if (consumers().stream().anyMatch(Thread::isAlive) || queue().size() != Pipeline.CAPACITY) {
            return false;
        }
        if (!Blocking.isParkedForever(shutdown) || !Threads.isIn(shutdown, RecordingQueue.class.getName(), "put")) {
            return false;
        }
        return producers().stream().filter(Thread::isAlive)
                .allMatch(t -> Blocking.isParkedForever(t) && Threads.isIn(t, RecordingQueue.class.getName(), "put"));
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

    /** True when {@code producer} waits in the queue's put(), with no time limit. */
    private static boolean waitsInPut(Thread producer) {
        return Blocking.isParkedForever(producer) && Threads.isIn(producer, RecordingQueue.class.getName(), "put");
    }

    /** True when {@code producer} waits on the queue with a time limit, or sleeps in the pipeline's code. */
    private static boolean waitsWithATimeLimit(Thread producer) {
        return producer.getState() == Thread.State.TIMED_WAITING
                && (Threads.isIn(producer, RecordingQueue.class.getName(), "offer") || sleepsInThePipeline(producer));
    }

    /**
     * True once no producer can put anything more and shutdown has gone on to wait for the
     * consumers (or has returned): whatever flag it raises after joining the producers is up.
     */
    boolean producersJoined() {
        Thread shutdown = shutdownThread;
        return shutdown != null && producers().stream().noneMatch(Thread::isAlive)
                && (!shutdown.isAlive() || (Blocking.isParked(shutdown)
                        && Threads.isIn(shutdown, "java.lang.Thread", "join")));
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
        failIfShutdownWaitsWithATimeLimit(lookAt);
    }

    /**
     * A sign, seen at once, that shutdown() would give up on a thread still at work: it waits
     * with a time limit (join(millis), a sleep) while a pipeline thread is alive. A correct
     * shutdown waits with join() and put(), neither of which has a limit.
     */
    private boolean shutdownWaitsWithATimeLimit() {
        Thread shutdown = shutdownThread;
        return shutdown.getState() == Thread.State.TIMED_WAITING
                && Threads.isIn(shutdown, Pipeline.class.getName(), "shutdown")
                && pipeline.threads().stream().anyMatch(Thread::isAlive);
    }

    private void failIfShutdownWaitsWithATimeLimit(String lookAt) {
        Thread shutdown = shutdownThread;
        if (shutdownWaitsWithATimeLimit()) {
            throw Feedback.fail("shutdown waits",
                    "shutdown() should wait for every producer and consumer to finish, however long that takes.",
                    "it waits with a time limit (" + (Threads.isSleeping(shutdown) ? "a sleep" : "join(millis)")
                            + ") while pipeline threads are still at work: when the time is up it returns, and its"
                            + " caller goes on with messages unhandled. shutdown is " + Stacks.describe(shutdown)
                            + ". " + describe(),
                    lookAt);
        }
    }

    /**
     * Interrupts the thread waiting in shutdown() and fails unless shutdown() ends with an
     * InterruptedException: at once if it returns normally, throws something else, spins, or has
     * taken the interrupt in and waits again (the interrupt status is clear and it is parked in
     * shutdown(): code that lets the InterruptedException out never waits there again).
     */
    void interruptShutdownExpectingInterruptedException(String waitingFor, String lookAt) {
        Thread shutdown = shutdownThread;
        Map<Thread, Long> cpuAtStart = Blocking.cpuNow(List.of(shutdown));
        shutdown.interrupt();
        boolean reacted = Bounded.within(() -> !shutdown.isAlive() || waitsAgainAfterInterrupt(shutdown)
                || Blocking.clearlySpinning(cpuAtStart) != null, Bounded.GENEROUS);
        Throwable failed = shutdownFailure.get();
        if (!shutdown.isAlive() && failed instanceof InterruptedException) {
            return;
        }
        String what = !shutdown.isAlive()
                ? failed == null ? "it returned normally, although " + waitingFor + ": the interrupt was caught and"
                        + " swallowed, and its caller goes on as if the pipeline had stopped"
                        : "it threw " + failed
                : waitsAgainAfterInterrupt(shutdown) ? "it went back to waiting: an InterruptedException was caught"
                        + " and dropped, and it waits for the next thing. Let it out of shutdown() (declare it, as"
                        + " shutdown() does), from every wait it makes: join() and put()"
                : Blocking.clearlySpinning(cpuAtStart) != null ? "it spins: it catches the InterruptedException, sets"
                        + " the interrupt status again and waits again, which then throws at once, for ever"
                : !reacted ? "it is still " + Stacks.describe(shutdown) + " " + Bounded.GENEROUS.toMillis()
                        + " ms later"
                : "it is " + Stacks.describe(shutdown);
        throw Feedback.fail("interrupts",
                "shutdown() interrupted while it waits (" + waitingFor + ") should throw InterruptedException.",
                "the thread waiting in shutdown() was interrupted; " + what + ". " + describe(), lookAt);
    }

    private static boolean waitsAgainAfterInterrupt(Thread shutdown) {
        return !shutdown.isInterrupted() && Blocking.isParked(shutdown)
                && Threads.isIn(shutdown, Pipeline.class.getName(), "shutdown");
    }

    /**
     * Waits (bounded) for shutdown() to return and every pipeline thread to end. Fails at once
     * when shutdown can never return ({@link #stuckForGood}).
     */
    void awaitShutdown(Duration bound, String lookAt) {
        awaitShutdown(bound, () -> lookAt);
    }

    /** As {@link #awaitShutdown(Duration, String)}, where to look decided from what happened. */
    void awaitShutdown(Duration bound, Supplier<String> lookAtWhenFailing) {
        Thread thread = shutdownThread;
        long deadline = System.nanoTime() + bound.toNanos();
        boolean over;
        do {
            Bounded.within(() -> !thread.isAlive() || stuckForGood(thread) || shutdownWaitsWithATimeLimit(),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            failIfShutdownWaitsWithATimeLimit(lookAtWhenFailing.get());
            over = !thread.isAlive() || stuckForGood(thread) || System.nanoTime() >= deadline;
        } while (!over);
        if (thread.isAlive()) {
            String why;
            if (waitsOnAQueueNobodyServes(thread, producers(), 0, consumers(), "take")) {
                why = "it waits in join() for a consumer that waits in take() on an empty queue, and nobody is left"
                        + " to put anything on it: every producer has ended and shutdown() itself is joining. "
                        + (queue().askedIsEmpty(consumers())
                                ? "The consumers asked isEmpty() before they took: one saw a message left, another"
                                        + " took it first, and the first now waits in take() for a message that will"
                                        + " never come. "
                                : "A consumer waiting on the queue only leaves when the queue tells it to (one pill"
                                        + " per consumer). ");
            } else if (waitsOnAQueueNobodyServes(thread, consumers(), Pipeline.CAPACITY, producers(), "put")) {
                why = "it waits in join() for a producer that waits in put() on a full queue, and nobody is left to"
                        + " take from it: every consumer has ended. A consumer must leave only once the queue is"
                        + " drained and no producer can put anything more. ";
            } else if (putsPillOnAQueueNobodyServes(thread)) {
                why = "it waits in put() to add a pill to a full queue, and nobody is left to take from it: every"
                        + " consumer has ended. A consumer must leave only once the queue is drained, at its pill. ";
            } else {
                why = "it is still waiting " + bound.toMillis() + " ms later. ";
            }
            throw Feedback.fail("shutdown",
                    "shutdown() should return within " + bound.toMillis() + " ms once the stop signal is given,"
                            + " whatever the queue held.",
                    why + describe() + System.lineSeparator() + "    shutdown is " + Stacks.describe(thread),
                    lookAtWhenFailing.get());
        }
        if (shutdownFailure.get() != null) {
            throw Feedback.fail("shutdown", "shutdown() should return normally.",
                    "it threw " + shutdownFailure.get(), lookAtWhenFailing.get());
        }
        assertNoFailures(lookAtWhenFailing.get());
        String running = pipeline.threads().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.joining(", "));
        if (!running.isEmpty()) {
            throw Feedback.fail("shutdown waits",
                    "when shutdown() returns, every producer and consumer thread should have ended (join them).",
                    "it returned while these were still running: " + running + ". " + describe(),
                    lookAtWhenFailing.get());
        }
        ThreadLeaks.assertNoneLeft(before, Bounded.PATIENCE, lookAtWhenFailing.get());
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
            String name = frame.getClassName();
            if (name.equals(Pipeline.class.getName()) || name.startsWith(Pipeline.class.getName() + "$")
                    || name.equals(Event.class.getName()) || name.startsWith(Event.class.getName() + "$")) {
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
        if (startCaller != null) {
            threads.add(startCaller);
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

        /** How many messages the producers have asked for so far. */
        int asked() {
            return next.get();
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
            noteWorker("asked the source for a message");
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
        private final Consumer<String> onCall;

        RecordingSink(Consumer<String> onCall) {
            this.onCall = onCall;
        }

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
            onCall.accept("handed a message to the sink");
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
