package workshop.selfcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reads surefire's XML reports (TEST-*.xml): one record per test case. */
final class SurefireReports {

    enum Outcome { PASSED, FAILED, ERROR, SKIPPED }

    record Case(String className, String name, Outcome outcome, double seconds, String message) {
        String id() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + name;
        }

        String packageName() {
            int dot = className.lastIndexOf('.');
            return dot < 0 ? "" : className.substring(0, dot);
        }
    }

    private SurefireReports() {}

    static List<Path> files(Path reports) {
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The oldest report's time, to tell stale reports from fresh ones. */
    static FileTime oldest(List<Path> files) {
        return files.stream().map(SurefireReports::modified).min(FileTime::compareTo).orElse(FileTime.fromMillis(0));
    }

    static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> read(Path reports) {
        List<Case> cases = new ArrayList<>();
        for (Path file : files(reports)) {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                org.w3c.dom.Document report = factory.newDocumentBuilder().parse(file.toFile());
                // The class's real name: a testcase's classname attribute holds its @DisplayName.
                String suite = report.getDocumentElement().getAttribute("name");
                if (suite.isEmpty()) {
                    suite = file.getFileName().toString().replaceFirst("^TEST-", "").replaceFirst("\\.xml$", "");
                }
                NodeList testcases = report.getElementsByTagName("testcase");
                for (int i = 0; i < testcases.getLength(); i++) {
                    Element testcase = (Element) testcases.item(i);
                    Outcome outcome = Outcome.PASSED;
                    String message = "";
                    for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                        if (child instanceof Element element) {
                            Outcome found = switch (element.getTagName()) {
                                case "failure" -> Outcome.FAILED;
                                case "error" -> Outcome.ERROR;
                                case "skipped" -> Outcome.SKIPPED;
                                default -> null;
                            };
                            if (found != null) {
                                outcome = found;
                                message = element.getAttribute("message");
                            }
                        }
                    }
                    String time = testcase.getAttribute("time").replace(",", "");
                    cases.add(new Case(suite, testcase.getAttribute("name"), outcome,
                            time.isEmpty() ? 0 : Double.parseDouble(time), message));
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the test report " + file + ": " + e, e);
            }
        }
        return cases;
    }
}
