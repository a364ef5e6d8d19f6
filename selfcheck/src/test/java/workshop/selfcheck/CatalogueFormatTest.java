package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The catalogue format is read and applied exactly, and a stale entry is caught")
class CatalogueFormatTest {

    private static final String SOURCE = """
            class A {
                void f() {
                    thread.start();
                    other.start();
                }
            }
            """;

    @TempDir
    Path root;

    private Path source(String text) throws IOException {
        Path file = root.resolve("p/A.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("a block replaces whole lines, once")
    void replacesWholeLines() throws IOException {
        Path file = source(SOURCE);
        Catalogue.Entry entry = Catalogue.parse("01-x", "run", """
                Calls run().
                --- p/A.java
                <<<<<<<
                        thread.start();
                =======
                        thread.run();
                >>>>>>>
                """);
        assertEquals("Calls run().", entry.description());
        entry.applyTo(root);
        assertTrue(Files.readString(file).contains("        thread.run();\n        other.start();"));
    }

    @Test
    @DisplayName("an empty replacement removes the lines; several blocks apply in order")
    void removesLinesAndAppliesSeveralBlocks() throws IOException {
        Path file = source(SOURCE);
        Catalogue.parse("01-x", "two", """
                Two edits.
                --- p/A.java
                <<<<<<<
                        thread.start();
                =======
                >>>>>>>
                <<<<<<<
                        other.start();
                =======
                        other.run();
                >>>>>>>
                """).applyTo(root);
        String text = Files.readString(file);
        assertFalse(text.contains("thread."));
        assertTrue(text.contains("        other.run();\n"));
    }

    @Test
    @DisplayName("text not found, found twice, or only part of a line is a stale entry")
    void staleEntries() throws IOException {
        source(SOURCE + "class B {\n    }\n}\n");
        for (String search : new String[] {"        thread.join();", "    }", "thread.start();"}) {
            Catalogue.Entry entry = Catalogue.parse("01-x", "stale", "Stale.\n--- p/A.java\n<<<<<<<\n" + search
                    + "\n=======\n        x();\n>>>>>>>\n");
            Catalogue.MalformedEntry error = assertThrows(Catalogue.MalformedEntry.class, () -> entry.applyTo(root));
            assertTrue(error.getMessage().contains("exactly once"), error.getMessage());
        }
    }

    @Test
    @DisplayName("a new file may be added; an existing one may not be added again")
    void addsNewFiles() throws IOException {
        source(SOURCE);
        Catalogue.parse("01-x", "add", "Adds.\n--- p/B.java\n<<<<<<<\n=======\nclass B {}\n>>>>>>>\n").applyTo(root);
        assertEquals("class B {}\n", Files.readString(root.resolve("p/B.java")));
        Catalogue.Entry again = Catalogue.parse("01-x", "add", "Adds.\n--- p/A.java\n<<<<<<<\n=======\nclass A {}\n>>>>>>>\n");
        assertThrows(Catalogue.MalformedEntry.class, () -> again.applyTo(root));
    }

    @Test
    @DisplayName("malformed files are reported with what to fix")
    void malformed() {
        assertThrows(Catalogue.MalformedEntry.class, () -> Catalogue.parse("01-x", "e", "--- p/A.java\n<<<<<<<\na\n=======\nb\n>>>>>>>\n"),
                "no description");
        assertThrows(Catalogue.MalformedEntry.class, () -> Catalogue.parse("01-x", "e", "Oops.\n--- p/A.java\n<<<<<<<\na\n>>>>>>>\n"),
                "no =======");
        assertThrows(Catalogue.MalformedEntry.class, () -> Catalogue.parse("01-x", "e", "Oops.\n--- p/A.java\n"),
                "no block");
        assertThrows(Catalogue.MalformedEntry.class, () -> Catalogue.parse("01-x", "e", "Oops.\n--- ../A.java\n<<<<<<<\na\n=======\nb\n>>>>>>>\n"),
                "path outside the sources");
        assertThrows(Catalogue.MalformedEntry.class, () -> Catalogue.parse("01-x", "e", "Oops.\n--- p/A.java\nstray\n"),
                "stray line");
    }

    @Test
    @DisplayName("Windows line endings in the entry or the source do not matter")
    void lineEndings() throws IOException {
        Path file = source(SOURCE.replace("\n", "\r\n"));
        Catalogue.parse("01-x", "crlf", "Crlf.\r\n--- p/A.java\r\n<<<<<<<\r\n        thread.start();\r\n=======\r\n        thread.run();\r\n>>>>>>>\r\n")
                .applyTo(root);
        assertTrue(Files.readString(file).contains("thread.run();"));
    }
}
