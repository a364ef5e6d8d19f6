package workshop.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Tasks 2 to 4: the notes' producer-consumer pipeline. Producer threads take messages from a
 * source and put them on a queue; consumer threads take them off and hand them to a sink.
 * {@link #shutdown()} stops it without losing a message.
 */
public final class Pipeline {
    /** The notes' queue size: {@code queue.Queue(maxsize=10)}. */
    public static final int CAPACITY = 10;

    private final BlockingQueue<Message> queue;
    private final Event stop = new Event();
    private final Supplier<Message> source;
    private final Consumer<Message> sink;
    private final List<Thread> producers = new ArrayList<>();
    private final List<Thread> consumers = new ArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    /** A pipeline with {@code producers} producer threads and {@code consumers} consumer threads. */
    public Pipeline(int producers, int consumers, Supplier<Message> source, Consumer<Message> sink) {
        this(producers, consumers, source, sink, UnaryOperator.identity());
    }

    /** For the tests: {@code observe} wraps the queue to watch every put and take. */
    Pipeline(int producers, int consumers, Supplier<Message> source, Consumer<Message> sink,
            UnaryOperator<BlockingQueue<Message>> observe) {
        this.source = source;
        this.sink = sink;
        // TODO(task 2): "the size setting matters" (the notes). Without a bound, a producer that
        //  is faster than its consumers never waits: the queue grows until memory runs out.
        this.queue = observe.apply(new LinkedBlockingQueue<>());
        for (int i = 1; i <= producers; i++) {
            this.producers.add(worker("producer-" + i, this::produce));
        }
        for (int i = 1; i <= consumers; i++) {
            this.consumers.add(worker("consumer-" + i, this::consume));
        }
    }

    /** Starts every producer and consumer thread. */
    public void start() {
        threads().forEach(Thread::start);
    }

    /** The notes' producer: makes messages until the stop signal. */
    private void produce() throws InterruptedException {
        while (!stop.isSet()) {
            queue.put(source.get());
        }
    }

    /** The notes' consumer: handles messages until the stop signal and an empty queue. */
    private void consume() throws InterruptedException {
        // TODO(task 3): this loop checks the stop signal, but a consumer waiting for a message
        //  cannot see it. Make the queue itself say "nothing more is coming".
        while (!stop.isSet() || !queue.isEmpty()) {
            // TODO(task 2): poll() returns null at once when the queue is empty, so on an empty
            //  queue this loop spins, burning a core. Wait for a message instead.
            Message message = queue.poll();
            if (message != null) {
                sink.accept(message);
            }
        }
    }

    /**
     * Stops the pipeline: producers finish the message in hand and leave, consumers handle
     * everything already queued and leave. Returns once every thread has ended.
     */
    public void shutdown() throws InterruptedException {
        stop.set();
        // TODO(task 3): a consumer may be waiting on an empty queue and never look at the flag
        //  again. Once no producer can put anything more, tell the consumers so through the queue.
        // TODO(task 4): with several consumers, every one of them must hear it.
        for (Thread thread : threads()) {
            thread.join();
        }
    }

    /** Every producer and consumer thread (for the tests). */
    List<Thread> threads() {
        List<Thread> all = new ArrayList<>(producers);
        all.addAll(consumers);
        return all;
    }

    /** What went wrong in a producer or consumer thread, if anything (for the tests). */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private interface Work {
        void run() throws InterruptedException;
    }

    private Thread worker(String name, Work work) {
        return new Thread(() -> {
            try {
                work.run();
            } catch (InterruptedException e) {
                // interrupted: leave quietly
            } catch (RuntimeException | Error e) {
                failures.add(name + " died: " + e);
            }
        }, name);
    }
}
