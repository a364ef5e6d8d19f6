package workshop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Canonical mode: a temporary copy of the instructor's grading tree in which each exercise's
 * learner files are the student's ({@link Learner}). Everything else (tests, given classes,
 * poms, test kit, manifest, wrapper) is the instructor's, so editing a test cannot change a score.
 */
final class Workspace {
    /** Never copied and never compared: build output and version control. */
    private static final Set<String> SKIP_DIRS = Set.of("target", ".git", "node_modules", ".idea", ".vscode");

    private Workspace() {}

    /** The canonical workshop to grade against: an exported grading tree in {@code dir}. */
    record Canonical(Path dir, String source, String commit) {}

    /**
     * Resolves {@code --tests}: a directory, or a git ref of the instructor's repository
     * ({@code home}, the workshop ./grade runs from; never the student's, whose tags the student
     * controls). Writes its grading export (no answers) to {@code into}.
     */
    static Canonical canonical(String tests, Path home, Path into) throws GradingException, IOException {
        Path dir = Path.of(tests);
        if (!dir.isAbsolute()) {
            dir = Path.of("").toAbsolutePath().resolve(tests).normalize();
        }
        Path source;
        String commit;
        if (Files.isDirectory(dir)) {
            if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
                throw new GradingException("--tests " + tests + ": no pom.xml there, not a workshop copy");
            }
            source = dir;
            commit = git(dir, "rev-parse", "HEAD");
        } else {
            if (tests.startsWith("-")) {
                throw new GradingException("--tests " + tests + ": not a directory or a git ref");
            }
            commit = git(home, "rev-parse", "--verify", "--quiet", tests + "^{commit}");
            if (commit == null) {
                throw new GradingException("--tests " + tests + ": neither a directory nor a git ref of the"
                        + " instructor's repository " + home);
            }
            source = into.resolveSibling(into.getFileName() + "-ref");
            checkout(home, commit, source);
        }
        Export.write(source, into, Export.Kind.TESTS);
        if (!source.equals(dir)) {
            deleteTree(source);
        }
        return new Canonical(into, tests, commit);
    }

    /** Writes the tree of {@code commit} of {@code repo} to {@code into}, leaving the repository's index and work tree alone. */
    static void checkout(Path repo, String commit, Path into) throws GradingException, IOException {
        Path index = into.resolveSibling(into.getFileName() + ".index");
        Files.createDirectories(into);
        try {
            runGit(repo, index, "--work-tree=" + into, "read-tree", commit);
            runGit(repo, index, "--work-tree=" + into, "checkout-index", "--all", "--force");
        } finally {
            Files.deleteIfExists(index);
        }
    }

    /**
     * The workshop's files, relative: the tracked ones of a git work tree (never an untracked
     * file such as a local secret), else every regular file outside build output. No links.
     */
    static List<String> files(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        if (Files.exists(root.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            List<String> tracked = gitLines(root, "ls-files", "-z");
            if (tracked != null) {
                for (String rel : tracked) {
                    Path p = root.resolve(rel);
                    if (Learner.linkOnTheWay(root, rel) == null && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(rel);
                    }
                }
                return files;
            }
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(root.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static List<String> gitLines(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            List<String> lines = new ArrayList<>();
            for (String s : out.split("\0")) {
                if (!s.isEmpty()) {
                    lines.add(s);
                }
            }
            return lines;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The files whose difference matters: tests, build files, workflows, the grader and its manifest. */
    static boolean guarded(String path) {
        if (!Export.published(path, Export.Kind.TEMPLATE)) {
            return false; // kept out of the students' copy
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return path.contains("/src/test/") || path.startsWith("src/test/") || name.equals("pom.xml")
                || path.startsWith(".github/") || path.startsWith(".mvn/") || path.startsWith("grading/")
                || path.startsWith("grader/") || path.startsWith("testkit/") || path.startsWith("exercise-parent/")
                || path.startsWith(".ci/") || Set.of("mvnw", "mvnw.cmd", "grade", "grade.cmd").contains(path);
    }

    /** Per guarded file: modified, missing (in the student's copy) or added (only in the student's copy). */
    static List<Results.FileChange> compare(Path canonical, Path student) throws IOException {
        Set<String> canonicalFiles = guardedFiles(canonical);
        Set<String> studentFiles = guardedFiles(student);
        Set<String> all = new TreeSet<>(canonicalFiles);
        all.addAll(studentFiles);
        List<Results.FileChange> changes = new ArrayList<>();
        for (String path : all) {
            if (!studentFiles.contains(path)) {
                changes.add(new Results.FileChange(path, "missing"));
            } else if (!canonicalFiles.contains(path)) {
                changes.add(new Results.FileChange(path, "added"));
            } else if (!sameText(canonical.resolve(path), student.resolve(path))) {
                changes.add(new Results.FileChange(path, "modified"));
            }
        }
        return changes;
    }

    private static Set<String> guardedFiles(Path root) throws IOException {
        Set<String> files = new TreeSet<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                if (attrs.isRegularFile() && guarded(rel) && files.size() < 10_000) {
                    files.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** Same content, ignoring line-ending differences (a Windows checkout converts them). */
    static boolean sameText(Path a, Path b) throws IOException {
        if (Files.size(a) > 4 << 20 || Files.size(b) > 4 << 20) {
            return Files.mismatch(a, b) == -1;
        }
        byte[] x = Files.readAllBytes(a);
        byte[] y = Files.readAllBytes(b);
        if (Arrays.equals(x, y)) {
            return true;
        }
        return normalize(x).equals(normalize(y));
    }

    private static String normalize(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && SKIP_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Output of a git command's first line, or null if git is missing or the command failed. */
    static String git(Path dir, String... args) {
        // A student's repository may carry its own config: run none of it (no fsmonitor, no hooks).
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "core.fsmonitor=false",
                "-c", "core.hooksPath=/dev/null", "-c", "safe.directory=*"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse(null) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void runGit(Path repo, Path index, String... args) throws GradingException, IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GIT_INDEX_FILE", index.toAbsolutePath().toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new GradingException("git " + String.join(" ", args) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GradingException("interrupted");
        }
    }
}
