package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.grader.TestSources.TestMethod;

class TestSourcesTest {
    @Test
    @DisplayName("finds test methods with their display names, whatever the annotation order, skipping comments")
    void findsTestMethods() {
        String source = """
                package a.b;

                import org.junit.jupiter.api.*;

                /** @Test in a comment: not a test. void fake() */
                @DisplayName("Task 2: join() " + "waits")
                class JoinTest {
                    private static final String LOOK = "@Test void notATest()";

                    @Test
                    @DisplayName("says \\"done\\" (after the worker)")
                    void waits() throws InterruptedException {
                        helper(1);
                        if (LOOK.isEmpty()) { return; }
                    }

                    @DisplayName("runs on its own thread")
                    @Test
                    @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.SECONDS)
                    public void ownThread() {}

                    @ParameterizedTest(name = "{0} threads")
                    @ValueSource(ints = {1, 2})
                    void many(int n) {}

                    // @Test
                    void commentedOut() {}

                    @Disabled("later")
                    @Test
                    void notYet() {}

                    private void helper(int x) {}

                    @Nested
                    @DisplayName("when interrupted")
                    class Interrupted {
                        @Test
                        void stops() {}
                    }
                }
                """;

        List<TestMethod> found = TestSources.scanSource(source);

        assertThat(found).containsExactly(
                new TestMethod("a.b.JoinTest", "waits", "says \"done\" (after the worker)", "Task 2: join() waits", false),
                new TestMethod("a.b.JoinTest", "ownThread", "runs on its own thread", "Task 2: join() waits", false),
                new TestMethod("a.b.JoinTest", "many", "many", "Task 2: join() waits", false),
                new TestMethod("a.b.JoinTest", "notYet", "notYet", "Task 2: join() waits", true),
                new TestMethod("a.b.JoinTest$Interrupted", "stops", "stops", "when interrupted", false));
    }

    @Test
    @DisplayName("a class without @DisplayName is named by its simple name")
    void defaultNames() {
        List<TestMethod> found = TestSources.scanSource("package p; class PlainTest { @Test void x() {} }");

        assertThat(found).containsExactly(new TestMethod("p.PlainTest", "x", "x", "PlainTest", false));
        assertThat(TestSources.outerSimpleName("p.Outer$Inner")).isEqualTo("Outer");
    }

    @Test
    @DisplayName("tests written in an abstract class count once for each concrete subclass")
    void inheritedTests(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Contract.java"),
                "package p;\nabstract class Contract {\n  @Test\n  @DisplayName(\"ends at 3\")\n  void endsAtThree() {}\n}\n");
        Files.writeString(dir.resolve("LockedTest.java"),
                "package p;\n@DisplayName(\"Task 2: a lock\")\nclass LockedTest extends Contract {\n  @Test\n  void own() {}\n}\n");

        assertThat(TestSources.scan(dir)).containsExactlyInAnyOrder(
                new TestMethod("p.LockedTest", "own", "own", "Task 2: a lock", false),
                new TestMethod("p.LockedTest", "endsAtThree", "ends at 3", "Task 2: a lock", false));
    }
}
