package workshop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.w3c.dom.Element;

/** Reads a module's target/surefire-reports/TEST-*.xml into one outcome per test invocation. */
final class SurefireReports {
    enum Kind { PASS, FAIL, ERROR, TIMEOUT, SKIPPED }

    /** {@code invocation} is the name as reported ("joins(int)[2]"): two equal ones in one run are suspicious. */
    record Outcome(String className, String method, Kind kind, String message, String invocation) {
        Outcome(String className, String method, Kind kind, String message) {
            this(className, method, kind, message, method);
        }
    }

    /** Reports are Maven's; this bounds what a flood of test output could make of them. */
    static final long MAX_REPORT_BYTES = 16L << 20;

    /** Outcomes keyed by "class#method"; parameterized and repeated invocations share a key. */
    record Reports(Map<String, List<Outcome>> byTest, List<String> unreadable) {
        static Reports none() {
            return new Reports(Map.of(), List.of());
        }
    }

    private SurefireReports() {}

    static Reports read(Path reportsDir) throws IOException {
        Map<String, List<Outcome>> byTest = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        if (!Files.isDirectory(reportsDir)) {
            return new Reports(byTest, unreadable);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(reportsDir)) {
            files = list.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("TEST-") && name.endsWith(".xml");
            }).sorted().toList();
        }
        for (Path file : files) {
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file) || Files.size(file) > MAX_REPORT_BYTES) {
                unreadable.add(file.getFileName().toString());
                continue;
            }
            Element suite;
            try {
                suite = Project.parse(file).getDocumentElement();
            } catch (GradingException e) {
                unreadable.add(file.getFileName().toString());
                continue;
            }
            String suiteName = suite.getAttribute("name");
            if (suiteName.isEmpty()) {
                String f = file.getFileName().toString();
                suiteName = f.substring("TEST-".length(), f.length() - ".xml".length());
            }
            for (Element testcase : Project.children(suite, "testcase")) {
                Outcome outcome = outcome(suiteName, testcase);
                byTest.computeIfAbsent(outcome.className() + "#" + outcome.method(), k -> new ArrayList<>())
                        .add(outcome);
            }
        }
        return new Reports(byTest, unreadable);
    }

    private static Outcome outcome(String className, Element testcase) {
        String invocation = testcase.getAttribute("name");
        String method = methodName(invocation);
        for (String tag : List.of("failure", "error")) {
            List<Element> problems = Project.children(testcase, tag);
            if (!problems.isEmpty()) {
                Element problem = problems.get(0);
                String type = problem.getAttribute("type");
                String message = firstLine(problem.getAttribute("message"));
                if (message.isEmpty()) {
                    message = firstLine(problem.getTextContent());
                }
                if (message.isEmpty()) {
                    message = type;
                }
                boolean timedOut = type.endsWith("TimeoutException") || message.matches(".*timed out after .*");
                Kind kind = timedOut ? Kind.TIMEOUT : tag.equals("failure") ? Kind.FAIL : Kind.ERROR;
                if (kind == Kind.ERROR && !type.isEmpty() && !message.startsWith(type)) {
                    message = simpleName(type) + ": " + message;
                }
                return new Outcome(className, method, kind, message, invocation);
            }
        }
        List<Element> skipped = Project.children(testcase, "skipped");
        if (!skipped.isEmpty()) {
            String why = firstLine(skipped.get(0).getAttribute("message"));
            return new Outcome(className, method, Kind.SKIPPED, why, invocation);
        }
        return new Outcome(className, method, Kind.PASS, "", invocation);
    }

    /** "joins(int)[2]" and "joins()" both name the method "joins". */
    static String methodName(String reported) {
        int cut = reported.length();
        for (char c : new char[] {'(', '['}) {
            int at = reported.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return reported.substring(0, cut).trim();
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                String trimmed = line.strip();
                return trimmed.length() > 300 ? trimmed.substring(0, 297) + "..." : trimmed;
            }
        }
        return "";
    }
}
