package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layout an IDE can import: no folder is a source or resource root of two modules (IntelliJ
 * keeps such a folder in one module only, Eclipse reports a duplicate entry), and every file
 * exists once (nothing in solutions/ is a copy of an exercise's file).
 */
@DisplayName("Every folder belongs to one module, every file exists once")
class LayoutTest {

    private static final Pattern RESOURCE_DIRECTORY = Pattern.compile("directory: (.+?), PatternSet");

    private final Workshop workshop = Workshop.locate();

    /** A source or resource root of one module. */
    record Root(String module, String kind, Path path) {}

    @Test
    @DisplayName("no folder is a source or resource root of two modules")
    void noSharedRoots() {
        List<Root> roots = new ArrayList<>();
        for (Path module : modules()) {
            roots.addAll(rootsOf(module));
        }
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            for (int j = i + 1; j < roots.size(); j++) {
                Root a = roots.get(i);
                Root b = roots.get(j);
                if (!a.module().equals(b.module()) && (a.path().startsWith(b.path()) || b.path().startsWith(a.path()))) {
                    shared.add(a.path() + " (" + a.module() + ", " + a.kind() + ") and " + b.path() + " ("
                            + b.module() + ", " + b.kind() + ")");
                }
            }
        }
        if (!shared.isEmpty()) {
            fail("these roots belong to two modules; an IDE keeps each in one module only. Copy into target/"
                    + " instead of pointing at another module's folder:\n  " + String.join("\n  ", shared));
        }
    }

    @Test
    @DisplayName("no file in solutions/ is a copy of a file in an exercise module")
    void noCopies() throws IOException {
        Map<String, List<Path>> byContent = new HashMap<>();
        for (Path dir : exerciseAndSolutionDirs()) {
            for (Path file : sourceFiles(dir)) {
                byContent.computeIfAbsent(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), k -> new ArrayList<>())
                        .add(file);
            }
        }
        List<String> copies = byContent.values().stream()
                .filter(files -> files.stream().anyMatch(f -> f.startsWith(workshop.root().resolve("solutions")))
                        && files.stream().anyMatch(f -> !f.startsWith(workshop.root().resolve("solutions"))))
                .map(files -> files.stream().map(f -> workshop.root().relativize(f).toString())
                        .collect(Collectors.joining(" = ")))
                .sorted()
                .toList();
        if (!copies.isEmpty()) {
            fail("solutions/ holds only the answers; a given class lives once, in its exercise's src/given/java."
                    + " Identical files:\n  " + String.join("\n  ", copies));
        }
    }

    @Test
    @DisplayName("shell launchers are checked out with LF and .cmd launchers with CRLF, whatever core.autocrlf says")
    void launchersKeepTheirLineEndings() throws IOException, InterruptedException {
        List<String> tracked = git("ls-files");
        Assumptions.assumeTrue(tracked != null, "not a git checkout (or no git): line endings are not checked");
        List<String> wrong = new ArrayList<>();
        for (String path : tracked) {
            Path file = workshop.root().resolve(path);
            String wanted = path.endsWith(".cmd") ? "crlf" : startsWithShebang(file) ? "lf" : null;
            if (wanted != null) {
                List<String> attr = git("check-attr", "eol", "--", path);
                String eol = attr == null || attr.isEmpty() ? "" : attr.getFirst().replaceFirst(".*: eol: ", "");
                if (!eol.equals(wanted)) {
                    wrong.add(path + " has eol '" + eol + "', needs '" + wanted + "'");
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail("set these in .gitattributes, or a Windows checkout breaks them:\n  " + String.join("\n  ", wrong));
        }
    }

    private static boolean startsWithShebang(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        }
    }

    /** The lines a git command prints in the workshop's folder, or null when git is missing or fails. */
    private List<String> git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", workshop.root().toString()));
        command.addAll(List.of(args));
        Process git;
        try {
            git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        List<String> lines = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        return git.waitFor() == 0 ? lines : null;
    }

    /** The root aggregator and every folder beside it with a pom.xml (each a module of the reactor). */
    private List<Path> modules() {
        List<Path> modules = new ArrayList<>(List.of(workshop.root()));
        try (Stream<Path> children = Files.list(workshop.root())) {
            children.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).sorted().forEach(modules::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modules;
    }

    /** The roots a module recorded in target/source-roots.txt (the root pom's selfcheck profile writes it). */
    private List<Root> rootsOf(Path module) {
        String name = module.equals(workshop.root()) ? "(root)" : module.getFileName().toString();
        Path record = module.resolve("target/source-roots.txt");
        if (!Files.isRegularFile(record)) {
            fail(name + " did not record its source roots in " + record + ": build with ./mvnw verify -Pselfcheck"
                    + " (a module left out of the reactor cannot be checked)");
        }
        Map<String, String> lines = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                int at = line.indexOf('=');
                if (at > 0) {
                    lines.put(line.substring(0, at), line.substring(at + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Root> roots = new ArrayList<>();
        for (String kind : List.of("main", "test")) {
            String list = lines.getOrDefault(kind, "[]");
            for (String path : list.substring(1, list.length() - 1).split(", ")) {
                if (!path.isBlank()) {
                    roots.add(new Root(name, kind + " sources", Path.of(path).normalize()));
                }
            }
        }
        for (String kind : List.of("resources", "testResources")) {
            Matcher directory = RESOURCE_DIRECTORY.matcher(lines.getOrDefault(kind, ""));
            while (directory.find()) {
                roots.add(new Root(name, kind, Path.of(directory.group(1)).normalize()));
            }
        }
        return roots;
    }

    private List<Path> exerciseAndSolutionDirs() {
        List<Path> dirs = new ArrayList<>();
        workshop.exercises().forEach(e -> dirs.add(e.dir()));
        dirs.add(workshop.root().resolve("solutions"));
        return dirs;
    }

    private static List<Path> sourceFiles(Path moduleDir) {
        Path src = moduleDir.resolve("src");
        if (!Files.isDirectory(src)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
