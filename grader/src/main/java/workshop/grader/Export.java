package workshop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two repositories an instructor publishes, both without answers:
 * <ul>
 * <li>the students' template: the workshop without the reference answers, the catalogue of
 * wrong answers and the maintainers' tools and workflow;</li>
 * <li>the grading repository: the same minus the lessons, which is all that grading needs
 * (tests, poms, test kit, given classes, starters, grader, manifest). It can be public, so
 * grading in CI needs no token. Every sandboxed grading workspace is one of these.</li>
 * </ul>
 */
final class Export {
    enum Kind { TEMPLATE, TESTS }

    /** Never published: the answers, and what only maintainers use. */
    static final List<String> NOT_PUBLISHED = List.of("solutions/", "catalogue/", "selfcheck/", "scripts/", ".ci/",
            "MAINTAINERS.md", ".github/workflows/workshop.yml", ".github/workflows/grade-class.yml", "grading/roster");

    private static final Pattern MODULE = Pattern.compile("[ \\t]*<module>([^<]+)</module>[ \\t]*\\r?\\n?");

    private Export() {}

    static boolean published(String path, Kind kind) {
        for (String p : NOT_PUBLISHED) {
            if (path.equals(p) || path.startsWith(p)) {
                return false;
            }
        }
        if (kind == Kind.TESTS) {
            // The lessons are the students' business; grading needs none of them.
            return !path.matches("\\d+-[^/]+/README[^/]*\\.md");
        }
        return true;
    }

    /**
     * Writes the export of the workshop at {@code source} (a directory) to {@code into}, which
     * must not exist or be empty. Returns the files written.
     */
    static List<String> write(Path source, Path into, Kind kind) throws IOException, GradingException {
        if (!Files.isRegularFile(source.resolve("pom.xml"))) {
            throw new GradingException(source + " is not a workshop (no pom.xml)");
        }
        if (Files.exists(into) && !Workspace.isEmptyDir(into)) {
            throw new GradingException(into + " exists and is not empty");
        }
        Set<String> answers = answers(source);
        List<String> files = new ArrayList<>();
        for (String rel : Workspace.files(source)) {
            if (!published(rel, kind)) {
                continue;
            }
            Path from = source.resolve(rel);
            byte[] bytes = Files.readAllBytes(from);
            if (answers.contains(sha(bytes))) {
                throw new GradingException("refusing to publish " + rel + ": it is a reference answer");
            }
            Path to = into.resolve(rel);
            Files.createDirectories(to.getParent());
            if (rel.equals("pom.xml")) {
                bytes = withoutUnpublishedModules(new String(bytes, StandardCharsets.UTF_8), source)
                        .getBytes(StandardCharsets.UTF_8);
            }
            Files.write(to, bytes);
            if (Files.isExecutable(from)) {
                to.toFile().setExecutable(true, false);
            }
            files.add(rel);
        }
        return files;
    }

    /** The root pom without the modules that are not published (solutions, selfcheck). */
    static String withoutUnpublishedModules(String pom, Path source) {
        Matcher m = MODULE.matcher(pom);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String module = m.group(1).trim();
            boolean keep = published(module + "/pom.xml", Kind.TEMPLATE) && Files.isDirectory(source.resolve(module));
            m.appendReplacement(out, keep ? Matcher.quoteReplacement(m.group()) : "");
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Digests of the reference answers that differ from their starter: a file with one of these
     * contents is never published, wherever it sits.
     */
    static Set<String> answers(Path source) throws IOException {
        Set<String> answers = new HashSet<>();
        Path solutions = source.resolve("solutions/src/main/java");
        if (!Files.isDirectory(solutions, LinkOption.NOFOLLOW_LINKS)) {
            return answers;
        }
        Set<String> starters = new HashSet<>();
        List<String> modules;
        try {
            modules = Project.at(source).exerciseModules();
        } catch (GradingException e) {
            return answers; // not a workshop: nothing of it is published anyway
        }
        for (String module : modules) {
            for (String root : List.of("src/main/java", "src/given/java")) {
                Path dir = source.resolve(module).resolve(root);
                for (String f : Learner.javaFiles(dir)) {
                    starters.add(sha(Files.readAllBytes(dir.resolve(f))));
                }
            }
        }
        for (String f : Learner.javaFiles(solutions)) {
            String digest = sha(Files.readAllBytes(solutions.resolve(f)));
            if (!starters.contains(digest)) {
                answers.add(digest);
            }
        }
        return answers;
    }

    static String sha(byte[] bytes) {
        try {
            String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
