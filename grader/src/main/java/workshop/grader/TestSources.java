package workshop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the test methods of a module's src/test/java and their display names by reading the
 * source (a light scan, not a compiler): annotations, class declarations and method
 * declarations, with comments and string literals handled.
 */
final class TestSources {
    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");
    private static final Set<String> NOT_A_METHOD =
            Set.of("if", "for", "while", "switch", "catch", "synchronized", "new", "return", "throw", "try");

    /** A test method found in the source. */
    record TestMethod(String className, String method, String displayName, String classDisplayName,
            boolean disabled) {}

    private TestSources() {}

    /** Every test method under {@code testJava} (a src/test/java folder), in file order. */
    static List<TestMethod> scan(Path testJava) throws IOException {
        if (!Files.isDirectory(testJava)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testJava)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<TestMethod> declared = new ArrayList<>();
        Map<String, String[]> classes = new HashMap<>(); // binary name -> {superclass binary name or null, "abstract"?}
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            declared.addAll(scanSource(source));
            classes.putAll(topLevelClasses(stripComments(source)));
        }
        // A test written in an abstract class runs (and is reported) as a test of each concrete
        // subclass, never of the abstract class itself.
        List<TestMethod> found = new ArrayList<>();
        for (TestMethod m : declared) {
            String[] info = classes.get(m.className());
            if (info == null || !"abstract".equals(info[1])) {
                found.add(m);
            }
        }
        for (Map.Entry<String, String[]> c : classes.entrySet()) {
            if ("abstract".equals(c.getValue()[1])) {
                continue;
            }
            for (String up = c.getValue()[0]; up != null && classes.containsKey(up); up = classes.get(up)[0]) {
                String parent = up;
                for (TestMethod m : declared) {
                    if (m.className().equals(parent)) {
                        found.add(new TestMethod(c.getKey(), m.method(), m.displayName(),
                                c.getValue()[2], m.disabled()));
                    }
                }
            }
        }
        return found;
    }

    /** Top-level classes of one file: binary name -> {superclass (same package) or null, "abstract" or "", display name}. */
    private static Map<String, String[]> topLevelClasses(String code) {
        java.util.regex.Matcher pm = java.util.regex.Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;",
                java.util.regex.Pattern.MULTILINE).matcher(code);
        String pkg = pm.find() ? pm.group(1) + "." : "";
        Map<String, String[]> classes = new HashMap<>();
        java.util.regex.Matcher cm = java.util.regex.Pattern.compile(
                "^((?:public|abstract|final|sealed|non-sealed|\\s)*)class\\s+(\\w+)(?:<[^>]*>)?(?:\\s+extends\\s+(\\w+))?",
                java.util.regex.Pattern.MULTILINE).matcher(code);
        while (cm.find()) {
            String superclass = cm.group(3) == null ? null : pkg + cm.group(3);
            int from = Math.max(code.lastIndexOf(';', cm.start()), code.lastIndexOf('}', cm.start()));
            java.util.regex.Matcher dn = java.util.regex.Pattern.compile("@DisplayName\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)")
                    .matcher(code.substring(Math.max(from, 0), cm.start()));
            String display = dn.find() ? dn.group(1).replace("\\\"", "\"") : simpleName(pkg + cm.group(2));
            classes.put(pkg + cm.group(2),
                    new String[] {superclass, cm.group(1).contains("abstract") ? "abstract" : "", display});
        }
        return classes;
    }

    /** The outermost class's simple name of a binary class name ("a.B$C" gives "B"). */
    static String outerSimpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        return dollar < 0 ? simple : simple.substring(0, dollar);
    }

    private record Annotation(String name, String args) {}

    private record OpenClass(String binaryName, int depth) {}

    static List<TestMethod> scanSource(String source) {
        String code = stripComments(source);
        String pkg = "";
        java.util.regex.Matcher pm = java.util.regex.Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;",
                java.util.regex.Pattern.MULTILINE).matcher(code);
        if (pm.find()) {
            pkg = pm.group(1) + ".";
        }
        List<TestMethod> found = new ArrayList<>();
        Map<String, String> classDisplayNames = new HashMap<>();
        Map<String, Boolean> classDisabled = new HashMap<>();
        Deque<OpenClass> classes = new ArrayDeque<>();
        List<Annotation> pending = new ArrayList<>();
        String declaring = null;
        List<Annotation> declaringAnnotations = List.of();
        int depth = 0;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i);
                continue;
            }
            if (c == '@' && i + 1 < n && Character.isJavaIdentifierStart(code.charAt(i + 1))) {
                int start = i + 1;
                int end = start;
                while (end < n && (Character.isJavaIdentifierPart(code.charAt(end)) || code.charAt(end) == '.')) {
                    end++;
                }
                String name = code.substring(start, end);
                name = name.substring(name.lastIndexOf('.') + 1);
                int j = skipSpace(code, end);
                String args = "";
                if (j < n && code.charAt(j) == '(') {
                    int close = matchParen(code, j);
                    args = code.substring(j + 1, close);
                    j = close + 1;
                }
                if (!name.equals("interface")) {
                    pending.add(new Annotation(name, args));
                }
                i = j;
                continue;
            }
            if (Character.isJavaIdentifierStart(c)) {
                int end = i;
                while (end < n && Character.isJavaIdentifierPart(code.charAt(end))) {
                    end++;
                }
                String word = code.substring(i, end);
                int j = skipSpace(code, end);
                if (word.equals("class") || word.equals("record") || word.equals("interface")
                        || word.equals("enum")) {
                    int nameEnd = j;
                    while (nameEnd < n && Character.isJavaIdentifierPart(code.charAt(nameEnd))) {
                        nameEnd++;
                    }
                    if (nameEnd > j) {
                        String simple = code.substring(j, nameEnd);
                        declaring = classes.isEmpty() ? pkg + simple : classes.peek().binaryName() + "$" + simple;
                        declaringAnnotations = List.copyOf(pending);
                        pending.clear();
                        i = nameEnd;
                        continue;
                    }
                } else if (j < n && code.charAt(j) == '(' && !pending.isEmpty() && !NOT_A_METHOD.contains(word)
                        && !classes.isEmpty() && declaring == null) {
                    boolean isTest = pending.stream().anyMatch(a -> TEST_ANNOTATIONS.contains(a.name()));
                    if (isTest) {
                        String cls = classes.peek().binaryName();
                        found.add(new TestMethod(cls, word, displayName(pending).orElse(word),
                                classDisplayNames.getOrDefault(cls, simpleName(cls)),
                                has(pending, "Disabled") || classDisabled.getOrDefault(cls, false)));
                    }
                    pending.clear();
                    i = matchParen(code, j) + 1;
                    continue;
                }
                i = end;
                continue;
            }
            if (c == '{') {
                if (declaring != null) {
                    classes.push(new OpenClass(declaring, depth));
                    classDisplayNames.put(declaring, displayName(declaringAnnotations).orElse(simpleName(declaring)));
                    classDisabled.put(declaring, has(declaringAnnotations, "Disabled"));
                    declaring = null;
                }
                depth++;
                pending.clear();
            } else if (c == '}') {
                depth--;
                if (!classes.isEmpty() && classes.peek().depth() == depth) {
                    classes.pop();
                }
                pending.clear();
            } else if (c == ';' || c == '=') {
                pending.clear();
            }
            i++;
        }
        return found;
    }

    private static boolean has(List<Annotation> annotations, String name) {
        return annotations.stream().anyMatch(a -> a.name().equals(name));
    }

    private static String simpleName(String binaryName) {
        String s = binaryName.substring(binaryName.lastIndexOf('.') + 1);
        return s.substring(s.lastIndexOf('$') + 1);
    }

    private static java.util.Optional<String> displayName(List<Annotation> annotations) {
        for (Annotation a : annotations) {
            if (a.name().equals("DisplayName")) {
                String text = stringConstant(a.args());
                if (!text.isEmpty()) {
                    return java.util.Optional.of(text);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The concatenated string literals of an annotation argument ("a" + "b" gives ab). */
    static String stringConstant(String args) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < args.length()) {
            if (args.charAt(i) == '"') {
                int end = skipLiteral(args, i);
                out.append(unescape(args.substring(i + 1, end - 1)));
                i = end;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'u' -> {
                    while (i < s.length() && s.charAt(i) == 'u') {
                        i++;
                    }
                    if (i + 4 <= s.length()) {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 3;
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static int skipSpace(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Index just after the string or char literal starting at {@code i} (text blocks included). */
    private static int skipLiteral(String code, int i) {
        char quote = code.charAt(i);
        if (quote == '"' && code.startsWith("\"\"\"", i)) {
            int end = code.indexOf("\"\"\"", i + 3);
            return end < 0 ? code.length() : end + 3;
        }
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != quote) {
            if (code.charAt(j) == '\\') {
                j++;
            }
            j++;
        }
        return Math.min(j + 1, code.length());
    }

    /** Index of the parenthesis closing the one at {@code open}. */
    private static int matchParen(String code, int open) {
        int level = 0;
        int i = open;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(code, i);
                continue;
            }
            if (c == '(') {
                level++;
            } else if (c == ')' && --level == 0) {
                return i;
            }
            i++;
        }
        return code.length() - 1;
    }

    /** The source with comments blanked out (literals kept, so positions stay meaningful). */
    static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = skipLiteral(source, i);
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Test methods of a module keyed by "class#method". */
    static Map<String, TestMethod> byKey(List<TestMethod> methods) {
        Map<String, TestMethod> map = new LinkedHashMap<>();
        for (TestMethod m : methods) {
            map.put(m.className() + "#" + m.method(), m);
        }
        return map;
    }
}
