// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.daemon;

import java.time.Duration;

/**
 * The program of tasks 1 and 3: a user edits a document while an autosaver saves it in the
 * background. Run it (./workshop demo 02-daemon EditorProgram) and watch whether it ends. The
 * tests run it in a separate JVM. Its main flow must end by returning: ending the whole program with System.exit (or
 * Runtime.halt) would hide the question the tasks are about.
 */
public final class EditorProgram {
    /** A real editor would save every half minute or so. */
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration USER_TYPING = Duration.ofMillis(100);

    private EditorProgram() {}

    public static void main(String[] args) throws InterruptedException {
        Document document = new Document(System.out);
        document.edit("Dear diary,");
        new Autosaver(document, INTERVAL).start();
        if (!document.awaitSaved(1, Duration.ofSeconds(5))) {
            System.out.println("main: the autosaver never saved the first edit");
        }
        Thread.sleep(USER_TYPING.toMillis()); // the user types the next sentence
        document.edit("today I learned what a daemon thread is.");
        System.out.println("main: done, " + document.unsaved() + " edit(s) not saved yet");
    }
}
