package workshop.testkit;

import org.opentest4j.AssertionFailedError;

/**
 * Builds failure messages that read as a short lesson: the concept, what was expected,
 * what happened, and where to look. Every exercise uses it so that messages look alike.
 */
public final class Feedback {
    private Feedback() {}

    /** A failure naming the concept, what should have happened, what did, and the place to fix. */
    public static AssertionFailedError fail(String concept, String expected, String observed, String lookAt) {
        return new AssertionFailedError(message(concept, expected, observed, lookAt));
    }

    public static String message(String concept, String expected, String observed, String lookAt) {
        return "[" + concept + "] " + expected
                + System.lineSeparator() + "    what happened: " + observed
                + System.lineSeparator() + "    look at: " + lookAt;
    }
}
