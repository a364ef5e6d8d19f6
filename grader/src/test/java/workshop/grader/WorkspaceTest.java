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
    @DisplayName("the workspace gets the student's learner files of the exercise's package, nothing else")
    void overlaysOnlyLearnerFiles() throws IOException {
        Path workspace = tmp.resolve("ws");
        Path student = tmp.resolve("student");
        file(workspace, "01-x/src/main/java/p/A.java", "starter");
        file(workspace, "01-x/src/main/java/p/Kept.java", "canonical starter the student lacks");
        file(workspace, "01-x/src/given/java/p/Given.java", "given");
        file(workspace, "01-x/src/test/java/p/ATest.java", "canonical test");
        file(student, "01-x/src/main/java/p/A.java", "solved");
        file(student, "01-x/src/main/java/p/Helper.java", "student's own class");
        file(student, "01-x/src/main/java/p/Given.java", "edited given class");
        file(student, "01-x/src/main/java/p/ATest.java", "a class named like a test");
        file(student, "01-x/src/main/java/workshop/testkit/ThreadLeaks.java", "a shadowed test kit");
        file(student, "01-x/src/test/java/p/ATest.java", "edited test");
        file(student, "01-x/src/main/resources/junit-platform.properties", "timeouts off");

        List<Learner.LeftOut> leftOut = Learner.overlay(student, workspace, List.of("01-x", "02-y"));

        assertThat(Files.readString(workspace.resolve("01-x/src/main/java/p/A.java"))).isEqualTo("solved");
        assertThat(workspace.resolve("01-x/src/main/java/p/Helper.java")).exists();
        assertThat(workspace.resolve("01-x/src/main/java/p/Kept.java")).exists();
        assertThat(workspace.resolve("01-x/src/main/java/p/Given.java")).doesNotExist();
        assertThat(workspace.resolve("01-x/src/main/java/p/ATest.java")).doesNotExist();
        assertThat(workspace.resolve("01-x/src/main/java/workshop")).doesNotExist();
        assertThat(Files.readString(workspace.resolve("01-x/src/test/java/p/ATest.java"))).isEqualTo("canonical test");
        assertThat(workspace.resolve("01-x/src/main/resources")).doesNotExist();
        assertThat(leftOut).extracting(Learner.LeftOut::path).containsExactlyInAnyOrder(
                "01-x/src/main/java/p/ATest.java", "01-x/src/main/java/p/Given.java",
                "01-x/src/main/java/workshop/testkit/ThreadLeaks.java", "01-x/src/main/resources/junit-platform.properties");
    }

    @Test
    @DisplayName("a symbolic link at or above src/main/java, or inside it, is never followed, and is reported")
    void linksAreNeverFollowed() throws IOException {
        Path workspace = tmp.resolve("ws");
        Path other = tmp.resolve("classmate");
        file(workspace, "01-x/src/main/java/p/A.java", "starter");
        file(workspace, "02-y/src/main/java/q/B.java", "starter");
        file(workspace, "03-z/src/main/java/r/C.java", "starter");
        file(other, "01-x/src/main/java/p/A.java", "classmate's answer");
        file(other, "02-y/src/main/java/q/B.java", "classmate's answer");
        file(other, "03-z/src/main/java/r/C.java", "classmate's answer");
        Path student = tmp.resolve("student");
        Files.createDirectories(student.resolve("02-y/src/main"));
        Files.createDirectories(student.resolve("03-z/src/main/java/r"));
        Files.createSymbolicLink(student.resolve("01-x"), other.resolve("01-x"));
        Files.createSymbolicLink(student.resolve("02-y/src/main/java"), other.resolve("02-y/src/main/java"));
        Files.createSymbolicLink(student.resolve("03-z/src/main/java/r/C.java"), other.resolve("03-z/src/main/java/r/C.java"));

        List<Learner.LeftOut> leftOut = Learner.overlay(student, workspace, List.of("01-x", "02-y", "03-z"));

        for (String f : List.of("01-x/src/main/java/p/A.java", "02-y/src/main/java/q/B.java", "03-z/src/main/java/r/C.java")) {
            assertThat(Files.readString(workspace.resolve(f))).isEqualTo("starter");
        }
        assertThat(leftOut).extracting(Learner.LeftOut::path)
                .containsExactly("01-x", "02-y/src/main/java", "03-z/src/main/java/r/C.java");
        assertThat(leftOut).allSatisfy(l -> assertThat(l.why()).contains("symbolic link"));
    }

    @Test
    @DisplayName("a canonical directory is exported without answers, build output or version control")
    void copiesCanonicalDirectory() throws Exception {
        Path canonical = tmp.resolve("canonical");
        file(canonical, "pom.xml", "<project><modules>\n<module>01-x</module>\n<module>solutions</module>\n</modules></project>");
        file(canonical, "01-x/pom.xml", "<project/>");
        file(canonical, "01-x/target/classes/A.class", "x");
        file(canonical, ".git/HEAD", "ref");
        file(canonical, "01-x/src/test/java/p/ATest.java", "t");
        file(canonical, "01-x/src/main/java/p/A.java", "starter");
        file(canonical, "solutions/src/main/java/p/A.java", "answer");
        file(canonical, "catalogue/01-x/wrong.txt", "wrong");
        file(canonical, "grading/manifest.tsv", "");
        Path into = tmp.resolve("ws");

        Workspace.Canonical c = Workspace.canonical(canonical.toString(), tmp, into);

        assertThat(c.dir()).isEqualTo(into);
        assertThat(into.resolve("pom.xml")).content().doesNotContain("solutions").contains("<module>01-x</module>");
        assertThat(into.resolve("01-x/src/test/java/p/ATest.java")).exists();
        assertThat(into.resolve("01-x/target")).doesNotExist();
        assertThat(into.resolve(".git")).doesNotExist();
        assertThat(into.resolve("solutions")).doesNotExist();
        assertThat(into.resolve("catalogue")).doesNotExist();
    }

    @Test
    @DisplayName("a file whose content is a reference answer is never exported, wherever it sits")
    void answersAreNeverExported() throws Exception {
        Path canonical = tmp.resolve("canonical");
        file(canonical, "pom.xml", "<project><modules><module>01-x</module></modules></project>");
        file(canonical, "01-x/pom.xml", "<project/>");
        file(canonical, "01-x/src/main/java/p/A.java", "starter");
        file(canonical, "solutions/src/main/java/p/A.java", "answer");
        file(canonical, "docs/leaked.java", "answer");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Export.write(canonical, tmp.resolve("out"), Export.Kind.TEMPLATE))
                .hasMessageContaining("docs/leaked.java").hasMessageContaining("reference answer");
    }
}
