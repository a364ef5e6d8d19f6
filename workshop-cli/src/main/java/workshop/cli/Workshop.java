package workshop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The learner's checkout as the CLI sees it: the exercise modules ({@code NN-name} with a pom),
 * their tasks, and their lessons. A module's tasks are read from its test classes' display
 * names ({@code @DisplayName("Task 1: ...")}), so the checklist says what the tests say.
 */
final class Workshop {

    /** A task: its number as the tests write it ("1", "2a"), its title, and the test classes that check it. */
    record Task(String id, String title, List<String> testClasses) {
        String label() {
            return "Task " + id + ": " + title;
        }
    }

    /** An exercise module. */
    record Exercise(String name, Path dir, List<Task> tasks) {
        Path mainSources() {
            return dir.resolve("src/main/java");
        }

        /** Classes given to the learner, compiled with theirs (absent before the layout of issue 12). */
        Path givenSources() {
            return dir.resolve("src/given/java");
        }

        Path testSources() {
            return dir.resolve("src/test/java");
        }

        /** Where the CLI keeps what it compiles and runs, beside Maven's output. */
        Path work() {
            return dir.resolve("target/workshop");
        }

        Optional<Task> task(String id) {
            return tasks.stream().filter(task -> task.id().equalsIgnoreCase(id)).findFirst();
        }
    }

    private static final Pattern MODULE = Pattern.compile("\\d\\d-[a-z0-9-]+");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    /** A class-level display name "Task N: ...": the annotation, then (other annotations and) the class. */
    private static final Pattern TASK_CLASS = Pattern.compile(
            "@DisplayName\\(\\s*\"Task\\s+(\\d+[a-z]?)\\s*:\\s*((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)\\s*"
                    + "(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*(?:(?:public|final|abstract|static)\\s+)*class\\s+(\\w+)");

    private final Path root;
    private final String lang;
    private List<Exercise> exercises;

    /** @param lang a language code ("ko") whose lessons ({@code README.ko.md}) are read where they exist */
    Workshop(Path root, String lang) {
        this.root = root;
        this.lang = lang;
    }

    Path root() {
        return root;
    }

    String lang() {
        return lang;
    }

    /** The exercise modules in order, each with its tasks in task order. */
    synchronized List<Exercise> exercises() {
        if (exercises == null) {
            List<Exercise> found = new ArrayList<>();
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(d -> MODULE.matcher(d.getFileName().toString()).matches())
                        .filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).sorted().toList()) {
                    found.add(new Exercise(dir.getFileName().toString(), dir, tasks(dir.resolve("src/test/java"))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            exercises = List.copyOf(found);
        }
        return exercises;
    }

    /** The module named {@code name}, or by its number ("01", "1") or the rest of its name ("threads"). */
    Optional<Exercise> exercise(String name) {
        for (Exercise exercise : exercises()) {
            String full = exercise.name();
            String number = full.substring(0, 2);
            if (full.equals(name) || number.equals(name) || full.substring(3).equals(name)
                    || (name.matches("\\d") && number.equals("0" + name))) {
                return Optional.of(exercise);
            }
        }
        return Optional.empty();
    }

    int totalTasks() {
        return exercises().stream().mapToInt(e -> e.tasks().size()).sum();
    }

    /** The tasks named by the test classes under {@code testSources}, in task order. */
    static List<Task> tasks(Path testSources) {
        Map<String, List<String>> classes = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        if (!Files.isDirectory(testSources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(testSources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(text);
                String prefix = pkg.find() ? pkg.group(1) + "." : "";
                Matcher task = TASK_CLASS.matcher(text);
                while (task.find()) {
                    String id = task.group(1);
                    titles.putIfAbsent(id, unescape(task.group(2)));
                    classes.computeIfAbsent(id, k -> new ArrayList<>()).add(prefix + task.group(3));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes.keySet().stream().sorted(TASK_ORDER)
                .map(id -> new Task(id, titles.get(id), List.copyOf(classes.get(id)))).toList();
    }

    /** "2" before "2a" before "2b" before "10". */
    static final Comparator<String> TASK_ORDER = Comparator
            .comparingInt((String id) -> Integer.parseInt(id.replaceAll("\\D.*", "")))
            .thenComparing(id -> id.replaceAll("^\\d+", ""));

    private static String unescape(String literal) {
        return literal.replaceAll("\\\\(.)", "$1");
    }

    /** The lesson of {@code exercise} in the chosen language where it exists, else the English one. */
    Path lesson(Exercise exercise) {
        if (lang != null && !lang.isBlank() && !lang.equals("en")) {
            Path translated = exercise.dir().resolve("README." + lang + ".md");
            if (Files.isRegularFile(translated)) {
                return translated;
            }
        }
        return exercise.dir().resolve("README.md");
    }

    /** The lesson's title: its first heading ("01 · Threads: start and join"), or the module's name. */
    String title(Exercise exercise) {
        try (Stream<String> lines = Files.lines(lesson(exercise), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.startsWith("# ")).findFirst().map(line -> line.substring(2).strip())
                    .orElse(exercise.name());
        } catch (IOException | UncheckedIOException e) {
            return exercise.name();
        }
    }

    /** The lesson's hints for {@code taskId}, in ladder order. */
    List<Hints.Hint> hints(Exercise exercise, String taskId) {
        try {
            List<Hints.Hint> all = Hints.parse(Files.readString(lesson(exercise), StandardCharsets.UTF_8));
            List<Hints.Hint> exact = all.stream().filter(hint -> hint.task().equalsIgnoreCase(taskId)).toList();
            // A lesson may give task 2's hints for tasks 2a and 2b together.
            String number = taskId.replaceAll("\\D+$", "");
            return exact.isEmpty() ? all.stream().filter(hint -> hint.task().equals(number)).toList() : exact;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The language to use: {@code --lang}, else the system's. */
    static String language(String chosen) {
        return chosen != null ? chosen.toLowerCase(Locale.ROOT) : Locale.getDefault().getLanguage();
    }
}
