package workshop.selfcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The wrong-answer catalogue (format: catalogue/README.md). An entry is a description and
 * edits of files of the reference answer's package (solutions/src/main/java, or a class given
 * with the exercise in its src/given/java); each edit replaces whole lines that must
 * occur exactly once, so an entry that no longer matches the reference answer is caught.
 */
public final class Catalogue {

    /** A catalogue file that cannot be read or applied; the message says what to fix. */
    public static final class MalformedEntry extends RuntimeException {
        public MalformedEntry(String message) {
            super(message);
        }
    }

    /** Replace {@code search} (whole lines; empty: create the file) with {@code replacement}. */
    public record Block(String search, String replacement) {}

    /** The blocks that edit one file, named relative to the source root (workshop/pkg/Name.java). */
    public record FileEdit(String path, List<Block> blocks) {}

    /** One wrong answer. */
    public record Entry(String module, String name, String description, List<FileEdit> edits) {
        @Override
        public String toString() {
            return module + "/" + name;
        }

        /** The files (relative paths) this entry edits or adds. */
        public List<String> paths() {
            return edits.stream().map(FileEdit::path).toList();
        }

        /**
         * Applies the edits to the source tree under {@code sourceRoot} (a copy: it is changed in
         * place). Throws {@link MalformedEntry} if a search text is not found exactly once.
         */
        public void applyTo(Path sourceRoot) {
            for (FileEdit edit : edits) {
                Path file = sourceRoot.resolve(edit.path());
                String text;
                try {
                    text = Files.exists(file) ? normalise(Files.readString(file, StandardCharsets.UTF_8)) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (Block block : edit.blocks()) {
                    if (block.search().isEmpty()) {
                        if (text != null) {
                            throw new MalformedEntry(this + ": adds " + edit.path() + ", which already exists;"
                                    + " an empty <<<<<<< part may only create a new file");
                        }
                        text = block.replacement();
                        continue;
                    }
                    if (text == null) {
                        throw new MalformedEntry(this + ": edits " + edit.path()
                                + ", which is neither in solutions/src/main/java nor given in src/given/java");
                    }
                    List<Integer> at = wholeLineOccurrences(text, block.search());
                    if (at.size() != 1) {
                        throw new MalformedEntry(this + ": in " + edit.path() + ", the lines to replace occur "
                                + at.size() + " times (must be exactly once; stale entry or not whole lines?):\n"
                                + block.search().indent(4));
                    }
                    int start = at.getFirst();
                    text = text.substring(0, start) + block.replacement() + text.substring(start + block.search().length());
                }
                try {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private Catalogue() {}

    /** Every entry of {@code module}, in file name order; an absent folder has none. */
    public static List<Entry> entries(Path catalogue, String module) {
        Path dir = catalogue.resolve(module);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt"))
                    .sorted()
                    .map(f -> parse(module, f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalogue's module folders (to catch a folder whose module does not exist). */
    public static List<String> moduleFolders(Path catalogue) {
        try (Stream<Path> children = Files.list(catalogue)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Entry parse(String module, Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
        try {
            return parse(module, name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Entry parse(String module, String name, String text) {
        String where = module + "/" + name + ".txt";
        List<String> lines = normalise(text).lines().toList();
        StringBuilder description = new StringBuilder();
        Map<String, List<Block>> edits = new LinkedHashMap<>();
        List<Block> current = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.startsWith("--- ")) {
                String path = line.substring(4).strip();
                if (path.isEmpty() || path.startsWith("/") || path.contains("..") || !path.endsWith(".java")) {
                    throw new MalformedEntry(where + ":" + lineNumber + ": '--- ' must name a .java file under"
                            + " solutions/src/main/java or src/given/java, e.g. '--- workshop/threads/ThreadBasics.java'");
                }
                current = edits.computeIfAbsent(path, p -> new ArrayList<>());
                i++;
            } else if (current == null) {
                description.append(line).append('\n');
                i++;
            } else if (line.equals("<<<<<<<")) {
                int separator = indexOf(lines, "=======", i + 1);
                int end = separator < 0 ? -1 : indexOf(lines, ">>>>>>>", separator + 1);
                if (separator < 0 || end < 0) {
                    throw new MalformedEntry(where + ":" + lineNumber + ": a block opened with <<<<<<< needs"
                            + " ======= and then >>>>>>>");
                }
                current.add(new Block(join(lines.subList(i + 1, separator)), join(lines.subList(separator + 1, end))));
                i = end + 1;
            } else if (line.isBlank()) {
                i++;
            } else {
                throw new MalformedEntry(where + ":" + lineNumber + ": expected '<<<<<<<' or '--- path', found: " + line);
            }
        }
        if (description.toString().isBlank()) {
            throw new MalformedEntry(where + ": starts with no description of the mistake");
        }
        if (edits.isEmpty() || edits.values().stream().anyMatch(List::isEmpty)) {
            throw new MalformedEntry(where + ": needs at least one '--- path' followed by at least one block");
        }
        List<FileEdit> fileEdits = edits.entrySet().stream()
                .map(e -> new FileEdit(e.getKey(), List.copyOf(e.getValue())))
                .toList();
        return new Entry(module, name, description.toString().strip(), fileEdits);
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(marker)) {
                return i;
            }
        }
        return -1;
    }

    private static String join(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    static String normalise(String text) {
        String unix = text.replace("\r\n", "\n").replace('\r', '\n');
        return unix.isEmpty() || unix.endsWith("\n") ? unix : unix + "\n";
    }

    /** Where {@code lines} (ending in a newline) occurs in {@code text} starting at a line start. */
    static List<Integer> wholeLineOccurrences(String text, String lines) {
        List<Integer> found = new ArrayList<>();
        for (int at = text.indexOf(lines); at >= 0; at = text.indexOf(lines, at + 1)) {
            if (at == 0 || text.charAt(at - 1) == '\n') {
                found.add(at);
            }
        }
        return found;
    }
}
