package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path tmp;

    private static void file(Path root, String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    @DisplayName("reports each test, pom and workflow file that is modified, missing or added; ignores line endings")
    void comparesGuardedFiles() throws IOException {
        Path canonical = tmp.resolve("canonical");
        Path student = tmp.resolve("student");
        for (Path root : List.of(canonical, student)) {
            file(root, "pom.xml", "<project/>\n");
            file(root, "01-x/src/main/java/p/A.java", root == student ? "solved" : "starter");
            file(root, "01-x/target/surefire-reports/TEST-p.ATest.xml", root == student ? "forged" : "");
            file(root, "solutions/src/main/java/p/A.java", root == student ? "other" : "answer");
        }
        file(canonical, "01-x/src/test/java/p/ATest.java", "assertThat(x).isEqualTo(3);\n");
        file(student, "01-x/src/test/java/p/ATest.java", "assertThat(x).isEqualTo(3);\r\n");
        file(canonical, "01-x/src/test/java/p/BTest.java", "strict\n");
        file(student, "01-x/src/test/java/p/BTest.java", "lenient\n");
        file(canonical, "01-x/src/test/java/p/CTest.java", "deleted by the student\n");
        file(student, "01-x/src/test/resources/junit-platform.properties", "added\n");
        file(canonical, ".github/workflows/grade.yml", "a\n");
        file(student, ".github/workflows/grade.yml", "b\n");
        file(canonical, "01-x/pom.xml", "<project/>\n");
        file(student, "01-x/pom.xml", "<project><build/></project>\n");

        List<Results.FileChange> changes = Workspace.compare(canonical, student);

        assertThat(changes).containsExactly(
                new Results.FileChange(".github/workflows/grade.yml", "modified"),
                new Results.FileChange("01-x/pom.xml", "modified"),
                new Results.FileChange("01-x/src/test/java/p/BTest.java", "modified"),
                new Results.FileChange("01-x/src/test/java/p/CTest.java", "missing"),
                new Results.FileChange("01-x/src/test/resources/junit-platform.properties", "added"));
    }

    @Test
    @DisplayName("the workspace gets the student's src/main/java and keeps everything else canonical")
    void overlaysOnlyMainCode() throws IOException {
        Path workspace = tmp.resolve("ws");
        Path student = tmp.resolve("student");
        file(workspace, "01-x/src/main/java/p/A.java", "starter");
        file(workspace, "01-x/src/main/java/p/Gone.java", "canonical only");
        file(workspace, "01-x/src/test/java/p/ATest.java", "canonical test");
        file(student, "01-x/src/main/java/p/A.java", "solved");
        file(student, "01-x/src/main/java/p/Helper.java", "student's own class");
        file(student, "01-x/src/test/java/p/ATest.java", "edited test");
        file(student, "01-x/src/main/resources/junit-platform.properties", "timeouts off");

        Workspace.overlayStudentCode(student, workspace, List.of("01-x", "02-y"));

        assertThat(Files.readString(workspace.resolve("01-x/src/main/java/p/A.java"))).isEqualTo("solved");
        assertThat(workspace.resolve("01-x/src/main/java/p/Helper.java")).exists();
        assertThat(workspace.resolve("01-x/src/main/java/p/Gone.java")).doesNotExist();
        assertThat(Files.readString(workspace.resolve("01-x/src/test/java/p/ATest.java"))).isEqualTo("canonical test");
        assertThat(workspace.resolve("01-x/src/main/resources")).doesNotExist();
    }

    @Test
    @DisplayName("copies a canonical directory without build output or version control")
    void copiesCanonicalDirectory() throws Exception {
        Path canonical = tmp.resolve("canonical");
        file(canonical, "pom.xml", "<project/>");
        file(canonical, "01-x/target/classes/A.class", "x");
        file(canonical, ".git/HEAD", "ref");
        file(canonical, "01-x/src/test/java/p/ATest.java", "t");
        Path into = tmp.resolve("ws");

        Workspace.copyCanonical(canonical.toString(), tmp, into);

        assertThat(into.resolve("pom.xml")).exists();
        assertThat(into.resolve("01-x/src/test/java/p/ATest.java")).exists();
        assertThat(into.resolve("01-x/target")).doesNotExist();
        assertThat(into.resolve(".git")).doesNotExist();
    }
}
