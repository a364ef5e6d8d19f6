package workshop.race;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import workshop.testkit.Bounded;
import workshop.testkit.Rendezvous;

/**
 * Test pauses that make the notes' race happen on every run: the first update to get between
 * its read and its write waits there until the test lets it go. Meanwhile the test watches what
 * the next update does: read the value too (the lost update is coming), or wait for the lock.
 */
final class HoldFirstReader implements Pauses {
    /** Thrown by the held update when the test asks for an update that fails half-way. */
    static final class SimulatedFailure extends RuntimeException {
        SimulatedFailure(String message) {
            super(message);
        }
    }

    /** How long a held update waits if the test never lets it go (the test always does). */
    private static final Duration BACKSTOP = Duration.ofSeconds(5);

    private final Rendezvous preparing;
    private final boolean heldOneFails;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<Thread> heldThread = new AtomicReference<>();
    private final AtomicReference<String> heldName = new AtomicReference<>();
    private final List<String> betweenReadAndWrite = new CopyOnWriteArrayList<>();
    private final Map<String, Thread> preparedOn = new ConcurrentHashMap<>();

    /**
     * @param preparing if not null, every update arrives there while preparing (the test checks
     *     that two of them were preparing at the same time)
     * @param heldOneFails if true, the held update throws a {@link SimulatedFailure} when let go
     */
    HoldFirstReader(Rendezvous preparing, boolean heldOneFails) {
        this.preparing = preparing;
        this.heldOneFails = heldOneFails;
    }

    @Override
    public void whilePreparing(String update) {
        preparedOn.put(update, Thread.currentThread());
        if (preparing != null) {
            preparing.arrive();
        }
    }

    @Override
    public void betweenReadAndWrite(String update) {
        betweenReadAndWrite.add(update);
        if (heldThread.compareAndSet(null, Thread.currentThread())) {
            heldName.set(update);
            Bounded.quietly(release, BACKSTOP);
            if (heldOneFails) {
                throw new SimulatedFailure(update + " failed between its read and its write");
            }
        }
    }

    /** Lets the held update go on. */
    void release() {
        release.countDown();
        if (preparing != null) {
            preparing.abandon();
        }
    }

    /** The thread of the held update, or null while no update has got between read and write. */
    Thread heldThread() {
        return heldThread.get();
    }

    /** The name of the held update, or null. */
    String heldName() {
        return heldName.get();
    }

    /** The updates that got between their read and their write, in order. */
    List<String> betweenReadAndWrite() {
        return List.copyOf(betweenReadAndWrite);
    }

    /** The update other than the held one that is running on {@code thread}, or the thread's name. */
    String updateOn(Thread thread) {
        return preparedOn.entrySet().stream()
                .filter(e -> e.getValue() == thread && !e.getKey().equals(heldName.get()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("'" + thread.getName() + "'");
    }
}
