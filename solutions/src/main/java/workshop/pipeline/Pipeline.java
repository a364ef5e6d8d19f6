package workshop.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** Put on the queue once per consumer, behind the last real message: "nothing more, leave". */
    private static final Message POISON_PILL = new Message(-1);

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
        this.queue = observe.apply(new ArrayBlockingQueue<>(CAPACITY));
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
            queue.put(source.get()); // waits while the queue is full: back-pressure
        }
    }

    /** The notes' consumer: hands every message to the sink until its poison pill comes. */
    private void consume() throws InterruptedException {
        while (true) {
            Message message = queue.take(); // waits (parked, no CPU) while the queue is empty
            if (message == POISON_PILL) {
                return; // every real message was ahead of it in the queue
            }
            sink.accept(message);
        }
    }

    /**
     * Stops the pipeline: producers finish the message in hand and leave, consumers handle
     * everything already queued and leave. Returns once every thread has ended.
     */
    public void shutdown() throws InterruptedException {
        stop.set();
        for (Thread producer : producers) {
            producer.join(); // after this, nothing more will be put on the queue
        }
        for (int i = 0; i < consumers.size(); i++) {
            queue.put(POISON_PILL); // one per consumer: each takes exactly one and leaves
        }
        for (Thread consumer : consumers) {
            consumer.join();
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
