package workshop.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import workshop.cli.Workshop.Exercise;

/**
 * One run of an exercise's tests, the way Maven's would end: compile the learner's code (and
 * the classes given with it), compile the tests against it, run them in a fresh JVM. Each step
 * is skipped when its inputs have not changed since the last run, in this JVM or an earlier one.
 */
final class Runner {

    enum Verdict { GREEN, RED, COMPILE_ERROR, COULD_NOT_RUN }

    /** One test, as the child JVM reported it. Status: SUCCESSFUL, FAILED, ABORTED, SKIPPED or NOT_FINISHED. */
    record TestResult(String className, String classDisplayName, String method, String displayName, String status,
            String message) {
        boolean passed() {
            return status.equals("SUCCESSFUL");
        }

        String simpleClassName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    /** What a run found; {@code problem} holds the compiler's errors, or why nothing could run. */
    record Outcome(Verdict verdict, List<TestResult> tests, String problem, long millis) {
        Optional<TestResult> firstFailure() {
            return tests.stream().filter(t -> !t.passed()).findFirst();
        }

        boolean green() {
            return verdict == Verdict.GREEN;
        }
    }

    private final Workshop workshop;
    private final Tools tools;
    private Javac javac;
    private volatile Process running;
    private volatile Process training;

    Runner(Workshop workshop, Tools tools) {
        this.workshop = workshop;
        this.tools = tools;
    }

    /** Compiles what changed and runs the exercise's tests; blocks until they are done. */
    Outcome run(Exercise exercise) {
        long start = System.nanoTime();
        try {
            Outcome outcome = compileAndTest(exercise);
            return new Outcome(outcome.verdict(), outcome.tests(), outcome.problem(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return new Outcome(Verdict.COULD_NOT_RUN, List.of(), String.valueOf(e.getMessage()),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    boolean archiveReady() {
        return tools.archiveReady();
    }

    /** Stops making the archive (a run wants the machine); it is made another time. */
    void cancelArchive() {
        Process process = training;
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Stops a run under way (its JVM and anything it started). */
    void cancel() {
        for (Process process : new Process[] {running, training}) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private Outcome compileAndTest(Exercise exercise) throws IOException {
        Optional<Outcome> notCompiled = compileMain(exercise);
        if (notCompiled.isPresent()) {
            return notCompiled.get();
        }
        Path work = exercise.work();
        Path classes = classes(exercise);
        Path testClasses = work.resolve("test-classes");
        String api = read(work.resolve("main.api"));

        List<Path> testCompileClasspath = new ArrayList<>();
        testCompileClasspath.add(classes);
        testCompileClasspath.addAll(tools.testClasspath());
        List<Path> testRoots = List.of(exercise.testSources());
        String testStamp = Javac.stamp(testRoots, testCompileClasspath, api);
        if (!testStamp.equals(read(work.resolve("test.stamp"))) || !Files.isDirectory(testClasses)) {
            Files.deleteIfExists(work.resolve("test.stamp"));
            Javac.Result tests = javac().compile(testRoots, testCompileClasspath, testClasses);
            if (!tests.ok()) {
                return new Outcome(Verdict.COMPILE_ERROR, List.of(),
                        "The tests do not compile against your code (did a name or a signature change?):\n"
                                + tests.errors(), 0);
            }
            Files.writeString(work.resolve("test.stamp"), testStamp);
        }
        return test(exercise, classes, testClasses);
    }

    /** A compile of the exercise's code into a folder of its own, thrown away: it only warms javac up. */
    void warmUp(Exercise exercise) {
        try {
            Path aside = Files.createTempDirectory("workshop-warm-up-");
            new Javac(workshop.root()).compile(List.of(exercise.givenSources(), exercise.mainSources()),
                    tools.mainCompileClasspath(), aside);
            Javac.deleteContents(aside);
            Files.deleteIfExists(aside);
        } catch (IOException | RuntimeException e) {
            // a cold javac on the first save, nothing worse
        }
    }

    /** Where the learner's code is compiled to. */
    static Path classes(Exercise exercise) {
        return exercise.work().resolve("classes");
    }

    /** Compiles the learner's code and the classes given with it, if they changed; the errors if they do not compile. */
    Optional<Outcome> compileMain(Exercise exercise) throws IOException {
        Path work = exercise.work();
        Files.createDirectories(work);
        Path classes = classes(exercise);
        List<Path> mainRoots = List.of(exercise.givenSources(), exercise.mainSources());
        String mainStamp = Javac.stamp(mainRoots, tools.mainCompileClasspath(), "");
        if (mainStamp.equals(read(work.resolve("main.stamp"))) && Files.isDirectory(classes)) {
            return Optional.empty();
        }
        Files.deleteIfExists(work.resolve("main.stamp"));
        Javac.Result main = javac().compile(mainRoots, tools.mainCompileClasspath(), classes);
        if (!main.ok()) {
            return Optional.of(new Outcome(Verdict.COMPILE_ERROR, List.of(), main.errors(), 0));
        }
        Files.writeString(work.resolve("main.api"), main.api());
        Files.writeString(work.resolve("main.stamp"), mainStamp);
        return Optional.empty();
    }

    private Outcome test(Exercise exercise, Path classes, Path testClasses) throws IOException {
        Path work = exercise.work();
        Path results = work.resolve("results.txt");
        Path output = work.resolve("output.txt");
        Files.deleteIfExists(results);
        List<Path> classpath = new ArrayList<>(tools.libraries());
        classpath.addAll(exerciseFolders(exercise, classes, testClasses));
        List<String> command = new ArrayList<>();
        command.add(tools.java().toString());
        command.addAll(tools.testJvmArguments());
        if (tools.archiveReady()) {
            command.add("-XX:SharedArchiveFile=" + tools.archive());
        }
        command.add("-cp");
        command.add(Javac.join(classpath));
        command.add(TestRun.class.getName());
        command.add(results.toString());
        command.add(testClasses.toString());
        Process process = new ProcessBuilder(command).directory(exercise.dir().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(tools.windows() ? "NUL" : "/dev/null")))
                .start();
        running = process;
        boolean exited;
        try {
            exited = process.waitFor(tools.forkTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            running = null;
        }
        return outcome(exercise, TestRun.read(results), exited, output);
    }

    /**
     * The exercise's folders on the test class path, in surefire's order: tests, their resources,
     * the code, its resources. They come after the libraries (no class or resource is in both),
     * because a class data archive can only cover the front of a class path made of jars.
     */
    private static List<Path> exerciseFolders(Exercise exercise, Path classes, Path testClasses) {
        List<Path> folders = new ArrayList<>();
        folders.add(testClasses);
        addIfPresent(folders, exercise.dir().resolve("src/test/resources"));
        folders.add(classes);
        addIfPresent(folders, exercise.dir().resolve("src/main/resources"));
        return folders;
    }

    /**
     * Makes the class data archive of the test libraries (JUnit, AssertJ, Logback, the test
     * kit...) if there is none for this JDK, so that every later test JVM starts faster: one run
     * of this exercise's tests with only the libraries on the class path (the exercise's folders
     * through a class loader of its own: CDS archives no classes from folders). Its results are
     * not used. Takes about as long as a run.
     */
    void prepareArchive(Exercise exercise) {
        if (tools.archiveReady() || !Files.isDirectory(exercise.work().resolve("test-classes"))) {
            return;
        }
        Path archive = tools.archive();
        Path partial = archive.resolveSibling(archive.getFileName() + ".part");
        List<String> command = new ArrayList<>();
        command.add(tools.java().toString());
        command.addAll(tools.testJvmArguments());
        command.add("-XX:ArchiveClassesAtExit=" + partial);
        command.add("-cp");
        command.add(Javac.join(tools.libraries()));
        command.add(TestRun.class.getName());
        command.add(exercise.work().resolve("training-results.txt").toString());
        for (Path folder : exerciseFolders(exercise, classes(exercise), exercise.work().resolve("test-classes"))) {
            command.add(folder.toString());
        }
        try {
            Files.deleteIfExists(partial);
            Process process = new ProcessBuilder(command).directory(exercise.dir().toFile())
                    .redirectErrorStream(true).redirectOutput(exercise.work().resolve("training-output.txt").toFile())
                    .start();
            training = process;
            if (process.waitFor(tools.forkTimeoutSeconds(), TimeUnit.SECONDS) && Files.size(partial) > 0) {
                Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // no archive: the test JVMs start a little slower, nothing else
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Process process = training;
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            training = null;
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a stale .part file is overwritten next time
            }
        }
    }

    /** Reads the child's results: every test it planned, with how it ended (or that it never did). */
    static Outcome outcome(Exercise exercise, List<String[]> lines, boolean exited, Path output) {
        Map<String, String[]> planned = new LinkedHashMap<>();
        Map<String, String[]> finished = new LinkedHashMap<>();
        Map<String, String[]> failedClasses = new LinkedHashMap<>();
        boolean complete = false;
        for (String[] line : lines) {
            switch (line[0]) {
                case "TEST" -> planned.put(line[1], line);
                case "RESULT" -> finished.put(line[1], line);
                case "CLASS" -> failedClasses.put(line[1], line);
                case "END" -> complete = true;
                default -> { }
            }
        }
        String cutShort = !exited ? "The tests were stopped: they ran longer than the run's limit."
                : "The test JVM ended before this test finished (did the code call System.exit or Runtime.halt?)."
                        + tail(output);
        List<TestResult> tests = new ArrayList<>();
        for (String[] test : planned.values()) {
            String[] result = finished.get(test[1]);
            String[] classFailure = failedClasses.get(test[2]);
            if (result != null) {
                tests.add(new TestResult(test[2], test[3], test[4], test[5], result[2], result[3]));
            } else if (classFailure != null) {
                tests.add(new TestResult(test[2], test[3], test[4], test[5], classFailure[2], classFailure[3]));
            } else {
                tests.add(new TestResult(test[2], test[3], test[4], test[5], "NOT_FINISHED", cutShort));
            }
        }
        tests.sort(Comparator.comparing(t -> taskOrderKey(exercise, t.className())));
        if (planned.isEmpty()) {
            String why = complete ? "No tests were found in " + exercise.name() + "."
                    : "The tests could not start." + tail(output);
            return new Outcome(Verdict.COULD_NOT_RUN, List.of(), why, 0);
        }
        boolean green = complete && tests.stream().allMatch(TestResult::passed);
        return new Outcome(green ? Verdict.GREEN : Verdict.RED, List.copyOf(tests), complete ? "" : cutShort, 0);
    }

    /** A test class's place: its task's, then its name (the stable sort keeps the tests' own order). */
    private static String taskOrderKey(Exercise exercise, String className) {
        List<Workshop.Task> tasks = exercise.tasks();
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).testClasses().contains(className)) {
                return String.format("%03d", i);
            }
        }
        return "999 " + className;
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
            List<String> last = lines.subList(Math.max(0, lines.size() - 12), lines.size());
            return last.isEmpty() ? "" : "\nIts last output:\n    " + String.join("\n    ", last);
        } catch (IOException e) {
            return "";
        }
    }

    private synchronized Javac javac() {
        if (javac == null) {
            javac = new Javac(workshop.root());
        }
        return javac;
    }

    private static void addIfPresent(List<Path> classpath, Path dir) {
        if (Files.isDirectory(dir)) {
            classpath.add(dir);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).strip() : "";
    }

    /**
     * What the build of workshop-cli wrote down: the class paths of an exercise's code and tests
     * (target/*.classpath) and the test JVM's settings (workshop-cli.properties).
     */
    record Tools(Path cliJar, Path java, List<Path> mainCompileClasspath, List<Path> mainRuntimeClasspath,
            List<Path> testClasspath, String testJvmOptions, int threadDumpAfterSeconds, int forkTimeoutSeconds,
            boolean windows) {

        static Tools load(Path cliJar) throws IOException {
            Path target = cliJar.getParent();
            Properties settings = new Properties();
            try (InputStream in = Runner.class.getResourceAsStream("/workshop-cli.properties")) {
                if (in != null) {
                    settings.load(in);
                }
            }
            return new Tools(cliJar, Path.of(System.getProperty("java.home"), "bin", "java"),
                    classpath(target.resolve("main-compile.classpath")),
                    classpath(target.resolve("main-runtime.classpath")),
                    classpath(target.resolve("test.classpath")),
                    settings.getProperty("testJvmOptions", ""),
                    Integer.parseInt(settings.getProperty("threadDumpAfterSeconds", "170")),
                    Integer.parseInt(settings.getProperty("forkTimeoutSeconds", "180")),
                    System.getProperty("os.name", "").toLowerCase().startsWith("windows"));
        }

        private static List<Path> classpath(Path file) throws IOException {
            if (!Files.exists(file)) {
                throw new IOException(file + " is missing: build the workshop's tools with ./mvnw package -pl workshop-cli -am");
            }
            String text = Files.readString(file).strip();
            return text.isEmpty() ? List.of()
                    : List.of(text.split(File.pathSeparator)).stream().map(Path::of).toList();
        }

        /** The test JVM's options, as surefire's fork gets them (the root pom's), and the hang watchdog's delay. */
        List<String> testJvmArguments() {
            List<String> options = new ArrayList<>(List.of(testJvmOptions.strip().split("\\s+")));
            options.removeIf(String::isBlank);
            options.addAll(List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-Dworkshop.threadDumpAfterSeconds=" + threadDumpAfterSeconds));
            return options;
        }

        /** The jars a test JVM needs besides the exercise's folders: the test libraries, and TestRun's jar. */
        List<Path> libraries() {
            List<Path> jars = new ArrayList<>(testClasspath);
            jars.add(cliJar);
            return jars;
        }

        /** The class data archive of the libraries, one per JDK. */
        Path archive() {
            return cliJar.resolveSibling("test-libraries-" + Runtime.version().feature() + "-"
                    + Runtime.version().update() + ".jsa");
        }

        /** An archive newer than every library jar (a rebuilt test kit makes a new one). */
        boolean archiveReady() {
            try {
                if (!Files.isRegularFile(archive())) {
                    return false;
                }
                var made = Files.getLastModifiedTime(archive());
                for (Path jar : libraries()) {
                    if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(made) > 0) {
                        return false;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
