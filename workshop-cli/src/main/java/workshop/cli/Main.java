package workshop.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import workshop.cli.Runner.Outcome;
import workshop.cli.Workshop.Exercise;
import workshop.cli.Workshop.Task;

/** {@code ./workshop}: the learner's command. See {@link #USAGE}. */
public final class Main {

    static final String USAGE = """
            Usage: %1$s [--lang LANG] [COMMAND]

              %1$s [MODULE]           watch mode: runs the exercise's tests on every save in
                                        its src/main/java; keys h hint, n next, l list, r run, q quit
              %1$s check [MODULE]     one run, printed once; exit 0 all green, 1 red, 2 could not run
              %1$s list               every exercise and how far you are
              %1$s hint MODULE [TASK] the next hint of the lesson for that task
              %1$s demo MODULE [CLASS] runs a lesson's demo (a main method) with your current code

            MODULE is a folder name (02-daemon) or its number (02). Without one: the exercise you
            worked on last, else the first one not done. --lang ko shows lessons and hints from
            README.ko.md where there is one (default: the system's language).
            """;

    /** Exit status when the tools must be rebuilt first (the launcher does that, then runs again). */
    static final int STALE = 10;

    private final Workshop workshop;
    private final Progress progress;
    private final PrintStream out;
    private final String command;

