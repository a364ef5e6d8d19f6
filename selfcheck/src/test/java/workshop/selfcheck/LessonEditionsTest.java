package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every lesson (the root README.md and each exercise's) has a Korean edition, README.ko.md, in
 * step with it: the same headings (count, level, order), the same numbered lists per section
 * (the tasks), the same hints (task and hint numbers, which ./workshop hint reads from each
 * summary), and the same fenced code blocks, character for character. Only the prose is
 * translated. The instructors' part of the root README (between its "instructors" comments)
 * is left out: the Korean edition points to the English one there.
 */
@DisplayName("Every lesson's Korean edition is in step with the English one")
class LessonEditionsTest {

    static final String ENGLISH = "README.md";
    static final String KOREAN = "README.ko.md";

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})(.*)$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern NUMBERED_ITEM = Pattern.compile("^\\d+\\.\\s");
    private static final Pattern SUMMARY = Pattern.compile("<summary>(.*?)</summary>");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String INSTRUCTORS_START = "<!-- instructors: start -->";
    private static final String INSTRUCTORS_END = "<!-- instructors: end -->";

    private final Workshop workshop = Workshop.locate();

    @TestFactory
    Stream<DynamicTest> everyLessonHasAKoreanEditionInStep() {
        List<Path> folders = new ArrayList<>(List.of(workshop.root()));
        workshop.exercises().forEach(exercise -> folders.add(exercise.dir()));
        return folders.stream().map(folder -> DynamicTest.dynamicTest(name(folder, KOREAN), () -> {
            Path korean = folder.resolve(KOREAN);
            if (!Files.isRegularFile(korean)) {
                fail(name(folder, KOREAN) + " is missing: every lesson has a Korean edition beside "
                        + name(folder, ENGLISH) + ", with the same headings, tasks, hints and code blocks.");
            }
            List<String> problems = differences(read(folder.resolve(ENGLISH)), read(korean));
            if (!problems.isEmpty()) {
                fail(name(folder, KOREAN) + " and " + name(folder, ENGLISH) + " are out of step. Update the one"
                        + " that is behind (after a change to the English lesson, usually " + KOREAN + "):\n  - "
                        + String.join("\n  - ", problems));
            }
        }));
    }

    /** What a translation must keep: the outline of one edition. */
    record Outline(List<Heading> headings, Map<Integer, Integer> numberedItemsBySection, List<Hint> hints,
            List<Block> codeBlocks, List<String> lines) {}

    record Heading(int level, String text, int line) {
        @Override
        public String toString() {
            return "#".repeat(level) + " " + text + " (line " + line + ")";
        }
    }

    /** A hint's summary: its first two integers are the task and the hint number. */
    record Hint(String summary, int task, int hint, int line) {}

    /** A fenced code block: its info string (e.g. java), its lines, and the line its fence is on. */
    record Block(String info, String text, int line) {}

    static Outline outline(String markdown) {
        List<String> lines = List.of(markdown.replace("\r\n", "\n").split("\n", -1));
        List<Heading> headings = new ArrayList<>();
        Map<Integer, Integer> numbered = new LinkedHashMap<>();
        List<Hint> hints = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        String fence = null;
        int fenceIndent = 0;
        int blockLine = 0;
        String info = "";
        StringBuilder block = new StringBuilder();
        boolean instructors = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (fence != null) {
                if (closes(line, fence)) {
                    blocks.add(new Block(info, block.toString(), blockLine));
                    fence = null;
                } else {
                    block.append(line.length() >= fenceIndent && line.substring(0, fenceIndent).isBlank()
                            ? line.substring(fenceIndent) : line.strip()).append('\n');
                }
                continue;
            }
            if (line.contains(INSTRUCTORS_START)) {
                instructors = true;
            }
            if (instructors) {
                instructors = !line.contains(INSTRUCTORS_END);
                continue;
            }
            Matcher opening = FENCE.matcher(line);
            if (opening.matches()) {
                fence = opening.group(2);
                fenceIndent = opening.group(1).length();
                blockLine = lineNumber;
                info = opening.group(3).strip();
                block = new StringBuilder();
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                headings.add(new Heading(heading.group(1).length(), heading.group(2), lineNumber));
                continue;
            }
            if (NUMBERED_ITEM.matcher(line).find()) {
                numbered.merge(headings.size(), 1, Integer::sum);
            }
            Matcher summary = SUMMARY.matcher(line);
            while (summary.find()) {
                Matcher number = NUMBER.matcher(summary.group(1));
                int task = number.find() ? Integer.parseInt(number.group()) : -1;
                int hint = number.find() ? Integer.parseInt(number.group()) : -1;
                hints.add(new Hint(summary.group(1), task, hint, lineNumber));
            }
        }
        return new Outline(headings, numbered, hints, blocks, lines);
    }

    /** A closing fence: the opening's characters, at least as many, and nothing else. */
    private static boolean closes(String line, String fence) {
        String stripped = line.strip();
        return stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** What differs between the two editions, each said so that one knows what to change where. */
    static List<String> differences(String englishText, String koreanText) {
        Outline english = outline(englishText);
        Outline korean = outline(koreanText);
        List<String> problems = new ArrayList<>();
        links(english, KOREAN, ENGLISH, problems);
        links(korean, ENGLISH, KOREAN, problems);
        hintNumbering(english, ENGLISH, problems);
        hintNumbering(korean, KOREAN, problems);
        headings(english, korean, problems);
        if (problems.stream().noneMatch(p -> p.startsWith("heading"))) {
            numberedItems(english, korean, problems); // compared section by section: needs the same headings
        }
        hints(english, korean, problems);
        codeBlocks(english, korean, problems);
        return problems;
    }

    private static void links(Outline edition, String other, String self, List<String> problems) {
        boolean linked = edition.lines().stream().limit(10).anyMatch(line -> line.contains("](" + other + ")"));
        if (!linked) {
            problems.add(self + " must link to " + other + " near its top, e.g. [" + (other.equals(KOREAN)
                    ? "한국어" : "English") + "](" + other + ").");
        }
    }

    private static void hintNumbering(Outline edition, String file, List<String> problems) {
        Map<Integer, Integer> lastHint = new LinkedHashMap<>();
        for (Hint hint : edition.hints()) {
            if (hint.task() < 0 || hint.hint() < 0) {
                problems.add(file + " line " + hint.line() + ": the summary \"" + hint.summary() + "\" must start with"
                        + " its task and hint number (\"Task 2, hint 1: ...\", \"과제 2, 힌트 1: ...\"): ./workshop hint"
                        + " reads the first two numbers.");
            } else if (hint.hint() != lastHint.getOrDefault(hint.task(), 0) + 1) {
                problems.add(file + " line " + hint.line() + ": \"" + hint.summary() + "\" should be hint "
                        + (lastHint.getOrDefault(hint.task(), 0) + 1) + " of task " + hint.task()
                        + ": a task's hints are numbered 1, 2, ... in the order they appear.");
            } else {
                lastHint.put(hint.task(), hint.hint());
            }
        }
    }

    private static void headings(Outline english, Outline korean, List<String> problems) {
        List<Heading> en = english.headings();
        List<Heading> ko = korean.headings();
        for (int i = 0; i < Math.max(en.size(), ko.size()); i++) {
            Heading e = i < en.size() ? en.get(i) : null;
            Heading k = i < ko.size() ? ko.get(i) : null;
            if (e == null || k == null || e.level() != k.level()) {
                problems.add("heading " + (i + 1) + ": " + ENGLISH + " has " + (e == null ? "no more headings" : e)
                        + ", " + KOREAN + " has " + (k == null ? "no more headings" : k) + ". Both editions have the"
                        + " same headings at the same levels in the same order (" + en.size() + " in " + ENGLISH
                        + ", " + ko.size() + " in " + KOREAN + ").");
                return;
            }
        }
    }

    private static void numberedItems(Outline english, Outline korean, List<String> problems) {
        for (int section = 0; section <= english.headings().size(); section++) {
            int en = english.numberedItemsBySection().getOrDefault(section, 0);
            int ko = korean.numberedItemsBySection().getOrDefault(section, 0);
            if (en != ko) {
                problems.add("section " + (section == 0 ? "before the first heading" : english.headings().get(section - 1)
                        + " / " + korean.headings().get(section - 1)) + ": " + en + " numbered items (tasks, steps) in "
                        + ENGLISH + ", " + ko + " in " + KOREAN + ".");
            }
        }
    }

    private static void hints(Outline english, Outline korean, List<String> problems) {
        List<String> en = english.hints().stream().map(h -> h.task() + "." + h.hint()).toList();
        List<String> ko = korean.hints().stream().map(h -> h.task() + "." + h.hint()).toList();
        if (!en.equals(ko)) {
            problems.add("hints: " + ENGLISH + " has " + describe(english.hints()) + ", " + KOREAN + " has "
                    + describe(korean.hints()) + ". Both have the same hints for the same tasks, in the same order.");
        }
    }

    private static String describe(List<Hint> hints) {
        Map<Integer, Integer> perTask = new LinkedHashMap<>();
        hints.forEach(h -> perTask.merge(h.task(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        perTask.forEach((task, count) -> parts.add("task " + task + ": " + count));
        return hints.size() + " hints (" + String.join(", ", parts) + ")";
    }

    private static void codeBlocks(Outline english, Outline korean, List<String> problems) {
        List<Block> en = english.codeBlocks();
        List<Block> ko = korean.codeBlocks();
        for (int i = 0; i < Math.min(en.size(), ko.size()); i++) {
            Block e = en.get(i);
            Block k = ko.get(i);
            if (!e.text().equals(k.text()) || !e.info().equals(k.info())) {
                String difference = e.info().equals(k.info()) ? firstDifference(e.text(), k.text())
                        : "its language is \"" + e.info() + "\" in " + ENGLISH + " and \"" + k.info() + "\" in " + KOREAN;
                problems.add("code block " + (i + 1) + " (" + ENGLISH + " line " + e.line() + ", " + KOREAN
                        + " line " + k.line() + ") differs: " + difference
                        + ". Code blocks (code, commands, output, diagrams) are the same in both editions:"
                        + " copy the block from the edition you changed into the other.");
                return; // one at a time: a missing block shifts all the others
            }
        }
        if (en.size() != ko.size()) {
            List<Block> longer = en.size() > ko.size() ? en : ko;
            Block extra = longer.get(Math.min(en.size(), ko.size()));
            problems.add(ENGLISH + " has " + en.size() + " code blocks, " + KOREAN + " " + ko.size() + "; the first"
                    + " one only in " + (longer == en ? ENGLISH : KOREAN) + " is at its line " + extra.line() + ": "
                    + firstLine(extra.text()) + ". Code blocks are the same in both editions.");
        }
    }

    private static String firstDifference(String english, String korean) {
        String[] en = english.split("\n", -1);
        String[] ko = korean.split("\n", -1);
        for (int i = 0; i < Math.max(en.length, ko.length); i++) {
            String e = i < en.length ? en[i] : "(nothing)";
            String k = i < ko.length ? ko[i] : "(nothing)";
            if (!e.equals(k)) {
                return "in its line " + (i + 1) + ", " + ENGLISH + " has \"" + e + "\" and " + KOREAN + " \"" + k + "\"";
            }
        }
        return "in its line endings";
    }

    private static String firstLine(String block) {
        return block.isEmpty() ? "(empty)" : "\"" + block.split("\n")[0] + "\"";
    }

    private String name(Path folder, String file) {
        return workshop.root().relativize(folder.resolve(file)).toString().replace('\\', '/');
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    // ---- the checker itself, on small lessons ------------------------------------------------

    private static final String LESSON = """
            # 01 · Threads

            [한국어](README.ko.md)

            ## Your tasks

            1. **Start** — do it.
            2. **Join** — wait.

            ```
            ./workshop demo 01-threads
            ```

            ## Hints

            <details><summary>Task 1, hint 1</summary>
            nudge
            </details>
            <details><summary>Task 1, hint 2: nearly the answer</summary>

            ```java
            thread.start();
            ```
            </details>
            """;

    private static final String TRANSLATION = """
            # 01 · 스레드

            [English](README.md)

            ## 과제

            1. **시작** — 하세요.
            2. **조인** — 기다리세요.

            ```
            ./workshop demo 01-threads
            ```

            ## 힌트

            <details><summary>과제 1, 힌트 1</summary>
            살짝
            </details>
            <details><summary>과제 1, 힌트 2: 거의 답</summary>

            ```java
            thread.start();
            ```
            </details>
            """;

    @Test
    @DisplayName("a faithful translation is in step")
    void aTranslationIsInStep() {
        assertEquals(List.of(), differences(LESSON, TRANSLATION));
    }

    @Test
    @DisplayName("a changed code block, a missing task, heading or hint is named, with where to look")
    void eachDifferenceIsNamed() {
        assertOne(differences(LESSON.replace("demo 01-threads", "demo 01-threads Worker"), TRANSLATION),
                "code block 1", "line 10", "./workshop demo 01-threads Worker");
        assertOne(differences(LESSON.replace("2. **Join** — wait.\n", ""), TRANSLATION),
                "1 numbered items", "2 in README.ko.md");
        assertOne(differences(LESSON.replace("## Hints", "### Hints"), TRANSLATION), "heading 3", "### Hints");
        String oneHintLess = TRANSLATION.replace("<details><summary>과제 1, 힌트 1</summary>\n살짝\n</details>\n", "")
                .replace("힌트 2", "힌트 1");
        assertOne(differences(LESSON, oneHintLess), "hints:", "2 hints (task 1: 2)", "1 hints (task 1: 1)");
    }

    @Test
    @DisplayName("a hint summary without its task and hint number, or out of order, is named")
    void hintSummariesCarryTheirNumbers() {
        assertSome(differences(LESSON.replace("Task 1, hint 2: nearly", "Nearly"), TRANSLATION),
                "README.md line 19", "must start with");
        assertSome(differences(LESSON.replace("Task 1, hint 2", "Task 1, hint 3"),
                TRANSLATION.replace("과제 1, 힌트 2", "과제 1, 힌트 3")), "should be hint 2 of task 1");
    }

    @Test
    @DisplayName("each edition links to the other")
    void theEditionsLinkToEachOther() {
        assertOne(differences(LESSON.replace("[한국어](README.ko.md)", ""), TRANSLATION),
                "README.md must link to README.ko.md");
    }

    private static void assertOne(List<String> problems, String... parts) {
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        assertSome(problems, parts);
    }

    private static void assertSome(List<String> problems, String... parts) {
        assertTrue(problems.stream().anyMatch(p -> Stream.of(parts).allMatch(p::contains)),
                () -> "expected a problem naming " + List.of(parts) + ", got " + problems);
    }
}
