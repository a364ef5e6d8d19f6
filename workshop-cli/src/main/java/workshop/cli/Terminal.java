package workshop.cli;

import java.io.Console;

/** What check mode knows of the terminal without opening it: its width, and whether colours help. */
final class Terminal {

    private Terminal() {}

    /** The width to wrap at: $COLUMNS where the shell exports it, else 100. */
    static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").strip());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** Colours only on an interactive terminal that understands them (and not where NO_COLOR is set). */
    static boolean colourOnStdout() {
        if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        if (windows && System.getenv("WT_SESSION") == null) {
            return false; // the old console shows escape codes as text
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ has a console even when output is redirected; isTerminal() tells.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console means a terminal
        }
    }
}