    private Main(Workshop workshop, PrintStream out, String command) {
        this.workshop = workshop;
        this.progress = Progress.load(workshop.root());
        this.out = out;
        this.command = command;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status;
        try {
            status = run(args, out);
        } catch (UncheckedIOException | IllegalStateException e) {
            System.err.println("workshop: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String lang = null;
        int langAt = rest.indexOf("--lang");
        if (langAt >= 0 && langAt + 1 < rest.size()) {
            lang = rest.get(langAt + 1);
            rest.remove(langAt + 1);
            rest.remove(langAt);
        }
        String command = System.getProperty("workshop.command", "./workshop");
        if (rest.contains("--help") || rest.contains("-h") || (!rest.isEmpty() && rest.get(0).equals("help"))) {
            out.print(USAGE.formatted(command));
            return 0;
        }
        Path root = root();
        Path jar = cliJar();
        if (Stale.check(root, jar)) {
            return STALE;
        }
        Main main = new Main(new Workshop(root, Workshop.language(lang)), out, command);
        if (main.workshop.exercises().isEmpty()) {
            out.println("No exercise modules (NN-name folders with a pom.xml) in " + root);
            return 2;
        }
        String verb = rest.isEmpty() ? "watch" : rest.get(0);
        List<String> params = rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
        try {
            return switch (verb) {
                case "check" -> main.check(params);
                case "list" -> main.list();
                case "hint" -> main.hint(params);
                case "demo" -> main.demo(params, jar);
                case "watch" -> main.watch(params, jar);
                default -> main.workshop.exercise(verb).isPresent() ? main.watch(rest, jar) : main.unknown(verb);
            };
        } catch (IOException e) {
            out.println("workshop: " + e.getMessage());
            return 2;
        }
    }

    private int unknown(String verb) {
        out.println("Unknown command or module: " + verb + "\n");
        out.print(USAGE.formatted(command));
        return 2;
    }

    /** The checkout: where the launcher says, else two folders above the jar (workshop-cli/target). */
    static Path root() {
        String given = System.getProperty("workshop.root");
        if (given != null) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        return cliJar().toAbsolutePath().getParent().getParent().getParent();
    }

    static Path cliJar() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Exercise> exerciseOrCurrent(List<String> params) {
        if (params.isEmpty()) {
            return Optional.of(progress.currentOr(workshop.exercises()));
        }
        Optional<Exercise> named = workshop.exercise(params.get(0));
        if (named.isEmpty()) {
            out.println("No exercise called " + params.get(0) + ". The exercises: "
                    + String.join(", ", workshop.exercises().stream().map(Exercise::name).toList()));
        }
        return named;
    }

    // --- check -------------------------------------------------------------------------------

    private int check(List<String> params) throws IOException {
        Optional<Exercise> chosen = exerciseOrCurrent(params);
        if (chosen.isEmpty()) {
            return 2;
        }
        Exercise exercise = chosen.get();
        Runner runner = new Runner(workshop, Runner.Tools.load(cliJar()));
        Outcome outcome = runner.run(exercise);
        record(exercise, outcome);
        Screen screen = new Screen(Terminal.columns(), Terminal.colourOnStdout());
        List<String> footer = new ArrayList<>();
        if (outcome.green()) {
            next(exercise).ifPresentOrElse(
                    n -> footer.add("Next: " + workshop.title(n) + " (" + command + " check " + n.name() + ", or "
                            + command + " " + n.name() + " to work on it)."),
                    () -> footer.add("That was the last exercise: every task you ran is done."));
        } else if (outcome.verdict() != Runner.Verdict.COULD_NOT_RUN) {
            footer.add("Edit " + exercise.name() + "/src/main/java at the TODO markers, then run " + command
                    + " check " + exercise.name() + " again (or " + command + " to re-run on every save).");
            currentTask(exercise, outcome).ifPresent(task -> footer.add("Stuck? " + command + " hint "
                    + exercise.name() + " " + task.id() + " shows the lesson's hints one at a time."));
        }
        for (String line : screen.render(new Screen.View(workshop, progress, exercise, outcome, List.of(), footer))) {
            out.println(line);
        }
        out.flush();
        runner.prepareArchive(exercise); // once per JDK: later test JVMs start faster
        return switch (outcome.verdict()) {
            case GREEN -> 0;
            case RED, COMPILE_ERROR -> 1;
            case COULD_NOT_RUN -> 2;
        };
    }

    /** Keeps what a run showed: the green tasks, and that this is the exercise being worked on. */
    void record(Exercise exercise, Outcome outcome) {
        if (outcome.verdict() == Runner.Verdict.GREEN || outcome.verdict() == Runner.Verdict.RED) {
            progress.green(exercise, Screen.greenTasks(exercise, outcome));
        }
        progress.current(exercise);
        progress.save();
    }

    Optional<Exercise> next(Exercise exercise) {
        List<Exercise> all = workshop.exercises();
        int at = all.indexOf(exercise);
        return at + 1 < all.size() ? Optional.of(all.get(at + 1)) : Optional.empty();
    }

    /** The task to help with: the first failing one of the last run, else the first not yet green. */
    Optional<Task> currentTask(Exercise exercise, Outcome outcome) {
        if (outcome != null && outcome.firstFailure().isPresent()) {
            String failing = outcome.firstFailure().get().className();
            for (Task task : exercise.tasks()) {
                if (task.testClasses().contains(failing)) {
                    return Optional.of(task);
                }
            }
        }
        var green = progress.green(exercise);
        return exercise.tasks().stream().filter(t -> !green.contains(t.id())).findFirst()
                .or(() -> exercise.tasks().stream().findFirst());
    }

    // --- list --------------------------------------------------------------------------------

    private int list() {
        for (String line : listing(progress.currentOr(workshop.exercises()))) {
            out.println(line);
        }
        return 0;
    }

    List<String> listing(Exercise current) {
        List<String> lines = new ArrayList<>();
        int total = workshop.totalTasks();
        int done = progress.tasksDone(workshop.exercises());
        lines.add("Concurrency workshop  " + Screen.bar(done, total, 30) + "  " + done + " of " + total + " tasks done");
        lines.add("");
        for (Exercise exercise : workshop.exercises()) {
            int green = (int) exercise.tasks().stream().filter(t -> progress.green(exercise).contains(t.id())).count();
            String state = progress.done(exercise) ? "done" : !progress.ran(exercise) ? "not started"
                    : green + " of " + exercise.tasks().size() + " tasks";
            lines.add(String.format("%s %-22s %-13s %s", exercise.equals(current) ? ">" : " ", exercise.name(), state,
                    workshop.title(exercise)));
        }
        return lines;
    }

    // --- hint --------------------------------------------------------------------------------

    private int hint(List<String> params) {
        if (params.isEmpty()) {
            out.println("Which exercise? " + command + " hint MODULE [TASK], for example " + command + " hint "
                    + progress.currentOr(workshop.exercises()).name());
            return 2;
        }
        Optional<Exercise> chosen = exerciseOrCurrent(params);
        if (chosen.isEmpty()) {
            return 2;
        }
        Exercise exercise = chosen.get();
        Optional<Task> task = params.size() > 1 ? exercise.task(params.get(1)) : currentTask(exercise, null);
        if (task.isEmpty()) {
            out.println(exercise.name() + " has no task " + params.get(1) + ". Its tasks: "
                    + String.join(", ", exercise.tasks().stream().map(Task::id).toList()));
            return 2;
        }
        nextHint(exercise, task.get(), "(Run " + command + " hint " + exercise.name() + " " + task.get().id()
                + " again for the next hint.)").forEach(out::println);
        return 0;
    }

    /** The next rung of the task's hint ladder (the last one again once all are shown), remembered. */
    List<String> nextHint(Exercise exercise, Task task, String more) {
        List<Hints.Hint> hints = workshop.hints(exercise, task.id());
        Path lesson = workshop.root().relativize(workshop.lesson(exercise));
        if (hints.isEmpty()) {
            return List.of("The lesson (" + lesson + ") has no hints for task " + task.id() + ".");
        }
        int shown = progress.hintsShown(exercise, task.id());
        int index = Math.min(shown, hints.size() - 1);
        progress.hintsShown(exercise, task.id(), index + 1);
        progress.save();
        Hints.Hint hint = hints.get(index);
        List<String> lines = new ArrayList<>();
        lines.add("Hint " + (index + 1) + " of " + hints.size() + " for task " + task.id() + " (" + lesson + "): "
                + hint.summary());
        hint.text().lines().forEach(line -> lines.add("  " + line));
        lines.add(index + 1 < hints.size() ? more : "(That was the last hint for this task.)");
        return lines;
    }

    // --- demo --------------------------------------------------------------------------------

    private static final Pattern MAIN = Pattern.compile("\\bstatic\\s+void\\s+main\\s*\\(");

    private int demo(List<String> params, Path jar) throws IOException {
        if (params.isEmpty()) {
            out.println("Which exercise? " + command + " demo MODULE [CLASS]");
            return 2;
        }
        Optional<Exercise> chosen = exerciseOrCurrent(params);
        if (chosen.isEmpty()) {
            return 2;
        }
        Exercise exercise = chosen.get();
        List<String> demos = demoClasses(exercise);
        List<String> matching = params.size() < 2 ? demos : demos.stream()
                .filter(c -> c.equals(params.get(1)) || c.endsWith("." + params.get(1))).toList();
        if (matching.size() != 1) {
            out.println((demos.isEmpty() ? exercise.name() + " has no demo (no class with a main method)."
                    : (params.size() < 2 ? exercise.name() + " has several demos" : "No demo called " + params.get(1))
                            + ". Run one of them:"));
            demos.forEach(c -> out.println("  " + command + " demo " + exercise.name() + " "
                    + c.substring(c.lastIndexOf('.') + 1)));
            return 2;
        }
        Runner.Tools tools = Runner.Tools.load(jar);
        Optional<Outcome> notCompiled = new Runner(workshop, tools).compileMain(exercise);
        if (notCompiled.isPresent()) {
            out.println("Your code does not compile, so the demo cannot run:");
            out.println(notCompiled.get().problem());
            return 1;
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(Runner.classes(exercise));
        Path resources = exercise.dir().resolve("src/main/resources");
        if (Files.isDirectory(resources)) {
            classpath.add(resources);
        }
        classpath.addAll(tools.mainRuntimeClasspath());
        String mainClass = matching.get(0);
        out.println("Running " + mainClass + " (" + exercise.name() + ", your code as it is now). Ctrl+C stops it.");
        Process process = new ProcessBuilder(tools.java().toString(), "-cp", Javac.join(classpath), mainClass)
                .directory(exercise.dir().toFile()).inheritIO().start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /** The classes of the exercise (the learner's and the given ones) that have a main method. */
    static List<String> demoClasses(Exercise exercise) throws IOException {
        List<String> classes = new ArrayList<>();
        for (Path root : List.of(exercise.mainSources(), exercise.givenSources())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    Matcher main = MAIN.matcher(text);
                    if (main.find()) {
                        String relative = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                        classes.add(relative.substring(0, relative.length() - ".java".length()));
                    }
                }
            }
        }
        return classes;
    }

    // --- watch -------------------------------------------------------------------------------

    private int watch(List<String> params, Path jar) throws IOException {
        Optional<Exercise> chosen = exerciseOrCurrent(params);
        if (chosen.isEmpty()) {
            return 2;
        }
        return new Watch(this, workshop, progress, new Runner(workshop, Runner.Tools.load(jar)), command)
                .run(chosen.get());
    }
}
