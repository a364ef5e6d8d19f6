package workshop.selfcheck;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a wrong-answer variant: copies the packages an entry touches from the reference
 * answers and the exercises' given classes, applies the entry, and compiles them (in-process, {@code --release 21}) against the
 * reference answers' classes. The variant's classes go first on the class path, so they
 * replace the reference answer's classes of the same names.
 */
public final class Variants {

    private Variants() {}

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
        if (!compiled) {
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .map(d -> (d.getSource() == null ? "" : sources.relativize(Path.of(d.getSource().toUri())) + ":"
                            + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n    ", "    ", ""));
            throw new Catalogue.MalformedEntry(entry + ": the variant does not compile:\n" + errors + compilerOutput);
        }
        return classes;
    }
}
