package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Synthetic hostile students, graded with the real {@code --class} against this workshop's own
 * tests, in the sandbox (01-threads only, to keep it short): one class run, shared by every
 * test below. Needs bubblewrap: where it does not run, every test here is reported skipped.
 */
class HostileStudentsTest {
    private static final String MARKER = "grader-hostile-marker";
    private static final String MODULE = "01-threads";
    private static final String PKG = MODULE + "/src/main/java/workshop/threads/";

    private static Path tmp;
    private static Path classDir;
    private static Path secret;
    private static Path root;
    private static int exitCode;
    private static String console;
    private static ServerSocket server;
    private static final AtomicInteger connections = new AtomicInteger();
    private static final List<Path> mustNotExist = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    static void gradeTheClass() throws Exception {
        String mode = System.getProperty("workshop.grader.sandboxTests", "auto");
        Assumptions.assumeFalse(mode.equals("off"), "sandbox tests switched off");
        Sandbox.Availability sandbox = Sandbox.probe();
        Assumptions.assumeTrue(sandbox.available(), "no sandbox here: " + sandbox.why());

        root = ManifestSyncTest.repositoryRoot();
        Assumptions.assumeTrue(Files.isDirectory(root.resolve("solutions/src/main/java")),
                "no reference answers here (a students' copy of the workshop)");
        tmp = Files.createTempDirectory("grader-hostile-");
        classDir = tmp.resolve("class");
        secret = tmp.resolve("instructor-secret.txt");
        Files.writeString(secret, "the instructor's secret");
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        server.setSoTimeout(200);
        Thread listener = new Thread(() -> {
            while (!server.isClosed()) {
                try (var s = server.accept()) {
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        }, "hostile-listener");
        listener.setDaemon(true);
        listener.start();

        Path template = tmp.resolve("template");
        Export.write(root, template, Export.Kind.TEMPLATE);

        // solved: the reference answer (also the classmate others try to copy or damage).
        Path solved = student(template, "solved");
        solve(solved);

        // forger: the starter, plus everything that would forge a score or escape without the sandbox.
        Path forger = student(template, "forger");
        write(forger, MODULE + "/src/main/java/workshop/testkit/ThreadLeaks.java",
                "package workshop.testkit;\npublic final class ThreadLeaks {}\n");
        write(forger, MODULE + "/src/main/resources/junit-platform.properties",
                "junit.jupiter.execution.timeout.mode = disabled\n");
        write(forger, PKG + "Spy.java", spy(solved));
        inject(forger, PKG + "ThreadBasics.java", "public static Thread startWorker(Runnable worker, String threadName) {",
                "Spy.report();");
        inject(forger, PKG + "WordCounter.java", "public int countWords(String text, Runnable beforeEachWord) {",
                "Spy.flood();");

        // linker: its 01-threads/src/main/java is a link to the solved classmate's.
        Path linker = student(template, "linker");
        Path linked = linker.resolve(MODULE + "/src/main/java");
        Workspace.deleteTree(linked);
        Files.createSymbolicLink(linked, solved.resolve(MODULE + "/src/main/java"));

        // crasher: solved, but System.exit in one test class, Runtime.halt in another, a memory hog in a third.
        Path crasher = student(template, "crasher");
        solve(crasher);
        write(crasher, PKG + "Mischief.java", MISCHIEF);
        inject(crasher, PKG + "ThreadBasics.java", "public static Thread startWorker(Runnable worker, String threadName) {",
                "Mischief.strike();");
        inject(crasher, PKG + "ThreadBasics.java",
                "public static List<Integer> computeAll(List<Supplier<Integer>> jobs) throws InterruptedException {",
                "Mischief.strike();");
        inject(crasher, PKG + "WordCounter.java", "public int countWords(String text, Runnable beforeEachWord) {",
                "Mischief.strike();");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = new Main(o, new PrintStream(new TeeStream(e, System.out), true, StandardCharsets.UTF_8))
                    .run(new String[] {"--home", root.toString(), "--class", classDir.toString(), "--tests",
                            root.toString(), "--only", MODULE, "--offline", "--jobs", "2", "--fork-timeout", "40"});
        }
        console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (server != null) {
            server.close();
        }
        if (tmp != null) {
            Workspace.deleteTree(tmp);
        }
    }

    private static Path student(Path template, String name) throws IOException {
        Path dir = classDir.resolve(name);
        Workspace.copyTree(template, dir);
        return dir;
    }

    private static void solve(Path student) throws IOException {
        Path answers = root.resolve("solutions/src/main/java/workshop/threads");
        try (Stream<Path> files = Files.list(answers)) {
            for (Path f : files.toList()) {
                Files.copy(f, student.resolve(PKG).resolve(f.getFileName().toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void write(Path student, String path, String text) throws IOException {
        Path p = student.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void inject(Path student, String path, String after, String statement) throws IOException {
        Path p = student.resolve(path);
        String source = Files.readString(p);
        assertThat(source).as(path + " has " + after).contains(after);
        Files.writeString(p, source.replace(after, after + "\n        " + statement));
    }

    private static JsonNode results(String student) throws IOException {
        return Formats.JSON.readTree(classDir.resolve("grades").resolve(student).resolve("results.json").toFile());
    }

    private static String java(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Tries every escape, then throws what it saw as the failure message of StartWorkerTest. */
    private static String spy(Path solved) {
        String home = System.getProperty("user.home");
        mustNotExist.add(Path.of(home, ".m2/repository/" + MARKER));
        mustNotExist.add(root.resolve("target/" + MARKER));
        mustNotExist.add(root.resolve(MARKER));
        mustNotExist.add(solved.resolve(PKG + "Pwned.java"));
        return """
                package workshop.threads;

                import java.nio.file.*;
                import java.util.*;

                final class Spy {
                    private static int calls;

                    static {
                        try { // a detached process that keeps rewriting every report it can find
                            new ProcessBuilder("/bin/bash", "-c", "(exec -a MARKER bash -c 'while :; do for f in $(find / -name \\"TEST-*.xml\\" 2>/dev/null); do echo forged > \\"$f\\"; done; sleep 0.2; done') >/dev/null 2>&1 &").start();
                        } catch (Exception e) {
                            // no shell: fine
                        }
                    }

                    private static String tryWrite(String path) {
                        try {
                            Files.writeString(Path.of(path), "pwned");
                            return "yes";
                        } catch (Exception e) {
                            return "no";
                        }
                    }

                    static void report() {
                        StringBuilder seen = new StringBuilder("probe");
                        String secret;
                        try {
                            secret = Files.readString(Path.of(SECRET)).isEmpty() ? "empty" : "yes";
                        } catch (Exception e) {
                            secret = "no";
                        }
                        seen.append(" secret=").append(secret);
                        seen.append(" env=").append(String.join(",", new TreeSet<>(System.getenv().keySet())));
                        try (java.net.Socket s = new java.net.Socket()) {
                            s.connect(new java.net.InetSocketAddress("127.0.0.1", PORT), 1000);
                            seen.append(" net=yes");
                        } catch (Exception e) {
                            seen.append(" net=no");
                        }
                        seen.append(" m2=").append(tryWrite(M2));
                        seen.append(" canonical=").append(tryWrite(CANONICAL));
                        seen.append(" classmate=").append(tryWrite(CLASSMATE));
                        seen.append(" grades=").append(tryWrite(GRADES));
                        seen.append(" report=").append(tryWrite("target/surefire-reports/TEST-workshop.threads.WordCounterTest.xml"));
                        throw new IllegalStateException(seen.toString());
                    }

                    /** A fake Maven line, then 100 MB of output on one line (from another test class). */
                    static synchronized void flood() {
                        if (calls++ > 0) {
                            return;
                        }
                        System.out.println("[INFO] Tests run: 99999999999, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 1 s -- in x");
                        System.out.println("[INFO] BUILD SUCCESS");
                        byte[] mb = new byte[1 << 20];
                        Arrays.fill(mb, (byte) 'x');
                        for (int i = 0; i < 100; i++) {
                            System.out.write(mb, 0, mb.length);
                        }
                        System.out.println();
                    }
                }
                """.replace("MARKER", MARKER).replace("SECRET", java(secret.toString()))
                .replace("PORT", String.valueOf(server.getLocalPort()))
                .replace("M2", java(home + "/.m2/repository/" + MARKER))
                .replace("CANONICAL", java(root.resolve("target/" + MARKER).toString()))
                .replace("CLASSMATE", java(solved.resolve(PKG + "Pwned.java").toString()))
                .replace("GRADES", java(classDir.resolve("grades/solved/results.json").toString()));
    }

    private static final String MISCHIEF = """
            package workshop.threads;

            final class Mischief {
                /** Harms only the test class that calls it. */
                static void strike() {
                    String stack = Arrays.toString(Thread.currentThread().getStackTrace());
                    if (stack.contains("StartWorkerTest")) {
                        System.exit(3);
                    } else if (stack.contains("WordCounterTest")) {
                        Runtime.getRuntime().halt(5);
                    } else if (stack.contains("ComputeAllTest")) {
                        java.util.List<long[]> hog = new java.util.ArrayList<>();
                        while (true) {
                            hog.add(new long[1 << 20]);
                        }
                    }
                }
            }
            """.replace("Arrays.toString", "java.util.Arrays.toString");

    @Test
    @DisplayName("the class run ends with exit 0 and a row per student, each graded")
    void everyStudentIsARow() throws IOException {
        assertThat(exitCode).as(console).isZero();
        String csv = Files.readString(classDir.resolve("grades/class.csv"));
        assertThat(csv.lines().skip(1)).hasSize(4).allSatisfy(line -> assertThat(line).endsWith(",graded"));
    }

    @Test
    @DisplayName("an honest solution scores every point in the sandbox")
    void honestSolution() throws IOException {
        JsonNode r = results("solved");
        assertThat(r.path("score").asInt()).as(r.toPrettyString()).isEqualTo(r.path("maxScore").asInt()).isPositive();
        assertThat(r.path("sandbox").asText()).isEqualTo("bubblewrap");
    }

    @Test
    @DisplayName("forger: a shadowed test kit, a resource and a detached report rewriter change nothing; left-out files are reported")
    void forgerScoresLikeTheStarter() throws IOException {
        JsonNode r = results("forger");
        assertThat(r.path("score").asInt()).as(r.toPrettyString()).isZero();
        List<String> leftOut = new ArrayList<>();
        r.path("leftOutFiles").forEach(f -> leftOut.add(f.path("path").asText()));
        assertThat(leftOut).contains(MODULE + "/src/main/java/workshop/testkit/ThreadLeaks.java",
                MODULE + "/src/main/resources/junit-platform.properties");
    }

    @Test
    @DisplayName("forger: no secret file, no instructor's environment, no network; nothing written outside the sandbox")
    void nothingEscapes() throws IOException {
        String message = "";
        for (JsonNode t : results("forger").path("modules").get(0).path("tests")) {
            if (t.path("message").asText().contains("probe")) {
                message = t.path("message").asText();
            }
        }
        assertThat(message).as("the spy's report in " + results("forger").toPrettyString()).contains("secret=no", "net=no", "m2=no", "canonical=no",
                "classmate=no", "grades=no", "report=no");
        assertThat(message).containsPattern("env=CLASSPATH,HOME,LANG,PATH,PWD,TMPDIR,USER( |$)");
        assertThat(connections.get()).as("connections from the sandbox").isZero();
        for (Path p : mustNotExist) {
            assertThat(p).as("written from inside the sandbox").doesNotExist();
        }
        assertThat(results("solved").path("score").asInt()).isPositive(); // the classmate's results are intact
    }

    @Test
    @DisplayName("forger: no process it started outlives grading")
    void noProcessLeft() throws IOException {
        List<String> alive = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains(MARKER) && !cmd.contains("java")) {
                        alive.add(p.getFileName() + ": " + cmd.replace('\0', ' '));
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        assertThat(alive).isEmpty();
    }

    @Test
    @DisplayName("forger: a fake Maven line and 100 MB of output crash nothing, and the log stays bounded")
    void floodIsContained() throws IOException {
        Path log = classDir.resolve("grades/forger/maven.log");
        assertThat(Files.size(log)).isLessThan(Maven.MAX_LOG_BYTES + (1 << 20));
        assertThat(console).doesNotContain("NumberFormatException");
    }

    @Test
    @DisplayName("linker: a link at src/main/java grades the starter, not the classmate's answer, and is reported")
    void linkIsNotFollowed() throws IOException {
        JsonNode r = results("linker");
        assertThat(r.path("score").asInt()).as(r.toPrettyString()).isZero();
        assertThat(r.path("leftOutFiles").get(0).path("path").asText()).isEqualTo(MODULE + "/src/main/java");
    }

    @Test
    @DisplayName("crasher: System.exit, Runtime.halt and a memory hog each cost only their own test class")
    void exitCostsOnlyItsClass() throws IOException {
        JsonNode module = results("crasher").path("modules").get(0);
        List<String> passing = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (JsonNode t : module.path("tests")) {
            String cls = t.path("class").asText();
            (t.path("status").asText().equals("pass") ? passing : failing).add(cls.substring(cls.lastIndexOf('.') + 1));
        }
        assertThat(passing).as(module.toPrettyString()).containsOnly("MainFlowJoinTest").isNotEmpty();
        assertThat(failing).contains("StartWorkerTest", "WordCounterTest", "ComputeAllTest");
    }

    /** Progress lines go to the build's output too, so a slow run shows where it is. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
