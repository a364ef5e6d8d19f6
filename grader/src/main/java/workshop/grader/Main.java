package workshop.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.grader.MavenLog.Failure;
import workshop.grader.MavenLog.ModuleOutcome;

/** ./grade: runs the exercises' tests and prints the scoreboard. See {@code ./grade --help}. */
@Command(name = "grade", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs every exercise module's tests, prints a scoreboard and writes target/grade/results.json"
                + " (and the same results for Gradescope, Classroom 50 and Exercism beside it) and summary.md."},
        footer = {"", "Exit status: 0 when grading ran (whatever the score), 1 when below --min-score, 2 when it could"
                + " not grade."})
public final class Main {
    static final int DEFAULT_FORK_TIMEOUT = 60;

    /** Parsed command line (picocli fills the fields). */
    static final class Options {
        @Option(names = "--home", hidden = true, description = "the workshop ./grade runs from (set by ./grade)")
        Path home = Path.of("").toAbsolutePath();

        @Option(names = "--only", split = ",", paramLabel = "MODULES",
                description = "grade only these modules (comma-separated, e.g. 01-threads)")
        List<String> only = new ArrayList<>();

        @Option(names = "--min-score", paramLabel = "N|N%", description = "exit 1 below N points (or N percent)")
        String minScore;

        @Option(names = "--fork-timeout", paramLabel = "SECS",
                description = "stop a test class's JVM after SECS seconds (default ${DEFAULT-VALUE})")
        int forkTimeout = DEFAULT_FORK_TIMEOUT;

        @Option(names = {"--offline", "-o"}, description = "run Maven offline (-o)")
        boolean offline;

        @Option(names = {"--verbose", "-v"}, description = "show Maven's whole output")
        boolean verbose;

        @Option(names = "--out", paramLabel = "DIR", description = "where to write the results (default: target/grade)")
        Path outDir;

        @Option(names = "--tests", paramLabel = "DIR|REF", description = {"Instructors: grade the student's learner files"
                + " against the canonical workshop at DIR, or at git ref REF of the instructor's repository (the one"
                + " ./grade runs from); reports files that differ from the canonical ones"})
        String tests;

        @Option(names = "--student", paramLabel = "DIR", description = "the student's workshop (default: this one)")
        Path student;

        @Option(names = "--class", paramLabel = "DIR", description = {"grade every workshop folder inside DIR (needs"
                + " --tests), in parallel; writes class.csv and class.md to --out (default: DIR/grades)"})
        Path classDir;

        @Option(names = "--jobs", paramLabel = "N", description = "students graded at once (default: the number of cores)")
        int jobs = Runtime.getRuntime().availableProcessors();

        @Option(names = "--no-sandbox", description = {"grade students' code without a sandbox (where bubblewrap is"
                + " missing: macOS, Windows); their code then runs with your rights"})
        boolean noSandbox;

        @Option(names = "--keep-workspace", description = "keep each temporary grading workspace for inspection")
        boolean keepWorkspace;

        @Option(names = "--collect", paramLabel = "DIR", description = {"write class.csv and class.md (to --out, default"
                + " DIR) from the results.json files found in DIR's subfolders (the grade-class workflow)"})
        Path collect;

        @Option(names = "--export-template", paramLabel = "DIR", description = {"write the students' template to DIR: no"
                + " solutions, catalogue or maintainers' tools"})
        Path exportTemplate;

        @Option(names = "--export-tests", paramLabel = "DIR", description = {"write the grading repository to DIR:"
                + " tests, poms, test kit, grader, manifest, starters; no answers (can be public)"})
        Path exportTests;

        @Option(names = "--write-manifest", description = {"Maintainers: run the solutions' tests and write"
                + " grading/manifest.tsv from them (1 point per test; points already set are kept)"})
        boolean writeManifest;

        @Option(names = {"--help", "-h"}, usageHelp = true, description = "show this help")
        boolean help;

