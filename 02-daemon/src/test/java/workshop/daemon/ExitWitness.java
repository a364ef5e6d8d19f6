package workshop.daemon;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test harness, not part of the exercise: runs a program's main in a child JVM and reports,
 * as "witness:" lines on standard output, how the program's life ended: whether main returned
 * (and which ordinary threads were still running then), and whether the JVM shut down by
 * itself or because somebody called System.exit. A Runtime.halt shows as no shutdown line.
 */
public final class ExitWitness {
    static final String MAIN_ENDED = "witness: main ";
    static final String MAIN_RETURNED = "witness: main returned";
    static final String STILL_RUNNING = "witness: ordinary threads still running: ";
    static final String ON_ITS_OWN = "witness: shutdown began on its own";
    static final String BY_EXIT = "witness: shutdown began with System.exit, called on ";

    private ExitWitness() {}

    public static void main(String[] args) throws Throwable {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitWitness::reportShutdown, "exit-witness"));
        Class<?> program = Class.forName(args[0]);
        try {
            program.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException thrown) {
            System.out.println(MAIN_ENDED + "threw " + thrown.getCause());
            System.out.println(STILL_RUNNING + ordinaryThreads());
            System.out.flush();
            throw thrown.getCause();
        }
        System.out.println(MAIN_RETURNED);
        System.out.println(STILL_RUNNING + ordinaryThreads());
        System.out.flush();
    }

    /** Non-daemon threads other than this one: what keeps the JVM alive after main. */
    private static String ordinaryThreads() {
        String names = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t != Thread.currentThread() && t.isAlive() && !t.isDaemon())
                .map(t -> "'" + t.getName() + "'")
                .sorted()
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }

    private static void reportShutdown() {
        String exitCaller = null;
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            boolean inExit = Arrays.stream(entry.getValue()).anyMatch(frame ->
                    (frame.getClassName().equals("java.lang.Shutdown") || frame.getClassName().equals("java.lang.Runtime"))
                            && frame.getMethodName().equals("exit"));
            if (inExit) {
                exitCaller = entry.getKey().getName();
            }
        }
        System.out.println(exitCaller == null ? ON_ITS_OWN : BY_EXIT + "'" + exitCaller + "'");
        System.out.flush();
    }
}
