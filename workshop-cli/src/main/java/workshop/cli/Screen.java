package workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import workshop.cli.Runner.Outcome;
import workshop.cli.Runner.TestResult;
import workshop.cli.Workshop.Exercise;
import workshop.cli.Workshop.Task;

/**
 * What the learner sees: a progress bar over every task of every exercise, the current
 * exercise's tasks as a checklist in task order, and the first failing test's message in full.
 * Pure text (ANSI colours only when asked), so check mode, watch mode and the tests share it.
 */
final class Screen {

    /** What to show. {@code outcome} is null before the first run; {@code below} is shown after the message (a hint, a note). */
    record View(Workshop workshop, Progress progress, Exercise exercise, Outcome outcome, List<String> below,
            List<String> footer) {}

    private final int width;
    private final boolean colour;

    Screen(int width, boolean colour) {
        this.width = Math.max(40, width);
        this.colour = colour;
    }

    List<String> render(View view) {
        List<String> lines = new ArrayList<>();
        Workshop workshop = view.workshop();
        Exercise exercise = view.exercise();
        int total = workshop.totalTasks();
        int done = view.progress().tasksDone(workshop.exercises());
        lines.add(bold("Concurrency workshop") + "  " + bar(done, total, Math.min(30, width - 40)) + "  " + done + " of "
                + total + " tasks done");
        lines.add("");

        Outcome outcome = view.outcome();
        String summary = outcome == null ? "not run yet" : switch (outcome.verdict()) {
            case GREEN -> green("all " + outcome.tests().size() + " tests pass");
            case RED -> red(passed(outcome) + " of " + outcome.tests().size() + " tests pass");
            case COMPILE_ERROR -> red("does not compile");
            case COULD_NOT_RUN -> red("could not run");
        };
        lines.add(bold(workshop.title(exercise)) + "   (" + exercise.name() + ", " + summary + ")");
        Set<String> green = view.progress().green(exercise);
        for (Task task : exercise.tasks()) {
            List<TestResult> tests = outcome == null ? List.of() : outcome.tests().stream()
                    .filter(t -> task.testClasses().contains(t.className())).toList();
            long passing = tests.stream().filter(TestResult::passed).count();
            boolean ok = tests.isEmpty() ? green.contains(task.id()) : passing == tests.size();
            String mark = ok ? green("[x]") : red("[ ]");
            String partly = !ok && passing > 0 ? "  (" + passing + " of " + tests.size() + " tests pass)" : "";
            lines.addAll(wrap("  " + mark + " " + task.label() + partly, "        "));
        }
        lines.add("");

        if (outcome != null) {
            switch (outcome.verdict()) {
                case COMPILE_ERROR -> {
                    lines.add(red("Your code does not compile") + " (the tests cannot run until it does):");
                    outcome.problem().lines().forEach(l -> lines.addAll(wrap(l, "    ")));
                }
                case COULD_NOT_RUN -> {
                    lines.add(red("The tests could not run:"));
                    outcome.problem().lines().forEach(l -> lines.addAll(wrap(l, "    ")));
                }
                case GREEN -> lines.add(green("Every test passes") + ": " + exercise.name() + " is done.");
                case RED -> {
                    TestResult first = outcome.firstFailure().orElseThrow();
                    String task = first.classDisplayName().isBlank() ? first.simpleClassName() : first.classDisplayName();
                    lines.addAll(wrap(red("First failure") + " in " + task + ":", "    "));
                    lines.addAll(wrap("  " + first.displayName(), "    "));
                    lines.add("");
                    first.message().lines().forEach(l -> lines.addAll(wrap(l, indentOf(l) + "    ")));
                }
            }
            lines.add("");
        }
        if (!view.below().isEmpty()) {
            view.below().forEach(l -> lines.addAll(wrap(l, indentOf(l))));
            lines.add("");
        }
        view.footer().forEach(l -> lines.addAll(wrap(l, "  ")));
        return lines;
    }

    private static long passed(Outcome outcome) {
        return outcome.tests().stream().filter(TestResult::passed).count();
    }

    static String bar(int done, int total, int size) {
        int filled = total == 0 ? 0 : Math.round((float) size * done / total);
        return "[" + "#".repeat(filled) + "-".repeat(size - filled) + "]";
    }

    /** Breaks a line wider than the screen at spaces; continuation lines get {@code indent}. */
    List<String> wrap(String line, String indent) {
        List<String> out = new ArrayList<>();
        String rest = line;
        while (visibleLength(rest) > width) {
            int cut = breakPoint(rest, width);
            if (cut <= indent.length()) {
                break;
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = indent + rest.substring(cut).stripLeading();
        }
        out.add(rest);
        return out;
    }

    /** The last space at which the visible text is at most {@code max} wide (colour codes take no room). */
    private static int breakPoint(String text, int max) {
        int visible = 0;
        int lastSpace = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u001b') {
                int end = text.indexOf('m', i);
                i = end < 0 ? i : end;
                continue;
            }
            if (visible >= max) {
                return lastSpace > 0 ? lastSpace : i;
            }
            if (c == ' ') {
                lastSpace = i;
            }
            visible++;
        }
        return text.length();
    }

    static int visibleLength(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    private static String indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return " ".repeat(Math.min(i, 12));
    }

    String bold(String text) {
        return colour ? "\u001b[1m" + text + "\u001b[0m" : text;
    }

    String green(String text) {
        return colour ? "\u001b[32m" + text + "\u001b[0m" : text;
    }

    String red(String text) {
        return colour ? "\u001b[31m" + text + "\u001b[0m" : text;
    }

    /** Which tasks an outcome shows green. */
    static Set<String> greenTasks(Exercise exercise, Outcome outcome) {
        Set<String> green = new java.util.LinkedHashSet<>();
        for (Task task : exercise.tasks()) {
            List<TestResult> tests = outcome.tests().stream().filter(t -> task.testClasses().contains(t.className())).toList();
            if (!tests.isEmpty() && tests.stream().allMatch(TestResult::passed)) {
                green.add(task.id());
            }
        }
        return green;
    }
}
