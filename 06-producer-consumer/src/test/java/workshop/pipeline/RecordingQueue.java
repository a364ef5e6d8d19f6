package workshop.pipeline;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import workshop.testkit.Bounded;

/**
 * Test support: wraps the pipeline's queue to watch it. Records the largest size ever seen after
 * a put, counts puts and takes, and can force the "check-then-act" race. Once the test is over
 * every call throws {@link TestOver}, so a thread that spins on the queue stops.
 */
final class RecordingQueue extends AbstractQueue<Message> implements BlockingQueue<Message> {
    /** Thrown into code that still uses the queue, source or sink after its test has ended. */
    static final class TestOver extends Error {
        TestOver() {
            super("the test is over", null, false, false);
        }
    }

    private final BlockingQueue<Message> inner;
    private final int capacity;
    private final AtomicInteger maxSize = new AtomicInteger();
    private final AtomicInteger puts = new AtomicInteger();
    private final Set<Thread> askedIsEmpty = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile CheckThenActTrap trap;
    private volatile EmptyPollHold emptyPollHold;

    /** Told of every put, offer, take, poll and drain, with what it was (see PipelineRun.start()). */
    private final java.util.function.Consumer<String> onCall;

    RecordingQueue(BlockingQueue<Message> inner, java.util.function.Consumer<String> onCall) {
        this.inner = inner;
        this.onCall = onCall;
        long room = (long) inner.remainingCapacity() + inner.size();
        this.capacity = (int) Math.min(Integer.MAX_VALUE, room);
    }

    /** The capacity the pipeline chose for its queue (Integer.MAX_VALUE: unbounded). */
    int capacity() {
        return capacity;
    }

    /** The most messages the queue ever held right after a put. */
    int maxSize() {
        return maxSize.get();
    }

    int puts() {
        return puts.get();
    }

    /** True if any of {@code threads} has called isEmpty() on the queue. */
    boolean askedIsEmpty(java.util.List<Thread> threads) {
        return threads.stream().anyMatch(askedIsEmpty::contains);
    }

    /** What is in the queue now, for failure messages. */
    String contents() {
        Object[] items = inner.toArray();
        if (items.length > 12) {
            return items.length + " messages";
        }
        return java.util.Arrays.toString(items);
    }

    void close() {
        closed = true;
        CheckThenActTrap t = trap;
        if (t != null) {
            t.open();
        }
    }

    /**
     * From now on, a thread that sees the queue not empty while it holds exactly one message waits
     * (briefly) until a second thread has seen the same: both then act on the one message.
     */
    void armCheckThenActTrap() {
        trap = new CheckThenActTrap();
    }

    /**
     * From now on, the first timed poll that comes back empty waits there, before it returns,
     * until {@code until} holds (at most the patience): the worst moment for a consumer that
     * reads a "producers have finished" flag only after its poll came back empty.
     */
    void holdNextEmptyPoll(BooleanSupplier until) {
        emptyPollHold = new EmptyPollHold(until);
    }

    /** True while a consumer is held at an empty timed poll ({@link #holdNextEmptyPoll}). */
    boolean holdingAnEmptyPoll() {
        EmptyPollHold hold = emptyPollHold;
        return hold != null && hold.holding;
    }

    private void check() {
        if (closed) {
            throw new TestOver();
        }
    }

    private void recordPut() {
        puts.incrementAndGet();
        maxSize.accumulateAndGet(inner.size(), Math::max);
    }

    @Override
    public void put(Message message) throws InterruptedException {
        onCall.accept("put a message on the queue");
        check();
        inner.put(message);
        recordPut();
    }

    @Override
    public boolean offer(Message message) {
        onCall.accept("offered a message to the queue");
        check();
        boolean added = inner.offer(message);
        if (added) {
            recordPut();
        }
        return added;
    }

    @Override
    public boolean offer(Message message, long timeout, TimeUnit unit) throws InterruptedException {
        onCall.accept("offered a message to the queue");
        check();
        boolean added = inner.offer(message, timeout, unit);
        if (added) {
            recordPut();
        }
        return added;
    }

    @Override
    public Message take() throws InterruptedException {
        onCall.accept("took from the queue");
        check();
        return inner.take();
    }

    @Override
    public Message poll() {
        onCall.accept("polled the queue");
        check();
        return inner.poll();
    }

    @Override
    public Message poll(long timeout, TimeUnit unit) throws InterruptedException {
        onCall.accept("polled the queue");
        check();
        Message message = inner.poll(timeout, unit);
        EmptyPollHold hold = emptyPollHold;
        if (message == null && hold != null) {
            hold.hold();
            check();
        }
        return message;
    }

    @Override
    public Message peek() {
        check();
        return inner.peek();
    }

    @Override
    public boolean isEmpty() {
        check();
        askedIsEmpty.add(Thread.currentThread());
        boolean empty = inner.isEmpty();
        CheckThenActTrap t = trap;
        if (!empty && t != null && inner.size() == 1) {
            t.meet();
        }
        return empty;
    }

    @Override
    public int size() {
        check();
        return inner.size();
    }

    @Override
    public int remainingCapacity() {
        check();
        return inner.remainingCapacity();
    }

    @Override
    public Iterator<Message> iterator() {
        check();
        return inner.iterator();
    }

    @Override
    public boolean remove(Object o) {
        check();
        return inner.remove(o);
    }

    @Override
    public void clear() {
        check();
        inner.clear();
    }

    @Override
    public int drainTo(Collection<? super Message> target) {
        onCall.accept("drained the queue");
        check();
        return inner.drainTo(target);
    }

    @Override
    public int drainTo(Collection<? super Message> target, int maxElements) {
        onCall.accept("drained the queue");
        check();
        return inner.drainTo(target, maxElements);
    }

    /** Holds one empty timed poll until a condition holds. Never swallows an interrupt. */
    private final class EmptyPollHold {
        private final BooleanSupplier until;
        private final AtomicBoolean used = new AtomicBoolean();
        volatile boolean holding;

        EmptyPollHold(BooleanSupplier until) {
            this.until = until;
        }

        void hold() {
            if (!used.compareAndSet(false, true)) {
                return; // one try only: correct code is never delayed twice
            }
            holding = true;
            try {
                long deadline = System.nanoTime() + Bounded.PATIENCE.toNanos();
                while (!until.getAsBoolean() && !closed && !Thread.currentThread().isInterrupted()
                        && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
            } finally {
                holding = false;
            }
        }
    }

    /** Holds the first threads that see "one message left" until two of them have seen it. */
    private static final class CheckThenActTrap {
        private static final long BOUND_MILLIS = 1000;
        private final Set<Thread> seen = ConcurrentHashMap.newKeySet();
        private final CountDownLatch twoSaw = new CountDownLatch(1);

        void meet() {
            if (twoSaw.getCount() == 0) {
                return;
            }
            seen.add(Thread.currentThread());
            if (seen.size() >= 2) {
                twoSaw.countDown();
                return;
            }
            try {
                twoSaw.await(BOUND_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                twoSaw.countDown(); // one try only: correct code is never delayed twice
            }
        }

        void open() {
            twoSaw.countDown();
        }
    }
}
