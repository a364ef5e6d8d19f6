package workshop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether the tools were built from older sources than the checkout's (after a git pull, say):
 * then the launcher builds them again with Maven before running.
 */
final class Stale {

    /** What the tools are built from: their sources, the test kit's, and the poms that pin the versions. */
    static final List<String> INPUTS = List.of("workshop-cli/src/main", "workshop-cli/pom.xml", "testkit/src/main",
            "testkit/pom.xml", "demo-logging/src/main", "demo-logging/pom.xml", "exercise-parent/pom.xml", "pom.xml");

    private Stale() {}

    static boolean check(Path root, Path jar) {
        if (!Files.isRegularFile(jar)) {
            return false; // run from classes (a test, an IDE): nothing to rebuild
        }
        try {
            // The launcher touches "built" after each build: Maven leaves an up-to-date jar as it was.
            Path stamp = jar.resolveSibling("built");
            FileTime built = Files.getLastModifiedTime(Files.exists(stamp) ? stamp : jar);
            for (String input : INPUTS) {
                Path path = root.resolve(input);
                if (!Files.exists(path)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(path)) {
                    if (files.anyMatch(f -> newer(f, built))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
