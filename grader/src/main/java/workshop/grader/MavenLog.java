package workshop.grader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Maven run said about each module: whether it was built, and why it failed (compile
 * error, a test JVM that timed out or exited, anything else), with the compiler's messages.
 */
final class MavenLog implements java.util.function.Consumer<String> {
    static final Pattern SECTION = Pattern.compile("^\\[INFO\\] -+< [^:\\s]+:([^\\s>]+) >-+\\s*$");
    private static final Pattern FAILED_GOAL =
            Pattern.compile("^\\[ERROR\\] Failed to execute goal (\\S+).*? on project ([^:\\s]+): ?(.*)$");
    private static final Pattern COMPILER_MESSAGE = Pattern.compile("^\\[ERROR\\] (.+\\.java):\\[(\\d+),(\\d+)\\] (.*)$");

    enum Failure { NONE, NOT_BUILT, COMPILE_ERROR, FORK_TIMEOUT, FORK_CRASH, OTHER }

    /** What happened to one module; {@code detail} is the compiler's messages or Maven's error. */
    record ModuleOutcome(Failure failure, String detail) {}

    /** Bounds: test output shares this log, and a flood of it must not fill memory. */
    private static final int MAX_SECTION_LINES = 5_000;
    private static final int MAX_SECTIONS = 200;

    private final Map<String, List<String>> sections = new LinkedHashMap<>();
    private final Map<String, List<String>> failedGoals = new LinkedHashMap<>();
    private boolean finished;
    private String current;
    private String failing;

    MavenLog() {}

    MavenLog(List<String> lines) {
        lines.forEach(this::accept);
    }

    /** Reads one more line of Maven's output. */
    @Override
    public void accept(String line) {
        Matcher section = SECTION.matcher(line);
        if (section.matches()) {
            current = section.group(1);
            if (sections.size() < MAX_SECTIONS || sections.containsKey(current)) {
                sections.put(current, new ArrayList<>());
            } else {
                current = null;
            }
            return;
        }
        if (line.startsWith("[INFO] BUILD SUCCESS") || line.startsWith("[INFO] BUILD FAILURE")) {
            finished = true;
            current = null;
        }
        Matcher goal = FAILED_GOAL.matcher(line);
        if (goal.matches()) {
            failing = goal.group(2);
            if (failedGoals.size() < MAX_SECTIONS || failedGoals.containsKey(failing)) {
                failedGoals.computeIfAbsent(failing, k -> new ArrayList<>()).add(goal.group(1) + ": " + goal.group(3));
            } else {
                failing = null;
            }
            return;
        }
        if (failing != null) {
            if (line.startsWith("[ERROR] -> [Help") || line.startsWith("[ERROR] After correcting")
                    || line.startsWith("[ERROR] Re-run Maven")) {
                failing = null;
            } else if (!line.startsWith("[ERROR] \tat ") && failedGoals.get(failing).size() < MAX_SECTION_LINES) {
                failedGoals.get(failing).add(line.replaceFirst("^\\[ERROR\\] ?", ""));
            }
        }
        if (current != null && sections.get(current).size() < MAX_SECTION_LINES) {
            sections.get(current).add(line);
        }
    }

    /** Whether Maven got as far as its final BUILD SUCCESS / BUILD FAILURE. */
    boolean finished() {
        return finished;
    }

    boolean built(String artifactId) {
        return sections.containsKey(artifactId);
    }

    ModuleOutcome outcome(String artifactId, String workspacePrefix) {
        List<String> section = sections.get(artifactId);
        List<String> failed = failedGoals.getOrDefault(artifactId, List.of());
        if (section == null) {
            return new ModuleOutcome(Failure.NOT_BUILT, failed.isEmpty()
                    ? "not built: a module it depends on failed (see target/grade/maven.log)"
                    : String.join("\n", failed));
        }
        List<String> compiler = compilerMessages(section, workspacePrefix);
        String failedText = String.join("\n", failed);
        if (!compiler.isEmpty() || failedText.contains("Compilation failure")) {
            return new ModuleOutcome(Failure.COMPILE_ERROR,
                    compiler.isEmpty() ? failedText : String.join("\n", compiler));
        }
        String all = String.join("\n", section) + "\n" + failedText;
        if (all.contains("There was a timeout in the fork") || all.contains("timeout or other error in the fork")) {
            return new ModuleOutcome(Failure.FORK_TIMEOUT, "");
        }
        if (all.contains("The forked VM terminated without properly saying goodbye") || all.contains("Crashed tests:")) {
            Matcher code = Pattern.compile("Process Exit Code: (-?\\d+)").matcher(all);
            return new ModuleOutcome(Failure.FORK_CRASH, code.find() ? "exit code " + code.group(1) : "");
        }
        if (!failed.isEmpty()) {
            return new ModuleOutcome(Failure.OTHER, firstLines(failed, 5));
        }
        return new ModuleOutcome(Failure.NONE, "");
    }

    /** "path/File.java:[12,5] message" lines (with their indented continuation lines), paths made relative. */
    static List<String> compilerMessages(List<String> section, String workspacePrefix) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < section.size(); i++) {
            Matcher m = COMPILER_MESSAGE.matcher(section.get(i));
            if (!m.matches()) {
                continue;
            }
            String path = m.group(1).replace('\\', '/');
            String prefix = workspacePrefix.replace('\\', '/');
            if (!prefix.isEmpty() && path.startsWith(prefix)) {
                path = path.substring(prefix.length()).replaceFirst("^/", "");
            }
            StringBuilder message = new StringBuilder(path + ":" + m.group(2) + ": " + m.group(4));
            while (i + 1 < section.size() && !section.get(i + 1).startsWith("[")) {
                message.append("\n  ").append(section.get(++i).strip());
            }
            String text = message.toString();
            if (!messages.contains(text)) {
                messages.add(text);
            }
        }
        return messages;
    }

    private static String firstLines(List<String> lines, int max) {
        return String.join("\n", lines.stream().filter(l -> !l.isBlank()).limit(max).toList());
    }
}
