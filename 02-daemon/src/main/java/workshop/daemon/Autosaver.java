package workshop.daemon;

import java.time.Duration;

/**
 * Tasks 1 and 3: saves a document in the background, every {@code interval}, for as long as
 * the program runs. It never stops by itself: that is the point of background work.
 */
public final class Autosaver {
    private final Document document;
    private final Duration interval;

    public Autosaver(Document document, Duration interval) {
        this.document = document;
        this.interval = interval;
    }

    /** Starts saving in the background and returns the autosaver's thread at once. */
    public Thread start() {
        Thread thread = new Thread(this::saveForever, "autosaver");
        // TODO(task 1): this thread never ends, and an ordinary thread keeps the JVM alive:
        //  the program can never exit. Make it a daemon thread. The flag can only be set
        //  while the thread is still new: once start() has run, Java refuses.
        thread.start();
        // TODO(task 3): a daemon is abandoned at exit, mid-sleep, with no finally block run:
        //  an edit made since its last save is lost. Ask the JVM to run one last
        //  document.saveIfDirty() on its way out (Runtime.addShutdownHook).
        return thread;
    }

    private void saveForever() {
        try {
            while (true) {
                document.saveIfDirty();
                Thread.sleep(interval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // asked to stop: stop
        } finally {
            // Never printed when the JVM abandons a daemon at exit.
            System.out.println("autosave: stopped");
        }
    }
}
