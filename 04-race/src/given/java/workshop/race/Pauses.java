// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.race;

import java.time.Duration;

/**
 * The places where a data store lets someone pause an update: the notes' {@code time.sleep(0.1)},
 * or a test that wants two threads to meet at exactly that spot. Nothing to edit here.
 */
public interface Pauses {

    /** Called while an update prepares, before it touches the shared value. */
    default void whilePreparing(String update) {}

    /** Called after an update has read the shared value and before it writes it back. */
    default void betweenReadAndWrite(String update) {}

    /** No pauses at all. */
    static Pauses none() {
        return new Pauses() {};
    }

    /** The notes' example: each update sleeps 0.1 s between its read and its write. */
    static Pauses likeTheNotes() {
        return new Pauses() {
            @Override
            public void betweenReadAndWrite(String update) {
                try {
                    Thread.sleep(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
