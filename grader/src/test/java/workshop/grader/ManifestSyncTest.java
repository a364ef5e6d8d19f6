package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest in the repository and the exercises' tests must agree, or grading is wrong. */
class ManifestSyncTest {
    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return Files.isRegularFile(dir.resolve("grading/manifest.tsv")) ? dir : dir.getParent();
    }

    @Test
    @DisplayName("grading/manifest.tsv lists exactly the enabled test methods of the exercise modules")
    void manifestMatchesTheExerciseTests() throws Exception {
        Path root = repositoryRoot();
        Project project = Project.at(root);
        Manifest manifest = Manifest.read(root.resolve(Manifest.PATH));

        Set<String> inSources = new LinkedHashSet<>();
        for (String module : project.exerciseModules()) {
            for (TestSources.TestMethod m : TestSources.scan(root.resolve(module).resolve("src/test/java"))) {
                if (!m.disabled()) {
                    inSources.add(module + " " + m.className() + "#" + m.method());
                }
            }
        }
        Set<String> inManifest = new LinkedHashSet<>();
        for (Manifest.Entry e : manifest.entries()) {
            inManifest.add(e.module() + " " + e.key());
        }
        List<String> notGraded = new ArrayList<>(inSources);
        notGraded.removeAll(inManifest);
        List<String> gone = new ArrayList<>(inManifest);
        gone.removeAll(inSources);

        assertThat(notGraded)
                .as("tests missing from grading/manifest.tsv. Regenerate it: ./grade --write-manifest")
                .isEmpty();
        assertThat(gone)
                .as("grading/manifest.tsv lists tests that no longer exist. Regenerate it: ./grade --write-manifest")
                .isEmpty();
        assertThat(manifest.entries()).allSatisfy(e -> assertThat(e.points()).as("points of " + e.key()).isPositive());
    }

    @Test
    @DisplayName("a manifest survives writing and reading back")
    void roundTrip(@TempDir Path tmp) throws Exception {
        Manifest manifest = new Manifest(List.of(
                new Manifest.Entry("01-x", "p.ATest", "one", "Task 1: a\tb", 2, "says \"hi\"\nthere"),
                new Manifest.Entry("02-y", "q.BTest", "two", "Task 1", 1, "two")));
        Path file = tmp.resolve("grading/manifest.tsv");
        manifest.write(file);

        Manifest read = Manifest.read(file);

        assertThat(read.entries()).containsExactly(
                new Manifest.Entry("01-x", "p.ATest", "one", "Task 1: a b", 2, "says \"hi\" there"),
                new Manifest.Entry("02-y", "q.BTest", "two", "Task 1", 1, "two"));
        assertThat(read.forModule("02-y")).hasSize(1);
    }
}
