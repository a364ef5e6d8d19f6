package workshop.grader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds a JDK 21 or newer for the grading build. Maven itself must run on it: with one test JVM
 * per test class, surefire lists the tests inside Maven's own JVM, which must read classes
 * compiled for 21. Looks where a person would: JAVA_HOME, the running JDK, the usual folders.
 */
final class Jdk {
    static final int MINIMUM = 21;

    private Jdk() {}

    static Path find() throws GradingException {
        List<Path> candidates = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome));
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path best = null;
        int bestVersion = 0;
        for (Path c : candidates) {
            if (version(c) >= MINIMUM) {
                return c.toAbsolutePath();
            }
        }
        String home = System.getProperty("user.home", "");
        for (Path folder : List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"),
                Path.of("/Library/Java/JavaVirtualMachines"), Path.of(home, ".sdkman/candidates/java"),
                Path.of(home, ".jdks"), Path.of("C:\\Program Files\\Eclipse Adoptium"),
                Path.of("C:\\Program Files\\Java"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> list = Files.newDirectoryStream(folder)) {
                for (Path p : list) {
                    Path jdk = Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p;
                    int v = version(jdk);
                    if (v > bestVersion) {
                        best = jdk;
                        bestVersion = v;
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds no usable JDK
            }
        }
        if (best == null || bestVersion < MINIMUM) {
            throw new GradingException("no JDK " + MINIMUM + " or newer found (set JAVA_HOME to one, or install"
                    + " one, e.g. Temurin " + MINIMUM + " from adoptium.net or openjdk-" + MINIMUM + "-jdk)");
        }
        return best.toAbsolutePath();
    }

    /** The JDK's feature version from its release file and a javac beside java; 0 if not a JDK. */
    static int version(Path jdk) {
        Path release = jdk.resolve("release");
        boolean hasJavac = Files.isRegularFile(jdk.resolve("bin/javac")) || Files.isRegularFile(jdk.resolve("bin/javac.exe"));
        if (!hasJavac || !Files.isRegularFile(release)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
        String v = p.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        String feature = v.startsWith("1.") ? v.substring(2) : v;
        int end = 0;
        while (end < feature.length() && Character.isDigit(feature.charAt(end))) {
            end++;
        }
        try {
            return end == 0 ? 0 : Integer.parseInt(feature.substring(0, Math.min(end, 4)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Path java(Path jdk) {
        Path exe = jdk.resolve("bin/java.exe");
        return Files.isRegularFile(exe) ? exe : jdk.resolve("bin/java");
    }
}
