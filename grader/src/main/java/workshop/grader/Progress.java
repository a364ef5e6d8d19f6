package workshop.grader;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few progress lines from Maven's output while the tests run. That output carries the
 * students' test output too, so it is only shown, never trusted: nothing here parses a number
 * or decides a score (a fake "[INFO] Tests run: 99999999999" line is just a line).
 */
final class Progress implements Consumer<String> {
    private static final Pattern RUNNING = Pattern.compile("^\\[INFO\\] Running (.{1,200})$");

    private final PrintStream out;
    private final String label;
    private final Map<String, String> exercises;
    private final boolean verbose;
    private String module;

    Progress(PrintStream out, String label, Map<String, String> exercisesByArtifact, boolean verbose) {
        this.out = out;
        this.label = label.isEmpty() ? "" : label + ": ";
        this.exercises = exercisesByArtifact;
        this.verbose = verbose;
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
            if (module != null) {
                out.println("[grade] " + label + module);
            }
            return;
        }
        if (module != null && label.isEmpty()) {
            Matcher running = RUNNING.matcher(line);
            if (running.matches()) {
                out.println("[grade]   running: " + running.group(1));
            }
        }
    }
}
