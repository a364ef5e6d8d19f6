package workshop.grader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.grader.MavenLog.Failure;
import workshop.grader.MavenLog.ModuleOutcome;
import workshop.grader.Results.ModuleStatus;
import workshop.grader.SurefireReports.Kind;
import workshop.grader.SurefireReports.Outcome;
import workshop.grader.SurefireReports.Reports;

/** Scores one module: the manifest says what counts, the reports and Maven's log say what happened. */
final class Grading {
    private Grading() {}

    static Results.Module gradeModule(String module, List<Manifest.Entry> entries, Reports reports,
            ModuleOutcome outcome, int forkTimeoutSeconds) {
        return gradeModule(module, entries, reports, outcome, forkTimeoutSeconds, Map.of());
    }

    /**
     * {@code forks}: each test class's JVM as the sandbox wrapper saw it end (exit code,
     * seconds); a test its JVM never reported is explained from that.
     */
    static Results.Module gradeModule(String module, List<Manifest.Entry> entries, Reports reports,
            ModuleOutcome outcome, int forkTimeoutSeconds, Map<String, Grader.Fork> forks) {
        String status;
        String moduleMessage = outcome.detail();
        String missing; // why a test with no report did not report
        String missingStatus;
        switch (outcome.failure()) {
            case COMPILE_ERROR -> {
                status = ModuleStatus.COMPILE_ERROR;
                missingStatus = "error";
                missing = "the module does not compile: " + firstLine(outcome.detail());
            }
            case FORK_TIMEOUT -> {
                status = ModuleStatus.TIMEOUT;
                missingStatus = "timeout";
                missing = "not finished: the module's test JVM was stopped after " + forkTimeoutSeconds
                        + " s (something hangs or loops forever)";
                moduleMessage = "the test JVM was stopped after " + forkTimeoutSeconds
                        + " s; tests that had not reported by then score 0";
            }
            case FORK_CRASH -> {
                status = ModuleStatus.CRASHED;
                missingStatus = "error";
                missing = "not finished: the module's test JVM exited before this test reported"
                        + " (System.exit or a crash)";
                moduleMessage = "the test JVM exited (" + (outcome.detail().isEmpty() ? "System.exit or a crash"
                        : outcome.detail() + ": System.exit or a crash") + "); tests that had not reported score 0";
            }
            case NOT_BUILT -> {
                status = ModuleStatus.NOT_BUILT;
                missingStatus = "error";
                missing = "not built: " + firstLine(outcome.detail());
            }
            case OTHER -> {
                status = ModuleStatus.BUILD_ERROR;
                missingStatus = "error";
                missing = "the build failed: " + firstLine(outcome.detail());
            }
            default -> {
                status = entries.isEmpty() ? ModuleStatus.NO_TESTS : ModuleStatus.OK;
                missingStatus = "fail";
                missing = "did not run: the test is missing, renamed or disabled";
            }
        }
        List<Results.Test> tests = new ArrayList<>();
        Set<String> scored = new HashSet<>();
        boolean timedOut = false;
        boolean crashed = false;
        for (Manifest.Entry e : entries) {
            scored.add(e.key());
            List<Outcome> outcomes = reports.byTest().getOrDefault(e.key(), List.of());
            String testStatus;
            String message;
            Grader.Fork fork = forks.get(e.className());
            if (outcomes.isEmpty() && outcome.failure() == Failure.NONE && fork != null && fork.exitCode() != 0) {
                if (fork.exitCode() == 137 || fork.exitCode() == 124 || fork.seconds() >= forkTimeoutSeconds) {
                    testStatus = "timeout";
                    message = "not finished: its test class's JVM was stopped after " + fork.seconds()
                            + " s (something hangs, loops forever or uses too much memory)";
                    timedOut = true;
                } else {
                    testStatus = "error";
                    message = "not finished: its test class's JVM exited with code " + fork.exitCode()
                            + " before this test reported (System.exit, Runtime.halt or a crash)";
                    crashed = true;
                }
            } else if (outcomes.isEmpty() && outcome.failure() == Failure.NONE && fork != null) {
                testStatus = "error";
                message = "not finished: its test class's JVM ended before this test reported (System.exit(0)?)";
                crashed = true;
            } else if (outcomes.isEmpty()) {
                testStatus = missingStatus;
                message = missing;
            } else {
                Outcome worst = worst(outcomes);
                switch (worst.kind()) {
                    case PASS -> {
                        testStatus = "pass";
                        message = "";
                    }
                    case SKIPPED -> {
                        testStatus = "fail";
                        message = "skipped, so it counts as failed"
                                + (worst.message().isBlank() ? "" : ": " + worst.message());
                    }
                    case TIMEOUT -> {
                        testStatus = "timeout";
                        message = worst.message();
                    }
                    case ERROR -> {
                        testStatus = "error";
                        message = worst.message();
                    }
                    default -> {
                        testStatus = "fail";
                        message = worst.message();
                    }
                }
            }
            int score = testStatus.equals("pass") ? e.points() : 0;
            tests.add(new Results.Test(module, e.className(), e.method(), e.task(), e.displayName(), testStatus,
                    score, e.points(), message));
        }
        if (status.equals(ModuleStatus.OK) && (timedOut || crashed)) {
            status = timedOut ? ModuleStatus.TIMEOUT : ModuleStatus.CRASHED;
            moduleMessage = timedOut ? "a test class's JVM was stopped (time or memory); only its unfinished tests score 0"
                    : "a test class's JVM exited (System.exit, Runtime.halt or a crash); only its unfinished tests score 0";
        }
        List<String> unscored = reports.byTest().keySet().stream().filter(k -> !scored.contains(k)).sorted().toList();
        if (status.equals(ModuleStatus.OK) && outcome.failure() == Failure.NONE && moduleMessage.isBlank()
                && !reports.unreadable().isEmpty()) {
            moduleMessage = "unreadable reports: " + String.join(", ", reports.unreadable());
        }
        return new Results.Module(module, status, Formats.cap(moduleMessage, 4000), tests, unscored);
    }

    /** A test passes only if every invocation passed (parameterized and repeated tests run several). */
    private static Outcome worst(List<Outcome> outcomes) {
        Outcome worst = outcomes.get(0);
        for (Outcome o : outcomes) {
            if (rank(o.kind()) > rank(worst.kind())) {
                worst = o;
            }
        }
        return worst;
    }

    private static int rank(Kind kind) {
        return switch (kind) {
            case PASS -> 0;
            case SKIPPED -> 1;
            case FAIL -> 2;
            case ERROR -> 3;
            case TIMEOUT -> 4;
        };
    }

    static String firstLine(String text) {
        return SurefireReports.firstLine(text);
    }
}
