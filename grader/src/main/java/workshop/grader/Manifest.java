package workshop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The graded tests and their points: grading/manifest.tsv. Points come from here, never from
 * the tests that happen to run, so a deleted, renamed or disabled test still counts (as failed).
 *
 * <p>One test per line, tab-separated: module, test class (binary name), test method, task,
 * points, display name. Lines starting with # are comments.
 */
final class Manifest {
    static final String PATH = "grading/manifest.tsv";

    record Entry(String module, String className, String method, String task, int points, String displayName) {
        String key() {
            return className + "#" + method;
        }
    }

    private final List<Entry> entries;

    Manifest(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    List<Entry> forModule(String module) {
        return entries.stream().filter(e -> e.module().equals(module)).toList();
    }

    static Manifest read(Path file) throws GradingException {
        if (!Files.isRegularFile(file)) {
            throw new GradingException("no grading manifest at " + file
                    + " (a maintainer creates it with ./grade --write-manifest)");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GradingException("cannot read " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                throw new GradingException(file + " line " + (i + 1) + ": expected at least 5 tab-separated fields");
            }
            int points;
            try {
                points = Integer.parseInt(f[4].trim());
            } catch (NumberFormatException e) {
                throw new GradingException(file + " line " + (i + 1) + ": points must be a whole number: " + f[4]);
            }
            entries.add(new Entry(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim(), points,
                    f.length > 5 ? f[5].trim() : f[2].trim()));
        }
        return new Manifest(entries);
    }

    String format() {
        StringBuilder out = new StringBuilder();
        out.append("# Graded tests and their points, read by ./grade. Regenerate after changing the exercises'\n")
                .append("# tests with: ./grade --write-manifest (it runs the solutions' tests and keeps the points\n")
                .append("# already set here). A test listed here that does not run counts as failed.\n")
                .append("# module\tclass\tmethod\ttask\tpoints\tdisplay name\n");
        for (Entry e : entries) {
            out.append(String.join("\t", e.module(), e.className(), e.method(), clean(e.task()),
                    String.valueOf(e.points()), clean(e.displayName()))).append('\n');
        }
        return out.toString();
    }

    private static String clean(String s) {
        return s.replaceAll("[\\t\\r\\n]+", " ").trim();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, format(), StandardCharsets.UTF_8);
    }
}
