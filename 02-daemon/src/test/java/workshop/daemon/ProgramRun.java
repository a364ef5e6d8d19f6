package workshop.daemon;

import java.time.Duration;
import java.util.List;
import workshop.testkit.ChildJvm;
import workshop.testkit.Feedback;

/**
 * Test harness, not part of the exercise: one run of a program in a child JVM, watched by
 * {@link ExitWitness}, with the checks every process-level test shares.
 */
final class ProgramRun {
    /** Starting a JVM on a busy machine can be slow; the wait that matters comes after main. */
    private static final Duration TO_MAIN_END = Duration.ofSeconds(7);

    /** One run per program and bound for the whole test JVM: several tests may look at the same run. */
    private static final java.util.Map<String, ProgramRun> RUNS = new java.util.HashMap<>();

    final ChildJvm.Result result;
    private final String program;
    private final Duration afterMain;

    private ProgramRun(Class<?> program, Duration afterMain) {
        this.program = program.getSimpleName();
        this.afterMain = afterMain;
        this.result = ChildJvm.runPast(ExitWitness.class, ExitWitness.MAIN_ENDED, TO_MAIN_END, afterMain,
                program.getName());
    }

    /**
     * Runs {@code program}'s main (once: a later call with the same arguments gets the same
     * run); waits at most {@code afterMain} after main ends for the JVM to exit.
     */
    static synchronized ProgramRun of(Class<?> program, Duration afterMain) {
        return RUNS.computeIfAbsent(program.getName() + "/" + afterMain, key -> new ProgramRun(program, afterMain));
    }

    List<String> lines() {
        return result.lines();
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

    String transcript() {
        StringBuilder out = new StringBuilder();
        for (String line : lines()) {
            out.append(System.lineSeparator()).append("        ").append(line);
        }
        return out.length() == 0 ? " (it printed nothing)" : out.toString();
    }

    private String stillRunning() {
        return lines().stream().filter(line -> line.startsWith(ExitWitness.STILL_RUNNING))
                .map(line -> line.substring(ExitWitness.STILL_RUNNING.length()))
                .findFirst().orElse("(unknown)");
    }

    /**
     * Fails unless main returned normally, the JVM then exited by itself (no System.exit, no
     * halt) within the bound, with exit code 0.
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
            throw Feedback.fail(result.exited() ? "no Runtime.halt" : concept, expected, result.exited()
                    ? "the JVM stopped dead before main returned, without running its shutdown hooks"
                            + " (Runtime.halt?). Its output:" + transcript()
                    : program + "'s main never finished (the test killed it after " + TO_MAIN_END.toSeconds()
                            + " s). Its output:" + transcript(),
                    lookAt);
        }
        if (!printed(ExitWitness.MAIN_RETURNED)) {
            throw Feedback.fail(concept, expected,
                    program + "'s main did not return normally. Its output:" + transcript(), lookAt);
        }
        // The witness's shutdown line shows the JVM began to exit by itself: on a busy machine the
        // process may take a moment longer to be gone, which is not the program's fault.
        if (!printed(ExitWitness.ON_ITS_OWN) && !result.exited()) {
            throw Feedback.fail(concept, expected,
                    "main returned, but the JVM was still running " + afterMain.toMillis()
                            + " ms later, so the test killed it. When main returned, these ordinary (non-daemon)"
                            + " threads were still running: " + stillRunning() + ". The JVM waits for every"
                            + " ordinary thread to end before it exits. Its output:" + transcript(),
                    lookAt);
        }
        if (!printed(ExitWitness.ON_ITS_OWN)) {
            throw Feedback.fail("no Runtime.halt", expected,
                    "the JVM ended without running its shutdown hooks: Runtime.halt (or a crash) stops it"
                            + " dead. Let main return and let the JVM decide. Its output:" + transcript(),
                    lookAt);
        }
        if (result.exited() && result.exitCode() != 0) {
            throw Feedback.fail(concept, expected,
                    "the JVM exited with code " + result.exitCode() + ". Its output:" + transcript(), lookAt);
        }
    }
}
