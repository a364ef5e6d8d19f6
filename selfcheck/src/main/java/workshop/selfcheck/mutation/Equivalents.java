package workshop.selfcheck.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The equivalent mutants: those that cannot change what a test can see through the
 * exercise's public contract. Listed in catalogue/EQUIVALENT-MUTANTS.md as table rows
 * {@code | `ID` | `description` | reason |} under a heading naming the module; the
 * description must match the mutant's, so an entry whose id now names another mutant is
 * caught as stale.
 */
public final class Equivalents {

    /** One listed equivalent mutant. */
    public record Entry(String module, String id, String description, String reason, int line) {}

    private static final Pattern MODULE_HEADING = Pattern.compile("^#+\\s+(\\d\\d-[A-Za-z0-9-]+)\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z0-9]+:[^`]+#\\d+)`\\s*\\|(.*)\\|\\s*$");

    private Equivalents() {}

    public static List<Entry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String module = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher heading = MODULE_HEADING.matcher(line);
            if (heading.matches()) {
                module = heading.group(1);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String[] cells = row.group(2).split("(?<!\\\\)\\|", -1);
            String where = "EQUIVALENT-MUTANTS.md:" + (i + 1);
            if (module == null || cells.length != 2) {
                throw new IllegalArgumentException(where + ": an equivalent mutant is a row | `ID` | `description` | reason |"
                        + " under a heading that names its module (### 05-locks)");
            }
            String description = unescape(cells[0].strip().replaceAll("^`|`$", ""));
            String reason = unescape(cells[1].strip());
            if (reason.isEmpty()) {
                throw new IllegalArgumentException(where + ": " + row.group(1) + " has no reason");
            }
            entries.add(new Entry(module, row.group(1), description, reason, i + 1));
        }
        return entries;
    }

    /** The description as a table cell: between backticks, with | escaped. */
    public static String cell(String description) {
        return "`" + description.replace("|", "\\|") + "`";
    }

    private static String unescape(String cell) {
        return cell.replace("\\|", "|");
    }
}
