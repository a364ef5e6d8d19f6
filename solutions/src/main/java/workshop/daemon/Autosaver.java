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
        thread.setDaemon(true); // before start(): background work must not keep the JVM alive
        thread.start();
        // The JVM abandons a daemon at exit; a shutdown hook does run: save what is left.
        Runtime.getRuntime().addShutdownHook(new Thread(document::saveIfDirty, "autosave-on-exit"));
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
