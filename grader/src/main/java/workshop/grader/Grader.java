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
import java.util.stream.Stream;
import workshop.grader.MavenLog.Failure;
import workshop.grader.MavenLog.ModuleOutcome;

/**
 * Grades one workshop copy. In canonical mode: a temporary copy of the canonical grading tree,
 * the student's learner files copied in ({@link Learner}), compiled by Maven (no student code
 * runs while compiling), then each test class in its own sandboxed JVM ({@link Sandbox}). The
 * scores come only from the reports Maven wrote and from the wrapper's record of each test JVM,
 * both outside every sandbox, read after Maven (and so every sandbox) has ended.
 */
final class Grader {
    /** How to grade; the same for every student of a class. */
    record Settings(Path home, List<String> only, int forkTimeout, boolean offline, boolean verbose,
            boolean keepWorkspace, Sandbox.Availability sandbox, Path jdk) {}

    /** One test JVM, as the wrapper recorded it. */
    record Fork(String testClass, int exitCode, long seconds) {}

    private final Settings settings;
    private final PrintStream progress;
    private final String label;

    Grader(Settings settings, PrintStream progress, String label) {
        this.settings = settings;
        this.progress = progress;
        this.label = label;
    }

    private void say(String line) {
        progress.println("[grade] " + (label.isEmpty() ? "" : label + ": ") + line);
    }

    /** The learner's scoreboard: the tests of this very copy, in place (the learner's own code on their own machine). */
    Results.Grade local(Path student, Path outDir) throws GradingException, IOException {
        return grade(student, student, null, List.of(), List.of(), outDir, null);
    }

    /** Against the canonical tests: the student's learner files in a copy of the canonical tree. */
    Results.Grade canonical(Path student, Workspace.Canonical canonical, Path outDir) throws GradingException, IOException {
        if (!Files.isRegularFile(student.resolve("pom.xml"))) {
            throw new GradingException("no pom.xml in " + student + ": not a workshop copy");
        }
        Path temp = Files.createTempDirectory("workshop-grade-");
        try {
            Path workspace = temp.resolve("workspace");
            Workspace.copyTree(canonical.dir(), workspace);
            List<Results.FileChange> changes = Workspace.compare(canonical.dir(), student);
            List<Learner.LeftOut> leftOut = Learner.overlay(student, workspace, Project.at(workspace).exerciseModules());
            Sandbox sandbox = null;
            if (settings.sandbox().available()) {
                sandbox = Sandbox.prepare(temp.resolve("sandbox"), settings.sandbox(), settings.jdk(), label,
                        Sandbox.Limits.defaults(settings.forkTimeout()));
            }
            try {
                return grade(student, workspace, canonical, changes, leftOut, outDir, sandbox);
            } finally {
                if (sandbox != null) {
                    sandbox.close();
                }
            }
        } finally {
            if (settings.keepWorkspace()) {
                say("workspace kept at " + temp);
            } else {
                Workspace.deleteTree(temp);
            }
        }
    }

