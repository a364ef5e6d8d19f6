package workshop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The workshop's layout, read from its root pom: which modules are exercises. */
final class Project {
    /** Exercise modules are named like "01-threads": a number, a dash, a name. */
    private static final Pattern EXERCISE = Pattern.compile("\\d+-[\\w.-]+");

    private final Path root;
    private final List<String> modules;

    private Project(Path root, List<String> modules) {
        this.root = root;
        this.modules = modules;
    }

    static Project at(Path root) throws GradingException {
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new GradingException("no pom.xml in " + root + ": not a workshop checkout");
        }
        Element project = parse(pom).getDocumentElement();
        List<String> modules = new ArrayList<>();
        for (Element list : children(project, "modules")) {
            for (Element module : children(list, "module")) {
                modules.add(module.getTextContent().trim());
            }
        }
        return new Project(root, List.copyOf(modules));
    }

    Path root() {
        return root;
    }

    /** The exercise modules in build order (every module named like "01-threads"). */
    List<String> exerciseModules() {
        return modules.stream().filter(Project::isExercise).toList();
    }

    static boolean isExercise(String module) {
        return EXERCISE.matcher(module).matches();
    }

    /** The module's artifactId (what Maven calls it in "on project X"); its directory name if unreadable. */
    String artifactId(String module) {
        try {
            for (Element id : children(parse(root.resolve(module).resolve("pom.xml")).getDocumentElement(),
                    "artifactId")) {
                return id.getTextContent().trim();
            }
        } catch (GradingException e) {
            // fall through: a broken pom is reported by Maven itself
        }
        return module;
    }

    static Document parse(Path xml) throws GradingException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e; // an exception for the caller, not a line on stderr
                }
            });
            return builder.parse(xml.toFile());
        } catch (IOException | RuntimeException | javax.xml.parsers.ParserConfigurationException
                | org.xml.sax.SAXException e) {
            throw new GradingException("cannot read " + xml + ": " + e.getMessage());
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }
}
