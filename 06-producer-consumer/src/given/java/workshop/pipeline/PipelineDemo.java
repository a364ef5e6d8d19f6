// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lesson's demo (./workshop demo 06-producer-consumer): your {@link Pipeline} twice. First
 * the notes' program: one producer as fast as it can go, one consumer, the stop after 0.1 s.
 * Then the notes' unlucky moment made certain: the stop comes while the consumer waits on an
 * empty queue, and no producer is left to put anything (this pipeline has no producer at all).
 */
public final class PipelineDemo {
    /** How long shutdown() may take before the demo calls it a hang. */
    private static final Duration HANG = Duration.ofSeconds(3);

    private PipelineDemo() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("1. The notes' program: 1 producer, 1 consumer, the stop after 0.1 s.");
        AtomicLong produced = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicReference<BlockingQueue<Message>> queue = new AtomicReference<>();
        Pipeline notes = new Pipeline(1, 1, () -> {
            produced.incrementAndGet();
            return new Message(ThreadLocalRandom.current().nextInt(1, 12)); // the notes' randint(1, 11)
        }, message -> consumed.incrementAndGet(), made -> {
            queue.set(made); // to look at its size
            return made;
        });
        notes.start();
        Thread.sleep(Duration.ofMillis(100));
        int held = queue.get().size();
        int bound = held + queue.get().remainingCapacity();
        System.out.println("   when the stop came, the queue held " + held + " messages; its bound: "
                + (bound == Integer.MAX_VALUE ? "none (2147483647)" : bound));
        boolean ended = shutDown(notes);
        if (!notes.failures().isEmpty()) {
            System.out.println("   do task 1 first: the pipeline needs your Event");
            return;
        }
        System.out.println("   produced " + produced.get() + " messages, consumed " + consumed.get()
                + (produced.get() == consumed.get() ? ": none lost" : ": " + (produced.get() - consumed.get())
                        + " lost"));

        System.out.println("2. The stop comes while the consumer waits on an empty queue (no producer at all).");
        Pipeline quiet = new Pipeline(0, 1, () -> new Message(0), message -> {});
        Thread consumer = quiet.threads().get(0);
        quiet.start();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Thread.sleep(Duration.ofMillis(50)); // let it start waiting
        long cpuBefore = mx.getThreadCpuTime(consumer.threadId());
        Thread.sleep(Duration.ofMillis(200));
        long cpu = mx.getThreadCpuTime(consumer.threadId()) - cpuBefore;
        System.out.println("   while it waited 0.2 s, " + consumer.getName() + " used "
                + cpu / 1_000_000 + " ms of CPU (waiting uses next to none)");
        ended &= shutDown(quiet);
        if (!ended) {
            System.out.println("This JVM cannot exit: the threads above wait for ever. Press Ctrl+C.");
        }
    }

    /** Calls shutdown() and says how it went; false if it has not returned after {@link #HANG}. */
    private static boolean shutDown(Pipeline pipeline) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        long start = System.nanoTime();
        Thread shutdown = new Thread(() -> {
            try {
                pipeline.shutdown();
            } catch (InterruptedException | RuntimeException e) {
                thrown.set(e);
            }
        }, "shutdown");
        shutdown.setDaemon(true); // a demo that hangs must not need it to end
        shutdown.start();
        shutdown.join(HANG);
        pipeline.failures().forEach(failure -> System.out.println("   " + failure));
        if (thrown.get() != null) {
            System.out.println("   shutdown() threw " + thrown.get());
            return true;
        }
        if (shutdown.isAlive()) {
            System.out.println("   shutdown() has not returned after " + HANG.toSeconds() + " s. The pipeline's threads:");
            for (Thread thread : pipeline.threads()) {
                System.out.println("     " + thread.getName() + ": " + (thread.isAlive() ? thread.getState() + where(thread)
                        : "ended"));
            }
            return false;
        }
        System.out.printf("   shutdown() returned after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    /** The queue method a thread waits in, if it waits in one. */
    private static String where(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .filter(frame -> frame.getClassName().endsWith("BlockingQueue"))
                .reduce((first, second) -> second) // the outermost queue frame: the call your code made
                .map(frame -> ", in " + frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1)
                        + "." + frame.getMethodName() + "()")
                .orElse("");
    }
}
