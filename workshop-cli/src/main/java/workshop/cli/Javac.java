package workshop.cli;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac in this JVM (javax.tools), as Maven's compiler plugin runs it: {@code --release 21},
 * debug information, UTF-8. In watch mode the JVM stays warm, so a save compiles in a fraction
 * of the first compile's time. Output goes to a folder of its own, emptied first, so a deleted
 * source leaves no class behind.
 */
final class Javac {

    /** What came out: whether it compiled, the errors as the learner should read them, and the API's fingerprint. */
    record Result(boolean ok, String errors, String api) {}

    static final List<String> OPTIONS = List.of("--release", "21", "-g", "-encoding", "UTF-8", "-proc:none",
            "-implicit:none");

    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files;
    private final Path shownRelativeTo;

    /** @param shownRelativeTo file names in error messages are relative to this folder (the checkout) */
    Javac(Path shownRelativeTo) {
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): it is a runtime, not a JDK");
        }
        this.files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        this.shownRelativeTo = shownRelativeTo;
    }

    /** Compiles every .java under {@code sourceRoots} into {@code out} against {@code classpath}. */
    Result compile(List<Path> sourceRoots, List<Path> classpath, Path out) {
        List<Path> sources = sources(sourceRoots);
        try {
            deleteContents(out);
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sources.isEmpty()) {
            return new Result(true, "", "");
        }
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(List.of("-d", out.toString(), "-cp", join(classpath), "-sourcepath", ""));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
        JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, options, null, units);
        String api = "";
        boolean ok;
        try {
            Iterable<? extends Element> types = task.analyze();
            api = fingerprint(types);
            task.generate();
            ok = diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException e) {
            ok = false; // errors already reported through the diagnostics
        }
        ok = ok && diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
        return new Result(ok, ok ? "" : errors(diagnostics), api);
    }

    /** Errors first, as javac prints them: file:line, the message, the line, a caret under the spot. */
    private String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder text = new StringBuilder();
        int count = 0;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            count++;
            String where = d.getSource() == null ? "" : shown(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ";
            text.append(where).append("error: ").append(d.getMessage(Locale.ROOT)).append('\n');
            String line = sourceLine(d);
            if (line != null) {
                text.append(line).append('\n');
                text.append(" ".repeat((int) Math.max(0, d.getColumnNumber() - 1))).append("^\n");
            }
        }
        text.append(count).append(count == 1 ? " error" : " errors");
        return text.toString();
    }

    private String shown(Path file) {
        try {
            return shownRelativeTo.relativize(file).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }

    private static String sourceLine(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null || d.getLineNumber() < 1) {
            return null;
        }
        try {
            List<String> lines = d.getSource().getCharContent(true).toString().lines().toList();
            return d.getLineNumber() <= lines.size() ? lines.get((int) d.getLineNumber() - 1).replace('\t', ' ') : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The compiled types' outward shape: every non-private type and member with its modifiers,
     * type and constant value. Tests compiled against one shape need compiling again only when
     * it changes.
     */
    static String fingerprint(Iterable<? extends Element> types) {
        List<String> lines = new ArrayList<>();
        for (Element type : types) {
            describe(type, lines);
        }
        lines.sort(Comparator.naturalOrder());
        return sha256(String.join("\n", lines));
    }

    private static void describe(Element element, List<String> lines) {
        if (element.getModifiers().contains(Modifier.PRIVATE)) {
            return;
        }
        String owner = element.getEnclosingElement() == null ? "" : element.getEnclosingElement().toString();
        StringBuilder line = new StringBuilder(owner).append(' ').append(element.getKind()).append(' ')
                .append(element.getModifiers()).append(' ').append(element.getSimpleName()).append(' ')
                .append(element.asType());
        if (element instanceof TypeElement type) {
            line.append(" extends ").append(type.getSuperclass()).append(" implements ").append(type.getInterfaces());
        }
        if (element instanceof VariableElement variable && variable.getConstantValue() != null) {
            line.append(" = ").append(variable.getConstantValue());
        }
        lines.add(line.toString());
        if (element.getKind().isClass() || element.getKind().isInterface() || element.getKind() == ElementKind.RECORD) {
            for (Element member : element.getEnclosedElements()) {
                describe(member, lines);
            }
        }
    }

    /** The .java files under the roots that exist. */
    static List<Path> sources(List<Path> roots) {
        List<Path> sources = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /**
     * The sources' names and contents, and the compiler's options and class path: equal means
     * nothing to compile. (Contents, not times: some file systems keep times to the second.)
     */
    static String stamp(List<Path> roots, List<Path> classpath, String extra) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((String.join(" ", OPTIONS) + '\n' + join(classpath) + '\n' + extra + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            for (Path source : sources(roots)) {
                digest.update(source.toString().getBytes(StandardCharsets.UTF_8));
                try {
                    digest.update(Files.readAllBytes(source));
                } catch (IOException e) {
                    digest.update((byte) 0); // gone while we looked: the next save tells
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String join(List<Path> paths) {
        return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