        static Options parse(String[] args) throws GradingException {
            Options o = new Options();
            CommandLine cli = new CommandLine(o);
            try {
                cli.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new GradingException(e.getMessage() + " (see ./grade --help)");
            }
            o.home = o.home.toAbsolutePath().normalize();
            o.student = o.student == null ? null : o.student.toAbsolutePath().normalize();
            o.classDir = o.classDir == null ? null : o.classDir.toAbsolutePath().normalize();
            o.outDir = o.outDir == null ? null : o.outDir.toAbsolutePath().normalize();
            if (o.classDir != null && o.tests == null) {
                throw new GradingException("--class needs --tests: a class is graded against the canonical tests");
            }
            if (o.minScore != null && !o.minScore.matches("\\d{1,9}(\\.\\d{1,6})?%?")) {
                throw new GradingException("--min-score takes points (12) or a percentage (80%)");
            }
            if (o.forkTimeout < 1 || o.forkTimeout > 3600) {
                throw new GradingException("--fork-timeout takes 1 to 3600 seconds");
            }
            if (o.jobs < 1) {
                throw new GradingException("--jobs takes 1 or more");
            }
            return o;
        }
    }

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

    int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (GradingException e) {
            progress.println("grade: " + e.getMessage());
            return 2;
        }
        if (o.help) {
            new CommandLine(new Options()).setCommandName("./grade").usage(out);
            return 0;
        }
        try {
            if (o.writeManifest) {
                return writeManifest(o);
            }
            if (o.exportTemplate != null || o.exportTests != null) {
                Path to = o.exportTemplate != null ? o.exportTemplate : o.exportTests;
                Export.Kind kind = o.exportTemplate != null ? Export.Kind.TEMPLATE : Export.Kind.TESTS;
                List<String> files = Export.write(o.home, to.toAbsolutePath().normalize(), kind);
                out.println("Wrote " + (kind == Export.Kind.TEMPLATE ? "the students' template" : "the grading repository")
                        + " to " + to + " (" + files.size() + " files, no answers). Commit it as a repository of its own.");
                return 0;
            }
            if (o.collect != null) {
                Path outDir = o.outDir != null ? o.outDir : o.collect.toAbsolutePath();
                ClassReport.collect(o.collect.toAbsolutePath(), outDir, out);
                return 0;
            }
            Path jdk = Jdk.find();
            Sandbox.Availability sandbox = new Sandbox.Availability(false, null, "local mode");
            Workspace.Canonical canonical = null;
            Path prepared = null;
            if (o.tests != null) {
                if (!o.noSandbox) {
                    sandbox = Sandbox.probe();
                    if (!sandbox.available()) {
                        throw new GradingException("students' code must run in a sandbox, and none is available: "
                                + sandbox.why());
                    }
                }
                prepared = Files.createTempDirectory("workshop-canonical-");
                progress.println("[grade] preparing the canonical tests (" + o.tests + ")");
                canonical = Workspace.canonical(o.tests, o.home, prepared.resolve("tests"));
            }
            Grader.Settings settings = new Grader.Settings(o.home, o.only, o.forkTimeout, o.offline, o.verbose,
                    o.keepWorkspace, sandbox, jdk);
            try {
                if (o.classDir != null) {
                    Path outDir = o.outDir != null ? o.outDir : o.classDir.resolve("grades");
                    return new ClassGrading(settings, canonical, o.jobs, out, progress).run(o.classDir, outDir);
                }
                Path student = o.student != null ? o.student : o.home;
                Path outDir = o.outDir != null ? o.outDir : student.resolve("target/grade");
                Grader grader = new Grader(settings, progress, "");
                Results.Grade grade = canonical == null ? grader.local(student, outDir)
                        : grader.canonical(student, canonical, outDir);
                out.print(Results.console(grade));
                out.println("  (details: " + outDir.resolve("results.json") + ")");
                if (o.minScore != null && !meets(grade, o.minScore)) {
                    out.println("  below the minimum score " + o.minScore);
                    return 1;
                }
                return 0;
            } finally {
                if (prepared != null) {
                    Workspace.deleteTree(prepared);
                }
            }
        } catch (GradingException e) {
            progress.println("grade: could not grade: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
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
        Maven.Run run = Maven.run(root, args, Map.of("JAVA_HOME", Jdk.find().toString()),
                root.resolve("target/grade/maven-manifest.log"),
                new Progress(progress, "", Map.of("solutions", "solutions"), o.verbose), Duration.ofMinutes(30), 500_000);
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
