package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/verdicts on a tiny synthetic answer set (real held-out sets never enter the repository). */
@DisplayName("Held-out answers get the verdict they expect")
class VerdictsTest {

    private static final String PATH = "workshop/threads/ThreadBasics.java";

    @TempDir
    Path dir;

    private final Workshop workshop = Workshop.locate();

    private void answer(String kind, String name, String text, String why) throws IOException {
        Path file = dir.resolve("01-threads").resolve(kind).resolve(name).resolve(PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        if (why != null) {
            Files.writeString(dir.resolve("01-threads").resolve(kind).resolve(name).resolve("WHY.txt"), why);
        }
    }

    @Test
    @DisplayName("a wrong answer fails, a right one passes, and a right one filed as wrong is reported")
    void verdicts() throws IOException {
        String reference = Files.readString(workshop.solutionsSources().resolve(PATH));
        String runInsteadOfStart = reference.replaceFirst("thread\\.start\\(\\);", "thread.run();");
        assertFalse(runInsteadOfStart.equals(reference), "the reference answer changed: update this test");
        answer("wrong", "run-instead-of-start", runInsteadOfStart, "Calls run(): the worker runs on the caller.");
        answer("right", "reference", reference, null);
        answer("wrong", "actually-right", reference, "The reference answer, filed as wrong.");

        List<Verdicts.Variant> variants = Verdicts.read(workshop, dir, List.of("01"));
        assertEquals(3, variants.size());
        List<Verdicts.Verdict> verdicts = Verdicts.run(workshop, variants, 1, 2);
        Map<String, Verdicts.Verdict> byName = verdicts.stream()
                .collect(Collectors.toMap(v -> v.variant().name(), Function.identity()));
        assertTrue(byName.get("run-instead-of-start").asExpected(), byName.get("run-instead-of-start").toString());
        assertTrue(byName.get("reference").asExpected(), byName.get("reference").toString());
        assertFalse(byName.get("actually-right").asExpected());

        StringBuilder out = new StringBuilder();
        assertFalse(Verdicts.print(verdicts, 1, out), "one answer did not get its verdict");
        assertTrue(out.toString().contains("Wrong answers that failed every run within 10 s, no hang: 1 of 2"), out.toString());
        assertTrue(out.toString().contains("Right answers that passed every run: 1 of 1"), out.toString());
        assertTrue(out.toString().contains("why: The reference answer, filed as wrong."), out.toString());
    }

    @Test
    @DisplayName("a file that is not a learner-edited class is refused")
    void onlyLearnerClasses() throws IOException {
        Path file = dir.resolve("01-threads/wrong/given-class/workshop/threads/Worker.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package workshop.threads; class Worker {}");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Verdicts.read(workshop, dir, List.of()));
        assertTrue(error.getMessage().contains("not a class the learner edits"), error.getMessage());
    }
}
