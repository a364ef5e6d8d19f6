package workshop.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grades every student folder of a class, {@code jobs} at once (each in its own workspace and
 * sandbox). A student that cannot be graded, for whatever reason, is a row saying why; the
 * others go on.
 */
final class ClassGrading {
    private final Grader.Settings settings;
    private final Workspace.Canonical canonical;
    private final int jobs;
    private final PrintStream out;
    private final PrintStream progress;

    ClassGrading(Grader.Settings settings, Workspace.Canonical canonical, int jobs, PrintStream out, PrintStream progress) {
        this.settings = settings;
        this.canonical = canonical;
        this.jobs = jobs;
        this.out = out;
        this.progress = progress;
    }

    /** The class folder's students: its sub-folders with a pom.xml (a link is listed, to be refused). */
    static List<Path> students(Path classDir, Path outDir) throws IOException {
        List<Path> students = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(classDir)) {
            for (Path p : list) {
                if (p.equals(outDir) || p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (Files.isSymbolicLink(p) || Files.isRegularFile(p.resolve("pom.xml"), LinkOption.NOFOLLOW_LINKS)
                        || Files.isSymbolicLink(p.resolve("pom.xml"))) {
                    students.add(p);
                }
            }
        }
        students.sort(null);
        return students;
    }

    int run(Path classDir, Path outDir) throws IOException {
        List<Path> students = students(classDir, outDir);
        if (students.isEmpty()) {
            progress.println("grade: could not grade: no workshop folders (with a pom.xml) in " + classDir);
            return 2;
        }
        Files.createDirectories(outDir);
        int workers = Math.max(1, Math.min(jobs, students.size()));
        progress.println("[grade] grading " + students.size() + " students, " + workers + " at a time"
                + (settings.sandbox().available() ? ", each in a sandbox" : ", WITHOUT a sandbox"));
        Instant started = Instant.now();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<ClassReport.Row>> rows = new ArrayList<>();
        try {
            for (Path student : students) {
                rows.add(pool.submit(() -> gradeOne(student, outDir, done, students.size())));
            }
            List<ClassReport.Row> result = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                try {
                    result.add(rows.get(i).get());
                } catch (Exception e) {
                    result.add(ClassReport.Row.problem(students.get(i).getFileName().toString(), String.valueOf(e)));
                }
            }
            String table = ClassReport.write(result, outDir);
            out.println();
            out.print(table);
            out.println("\n  " + students.size() + " students in " + Duration.between(started, Instant.now()).getSeconds()
                    + " s; written to " + outDir.resolve("class.csv") + " and class.md; per student: " + outDir
                    + "/<student>/results.json");
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    private ClassReport.Row gradeOne(Path student, Path outDir, AtomicInteger done, int total) {
        String name = student.getFileName().toString();
        Instant started = Instant.now();
        ClassReport.Row row;
        try {
            if (Files.isSymbolicLink(student) || Files.isSymbolicLink(student.resolve("pom.xml"))) {
                throw new GradingException("the student's folder (or its pom.xml) is a symbolic link: not followed");
            }
            progress.println("[grade] " + name + ": started");
            Results.Grade grade = new Grader(settings, progress, name).canonical(student, canonical, outDir.resolve(name));
            row = ClassReport.Row.of(name, grade);
        } catch (GradingException e) {
            row = ClassReport.Row.problem(name, e.getMessage());
        } catch (Throwable e) { // one student never stops the class
            row = ClassReport.Row.problem(name, e.toString());
        }
        int n = done.incrementAndGet();
        progress.println("[grade] " + name + ": " + (row.status().equals("graded") ? row.score() + "/" + row.maxScore()
                + " (" + row.percent() + "%)" : row.status()) + " in " + Duration.between(started, Instant.now()).getSeconds()
                + " s  [" + n + " of " + total + " done]");
        return row;
    }
}
