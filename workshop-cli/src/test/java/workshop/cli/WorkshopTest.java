package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.cli.Workshop.Exercise;
import workshop.cli.Workshop.Task;

/** The checkout as ./workshop reads it: exercises, their tasks from the tests, their lessons. */
class WorkshopTest {

    private final Workshop workshop = new Workshop(Path.of("..").toAbsolutePath().normalize(), "en");

    @Test
    @DisplayName("every exercise has tasks, read from its test classes' display names, in task order")
    void tasksFromTheTests() {
        List<Exercise> exercises = workshop.exercises();

        assertThat(exercises).extracting(Exercise::name).startsWith("01-threads").isSorted();
        assertThat(exercises).allSatisfy(e -> assertThat(e.tasks()).as(e.name()).isNotEmpty()
                .extracting(Task::id).isSortedAccordingTo(Workshop.TASK_ORDER));
        assertThat(workshop.exercise("01").orElseThrow().tasks().get(0).label())
                .isEqualTo("Task 1: start() runs the worker on a new thread");
        assertThat(workshop.exercise("05-locks").orElseThrow().tasks()).extracting(Task::id).contains("2a", "2b");
    }

    @Test
    @DisplayName("a module is found by its folder name, its number, or the rest of its name")
    void moduleNames() {
        assertThat(workshop.exercise("02-daemon")).isPresent();
        assertThat(workshop.exercise("02")).isEqualTo(workshop.exercise("02-daemon"));
        assertThat(workshop.exercise("2")).isEqualTo(workshop.exercise("02-daemon"));
        assertThat(workshop.exercise("daemon")).isEqualTo(workshop.exercise("02-daemon"));
        assertThat(workshop.exercise("99")).isEmpty();
    }

    @Test
    @DisplayName("every lesson has a title and hints for its first task")
    void lessons() {
        for (Exercise exercise : workshop.exercises()) {
            assertThat(workshop.title(exercise)).as(exercise.name()).startsWith(exercise.name().substring(0, 2));
            assertThat(workshop.hints(exercise, exercise.tasks().get(0).id())).as(exercise.name()).isNotEmpty();
        }
    }

    @Test
    @DisplayName("--lang ko takes the title and hints from README.ko.md where one exists, else from README.md")
    void koreanLesson(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
        Path module = Files.createDirectories(root.resolve("01-threads"));
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Path tests = Files.createDirectories(module.resolve("src/test/java/workshop/threads"));
        Files.writeString(tests.resolve("StartTest.java"), """
                package workshop.threads;
                @DisplayName("Task 1: start() starts")
                class StartTest {}
                """);
        Files.writeString(module.resolve("README.md"), "# 01 · Threads\n\n## Hints\n\n"
                + "<details><summary>Task 1, hint 1</summary>english</details>\n");
        Workshop english = new Workshop(root, "en");
        Exercise exercise = english.exercise("01").orElseThrow();
        Workshop korean = new Workshop(root, "ko");
        assertThat(korean.title(exercise)).isEqualTo("01 · Threads");

        Files.writeString(module.resolve("README.ko.md"), "# 01 · 스레드\n\n## 힌트\n\n"
                + "<details><summary>과제 1, 힌트 1</summary>한국어</details>\n");

        assertThat(korean.title(exercise)).isEqualTo("01 · 스레드");
        assertThat(korean.hints(exercise, "1")).extracting(Hints.Hint::text).containsExactly("한국어");
        assertThat(english.hints(exercise, "1")).extracting(Hints.Hint::text).containsExactly("english");
    }

    @Test
    @DisplayName("workshop-cli gives an exercise's code and tests the dependencies exercise-parent gives it")
    void sameDependenciesAsEveryExercise() throws IOException {
        assertThat(dependencies(Path.of("pom.xml"))).containsAll(dependencies(Path.of("../exercise-parent/pom.xml"))
                .stream().map(d -> d.replace(":compile", ":runtime").replace(":test", ":runtime")).toList());
    }

    /** artifactId:scope of each dependency a pom declares. */
    private static List<String> dependencies(Path pom) throws IOException {
        String text = Files.readString(pom);
        String declared = text.substring(text.indexOf("<dependencies>"), text.indexOf("</dependencies>"));
        Matcher dependency = Pattern.compile("<artifactId>([^<]+)</artifactId>(?:\\s*<scope>([^<]+)</scope>)?")
                .matcher(declared);
        List<String> found = new java.util.ArrayList<>();
        while (dependency.find()) {
            found.add(dependency.group(1) + ":" + (dependency.group(2) == null ? "compile" : dependency.group(2)));
        }
        return found;
    }
}
