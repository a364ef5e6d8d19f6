package workshop.grader;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Maven's output into a few progress lines per module. */
final class Progress implements Consumer<String> {
    private static final Pattern RUNNING = Pattern.compile("^\\[INFO\\] Running (.+)$");
    private static final Pattern CLASS_DONE = Pattern.compile(
            "^\\[(?:INFO|ERROR|WARNING)\\] Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+),"
                    + " Time elapsed: ([\\d.,]+) s.*?-- in (.+)$");

    private final PrintStream out;
    private final Map<String, String> exercises;
    private final boolean verbose;
    private final int forkTimeout;
    private String module;

    Progress(PrintStream out, Map<String, String> exercisesByArtifact, boolean verbose, int forkTimeout) {
        this.out = out;
        this.exercises = exercisesByArtifact;
        this.verbose = verbose;
        this.forkTimeout = forkTimeout;
    }

    @Override
    public void accept(String line) {
        if (verbose) {
            out.println(line);
            return;
        }
        Matcher section = MavenLog.SECTION.matcher(line);
        if (section.matches()) {
            module = exercises.get(section.group(1));
            out.println(module != null ? "[grade] " + module : "[grade] preparing " + section.group(1));
            return;
        }
        if (module == null) {
            return;
        }
        Matcher running = RUNNING.matcher(line);
        Matcher done = CLASS_DONE.matcher(line);
        if (running.matches()) {
            out.println("[grade]   running: " + running.group(1));
        } else if (done.matches()) {
            int total = Integer.parseInt(done.group(1));
            int bad = Integer.parseInt(done.group(2)) + Integer.parseInt(done.group(3)) + Integer.parseInt(done.group(4));
            out.println("[grade]     " + (total - bad) + " of " + total + " passed (" + done.group(5) + " s)");
        } else if (line.contains("COMPILATION ERROR")) {
            out.println("[grade]   does not compile");
        } else if (line.contains("There was a timeout in the fork")) {
            out.println("[grade]   stopped: the tests ran longer than " + forkTimeout + " s");
        } else if (line.contains("The forked VM terminated without properly saying goodbye")) {
            out.println("[grade]   stopped: the test JVM exited");
        }
    }
}
