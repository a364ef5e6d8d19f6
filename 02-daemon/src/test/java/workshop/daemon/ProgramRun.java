package workshop.daemon;

import java.time.Duration;
import java.util.List;
import workshop.testkit.Bounded;
import workshop.testkit.ChildJvm;
import workshop.testkit.Feedback;

/**
 * Test harness, not part of the exercise: one run of a program in a child JVM, watched by
 * {@link ExitWitness}, with the checks every process-level test shares. A program has ended
 * only when its process is gone: a JVM that begins to shut down and never finishes (a
 * shutdown hook that never ends) has not.
 */
final class ProgramRun {
    /** Starting a JVM on a busy machine can be slow; the wait that matters comes after main. */
    private static final Duration TO_MAIN_END = Duration.ofSeconds(7);

    /**
     * Once the JVM has begun to shut down, how long its process may take to be gone: hooks that
     * end are done in milliseconds, but a busy machine may be slow to tear a process down. The
     * witness names the hooks still running after {@link Bounded#PATIENCE}; the run then waits
     * that long once more before calling the exit stuck.
     */
    private static final Duration TO_EXIT = Bounded.GENEROUS;

    /** One run per program and bound for the whole test JVM: several tests may look at the same run. */
    private static final java.util.Map<String, ProgramRun> RUNS = new java.util.HashMap<>();

    private final String program;
    private final Duration afterMain;
    private final String output;
    private final boolean exited;
    private final int exitCode;

    private ProgramRun(Class<?> program, Duration afterMain) {
        this.program = program.getSimpleName();
        this.afterMain = afterMain;
        try (ChildJvm.Running child = ChildJvm.start(
                // lets the witness read which shutdown hooks the program registered
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), ExitWitness.class, program.getName())) {
            if (child.awaitOutput(ExitWitness.MAIN_ENDED, TO_MAIN_END)
                    && child.awaitOutput(ExitWitness.SHUTDOWN_BEGAN, afterMain)) {
                awaitExitOrStuckHook(child);
            }
            child.awaitExit(Duration.ZERO);
            this.exited = child.hasExited();
            this.exitCode = exited ? child.exitCode() : -1;
            this.output = child.output();
        }
    }

    private static void awaitExitOrStuckHook(ChildJvm.Running child) {
        long deadline = System.nanoTime() + TO_EXIT.toNanos();
        while (!child.hasExited() && System.nanoTime() < deadline) {
            if (child.output().contains(ExitWitness.HOOKS_STILL_RUNNING)) {
                child.awaitExit(Bounded.PATIENCE);
                return;
            }
            child.awaitExit(Duration.ofMillis(20));
        }
    }

    /**
     * Runs {@code program}'s main (once: a later call with the same arguments gets the same
     * run); waits at most {@code afterMain} after main ends for the JVM to begin its exit, then
     * for its process to be gone.
     */
    static synchronized ProgramRun of(Class<?> program, Duration afterMain) {
        return RUNS.computeIfAbsent(program.getName() + "/" + afterMain, key -> new ProgramRun(program, afterMain));
    }

    List<String> lines() {
        return output.lines().toList();
    }

    boolean printed(String text) {
        return lines().stream().anyMatch(line -> line.contains(text));
    }

    /** Index of the first line containing {@code text}, or -1. */
    int lineOf(String text) {
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The rest of the first line that starts with {@code prefix}, or null. */
    String after(String prefix) {
        return lines().stream().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length())).findFirst().orElse(null);
    }

    String transcript() {
        StringBuilder out = new StringBuilder();
        for (String line : lines()) {
            out.append(System.lineSeparator()).append("        ").append(line);
        }
        return out.length() == 0 ? " (it printed nothing)" : out.toString();
    }

    /**
     * Fails unless main returned normally, the JVM then began to exit by itself (no
     * System.exit, no halt) within the bound, and its process was gone soon after, with exit
     * code 0.
     */
    void assertEndedOnItsOwn(String concept, String expected, String lookAt) {
        if (printed(ExitWitness.BY_EXIT)) {
            throw Feedback.fail("no System.exit", expected,
                    "the program was ended with System.exit. That stops every thread at once, finished or not:"
                            + " it hides the question instead of answering it. Let main return and let the JVM"
                            + " decide. Its output:" + transcript(),
                    lookAt);
        }
        if (!printed(ExitWitness.MAIN_ENDED)) {
            throw Feedback.fail(exited ? "no Runtime.halt" : concept, expected, exited
                    ? "the JVM stopped dead before main returned, without running its shutdown hooks"
                            + " (Runtime.halt?). Its output:" + transcript()
                    : program + "'s main never finished (the test killed it after " + TO_MAIN_END.toSeconds()
                            + " s). Its output:" + transcript(),
                    lookAt);
        }
        String threw = after(ExitWitness.MAIN_THREW);
        if (threw != null) {
            throw Feedback.fail(ThreadMistakes.concept(threw, concept), expected,
                    program + "'s main threw " + threw + "." + ThreadMistakes.explain(threw) + " Its output:"
                            + transcript(),
                    lookAt);
        }
        if (!printed(ExitWitness.SHUTDOWN_BEGAN) && !exited) {
            throw Feedback.fail(concept, expected,
                    "main returned, but the JVM was still running " + afterMain.toMillis()
                            + " ms later, so the test killed it. When main returned, these ordinary (non-daemon)"
                            + " threads were still running: " + after(ExitWitness.STILL_RUNNING) + ". The JVM waits"
                            + " for every ordinary thread to end before it exits. Its output:" + transcript(),
                    lookAt);
        }
        if (!exited) {
            String hooks = after(ExitWitness.HOOKS_STILL_RUNNING);
            throw Feedback.fail("a shutdown hook ends", expected,
                    "the JVM began to shut down, but its process never ended: the test killed it. "
                            + (hooks != null ? "A shutdown hook never finished: " + hooks + "."
                                    : "A shutdown hook was still running.")
                            + " The JVM waits for every hook to end before it exits; the daemons it abandons"
                            + " never end by themselves, so a hook must not wait for them. Its output:"
                            + transcript(),
                    lookAt);
        }
        if (!printed(ExitWitness.SHUTDOWN_BEGAN)) {
            throw Feedback.fail("no Runtime.halt", expected,
                    "the JVM ended without running every shutdown hook (the test's own hook never reported)."
                            + " Either Runtime.halt (or a crash) stopped it dead, or a thread registered as a"
                            + " shutdown hook had already been started when the JVM came to start it at exit:"
                            + " the JVM then gives up on the remaining hooks. Let main return and hand the JVM"
                            + " an unstarted hook. Its output:" + transcript(),
                    lookAt);
        }
        if (exitCode != 0) {
            throw Feedback.fail(concept, expected,
                    "the JVM exited with code " + exitCode + ". Its output:" + transcript(), lookAt);
        }
    }
}
