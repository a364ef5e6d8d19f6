package workshop.selfcheck;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a variant of the reference answers: a catalogue entry applied to a copy of the
 * packages it touches (the reference answers and the exercises' given classes), or whole
 * replacement files (a mutant, a held-out answer), compiled (in-process, {@code --release 21})
 * against the reference answers' classes. The variant's classes go first on the class path, so they
 * replace the reference answer's classes of the same names.
 */
public final class Variants {

    /** A variant that does not compile; the message holds the compiler's errors. */
    public static final class DoesNotCompile extends RuntimeException {
        public DoesNotCompile(String message) {
            super(message);
        }
    }

    private Variants() {}

    /**
     * Compiles whole replacement files ({@code files}: path relative to solutions/src/main/java
     * to its text) into {@code work}/classes and returns that folder. Only these files are
     * compiled: the rest of the reference answers comes from their classes.
     */
    public static Path compile(Workshop workshop, Map<String, String> files, Path work) {
        Path sources = work.resolve("src");
        Path classes = work.resolve("classes");
        List<Path> toCompile = new ArrayList<>();
        try {
            Files.createDirectories(classes);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = sources.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                toCompile.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String errors = javac(workshop, sources, toCompile, classes);
        if (errors != null) {
            throw new DoesNotCompile(errors);
        }
        return classes;
    }

    /** Compiles {@code entry}'s variant into {@code work}/classes and returns that folder. */
    public static Path compile(Workshop workshop, Catalogue.Entry entry, Path work) {
        Path sources = work.resolve("src");
        Path classes = work.resolve("classes");
        try {
            Files.createDirectories(classes);
            Set<Path> packageDirs = new LinkedHashSet<>();
            for (String path : entry.paths()) {
                Path relative = Path.of(path);
                packageDirs.add(relative.getParent() == null ? Path.of("") : relative.getParent());
            }
            for (Path packageDir : packageDirs) {
                Files.createDirectories(sources.resolve(packageDir));
                for (Path root : workshop.answerAndGivenSources()) {
                    Path from = root.resolve(packageDir);
                    if (Files.isDirectory(from)) {
                        try (Stream<Path> files = Files.list(from)) {
                            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                                Files.copy(file, sources.resolve(packageDir).resolve(file.getFileName()));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entry.applyTo(sources);

        List<Path> toCompile;
        try (Stream<Path> files = Files.walk(sources)) {
            toCompile = files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String errors = javac(workshop, sources, toCompile, classes);
        if (errors != null) {
            throw new Catalogue.MalformedEntry(entry + ": the variant does not compile:\n" + errors);
        }
        return classes;
    }

    /** Compiles in-process, --release 21, against the reference answers' classes; the errors, or null. */
    private static String javac(Workshop workshop, Path sources, List<Path> toCompile, Path classes) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(workshop.solutionsClasses());
        classpath.addAll(workshop.testClasspath());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                    + ": the self-check needs a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter compilerOutput = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("--release", "21", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                    "-d", classes.toString(),
                    "-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            compiled = compiler.getTask(compilerOutput, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(toCompile)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (compiled) {
            return null;
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .map(d -> (d.getSource() == null ? "" : sources.relativize(Path.of(d.getSource().toUri())) + ":"
                        + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n    ", "    ", "")) + compilerOutput;
    }
}
