package workshop.grader;

import java.util.List;

/** The outcome of grading, and its renderings for people: console scoreboard, summary.md ({@link Formats}: JSON). */
final class Results {
    static final int SCHEMA = 1;

    /** One graded test. Status is pass, fail, error or timeout. */
    record Test(String module, String className, String method, String task, String displayName, String status,
            int score, int maxScore, String message) {}

    /** One exercise module. Status says whether its tests could run; see {@link ModuleStatus}. */
    record Module(String module, String status, String message, List<Test> tests, List<String> unscored) {
        int score() {
            return tests.stream().mapToInt(Test::score).sum();
        }

        int maxScore() {
            return tests.stream().mapToInt(Test::maxScore).sum();
        }

        long passed() {
            return tests.stream().filter(t -> t.status().equals("pass")).count();
        }
    }

    /** A file of the student's copy that differs from the canonical copy: modified, missing or added. */
    record FileChange(String path, String change) {}

    /**
     * {@code leftOut}: files of the student's src/main that were not used ({@link Learner});
     * {@code sandbox}: what contained the student's code.
     */
    record Grade(String commit, String canonicalSource, String canonicalCommit, List<Module> modules,
            List<FileChange> changes, List<String> warnings, String gradedAt, List<Learner.LeftOut> leftOut,
            String sandbox) {
        Grade(String commit, String canonicalSource, String canonicalCommit, List<Module> modules,
                List<FileChange> changes, List<String> warnings, String gradedAt) {
            this(commit, canonicalSource, canonicalCommit, modules, changes, warnings, gradedAt, List.of(), "none");
        }

        int score() {
            return modules.stream().mapToInt(Module::score).sum();
        }

        int maxScore() {
            return modules.stream().mapToInt(Module::maxScore).sum();
        }

        double percent() {
            return maxScore() == 0 ? 0 : Math.round(1000.0 * score() / maxScore()) / 10.0;
        }
    }

    /** Module statuses. */
    static final class ModuleStatus {
        static final String OK = "ok";
        static final String NO_TESTS = "no-tests";
        static final String COMPILE_ERROR = "compile-error";
        static final String TIMEOUT = "timeout";
        static final String CRASHED = "crashed";
        static final String NOT_BUILT = "not-built";
        static final String BUILD_ERROR = "build-error";

        private ModuleStatus() {}
    }

    private Results() {}

    static String console(Grade grade) {
        StringBuilder out = new StringBuilder();
        int width = grade.modules().stream().mapToInt(m -> m.module().length()).max().orElse(8);
        out.append('\n').append("Scoreboard").append(grade.commit() == null ? "" : " for commit " + shortCommit(grade.commit()))
                .append(grade.canonicalSource() == null ? "" : " (graded with the canonical tests of "
                        + grade.canonicalSource() + ")")
                .append('\n').append('\n');
        for (Module m : grade.modules()) {
            out.append(String.format("  %-" + width + "s  ", m.module()));
            if (m.tests().isEmpty()) {
                out.append("no graded tests yet\n");
                continue;
            }
            out.append(String.format("%2d/%-2d tests passed  %3d/%-3d points", m.passed(), m.tests().size(),
                    m.score(), m.maxScore()));
            out.append(statusNote(m)).append('\n');
            if (!m.status().equals(ModuleStatus.OK) && !m.message().isBlank()) {
                for (String line : m.message().split("\n", 6)) {
                    out.append("      ! ").append(line).append('\n');
                }
            }
            for (Test t : m.tests()) {
                if (t.status().equals("pass")) {
                    continue;
                }
                out.append("      ").append(String.format("%-7s ", t.status().toUpperCase())).append(t.task())
                        .append(" > ").append(t.displayName()).append('\n');
                if (!t.message().isBlank()) {
                    out.append("              ").append(t.message()).append('\n');
                }
            }
        }
        out.append('\n').append(String.format("  %-" + width + "s  %s/%s points (%s%%)%n", "Total", grade.score(),
                grade.maxScore(), grade.percent()));
        if (grade.canonicalSource() != null) {
            out.append('\n');
            if (grade.changes().isEmpty()) {
                out.append("  Tests, poms and workflows: identical to the canonical copy.\n");
            } else {
                out.append("  Files that differ from the canonical copy (the canonical ones were used):\n");
                for (FileChange c : grade.changes()) {
                    out.append("      ").append(String.format("%-9s", c.change())).append(c.path()).append('\n');
                }
            }
        }
        if (!grade.leftOut().isEmpty()) {
            out.append("\n  Files of the student's src/main that were not used:\n");
            for (Learner.LeftOut l : grade.leftOut()) {
                out.append("      ").append(l.path()).append(": ").append(l.why()).append('\n');
            }
        }
        for (String w : grade.warnings()) {
            out.append("  warning: ").append(w).append('\n');
        }
        return out.toString();
    }

