package workshop.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import workshop.cli.Workshop.Exercise;
import workshop.cli.Workshop.Task;

/**
 * The learner's progress, in one small file in the checkout (.workshop/progress.properties,
 * ignored by git): the exercise being worked on, the tasks green at each module's last run,
 * and how many hints of each task have been shown. A restart resumes from it.
 */
final class Progress {

    private final Path file;
    private final Properties values = new Properties();

    private Progress(Path file) {
        this.file = file;
    }

    static Progress load(Path root) {
        Progress progress = new Progress(root.resolve(".workshop/progress.properties"));
        if (Files.exists(progress.file)) {
            try (Reader in = Files.newBufferedReader(progress.file, StandardCharsets.UTF_8)) {
                progress.values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // an unreadable progress file only means starting from the first exercise
            }
        }
        return progress;
    }

    synchronized void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                // Sorted, without a date line, so the file only changes when the progress does.
                for (var entry : new TreeMap<>(values).entrySet()) {
                    out.write(entry.getKey() + "=" + entry.getValue() + System.lineSeparator());
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // progress not kept this time; the next save tries again
        }
    }

    Optional<String> current() {
        return Optional.ofNullable(values.getProperty("current"));
    }

    synchronized void current(Exercise exercise) {
        values.setProperty("current", exercise.name());
    }

    /** Whether the module's tests have run at least once (through the CLI). */
    boolean ran(Exercise exercise) {
        return values.containsKey(exercise.name() + ".green");
    }

    /** The tasks that were green at the module's last run. */
    Set<String> green(Exercise exercise) {
        String list = values.getProperty(exercise.name() + ".green", "");
        return list.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(list.split(",")));
    }

    synchronized void green(Exercise exercise, Set<String> tasks) {
        values.setProperty(exercise.name() + ".green", String.join(",", tasks));
    }

    boolean done(Exercise exercise) {
        return !exercise.tasks().isEmpty() && green(exercise).containsAll(exercise.tasks().stream().map(Task::id).toList());
    }

    int hintsShown(Exercise exercise, String task) {
        try {
            return Integer.parseInt(values.getProperty(exercise.name() + ".hints." + task, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    synchronized void hintsShown(Exercise exercise, String task, int count) {
        values.setProperty(exercise.name() + ".hints." + task, Integer.toString(count));
    }

    /** Tasks done over every module. */
    int tasksDone(List<Exercise> exercises) {
        int done = 0;
        for (Exercise exercise : exercises) {
            Set<String> green = green(exercise);
            done += (int) exercise.tasks().stream().filter(task -> green.contains(task.id())).count();
        }
        return done;
    }

    /** The exercise to work on: the one named last, else the first that is not done. */
    Exercise currentOr(List<Exercise> exercises) {
        Optional<String> named = current();
        if (named.isPresent()) {
            for (Exercise exercise : exercises) {
                if (exercise.name().equals(named.get())) {
                    return exercise;
                }
            }
        }
        return exercises.stream().filter(e -> !done(e)).findFirst().orElse(exercises.get(0));
    }
}
