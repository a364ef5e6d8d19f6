package workshop.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import workshop.grader.MavenLog.Failure;
import workshop.grader.MavenLog.ModuleOutcome;

/** ./grade: runs the exercises' tests and prints the scoreboard. See {@link #USAGE}. */
public final class Main {
    static final String USAGE = """
            Usage: ./grade [options]            (Windows: grade.cmd [options])

            Runs every exercise module's tests, prints a scoreboard and writes
            target/grade/results.json and target/grade/summary.md.

              --only MODULES        grade only these modules (comma-separated, e.g. 01-threads)
              --min-score N|N%      exit 1 when the score is below N points (or N percent)
              --fork-timeout SECS   stop a module's tests after SECS seconds (default 60)
              --offline             run Maven offline (-o)
              --verbose             show Maven's whole output
              --out DIR             where to write the results (default: target/grade)

            Instructors:
              --tests DIR|REF       grade the student's src/main/java against the tests of the
                                    canonical workshop at DIR (or git ref REF of the student's
                                    repository); reports files that differ from the canonical ones
              --student DIR         the student's workshop (default: this one)
              --class DIR           grade every workshop folder inside DIR (needs --tests); writes
                                    class.csv and class.md to --out (default: DIR/grades)
              --keep-workspace      keep the temporary canonical workspace for inspection

            Maintainers:
              --write-manifest      run the solutions' tests and write grading/manifest.tsv from
                                    them (1 point per test; points already set are kept)

            Exit status: 0 when grading ran (whatever the score), 1 when below --min-score,
            2 when it could not grade.
            """;

    static final int DEFAULT_FORK_TIMEOUT = 60;

    private final PrintStream out;
    private final PrintStream progress;

