package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.grader.MavenLog.Failure;

class MavenLogTest {
    private static List<String> section(String artifact, String... lines) {
        List<String> out = new ArrayList<>();
        out.add("[INFO] ------------------------< workshop:" + artifact + " >-------------------------");
        out.add("[INFO] Building " + artifact + " 1.0-SNAPSHOT  [4/9]");
        out.addAll(List.of(lines));
        return out;
    }

    private static MavenLog log(List<List<String>> sections, String... tail) {
        List<String> lines = new ArrayList<>();
        sections.forEach(lines::addAll);
        lines.add("[INFO] BUILD FAILURE");
        lines.addAll(List.of(tail));
        return new MavenLog(lines);
    }

    @Test
    @DisplayName("a compile error is attributed to its module, with the compiler's messages and relative paths")
    void compileError() {
        MavenLog log = log(List.of(
                section("01-threads", "[INFO] --- compiler:3.14.0:compile (default-compile) @ 01-threads ---",
                        "[ERROR] COMPILATION ERROR : ",
                        "[ERROR] /ws/01-threads/src/main/java/workshop/threads/A.java:[27,21] ';' expected",
                        "[ERROR] /ws/01-threads/src/main/java/workshop/threads/A.java:[30,9] cannot find symbol",
                        "  symbol:   variable y", "[INFO] 2 errors"),
                section("02-daemon", "[INFO] Tests run: 0")),
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile"
                        + " (default-compile) on project 01-threads: Compilation failure: Compilation failure: ",
                "[ERROR] /ws/01-threads/src/main/java/workshop/threads/A.java:[27,21] ';' expected",
                "[ERROR] -> [Help 1]");

        MavenLog.ModuleOutcome outcome = log.outcome("01-threads", "/ws");

        assertThat(outcome.failure()).isEqualTo(Failure.COMPILE_ERROR);
        assertThat(outcome.detail()).isEqualTo("01-threads/src/main/java/workshop/threads/A.java:27: ';' expected\n"
                + "01-threads/src/main/java/workshop/threads/A.java:30: cannot find symbol\n  symbol:   variable y");
        assertThat(log.outcome("02-daemon", "/ws").failure()).isEqualTo(Failure.NONE);
        assertThat(log.finished()).isTrue();
    }

    @Test
    @DisplayName("a test JVM that exited (System.exit) is a crash, with its exit code")
    void killedFork() {
        MavenLog log = log(List.of(section("01-threads", "[INFO] Running Task 1: start")),
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.4:test"
                        + " (default-test) on project 01-threads: ",
                "[ERROR] The forked VM terminated without properly saying goodbye. VM crash or System.exit called?",
                "[ERROR] Process Exit Code: 3", "[ERROR] Crashed tests:", "[ERROR] workshop.threads.StartWorkerTest",
                "[ERROR] \tat org.apache.maven.plugin.surefire.booterclient.ForkStarter.fork(ForkStarter.java:643)");

        MavenLog.ModuleOutcome outcome = log.outcome("01-threads", "/ws");

        assertThat(outcome.failure()).isEqualTo(Failure.FORK_CRASH);
        assertThat(outcome.detail()).isEqualTo("exit code 3");
    }

    @Test
    @DisplayName("a test JVM stopped by the fork timeout is a timeout")
    void forkTimeout() {
        MavenLog log = log(List.of(section("01-threads", "[INFO] Running Task 1: start")),
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.4:test"
                        + " (default-test) on project 01-threads: There was a timeout in the fork");

        assertThat(log.outcome("01-threads", "/ws").failure()).isEqualTo(Failure.FORK_TIMEOUT);
    }

    @Test
    @DisplayName("a module Maven skipped is not built; a run cut short is not finished")
    void notBuiltAndUnfinished() {
        MavenLog log = log(List.of(section("testkit")));
        assertThat(log.outcome("01-threads", "/ws").failure()).isEqualTo(Failure.NOT_BUILT);
        assertThat(log.built("testkit")).isTrue();

        MavenLog cut = new MavenLog(section("01-threads", "[INFO] Running Task 1: start"));
        assertThat(cut.finished()).isFalse();
    }

    @Test
    @DisplayName("any other failed goal is a build error, with Maven's message")
    void otherFailure() {
        MavenLog log = log(List.of(section("01-threads")),
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-enforcer-plugin:3.6.2:enforce"
                        + " (x) on project 01-threads: Some rule failed");

        MavenLog.ModuleOutcome outcome = log.outcome("01-threads", "/ws");

        assertThat(outcome.failure()).isEqualTo(Failure.OTHER);
        assertThat(outcome.detail()).contains("Some rule failed");
    }
}