    private Results.Grade grade(Path student, Path workspace, Workspace.Canonical canonical,
            List<Results.FileChange> changes, List<Learner.LeftOut> leftOut, Path outDir, Sandbox sandbox)
            throws GradingException, IOException {
        Project project = Project.at(workspace);
        Manifest manifest = Manifest.read(workspace.resolve(Manifest.PATH));
        List<String> modules = new ArrayList<>(project.exerciseModules());
        if (!settings.only().isEmpty()) {
            for (String m : settings.only()) {
                if (!modules.contains(m)) {
                    throw new GradingException("--only " + m + ": no such exercise module " + modules);
                }
            }
            modules.retainAll(settings.only());
        }
        List<String> warnings = new ArrayList<>();
        for (Manifest.Entry e : manifest.entries()) {
            String warning = "the manifest lists module " + e.module() + ", which is not in the build";
            if (!project.exerciseModules().contains(e.module()) && !warnings.contains(warning)) {
                warnings.add(warning);
            }
        }
        if (canonical != null && sandbox == null) {
            warnings.add("graded without a sandbox (--no-sandbox): the student's code ran with your rights");
        }
        if (sandbox != null) {
            warnings.addAll(sandbox.notes());
        }
        for (String module : modules) {
            Workspace.deleteTree(workspace.resolve(module).resolve("target")); // stale reports never count
        }
        Files.createDirectories(outDir);
        Map<String, String> env = Map.of("JAVA_HOME", settings.jdk().toString(),
                "MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"); // a short build starts faster on C1
        List<String> common = new ArrayList<>(List.of("-B", "-fae", "-pl", String.join(",", modules), "-am",
                "-Dworkshop.testkit.skipTests=true", "-Dmaven.compiler.proc=none"));
        if (settings.offline()) {
            common.add("-o");
        }
        // One Maven run: compile (annotation processing off, so compiling runs no student code),
        // then one JVM per test class (an exit or halt costs only its class), each in a sandbox.
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("test", "-Dworkshop.testFailureIgnore=true", "-Dmaven.test.failure.ignore=true",
                "-Dworkshop.forkTimeoutSeconds=" + settings.forkTimeout(),
                "-Dworkshop.threadDumpAfterSeconds=" + Math.max(1, settings.forkTimeout() - 10),
                "-Dsurefire.failIfNoSpecifiedTests=false", "-DforkCount=1", "-DreuseForks=false",
                "-DenableOutErrElements=false", "-Dsurefire.exitTimeout=10",
                // C1 only and the serial collector: a test JVM lives seconds, so it starts faster
                // and takes less CPU from the students graded beside it.
                "-DargLine=-Xmx" + Sandbox.Limits.defaults(0).heapMegabytes() + "m -Xss1m -XX:TieredStopAtLevel=1"
                        + " -XX:+UseSerialGC"));
        if (sandbox != null) {
            args.add("-Djvm=" + sandbox.java());
            args.add("-Dsurefire.useManifestOnlyJar=false"); // the class path in CLASSPATH, for the wrapper's binds
        }
        Map<String, String> modulesByArtifact = new HashMap<>();
        for (String m : modules) {
            modulesByArtifact.put(project.artifactId(m), m);
        }
        long classes = 0;
        for (String m : modules) {
            classes += manifest.forModule(m).stream().map(Manifest.Entry::className).distinct().count();
        }
        Duration limit = Duration.ofSeconds(600L + classes * (settings.forkTimeout() + 30L));
        say("compiling and testing " + String.join(", ", modules) + " (each test class in its own "
                + (sandbox != null ? "sandboxed " : "") + "JVM, stopped after " + settings.forkTimeout() + " s)");
        Instant started = Instant.now();
        MavenLog log = new MavenLog();
        Progress shown = new Progress(progress, label, modulesByArtifact, settings.verbose());
        Maven.Run run = Maven.run(workspace, args, env, outDir.resolve("maven.log"), log.andThen(shown), limit, 0);
        say("Maven finished in " + Duration.between(started, Instant.now()).getSeconds() + " s");
        boolean killed = run.killed();
        if (killed) {
            warnings.add("Maven was stopped after " + limit.getSeconds() + " s; unfinished test classes score 0");
        }
        // The log is Maven's, but test output is in it too: it only explains a module whose tests
        // did not run (a compile error), never scores, and a module whose reports exist compiled.
        boolean anyReports = modules.stream()
                .anyMatch(m -> Files.isDirectory(workspace.resolve(m).resolve("target/surefire-reports")));
        if (!killed && !anyReports && run.exitCode() != 0 && !log.built(project.artifactId(modules.get(0)))) {
            throw new GradingException("Maven did not run the build (exit " + run.exitCode() + "):\n"
                    + String.join("\n", run.tail()));
        }
        for (String artifact : List.of(project.artifactId("testkit"), project.artifactId("exercise-parent"))) {
            ModuleOutcome shared = log.outcome(artifact, workspace.toString());
            if (!anyReports && log.built(artifact) && shared.failure() != Failure.NONE) {
                throw new GradingException("the shared build (" + artifact + ") failed, so no exercise could run:\n"
                        + shared.detail());
            }
        }
        Map<String, ModuleOutcome> outcomes = new LinkedHashMap<>();
        for (String module : modules) {
            boolean ran = Files.isDirectory(workspace.resolve(module).resolve("target/surefire-reports"));
            ModuleOutcome outcome = log.outcome(project.artifactId(module), workspace.toString());
            if (ran || outcome.failure() == Failure.FORK_CRASH || outcome.failure() == Failure.FORK_TIMEOUT) {
                outcome = new ModuleOutcome(Failure.NONE, ""); // its tests ran: what happened is in the reports
            } else if (killed) {
                outcome = new ModuleOutcome(Failure.NOT_BUILT, "grading was stopped before this module ran");
            } else if (outcome.failure() == Failure.NONE && !manifest.forModule(module).isEmpty()) {
                outcome = new ModuleOutcome(Failure.NOT_BUILT, "its tests did not run (see maven.log)");
            }
            outcomes.put(module, outcome);
        }
        // Score, from what Maven wrote and the wrapper recorded, now that every sandbox is gone.
        Map<String, Fork> forks = sandbox == null ? Map.of() : readForks(sandbox.forks());
        List<Results.Module> results = new ArrayList<>();
        for (String module : modules) {
            Path reportsDir = workspace.resolve(module).resolve("target/surefire-reports");
            ModuleOutcome outcome = outcomes.get(module);
            try {
                SurefireReports.Reports reports = SurefireReports.read(reportsDir);
                results.add(Grading.gradeModule(module, manifest.forModule(module), reports, outcome,
                        settings.forkTimeout(), forks));
                warnings.addAll(suspicious(module, reportsDir, reports));
            } catch (IOException | RuntimeException e) { // one module's results never cost the others
                results.add(Grading.gradeModule(module, manifest.forModule(module), SurefireReports.Reports.none(),
                        new ModuleOutcome(Failure.OTHER, "its results could not be read: " + e), settings.forkTimeout()));
            }
        }
        String commit = Workspace.git(student, "rev-parse", "HEAD");
        Results.Grade grade = new Results.Grade(commit, canonical == null ? null : canonical.source(),
                canonical == null ? null : canonical.commit(), results, changes, warnings,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), leftOut,
                canonical == null ? "none (local mode: your own tests)" : sandbox != null ? "bubblewrap" : "none");
        Formats.writeAll(grade, outDir);
        return grade;
    }

    /** What the reports show that an honest run never does. */
    static List<String> suspicious(String module, Path reportsDir, SurefireReports.Reports reports) throws IOException {
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(reportsDir)) {
            try (Stream<Path> list = Files.list(reportsDir)) {
                if (list.anyMatch(p -> p.getFileName().toString().endsWith(".dumpstream"))) {
                    found.add(module + ": a test JVM wrote straight to its channel to Maven (surefire's"
                            + " .dumpstream): its results may be forged; read " + module + "'s test output");
                }
            }
        }
        for (Map.Entry<String, List<SurefireReports.Outcome>> e : reports.byTest().entrySet()) {
            long distinct = e.getValue().stream().map(SurefireReports.Outcome::invocation).distinct().count();
            if (distinct < e.getValue().size()) {
                found.add(module + ": " + e.getKey() + " was reported more than once for the same run: its result"
                        + " may be forged (the worst one counts)");
            }
        }
        if (!reports.unreadable().isEmpty()) {
            found.add(module + ": unreadable or oversized reports: " + String.join(", ", reports.unreadable()));
        }
        return found;
    }

    static Map<String, Fork> readForks(Path file) {
        Map<String, Fork> forks = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return forks;
        }
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length < 3) {
                continue;
            }
            try {
                forks.put(f[0], new Fork(f[0], Integer.parseInt(f[1].trim()), Long.parseLong(f[2].trim())));
            } catch (NumberFormatException e) {
                // the wrapper writes numbers; a malformed line is skipped
            }
        }
        return forks;
    }
}
