package workshop.daemon;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import workshop.testkit.Bounded;
import workshop.testkit.Stacks;

/**
 * Test harness, not part of the exercise: runs a program's main in a child JVM and reports,
 * as "witness:" lines on standard output, how the program's life ended: whether main returned
 * (and which ordinary threads were still running then) or threw (what, and where in the
 * program's code), whether the JVM shut down by itself or because somebody called
 * System.exit, and which shutdown hooks were still running well after the shutdown began.
 * A Runtime.halt shows as no shutdown line.
 */
public final class ExitWitness {
    static final String MAIN_ENDED = "witness: main ";
    static final String MAIN_RETURNED = "witness: main returned";
    static final String MAIN_THREW = "witness: main threw ";
    static final String STILL_RUNNING = "witness: ordinary threads still running: ";
    static final String SHUTDOWN_BEGAN = "witness: shutdown began ";
    static final String ON_ITS_OWN = "witness: shutdown began on its own";
    static final String BY_EXIT = "witness: shutdown began with System.exit, called on ";
    static final String HOOKS_STILL_RUNNING = "witness: shutdown hooks still running: ";
    static final String HOOKS_REGISTERED = "witness: shutdown hooks registered when main returned: ";

    /** The threads alive when main ended: a thread alive at shutdown that is not among them is a hook. */
    private static volatile Set<Thread> aliveWhenMainEnded = Set.of();

    private ExitWitness() {}

    public static void main(String[] args) throws Throwable {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitWitness::reportShutdown, "exit-witness"));
        Class<?> program = Class.forName(args[0]);
        try {
            program.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException thrown) {
            aliveWhenMainEnded = Thread.getAllStackTraces().keySet();
            System.out.println(MAIN_THREW + Stacks.thrown(thrown.getCause()));
            System.out.println(STILL_RUNNING + ordinaryThreads());
            System.out.flush();
            // The line above already says what was thrown and where in the program's code: the
            // JVM's own report (every frame, the JDK's reflection included) would only repeat it.
            Thread.currentThread().setUncaughtExceptionHandler((thread, exception) -> { });
            throw thrown.getCause();
        }
        aliveWhenMainEnded = Thread.getAllStackTraces().keySet();
        System.out.println(MAIN_RETURNED);
        System.out.println(STILL_RUNNING + ordinaryThreads());
        String hooks = registeredHooks();
        if (hooks != null) {
            System.out.println(HOOKS_REGISTERED + hooks);
        }
        System.out.flush();
    }

    /**
     * The program's shutdown hooks (the witness's own left out), read from the JDK's list of
     * them (ProgramRun opens java.lang for it), or null where that list cannot be read: then
     * nothing is claimed about hooks.
     */
    private static String registeredHooks() {
        try {
            java.lang.reflect.Field field = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
            field.setAccessible(true);
            Object hooks;
            synchronized (Class.forName("java.lang.ApplicationShutdownHooks")) {
                hooks = field.get(null);
            }
            if (!(hooks instanceof Map<?, ?> map)) {
                return null;
            }
            String names = map.keySet().stream()
                    .filter(hook -> hook instanceof Thread thread && !thread.getName().equals("exit-witness"))
                    .map(hook -> "'" + ((Thread) hook).getName() + "'")
                    .sorted()
                    .collect(Collectors.joining(", "));
            return names.isEmpty() ? "none" : names;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
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
        reportHooksThatDoNotEnd();
    }

    /**
     * Waits (bounded) for the other shutdown hooks, and names those still running then: a hook
     * that never ends keeps the JVM from ever finishing its exit.
     */
    private static void reportHooksThatDoNotEnd() {
        List<Thread> hooks = Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey() != Thread.currentThread() && !e.getKey().isDaemon()
                        && !aliveWhenMainEnded.contains(e.getKey()))
                .filter(e -> Arrays.stream(e.getValue()).noneMatch(frame -> frame.getClassName().startsWith("java.lang.Shutdown")
                        || frame.getClassName().equals("java.lang.ApplicationShutdownHooks")))
                .map(Map.Entry::getKey)
                .toList();
        long deadline = System.nanoTime() + Bounded.PATIENCE.toNanos();
        for (Thread hook : hooks) {
            try {
                hook.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
        String running = hooks.stream().filter(Thread::isAlive)
                .map(hook -> "'" + hook.getName() + "' (" + Stacks.describe(hook) + ")")
                .collect(Collectors.joining(", "));
        if (!running.isEmpty()) {
            System.out.println(HOOKS_STILL_RUNNING + running);
            System.out.flush();
        }
    }
}