    private static String statusNote(Module m) {
        switch (m.status()) {
            case ModuleStatus.COMPILE_ERROR:
                return "   does not compile";
            case ModuleStatus.TIMEOUT:
                return "   tests stopped: they took too long (a hang?)";
            case ModuleStatus.CRASHED:
                return "   tests stopped: the test JVM exited (System.exit?)";
            case ModuleStatus.NOT_BUILT:
                return "   not built";
            case ModuleStatus.BUILD_ERROR:
                return "   build failed";
            default:
                return m.passed() == m.tests().size() ? "   done" : "";
        }
    }

    static String markdown(Grade grade) {
        StringBuilder out = new StringBuilder();
        out.append("## Scoreboard: ").append(grade.score()).append(" / ").append(grade.maxScore())
                .append(" points (").append(grade.percent()).append("%)\n\n");
        if (grade.commit() != null) {
            out.append("Commit `").append(grade.commit()).append("`");
            if (grade.canonicalSource() != null) {
                out.append(", graded with the canonical tests of `").append(grade.canonicalSource()).append('`');
                if (grade.canonicalCommit() != null) {
                    out.append(" (`").append(shortCommit(grade.canonicalCommit())).append("`)");
                }
            }
            out.append(".\n\n");
        }
        out.append("| Module | Tests passed | Points | Status |\n|---|---:|---:|---|\n");
        for (Module m : grade.modules()) {
            out.append("| ").append(m.module()).append(" | ")
                    .append(m.tests().isEmpty() ? "-" : m.passed() + " / " + m.tests().size()).append(" | ")
                    .append(m.tests().isEmpty() ? "-" : m.score() + " / " + m.maxScore()).append(" | ")
                    .append(m.tests().isEmpty() ? "no graded tests yet" : m.status()).append(" |\n");
        }
        out.append("| **Total** | | **").append(grade.score()).append(" / ").append(grade.maxScore())
                .append("** | |\n");
        List<Test> failing = grade.modules().stream().flatMap(m -> m.tests().stream())
                .filter(t -> !t.status().equals("pass")).toList();
        if (!failing.isEmpty()) {
            out.append("\n<details><summary>").append(failing.size()).append(" tests not passing</summary>\n\n");
            out.append("| Module | Test | Status | Message |\n|---|---|---|---|\n");
            for (Test t : failing) {
                out.append("| ").append(t.module()).append(" | ").append(cell(t.task() + " > " + t.displayName()))
                        .append(" | ").append(t.status()).append(" | ").append(cell(t.message())).append(" |\n");
            }
            out.append("\n</details>\n");
        }
        for (Module m : grade.modules()) {
            if (!m.status().equals(ModuleStatus.OK) && !m.message().isBlank()) {
                out.append("\n**").append(m.module()).append("** (").append(m.status()).append("):\n\n```\n")
                        .append(m.message()).append("\n```\n");
            }
        }
        if (grade.canonicalSource() != null) {
            out.append("\n### Files that differ from the canonical copy\n\n");
            if (grade.changes().isEmpty()) {
                out.append("None: tests, poms and workflows are identical to the canonical ones.\n");
            } else {
                out.append("The canonical versions were used for grading.\n\n| File | Change |\n|---|---|\n");
                for (FileChange c : grade.changes()) {
                    out.append("| `").append(cell(c.path())).append("` | ").append(c.change()).append(" |\n");
                }
            }
        }
        if (!grade.leftOut().isEmpty()) {
            out.append("\n### Files not used\n\n| File | Why |\n|---|---|\n");
            for (Learner.LeftOut l : grade.leftOut()) {
                out.append("| `").append(cell(l.path())).append("` | ").append(cell(l.why())).append(" |\n");
            }
        }
        if (!grade.warnings().isEmpty()) {
            out.append("\n### Warnings\n\n");
            for (String w : grade.warnings()) {
                out.append("- ").append(cell(w)).append('\n');
            }
        }
        return out.toString();
    }

    static String cell(String text) {
        String t = text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
        return t.length() > 500 ? t.substring(0, 497) + "..." : t;
    }

    static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
