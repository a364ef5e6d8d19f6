package workshop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDK 21 or newer for the grading build. Maven itself must run on it: with one test JVM per
 * test class, surefire lists the tests inside Maven's own JVM, which must read classes compiled
 * for 21. The launchers (grade, grade.cmd) find one with the workshop's JDK finder and run the
 * grader on it, so this only checks JAVA_HOME and the running JDK.
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
        for (Path c : candidates) {
            if (version(c) >= MINIMUM) {
                return c.toAbsolutePath();
            }
        }
        throw new GradingException("the grader runs on " + System.getProperty("java.home") + ", not a JDK "
                + MINIMUM + "+; start it with ./grade (or grade.cmd), which finds one, or set JAVA_HOME to one");
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
