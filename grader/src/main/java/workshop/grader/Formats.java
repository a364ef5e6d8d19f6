package workshop.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The results in the formats instructors' platforms read, written side by side:
 * <ul>
 * <li>{@code results.json}: this workshop's own (schema 1);</li>
 * <li>{@code gradescope/results.json}: Gradescope's autograder results (score, tests[]);</li>
 * <li>{@code classroom50/result.json}: Classroom 50's {@code classroom50/result/v1};</li>
 * <li>{@code exercism/results.json}: Exercism's test-runner interface, version 3.</li>
 * </ul>
 * Messages are capped (Exercism's limit, 65,535 characters, for a whole message; less per test).
 */
final class Formats {
    static final int MAX_MESSAGE = 65_535;
    static final int MAX_TEST_OUTPUT = 500;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Formats() {}

    static void writeAll(Results.Grade grade, Path outDir) throws IOException {
        write(outDir.resolve("results.json"), workshop(grade));
        write(outDir.resolve("gradescope/results.json"), gradescope(grade));
        write(outDir.resolve("classroom50/result.json"), classroom50(grade, System.getenv()));
        write(outDir.resolve("exercism/results.json"), exercism(grade));
        Files.writeString(outDir.resolve("summary.md"), Results.markdown(grade), StandardCharsets.UTF_8);
    }

    static void write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
    }

    static String cap(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** This workshop's results.json, schema 1 (fields are only ever added). */
    static ObjectNode workshop(Results.Grade grade) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", Results.SCHEMA);
        root.put("commit", grade.commit());
        root.put("gradedAt", grade.gradedAt());
        root.put("mode", grade.canonicalSource() == null ? "local" : "canonical");
        if (grade.canonicalSource() != null) {
            ObjectNode canonical = root.putObject("canonical");
            canonical.put("source", grade.canonicalSource());
            canonical.put("commit", grade.canonicalCommit());
        }
        root.put("sandbox", grade.sandbox());
        root.put("score", grade.score());
        root.put("maxScore", grade.maxScore());
        root.put("percent", grade.percent());
        ArrayNode modules = root.putArray("modules");
        for (Results.Module m : grade.modules()) {
            ObjectNode module = modules.addObject();
            module.put("module", m.module());
            module.put("status", m.status());
            module.put("message", cap(m.message(), MAX_MESSAGE));
            module.put("score", m.score());
            module.put("maxScore", m.maxScore());
            module.put("passed", m.passed());
            module.put("total", m.tests().size());
            ArrayNode tests = module.putArray("tests");
            for (Results.Test t : m.tests()) {
                ObjectNode test = tests.addObject();
                test.put("module", t.module());
                test.put("class", t.className());
                test.put("method", t.method());
                test.put("task", t.task());
                test.put("displayName", t.displayName());
                test.put("status", t.status());
                test.put("score", t.score());
                test.put("maxScore", t.maxScore());
                test.put("message", cap(t.message(), MAX_MESSAGE));
            }
            ArrayNode unscored = module.putArray("unscoredTests");
            m.unscored().forEach(unscored::add);
        }
        if (grade.canonicalSource() == null) {
            root.putNull("changedFiles");
        } else {
            ArrayNode changes = root.putArray("changedFiles");
            for (Results.FileChange c : grade.changes()) {
                changes.addObject().put("path", c.path()).put("change", c.change());
            }
        }
        ArrayNode leftOut = root.putArray("leftOutFiles");
        for (Learner.LeftOut l : grade.leftOut()) {
            leftOut.addObject().put("path", l.path()).put("why", l.why());
        }
        ArrayNode warnings = root.putArray("warnings");
        grade.warnings().forEach(w -> warnings.add(cap(w, MAX_MESSAGE)));
        return root;
    }

    private static String testName(Results.Test t) {
        return t.module() + " > " + t.task() + " > " + t.displayName();
    }

    /** Gradescope: results.json of an autograder (score, tests[] with name, score, max_score, status, output). */
    static ObjectNode gradescope(Results.Grade grade) {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", grade.score());
        root.put("max_score", grade.maxScore());
        root.put("output", cap(summaryLine(grade), MAX_MESSAGE));
        root.put("visibility", "visible");
        ArrayNode tests = root.putArray("tests");
        for (Results.Module m : grade.modules()) {
            for (Results.Test t : m.tests()) {
                ObjectNode test = tests.addObject();
                test.put("name", testName(t));
                test.put("number", t.module() + "." + (tests.size()));
                test.put("score", t.score());
                test.put("max_score", t.maxScore());
                test.put("status", t.status().equals("pass") ? "passed" : "failed");
                test.put("output", cap(t.status().equals("pass") ? "" : t.status() + ": " + t.message(), MAX_MESSAGE));
            }
        }
        return root;
    }

    /**
     * Classroom 50: {@code classroom50/result/v1}. The submission's identity comes from the
     * runner's environment (CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL,
     * REVIEW_URL) when grading runs there; elsewhere from the commit.
     */
    static ObjectNode classroom50(Results.Grade grade, Map<String, String> env) {
        String commit = grade.commit() == null ? "unknown" : grade.commit();
        String commitUrl = env.getOrDefault("COMMIT_URL", commit);
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", "classroom50/result/v1");
        root.put("classroom", env.getOrDefault("CLASSROOM", "concurrency-workshop"));
        root.put("assignment", env.getOrDefault("ASSIGNMENT", "concurrency-workshop"));
        root.put("submission", env.getOrDefault("SUBMISSION_TAG", commit));
        root.put("commit", commitUrl);
        root.put("release", env.getOrDefault("RELEASE_URL", commitUrl));
        root.put("review", env.getOrDefault("REVIEW_URL", commitUrl));
        root.put("datetime", grade.gradedAt());
        root.put("score", grade.score());
        root.put("max-score", grade.maxScore());
        ArrayNode tests = root.putArray("tests");
        for (Results.Module m : grade.modules()) {
            for (Results.Test t : m.tests()) {
                tests.addObject().put("test-name", testName(t)).put("passed", t.status().equals("pass"))
                        .put("score", t.score()).put("max-score", t.maxScore());
            }
        }
        return root;
    }

    /** Exercism's test runner interface, version 3: status, message, tests[] with task_id. */
    static ObjectNode exercism(Results.Grade grade) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 3);
        List<Results.Test> all = grade.modules().stream().flatMap(m -> m.tests().stream()).toList();
        boolean broken = grade.modules().stream().anyMatch(m -> m.status().equals(Results.ModuleStatus.COMPILE_ERROR)
                || m.status().equals(Results.ModuleStatus.BUILD_ERROR) || m.status().equals(Results.ModuleStatus.NOT_BUILT));
        boolean allPass = !all.isEmpty() && all.stream().allMatch(t -> t.status().equals("pass"));
        root.put("status", allPass ? "pass" : broken && all.stream().noneMatch(t -> t.status().equals("pass"))
                ? "error" : "fail");
        if (broken) {
            StringBuilder message = new StringBuilder();
            for (Results.Module m : grade.modules()) {
                if (!m.message().isBlank() && !m.status().equals(Results.ModuleStatus.OK)) {
                    message.append(m.module()).append(" (").append(m.status()).append("): ").append(m.message())
                            .append('\n');
                }
            }
            root.put("message", cap(message.toString().trim(), MAX_MESSAGE));
        }
        ArrayNode tests = root.putArray("tests");
        for (Results.Test t : all) {
            ObjectNode test = tests.addObject();
            test.put("name", testName(t));
            test.put("status", t.status().equals("pass") ? "pass" : t.status().equals("fail") ? "fail" : "error");
            if (!t.status().equals("pass")) {
                test.put("message", cap(t.message(), MAX_MESSAGE));
            }
            test.put("test_code", t.className() + "#" + t.method());
            Integer task = taskNumber(t.task());
            if (task != null) {
                test.put("task_id", task);
            }
        }
        return root;
    }

    /** "Task 3: ..." is task 3. */
    static Integer taskNumber(String task) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Task (\\d{1,4})\\b").matcher(task == null ? "" : task);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static String summaryLine(Results.Grade grade) {
        StringBuilder out = new StringBuilder();
        for (Results.Module m : grade.modules()) {
            out.append(m.module()).append(": ").append(m.score()).append('/').append(m.maxScore())
                    .append(m.status().equals(Results.ModuleStatus.OK) ? "" : " (" + m.status() + ")").append('\n');
        }
        if (!grade.leftOut().isEmpty()) {
            out.append("Files not used: ").append(grade.leftOut().size()).append('\n');
        }
        grade.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
        return out.toString();
    }
}
