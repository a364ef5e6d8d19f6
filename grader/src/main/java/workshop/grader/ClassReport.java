package workshop.grader;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** class.csv and class.md: one row per student, from grades just made or from collected results.json files. */
final class ClassReport {
    static final long MAX_RESULTS_BYTES = 10L << 20;

    /** One student's row; {@code modules}: module to its cell ("12", or "0 (compile-error)"). */
    record Row(String student, String commit, int score, int maxScore, double percent, Map<String, Integer> modules,
            Map<String, String> moduleStatus, int changedFiles, int leftOutFiles, int warnings, String status) {
        static Row of(String student, Results.Grade g) {
            Map<String, Integer> modules = new LinkedHashMap<>();
            Map<String, String> statuses = new LinkedHashMap<>();
            for (Results.Module m : g.modules()) {
                if (!m.tests().isEmpty()) {
                    modules.put(m.module(), m.score());
                    statuses.put(m.module(), m.status());
                }
            }
            return new Row(student, g.commit() == null ? "" : g.commit(), g.score(), g.maxScore(), g.percent(), modules,
                    statuses, g.changes().size(), g.leftOut().size(), g.warnings().size(), "graded");
        }

        static Row problem(String student, String why) {
            String first = Grading.firstLine(why == null ? "unknown" : why);
            return new Row(student, "", 0, 0, 0, Map.of(), Map.of(), 0, 0, 0, "could not grade: " + first);
        }
    }

    private ClassReport() {}

    /** Writes class.csv and class.md; returns the markdown table. */
    static String write(List<Row> rows, Path outDir) throws IOException {
        List<String> moduleNames = new ArrayList<>();
        for (Row r : rows) {
            for (String m : r.modules().keySet()) {
                if (!moduleNames.contains(m)) {
                    moduleNames.add(m);
                }
            }
        }
        StringBuilder csv = new StringBuilder("student,commit,score,max_score,percent");
        StringBuilder md = new StringBuilder("| Student | Score | % |");
        for (String m : moduleNames) {
            csv.append(',').append(m);
            md.append(' ').append(m).append(" |");
        }
        csv.append(",changed_files,left_out_files,warnings,status\n");
        md.append(" Changed files | Files not used | Warnings | Status |\n|---|---:|---:|")
                .append("---:|".repeat(moduleNames.size())).append("---:|---:|---:|---|\n");
        for (Row r : rows) {
            boolean graded = r.status().equals("graded");
            csv.append(csvCell(r.student())).append(',').append(csvCell(r.commit())).append(',')
                    .append(graded ? r.score() : "").append(',').append(graded ? r.maxScore() : "").append(',')
                    .append(graded ? r.percent() : "");
            md.append("| ").append(Results.cell(r.student())).append(" | ")
                    .append(graded ? r.score() + "/" + r.maxScore() : "").append(" | ").append(graded ? r.percent() : "")
                    .append(" |");
            for (String m : moduleNames) {
                Integer score = r.modules().get(m);
                String status = r.moduleStatus().getOrDefault(m, "ok");
                csv.append(',').append(score == null ? "" : score);
                md.append(' ').append(score == null ? "" : score).append(score != null && !status.equals("ok")
                        ? " (" + Results.cell(status) + ")" : "").append(" |");
            }
            csv.append(',').append(graded ? r.changedFiles() : "").append(',').append(graded ? r.leftOutFiles() : "")
                    .append(',').append(graded ? r.warnings() : "").append(',').append(csvCell(r.status())).append('\n');
            md.append(' ').append(graded ? r.changedFiles() : "").append(" | ").append(graded ? r.leftOutFiles() : "")
                    .append(" | ").append(graded ? r.warnings() : "").append(" | ").append(Results.cell(r.status()))
                    .append(" |\n");
        }
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("class.csv"), csv.toString(), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("class.md"), md.toString(), StandardCharsets.UTF_8);
        return md.toString();
    }

    /** A cell that a spreadsheet shows as text: quoted when needed, never read as a formula. */
    static String csvCell(String s) {
        String t = s.replace("\r", " ").replace("\n", " ");
        if (!t.isEmpty() && "=+-@\t".indexOf(t.charAt(0)) >= 0) {
            t = "'" + t;
        }
        return t.contains(",") || t.contains("\"") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }

    /** The grade-class workflow: every DIR/<student>/results.json into class.csv and class.md. */
    static void collect(Path dir, Path outDir, PrintStream out) throws IOException, GradingException {
        List<Row> rows = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            for (Path p : list) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    folders.add(p);
                }
            }
        }
        folders.sort(null);
        if (folders.isEmpty()) {
            throw new GradingException("no student folders in " + dir);
        }
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            Path file = folder.resolve("results.json");
            try {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Path why = folder.resolve("could-not-grade.txt");
                    rows.add(Row.problem(name, Files.isRegularFile(why, LinkOption.NOFOLLOW_LINKS)
                            ? Files.readString(why).strip() : "no results.json (the student's job failed: see its log)"));
                    continue;
                }
                if (Files.size(file) > MAX_RESULTS_BYTES) {
                    rows.add(Row.problem(name, "results.json is larger than " + (MAX_RESULTS_BYTES >> 20) + " MB"));
                    continue;
                }
                rows.add(fromJson(name, Formats.JSON.readTree(file.toFile())));
            } catch (IOException | RuntimeException e) {
                rows.add(Row.problem(name, "unreadable results.json: " + e.getMessage()));
            }
        }
        out.print(write(rows, outDir));
    }

    static Row fromJson(String name, JsonNode json) {
        if (json.path("schema").asInt() != Results.SCHEMA) {
            return Row.problem(name, "results.json is not schema " + Results.SCHEMA);
        }
        Map<String, Integer> modules = new LinkedHashMap<>();
        Map<String, String> statuses = new LinkedHashMap<>();
        for (JsonNode m : json.path("modules")) {
            if (m.path("tests").size() > 0) {
                modules.put(m.path("module").asText(), m.path("score").asInt());
                statuses.put(m.path("module").asText(), m.path("status").asText());
            }
        }
        return new Row(name, json.path("commit").asText(""), json.path("score").asInt(), json.path("maxScore").asInt(),
                json.path("percent").asDouble(), modules, statuses, json.path("changedFiles").size(),
                json.path("leftOutFiles").size(), json.path("warnings").size(), "graded");
    }
}
