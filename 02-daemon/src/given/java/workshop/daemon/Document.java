// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A text being edited, and the "disk" it is saved to. Nothing to edit here.
 *
 * <p>Edits and saves may come from different threads (the user's main thread, the autosaver,
 * a shutdown hook), so every method takes the document's lock.
 */
public final class Document {
    private final PrintStream disk;
    private final List<String> edits = new ArrayList<>();
    private int saved;

    /** A document whose saves are reported, one line each, on {@code disk}. */
    public Document(PrintStream disk) {
        this.disk = disk;
    }

    /** The user changes the text: one more unsaved edit. */
    public synchronized void edit(String text) {
        edits.add(text);
    }

    /** Saves every unsaved edit, if there is any; says which thread saved. */
    public synchronized void saveIfDirty() {
        if (saved == edits.size()) {
            return;
        }
        saved = edits.size();
        disk.println("save: " + saved + " edit(s) on disk, saved by '" + Thread.currentThread().getName() + "'");
        disk.flush();
        notifyAll();
    }

    /** How many edits are not on disk yet. */
    public synchronized int unsaved() {
        return edits.size() - saved;
    }

    /** Waits (at most {@code bound}) until at least {@code count} edits are on disk. */
    public synchronized boolean awaitSaved(int count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (saved < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
