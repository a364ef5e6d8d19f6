package workshop.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Copy, don't trust: what of a student's work is graded. Only regular {@code .java} files of
 * the exercise's own packages in {@code <module>/src/main/java}, reached without a symbolic
 * link anywhere on the way, none named like a given class or a test class, each replacing or
 * adding to the canonical starters. Everything else (given classes, resources, other packages
 * such as {@code workshop.testkit}, links, huge files) comes from the canonical workshop or not
 * at all, and is reported as left out.
 */
final class Learner {
    static final long MAX_FILE_BYTES = 512 * 1024;
    static final int MAX_FILES_PER_MODULE = 200;

    /** A file of the student's src/main that was not used, and why. */
    record LeftOut(String path, String why) {}

    private Learner() {}

    /**
     * Replaces each exercise module's {@code src/main/java} in the workspace (a canonical copy)
     * by the student's learner files; returns what was left out.
     */
    static List<LeftOut> overlay(Path student, Path workspace, List<String> modules) throws IOException {
        List<LeftOut> leftOut = new ArrayList<>();
        for (String module : modules) {
            Path canonical = workspace.resolve(module);
            Set<String> packages = packages(canonical);
            Set<String> reserved = new TreeSet<>(); // paths under src/*/java the student may not replace
            reserved.addAll(javaFiles(canonical.resolve("src/given/java")));
            reserved.addAll(javaFiles(canonical.resolve("src/test/java")));
            // The canonical starters stay where the student has no file of their own, so a missing
            // file costs its tests, not the module's compilation.
            Path target = canonical.resolve("src/main/java");
            Files.createDirectories(target);
            Path from = student.resolve(module).resolve("src/main");
            String prefix = module + "/src/main/";
            String link = linkOnTheWay(student, module + "/src/main/java");
            if (link != null) {
                leftOut.add(new LeftOut(link, "a symbolic link: links are never followed, so the module's"
                        + " starter code was graded"));
                continue;
            }
            if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            int[] taken = {0};
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = from.relativize(file).toString().replace('\\', '/');
                    String shown = prefix + rel;
                    if (attrs.isSymbolicLink()) {
                        leftOut.add(new LeftOut(shown, "a symbolic link: never followed"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile()) {
                        leftOut.add(new LeftOut(shown, "not a regular file"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (!rel.startsWith("java/")) {
                        leftOut.add(new LeftOut(shown, "not Java source: the tests use no resources of yours"));
                        return FileVisitResult.CONTINUE;
                    }
                    String source = rel.substring("java/".length());
                    int slash = source.lastIndexOf('/');
                    String pkg = slash < 0 ? "" : source.substring(0, slash);
                    if (!source.endsWith(".java")) {
                        leftOut.add(new LeftOut(shown, "not a .java file"));
                    } else if (!inPackages(pkg, packages)) {
                        leftOut.add(new LeftOut(shown, "outside the exercise's package"
                                + (packages.size() == 1 ? " " + packages.iterator().next().replace('/', '.') : "s "
                                        + String.join(", ", packages).replace('/', '.'))));
                    } else if (reserved.contains(source)) {
                        leftOut.add(new LeftOut(shown, "named like a given or test class: the canonical one is used"));
                    } else if (attrs.size() > MAX_FILE_BYTES) {
                        leftOut.add(new LeftOut(shown, "larger than " + MAX_FILE_BYTES / 1024 + " KB"));
                    } else if (taken[0] >= MAX_FILES_PER_MODULE) {
                        leftOut.add(new LeftOut(shown, "more than " + MAX_FILES_PER_MODULE + " files in the module"));
                    } else {
                        Path to = target.resolve(source);
                        Files.createDirectories(to.getParent());
                        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
                            if (bytes.length > MAX_FILE_BYTES) {
                                leftOut.add(new LeftOut(shown, "larger than " + MAX_FILE_BYTES / 1024 + " KB"));
                                return FileVisitResult.CONTINUE;
                            }
                            Files.write(to, bytes);
                        }
                        taken[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    leftOut.add(new LeftOut(prefix + from.relativize(file).toString().replace('\\', '/'),
                            "unreadable: " + e.getClass().getSimpleName()));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return leftOut;
    }

    /**
     * The first symbolic link on the way from the student's folder to {@code path}
     * (student-relative), or null.
     */
    static String linkOnTheWay(Path student, String path) {
        Path at = student;
        StringBuilder shown = new StringBuilder();
        for (String part : path.split("/")) {
            at = at.resolve(part);
            shown.append(shown.length() == 0 ? "" : "/").append(part);
            if (Files.isSymbolicLink(at)) {
                return shown.toString();
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        return null;
    }

    /** The exercise's packages (as paths, "workshop/threads"): where its canonical classes live. */
    static Set<String> packages(Path module) throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String root : List.of("src/main/java", "src/given/java", "src/test/java")) {
            for (String file : javaFiles(module.resolve(root))) {
                int slash = file.lastIndexOf('/');
                packages.add(slash < 0 ? "" : file.substring(0, slash));
            }
        }
        return packages;
    }

    private static boolean inPackages(String pkg, Set<String> packages) {
        for (String p : packages) {
            if (p.isEmpty() ? pkg.isEmpty() : pkg.equals(p) || pkg.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    static Set<String> javaFiles(Path root) throws IOException {
        Set<String> files = new TreeSet<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && p.toString().endsWith(".java"))
                    .forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
        }
        return files;
    }
}