    Main(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Main(out, err).run(args));
    }

    /** Parsed command line. */
    static final class Options {
        Path home = Path.of("").toAbsolutePath();
        Path student;
        String tests;
        Path classDir;
        Path outDir;
        List<String> only = List.of();
        String minScore;
        int forkTimeout = DEFAULT_FORK_TIMEOUT;
        boolean offline;
        boolean verbose;
        boolean keepWorkspace;
        boolean writeManifest;
        boolean help;

        static Options parse(String[] args) throws GradingException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--home" -> o.home = path(args, ++i, a);
                    case "--student" -> o.student = path(args, ++i, a);
                    case "--tests" -> o.tests = value(args, ++i, a);
                    case "--class" -> o.classDir = path(args, ++i, a);
                    case "--out" -> o.outDir = path(args, ++i, a);
                    case "--only" -> o.only = List.of(value(args, ++i, a).split(","));
                    case "--min-score" -> o.minScore = value(args, ++i, a);
                    case "--fork-timeout" -> {
                        try {
                            o.forkTimeout = Integer.parseInt(value(args, ++i, a));
                        } catch (NumberFormatException e) {
                            throw new GradingException("--fork-timeout needs a number of seconds");
                        }
                    }
                    case "--offline", "-o" -> o.offline = true;
                    case "--verbose", "-v" -> o.verbose = true;
                    case "--keep-workspace" -> o.keepWorkspace = true;
                    case "--write-manifest" -> o.writeManifest = true;
                    case "--help", "-h" -> o.help = true;
                    default -> throw new GradingException("unknown option " + a + " (see ./grade --help)");
                }
            }
            if (o.classDir != null && o.tests == null) {
                throw new GradingException("--class needs --tests: a class is graded against the canonical tests");
            }
            if (o.minScore != null && !o.minScore.matches("\\d+(\\.\\d+)?%?")) {
                throw new GradingException("--min-score takes points (12) or a percentage (80%)");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) throws GradingException {
            if (i >= args.length) {
                throw new GradingException(option + " needs a value");
            }
            return args[i];
        }

        private static Path path(String[] args, int i, String option) throws GradingException {
            return Path.of(value(args, i, option)).toAbsolutePath().normalize();
        }
    }

    int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (GradingException e) {
            progress.println("grade: " + e.getMessage());
            return 2;
        }
        if (o.help) {
            out.print(USAGE);
            return 0;
        }
        try {
            if (o.writeManifest) {
                return writeManifest(o);
            }
            if (o.classDir != null) {
                return gradeClass(o);
            }
            Path student = o.student != null ? o.student : o.home;
            Path outDir = o.outDir != null ? o.outDir : student.resolve("target/grade");
            Results.Grade grade = gradeOne(student, o.tests, outDir, o);
            out.print(Results.console(grade));
            out.println("  (details: " + outDir.resolve("results.json") + ")");
            if (o.minScore != null && !meets(grade, o.minScore)) {
                out.println("  below the minimum score " + o.minScore);
                return 1;
            }
            return 0;
        } catch (GradingException e) {
            progress.println("grade: could not grade: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            progress.println("grade: could not grade: " + e);
            return 2;
        }
    }

    static boolean meets(Results.Grade grade, String minScore) {
        if (minScore.endsWith("%")) {
            return grade.percent() + 1e-9 >= Double.parseDouble(minScore.substring(0, minScore.length() - 1));
        }
        return grade.score() >= Double.parseDouble(minScore);
    }

    /** Grades one workshop copy; in canonical mode ({@code tests} set) in a temporary workspace. */
    Results.Grade gradeOne(Path student, String tests, Path outDir, Options o) throws GradingException, IOException {
        if (!Files.isRegularFile(student.resolve("pom.xml"))) {
            throw new GradingException("no pom.xml in " + student + ": not a workshop copy");
        }
        Path workspace = student;
        Path tempDir = null;
        String canonicalCommit = null;
        List<Results.FileChange> changes = List.of();
        List<String> warnings = new ArrayList<>();
        try {
            if (tests != null) {
                tempDir = Files.createTempDirectory("workshop-grade-");
                workspace = tempDir.resolve("workshop");
                progress.println("[grade] copying the canonical workshop (" + tests + ") to " + workspace);
                canonicalCommit = Workspace.copyCanonical(tests, student, workspace);
                changes = Workspace.compare(workspace, student);
                Workspace.overlayStudentCode(student, workspace, Project.at(workspace).exerciseModules());
            }
            Project project = Project.at(workspace);
            Manifest manifest = Manifest.read(workspace.resolve(Manifest.PATH));
            List<String> modules = new ArrayList<>(project.exerciseModules());
            if (!o.only.isEmpty()) {
                for (String m : o.only) {
                    if (!modules.contains(m)) {
                        throw new GradingException("--only " + m + ": no such exercise module " + modules);
                    }
                }
                modules.retainAll(o.only);
            }
            for (Manifest.Entry e : manifest.entries()) {
                String warning = "the manifest lists module " + e.module() + ", which is not in the build";
                if (!project.exerciseModules().contains(e.module()) && !warnings.contains(warning)) {
                    warnings.add(warning);
                }
            }
            for (String module : modules) {
                Workspace.deleteTree(workspace.resolve(module).resolve("target")); // stale reports never count
            }
            List<String> args = new ArrayList<>(List.of("-B", "-fae", "test", "-pl", String.join(",", modules), "-am",
                    "-Dworkshop.testFailureIgnore=true", "-Dmaven.test.failure.ignore=true",
                    "-Dworkshop.forkTimeoutSeconds=" + o.forkTimeout, "-Dworkshop.testkit.skipTests=true",
                    "-Dsurefire.failIfNoSpecifiedTests=false"));
            if (o.offline) {
                args.add("-o");
            }
            Map<String, String> modulesByArtifact = new HashMap<>();
            for (String m : modules) {
                modulesByArtifact.put(project.artifactId(m), m);
            }
            Duration limit = Duration.ofSeconds(600L + (long) modules.size() * (o.forkTimeout + 60L));
            progress.println("[grade] running the tests of " + String.join(", ", modules)
                    + " (a module's tests are stopped after " + o.forkTimeout + " s)");
            Instant started = Instant.now();
            Maven.Run run = Maven.run(workspace, args, outDir.resolve("maven.log"),
                    new Progress(progress, modulesByArtifact, o.verbose, o.forkTimeout), limit);
            progress.println("[grade] tests finished in " + Duration.between(started, Instant.now()).getSeconds() + " s");
            MavenLog log = new MavenLog(run.lines());
            if (run.killed()) {
                warnings.add("Maven was stopped after " + limit.getSeconds() + " s; unfinished modules score 0");
            } else if (!log.finished()) {
                throw new GradingException("Maven did not run the build (exit " + run.exitCode() + "):\n"
                        + String.join("\n", run.lines().subList(Math.max(0, run.lines().size() - 15),
                                run.lines().size())));
            }
            for (String artifact : List.of(project.artifactId("testkit"), project.artifactId("exercise-parent"))) {
                ModuleOutcome shared = log.outcome(artifact, workspace.toString());
                if (log.built(artifact) && shared.failure() != Failure.NONE) {
                    throw new GradingException("the shared build (" + artifact + ") failed, so no exercise could run:\n"
                            + shared.detail());
                }
            }
            List<Results.Module> results = new ArrayList<>();
            for (String module : modules) {
                ModuleOutcome outcome = log.outcome(project.artifactId(module), workspace.toString());
                if (run.killed() && outcome.failure() == Failure.NOT_BUILT) {
                    outcome = new ModuleOutcome(Failure.NOT_BUILT, "grading was stopped before this module ran");
                }
                results.add(Grading.gradeModule(module, manifest.forModule(module),
                        SurefireReports.read(workspace.resolve(module).resolve("target/surefire-reports")), outcome,
                        o.forkTimeout));
            }
            Results.Grade grade = new Results.Grade(Workspace.git(student, "rev-parse", "HEAD"), tests,
                    canonicalCommit, results, changes, warnings, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("results.json"), Results.json(grade), StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("summary.md"), Results.markdown(grade), StandardCharsets.UTF_8);
            return grade;
        } finally {
            if (tempDir != null) {
                if (o.keepWorkspace) {
                    progress.println("[grade] workspace kept at " + workspace);
                } else {
                    Workspace.deleteTree(tempDir);
                }
            }
        }
    }

    /** Grades every workshop copy in a folder against the canonical tests: class.csv and class.md. */
    int gradeClass(Options o) throws IOException {
        Path outDir = o.outDir != null ? o.outDir : o.classDir.resolve("grades");
        List<Path> students;
        try (Stream<Path> list = Files.list(o.classDir)) {
            students = list.filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).sorted().toList();
        }
        if (students.isEmpty()) {
            progress.println("grade: could not grade: no workshop folders (with a pom.xml) in " + o.classDir);
            return 2;
        }
        List<String> moduleNames = new ArrayList<>();
        Map<String, Results.Grade> grades = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Path student : students) {
            String name = student.getFileName().toString();
            progress.println("[grade] ===== " + name + " =====");
            try {
                Results.Grade grade = gradeOne(student, o.tests, outDir.resolve(name), o);
                grades.put(name, grade);
                for (Results.Module m : grade.modules()) {
                    if (!moduleNames.contains(m.module())) {
                        moduleNames.add(m.module());
                    }
                }
                progress.println("[grade] " + name + ": " + grade.score() + "/" + grade.maxScore());
            } catch (GradingException | IOException e) {
                problems.put(name, e.getMessage());
                progress.println("[grade] " + name + ": could not grade: " + e.getMessage());
            }
        }
        StringBuilder csv = new StringBuilder("student,commit,score,max_score,percent");
        StringBuilder md = new StringBuilder("| Student | Score | % |");
        for (String m : moduleNames) {
            csv.append(',').append(m);
            md.append(' ').append(m).append(" |");
        }
        csv.append(",changed_files,status\n");
        md.append(" Changed files | Status |\n|---|---:|---:|").append("---:|".repeat(moduleNames.size()))
                .append("---:|---|\n");
        for (Path student : students) {
            String name = student.getFileName().toString();
            Results.Grade g = grades.get(name);
            if (g == null) {
                csv.append(csvCell(name)).append(",,,,").append(",".repeat(moduleNames.size())).append(",")
                        .append(csvCell("could not grade: " + Grading.firstLine(problems.get(name)))).append('\n');
                md.append("| ").append(name).append(" | | |").append(" |".repeat(moduleNames.size()))
                        .append(" | could not grade |\n");
                continue;
            }
            csv.append(csvCell(name)).append(',').append(g.commit() == null ? "" : g.commit()).append(',')
                    .append(g.score()).append(',').append(g.maxScore()).append(',').append(g.percent());
            md.append("| ").append(name).append(" | ").append(g.score()).append('/').append(g.maxScore()).append(" | ")
                    .append(g.percent()).append(" |");
            for (String m : moduleNames) {
                Results.Module module = g.modules().stream().filter(x -> x.module().equals(m)).findFirst().orElse(null);
                String cell = module == null || module.tests().isEmpty() ? "" : String.valueOf(module.score());
                csv.append(',').append(cell);
                md.append(' ').append(cell).append(module != null && !module.status().equals("ok")
                        && !module.tests().isEmpty() ? " (" + module.status() + ")" : "").append(" |");
            }
            csv.append(',').append(g.changes().size()).append(",graded\n");
            md.append(' ').append(g.changes().size()).append(" | graded |\n");
        }
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("class.csv"), csv.toString(), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("class.md"), md.toString(), StandardCharsets.UTF_8);
        out.println();
        out.print(md);
        out.println("\n  (written to " + outDir.resolve("class.csv") + " and class.md; per student: "
                + outDir + "/<student>/results.json)");
        return 0;
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Maintainers: the manifest from the solutions' test reports and the exercises' test sources. */
    int writeManifest(Options o) throws GradingException, IOException {
        Path root = o.home;
        Project project = Project.at(root);
        Path reportsDir = root.resolve("solutions/target/surefire-reports");
        Workspace.deleteTree(reportsDir);
        List<String> args = new ArrayList<>(List.of("-B", "test", "-pl", "solutions", "-am",
                "-Dworkshop.testFailureIgnore=true", "-Dmaven.test.failure.ignore=true",
                "-Dworkshop.testkit.skipTests=true"));
        if (o.offline) {
            args.add("-o");
        }
        progress.println("[grade] running the solutions' tests");
        Maven.Run run = Maven.run(root, args, root.resolve("target/grade/maven-manifest.log"),
                new Progress(progress, Map.of("solutions", "solutions"), o.verbose, DEFAULT_FORK_TIMEOUT),
                Duration.ofMinutes(30));
        MavenLog log = new MavenLog(run.lines());
        ModuleOutcome solutions = log.outcome(project.artifactId("solutions"), root.toString());
        if (!log.finished() || solutions.failure() != Failure.NONE) {
            throw new GradingException("the solutions' tests did not run cleanly (" + solutions.failure() + "):\n"
                    + solutions.detail() + "\n(see target/grade/maven-manifest.log)");
        }
        SurefireReports.Reports reports = SurefireReports.read(reportsDir);
        Manifest result = buildManifest(project, reports, existingPoints(root), progress);
        result.write(root.resolve(Manifest.PATH));
        int points = result.entries().stream().mapToInt(Manifest.Entry::points).sum();
        out.println("Wrote " + Manifest.PATH + ": " + result.entries().size() + " tests, " + points + " points.");
        return 0;
    }

    /** "Task 2" before "Task 10": digit runs compare as numbers. */
    static int natural(String a, String b) {
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(a);
        java.util.regex.Matcher y = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static Map<String, Integer> existingPoints(Path root) {
        Map<String, Integer> points = new HashMap<>();
        try {
            for (Manifest.Entry e : Manifest.read(root.resolve(Manifest.PATH)).entries()) {
                points.put(e.key(), e.points());
            }
        } catch (GradingException e) {
            // no manifest yet: every test gets the default point
        }
        return points;
    }

    /** One entry per test that ran in the solutions, in module and source order. */
    static Manifest buildManifest(Project project, SurefireReports.Reports reports, Map<String, Integer> points,
            PrintStream warnings) throws IOException {
        List<Manifest.Entry> entries = new ArrayList<>();
        Set<String> placed = new java.util.HashSet<>();
        for (String module : project.exerciseModules()) {
            Path testJava = project.root().resolve(module).resolve("src/test/java");
            List<TestSources.TestMethod> methods = new ArrayList<>(TestSources.scan(testJava));
            methods.sort(java.util.Comparator.comparing(TestSources.TestMethod::classDisplayName, Main::natural));
            for (TestSources.TestMethod m : methods) {
                String key = m.className() + "#" + m.method();
                List<SurefireReports.Outcome> ran = reports.byTest().get(key);
                if (ran == null) {
                    warnings.println("[grade] warning: " + key + " (" + module + ") did not run in the solutions"
                            + (m.disabled() ? " (disabled)" : "") + "; not graded");
                    continue;
                }
                if (ran.stream().anyMatch(x -> x.kind() != SurefireReports.Kind.PASS)) {
                    warnings.println("[grade] warning: " + key + " does not pass on the solutions");
                }
                placed.add(key);
                entries.add(new Manifest.Entry(module, m.className(), m.method(), m.classDisplayName(),
                        points.getOrDefault(key, 1), m.displayName()));
            }
        }
        for (String key : reports.byTest().keySet()) {
            if (placed.contains(key)) {
                continue;
            }
            String className = key.substring(0, key.indexOf('#'));
            String method = key.substring(key.indexOf('#') + 1);
            String file = className.replaceFirst("\\$.*", "").replace('.', '/') + ".java";
            String owner = project.exerciseModules().stream()
                    .filter(m -> Files.isRegularFile(project.root().resolve(m).resolve("src/test/java").resolve(file)))
                    .findFirst().orElse(null);
            if (owner == null) {
                warnings.println("[grade] warning: " + key + " ran in the solutions but belongs to no exercise module");
                continue;
            }
            entries.add(new Manifest.Entry(owner, className, method, TestSources.outerSimpleName(className),
                    points.getOrDefault(key, 1), method));
        }
        return new Manifest(entries);
    }
}
