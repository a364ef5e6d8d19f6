package workshop.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The workflows' key settings. No YAML library here: the structure is checked by actionlint
 * (see the README's instructors' section); this test pins what grading depends on.
 */
class WorkflowsTest {
    private static final Pattern USES = Pattern.compile("uses:\\s*(\\S+)");

    private static String workflow(String name) throws IOException {
        Path file = ManifestSyncTest.repositoryRoot().resolve(".github/workflows").resolve(name);
        // The students' template has grade.yml only (./grade --export-template leaves the others out).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), name + " is not in this copy");
        return Files.readString(file);
    }

    private static void wellFormed(String yaml) {
        assertThat(yaml).as("YAML forbids tabs for indentation").doesNotContain("\t");
        for (String line : yaml.split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                int indent = line.length() - line.stripLeading().length();
                assertThat(indent % 2).as("two-space indentation: " + line).isZero();
            }
        }
        Matcher uses = USES.matcher(yaml);
        int count = 0;
        while (uses.find()) {
            count++;
            assertThat(uses.group(1)).as("actions are pinned to a full commit").matches("[\\w.-]+/[\\w.-]+@[0-9a-f]{40}");
        }
        assertThat(count).isPositive();
    }

    /** Every checkout keeps no credentials, so no token sits in a .git/config that student code could read. */
    private static void checkoutsKeepNoCredentials(String yaml) {
        String[] steps = yaml.split("\n      - ");
        int checkouts = 0;
        for (String step : steps) {
            if (step.contains("uses: actions/checkout@")) {
                checkouts++;
                assertThat(step).as("a checkout step").contains("persist-credentials: false");
            }
        }
        assertThat(checkouts).isPositive();
    }

    @Test
    @DisplayName("grade.yml: JDK 21, the public grading repository without a token, bubblewrap, summary, results")
    void gradeWorkflow() throws IOException {
        String yaml = workflow("grade.yml");
        wellFormed(yaml);
        checkoutsKeepNoCredentials(yaml);
        assertThat(yaml).contains("distribution: temurin", "java-version: '21'", "cache: maven",
                "repository: ${{ vars.WORKSHOP_REPOSITORY }}", "ref: ${{ vars.WORKSHOP_REF }}",
                "apt-get install -y -q bubblewrap", "canonical/grade --student student --tests canonical",
                ">> \"$GITHUB_STEP_SUMMARY\"", "grade-results/results.json", "actions/upload-artifact@", "if: always()");
        assertThat(yaml).as("no secret reaches the student's job").doesNotContain("secrets.", "token:");
    }

    @Test
    @DisplayName("grade-class.yml: a matrix job per student of the roster, the token only to check out, then class.csv")
    void gradeClassWorkflow() throws IOException {
        String yaml = workflow("grade-class.yml");
        wellFormed(yaml);
        checkoutsKeepNoCredentials(yaml);
        assertThat(yaml).contains("workflow_dispatch:", "fromJSON(needs.roster.outputs.students)", "fail-fast: false",
                "apt-get install -y -q bubblewrap", "canonical/grade --student student --tests canonical",
                "actions/download-artifact@", "./grade --collect collected --out class", "class/class.csv");
        assertThat(yaml.split("secrets\\.", -1)).as("the token appears once, in the student checkout").hasSize(2);
        assertThat(yaml).contains("token: ${{ secrets.ROSTER_TOKEN }}");
    }

    @Test
    @DisplayName("workshop.yml runs the workshop's own check (.ci/run) and the mutation score on JDK 21, keeping no credentials")
    void workshopWorkflow() throws IOException {
        String yaml = workflow("workshop.yml");
        wellFormed(yaml);
        assertThat(yaml).contains("distribution: temurin", "java-version: '21'", "cache: maven",
                "run: bash .ci/run", "run: scripts/mutation");
        assertThat(yaml.split("persist-credentials: false", -1)).as("every checkout keeps no credentials")
                .hasSize(yaml.split("actions/checkout@", -1).length);
        assertThat(List.of("push:", "pull_request:")).allMatch(yaml::contains);
    }
}
