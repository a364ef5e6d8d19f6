package workshop.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lesson's hint ladder: the {@code <details><summary>...</summary>...</details>} blocks under
 * its hints heading. In a summary, in every language, the first number is the task ("1", "2a")
 * and the second, if any, the hint's rung; without one, the rungs go in the order written.
 */
final class Hints {

    record Hint(String task, int rung, String summary, String text) {}

    private static final Pattern HEADING = Pattern.compile("(?m)^## .*$");
    private static final Pattern DETAILS = Pattern.compile(
            "<details>\\s*<summary>(.*?)</summary>(.*?)</details>", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("(\\d+)([a-z]?)(?![a-z\\d])");

    private Hints() {}

    /** Every hint of a lesson, each task's in ladder order. */
    static List<Hint> parse(String lesson) {
        String section = hintsSection(lesson);
        List<Hint> hints = new ArrayList<>();
        Matcher block = DETAILS.matcher(section);
        while (block.find()) {
            String summary = block.group(1).strip();
            Matcher number = NUMBER.matcher(summary);
            if (!number.find()) {
                continue;
            }
            String task = number.group(1) + number.group(2);
            int rung = number.find() ? Integer.parseInt(number.group(1)) : 0;
            hints.add(new Hint(task, rung, summary, block.group(2).strip()));
        }
        List<Hint> ordered = new ArrayList<>(hints);
        // Numbered rungs in their order; unnumbered ones keep the order written (a stable sort).
        ordered.sort(Comparator.comparingInt(Hint::rung));
        return ordered.stream().anyMatch(h -> h.rung() == 0) ? hints : ordered;
    }

    /** The part under the heading that names hints ("## Hints", "## 힌트"), or the whole text. */
    private static String hintsSection(String lesson) {
        Matcher heading = HEADING.matcher(lesson);
        while (heading.find()) {
            String title = heading.group().toLowerCase();
            if (title.contains("hint") || title.contains("힌트")) {
                int start = heading.end();
                Matcher next = HEADING.matcher(lesson);
                int end = next.find(start) ? next.start() : lesson.length();
                return lesson.substring(start, end);
            }
        }
        return lesson;
    }
}
