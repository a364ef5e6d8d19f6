package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import workshop.cli.FindJdk.Java;

/** The JDK finder, on fake Windows, macOS and Linux file systems in a temporary folder. */
class FindJdkTest {

    @TempDir
    Path fs;

    private final Map<String, String> env = new HashMap<>();

    /** A fake Java installation: release file, bin/java and (for a JDK) bin/javac. */
    private Path install(String home, String version, boolean jdk, boolean windows) throws IOException {
        Path dir = fs.resolve(home);
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + version + "\"\n");
        Files.createFile(dir.resolve(windows ? "bin/java.exe" : "bin/java"));
        if (jdk) {
            Files.createFile(dir.resolve(windows ? "bin/javac.exe" : "bin/javac"));
        }
        return dir;
    }

    private FindJdk finder(String os) {
        return new FindJdk(env, os, fs, fs.resolve("home/learner"));
    }

    @ParameterizedTest(name = "Windows: {0}")
    @CsvSource({
        "C/Program Files/Eclipse Adoptium/jdk-21.0.5.11-hotspot",
        "C/Program Files/Microsoft/jdk-21.0.4.7-hotspot",
        "C/Program Files/Zulu/zulu-21",
        "C/Program Files/Java/jdk-21",
        "C/Program Files/Amazon Corretto/jdk21.0.5_11",
        "C/Users/learner/AppData/Local/Programs/Eclipse Adoptium/jdk-21.0.5.11-hotspot",
    })
    @DisplayName("finds a JDK 21 in Windows' default install places")
    void windows(String home) throws IOException {
        env.put("ProgramFiles", fs.resolve("C/Program Files").toString());
        env.put("LOCALAPPDATA", fs.resolve("C/Users/learner/AppData/Local").toString());
        Path jdk = install(home, "21.0.5", true, true);

        assertThat(finder("Windows 11").find()).map(Java::home).contains(jdk.toRealPath());
    }

    @Test
    @DisplayName("on Windows, environment variable names are matched whatever their case")
    void windowsEnvironmentIsCaseInsensitive() throws IOException {
        env.put("PROGRAMFILES", fs.resolve("C/Program Files").toString());
        Path jdk = install("C/Program Files/Eclipse Adoptium/jdk-25.0.1.8-hotspot", "25.0.1", true, true);

        assertThat(finder("Windows 10").find()).map(Java::home).contains(jdk.toRealPath());
    }

    @ParameterizedTest(name = "macOS: {0}")
    @CsvSource({
        "Library/Java/JavaVirtualMachines/temurin-21.jdk/Contents/Home",
        "home/learner/Library/Java/JavaVirtualMachines/corretto-21.0.5/Contents/Home",
        "opt/homebrew/opt/openjdk@21/libexec/openjdk.jdk/Contents/Home",
        "opt/homebrew/opt/openjdk/libexec/openjdk.jdk/Contents/Home",
        "usr/local/opt/openjdk@21/libexec/openjdk.jdk/Contents/Home",
        "home/learner/.sdkman/candidates/java/21.0.5-tem",
    })
    @DisplayName("finds a JDK 21 in macOS' default install places")
    void macOs(String home) throws IOException {
        Path jdk = install(home, "21.0.5", true, false);

        assertThat(finder("Mac OS X").find()).map(Java::home).contains(jdk.toRealPath());
    }

    @ParameterizedTest(name = "Linux: {0}")
    @CsvSource({
        "usr/lib/jvm/java-21-openjdk-amd64",
        "usr/lib/jvm/temurin-21-jdk-amd64",
        "home/learner/.sdkman/candidates/java/21.0.5-tem",
        "home/learner/.asdf/installs/java/temurin-21.0.5+11.0.LTS",
        "opt/jdk-21.0.5",
        "opt/java/jdk-21.0.5",
        "home/learner/.jdks/temurin-21.0.5",
    })
    @DisplayName("finds a JDK 21 in Linux' default install places")
    void linux(String home) throws IOException {
        Path jdk = install(home, "21.0.5", true, false);

        assertThat(finder("Linux").find()).map(Java::home).contains(jdk.toRealPath());
    }

    @Test
    @DisplayName("JAVA_HOME, when it is a JDK 21+, wins over a newer JDK elsewhere")
    void javaHomeFirst() throws IOException {
        Path javaHome = install("opt/jdk-21", "21.0.2", true, false);
        install("usr/lib/jvm/jdk-25", "25.0.1", true, false);
        env.put("JAVA_HOME", javaHome.toString());

        assertThat(finder("Linux").find()).map(Java::home).contains(javaHome.toRealPath());
    }

    @Test
    @DisplayName("a JAVA_HOME older than 21 is passed over for the newest JDK 21+ installed")
    void oldJavaHomeIsPassedOver() throws IOException {
        env.put("JAVA_HOME", install("usr/lib/jvm/java-17", "17.0.15", true, false).toString());
        install("usr/lib/jvm/jdk-21", "21.0.5", true, false);
        Path newest = install("usr/lib/jvm/jdk-25", "25.0.1", true, false);

        assertThat(finder("Linux").find()).map(Java::home).contains(newest.toRealPath());
    }

    @Test
    @DisplayName("the java on the PATH counts by its real folder, through links")
    void javaOnThePath() throws IOException {
        Path jdk = install("somewhere/jdk-22", "22.0.2", true, false);
        Path bin = Files.createDirectories(fs.resolve("usr/bin"));
        Files.createSymbolicLink(bin.resolve("java"), jdk.resolve("bin/java"));
        env.put("PATH", fs.resolve("nothing-here") + ":" + bin);

        List<Java> found = finder("Linux").everyJava();

        assertThat(found).singleElement().satisfies(java -> {
            assertThat(java.home()).isEqualTo(jdk.toRealPath());
            assertThat(java.seenAs()).containsExactly("the java on the PATH");
        });
    }

    @Test
    @DisplayName("the JDKs listed in an existing ~/.m2/toolchains.xml are found")
    void toolchainsXml() throws IOException {
        Path jdk = install("custom/place/jdk-21", "21.0.5", true, false);
        Path m2 = Files.createDirectories(fs.resolve("home/learner/.m2"));
        Files.writeString(m2.resolve("toolchains.xml"), """
                <toolchains><toolchain><type>jdk</type><provides><version>21</version></provides>
                <configuration><jdkHome>%s</jdkHome></configuration></toolchain>
                <toolchain><configuration><jdkHome>${env.JDK_X}</jdkHome></configuration></toolchain></toolchains>
                """.formatted(jdk));

        assertThat(finder("Linux").find()).map(Java::home).contains(jdk.toRealPath());
    }

    @Test
    @DisplayName("a runtime without javac, and a release file of Java 8, are found but not used")
    void runtimesAndOldVersions() throws IOException {
        install("usr/lib/jvm/jre-21", "21.0.5", false, false);
        install("usr/lib/jvm/java-8", "1.8.0_392", true, false);

        List<Java> found = finder("Linux").everyJava();

        assertThat(found).extracting(Java::major).containsExactlyInAnyOrder(21, 8);
        assertThat(finder("Linux").find()).isEmpty();
    }

    @Test
    @DisplayName("where none is found: one paragraph that says what was found where, and what to do")
    void nothingFound() throws IOException {
        Path old = install("usr/lib/jvm/java-17-openjdk-amd64", "17.0.15", true, false);
        env.put("JAVA_HOME", old.toString());
        FindJdk finder = finder("Linux");

        String paragraph = finder.nothingFound(finder.everyJava());
        String words = paragraph.replaceAll("\\s+", " ");

        assertThat(words)
                .contains("Java 17 in " + old.toRealPath() + " (JAVA_HOME)")
                .contains("21 or newer", "https://adoptium.net", "sudo apt install openjdk-21-jdk",
                        "export JAVA_HOME=/path/to/jdk-21")
                .doesNotContain("toolchains");
        assertThat(paragraph).as("one paragraph").doesNotContainPattern("\\R\\s*\\R");
        assertThat(paragraph.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
    }

    @Test
    @DisplayName("the paragraph names each system's own way to install and to set JAVA_HOME")
    void nothingFoundOnEachSystem() {
        assertThat(finder("Windows 11").nothingFound(List.of()))
                .contains("winget install EclipseAdoptium.Temurin.21.JDK", "$env:JAVA_HOME", "set JAVA_HOME=")
                .contains("There is no Java");
        assertThat(finder("Mac OS X").nothingFound(List.of())).contains("brew install openjdk@21");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a first javac in this JVM is slow on a busy machine
    @DisplayName("FindJdk.java compiles at Java 17 source level, alone (it runs before any JDK 21 is found)")
    void compilesAloneAtJava17() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("--release", "17", "-d", fs.resolve("out").toString(), "-proc:none"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(source().toFile())).call();

        assertThat(ok).as(errors.toString()).isTrue();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // compiling a source file at launch is slow on a busy machine
    @DisplayName("java FindJdk.java, a single-file program, prints the JDK it finds")
    void runsAsASingleFileProgram() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        ProcessBuilder run = new ProcessBuilder(jdk.resolve("bin/java").toString(), source().toString(),
                "--cache", fs.resolve("cache/jdk").toString());
        run.environment().put("JAVA_HOME", jdk.toString());
        run.redirectErrorStream(true);
        Process process = run.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(100, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(Path.of(out)).isEqualTo(jdk.toRealPath());
        assertThat(fs.resolve("cache/jdk")).content().isEqualToIgnoringNewLines(out);
    }

    static Path source() {
        return Path.of("src/main/java/workshop/cli/FindJdk.java");
    }
}
