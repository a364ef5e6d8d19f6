package workshop.daemon;

/**
 * Test harness, not part of the exercise: what the exceptions that Thread and Runtime throw
 * at this lesson's mistakes mean, for failure messages. The input is an exception as
 * {@link workshop.testkit.Stacks#thrown} writes it ("type: message, thrown by Class.method,
 * called from ..."), so the same words serve a test JVM and a child JVM's witness.
 */
final class ThreadMistakes {
    private ThreadMistakes() {}

    /** The lesson's concept an exception points at, for the message's heading; {@code otherwise} if none. */
    static String concept(String thrown, String otherwise) {
        if (thrown.contains("by Thread.setDaemon")) {
            return "setDaemon before start";
        }
        if (thrown.contains("Hook already running") || thrown.contains("Hook previously registered")
                || thrown.contains("by Runtime.addShutdownHook")) {
            return "shutdown hook";
        }
        return otherwise;
    }

    /** A sentence or two on what the exception says about the code, or "" for one this lesson does not explain. */
    static String explain(String thrown) {
        if (thrown.startsWith("java.lang.IllegalThreadStateException") && thrown.contains("by Thread.setDaemon")) {
            return " setDaemon was called on a thread that had already been started: a thread's daemon flag is"
                    + " fixed once it runs, and this one was already running as an ordinary thread. Call"
                    + " setDaemon(true) between new Thread(...) and start().";
        }
        if (thrown.startsWith("java.lang.IllegalThreadStateException")
                && thrown.matches("(?s).*by (Virtual)?Thread\\.start\\b.*")) {
            return " start() was called on a thread that had already been started: a Thread runs once. (A shutdown"
                    + " hook is started by the JVM, at exit: hand it over unstarted.)";
        }
        if (thrown.startsWith("java.lang.IllegalArgumentException: Hook already running")) {
            return " The thread handed to Runtime.addShutdownHook had already been started. A shutdown hook is a"
                    + " new thread that nobody has started: the JVM starts it when the program ends.";
        }
        if (thrown.startsWith("java.lang.IllegalArgumentException: Hook previously registered")) {
            return " The same thread was registered as a shutdown hook twice.";
        }
        return "";
    }
}
