package workshop.cli;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import workshop.cli.Workshop.Exercise;

/**
 * A maintainer's check (scripts/same-verdicts): for every exercise, ./workshop's runner and
 * Maven's surefire give each test the same verdict, on the starter, on the reference answer,
 * and on the first catalogued wrong answers and correct alternatives. Works in a copy of the
 * checkout; the catalogue is applied with the self-check's own reader (selfcheck's classes
 * on the class path).
 *
 * <p>Usage: {@code SameVerdicts <checkout> <wrong answers per module> [module...]}
 */
public final class SameVerdicts {

    private static final Pattern TESTCASE = Pattern.compile(
            "<testcase name=\"([^\"]*)\"[^>]*?(/>|>(.*?)</testcase>)", Pattern.DOTALL);

    private SameVerdicts() {}

    public static void main(String[] args) throws Exception {
        Path checkout = Path.of(args[0]).toAbsolutePath().normalize();
        int wrongAnswers = Integer.parseInt(args[1]);
        List<String> only = List.of(args).subList(2, args.length);
        Path copy = Files.createTempDirectory("same-verdicts-");
        copyCheckout(checkout, copy);
        Workshop workshop = new Workshop(copy, "en");
        Runner runner = new Runner(workshop, Runner.Tools.load(Main.cliJar()));
        int mismatches = 0;
        int variants = 0;
        for (Exercise exercise : workshop.exercises()) {
            if (!only.isEmpty() && !only.contains(exercise.name())) {
                continue;
            }
            Path starter = Files.createTempDirectory("starter-");
            copyTree(exercise.mainSources(), starter);
            Path given = Files.createTempDirectory("given-");
            copyTree(exercise.givenSources(), given);
            List<Variant> all = new ArrayList<>();
            all.add(new Variant("starter", null, false));
            all.add(new Variant("reference answer", null, true));
            all.addAll(catalogue(checkout.resolve("catalogue/" + exercise.name()), wrongAnswers));
            all.addAll(catalogue(checkout.resolve("catalogue/" + exercise.name() + "/correct"), wrongAnswers));
            for (Variant variant : all) {
                restore(starter, exercise.mainSources());
                restore(given, exercise.givenSources());
                if (variant.answer()) {
                    copyAnswers(checkout.resolve("solutions/src/main/java"), exercise);
                }
                if (variant.entry() != null) {
                    copyAnswers(checkout.resolve("solutions/src/main/java"), exercise);
                    applyEntry(variant.entry(), exercise);
                }
                Map<String, Boolean> maven = maven(copy, exercise);
                Map<String, Boolean> cli = cli(runner, exercise);
                variants++;
                String verdict = maven.equals(cli) ? "same" : "DIFFERENT";
                if (!maven.equals(cli)) {
                    mismatches++;
                }
                System.out.printf("%-22s %-48s %2d of %2d pass in Maven, %2d of %2d in ./workshop: %s%n",
                        exercise.name(), variant.name(), count(maven), maven.size(), count(cli), cli.size(), verdict);
                if (!maven.equals(cli)) {
                    for (String test : new java.util.TreeSet<>(union(maven, cli))) {
                        if (maven.get(test) != cli.get(test)) {
                            System.out.println("    " + test + ": Maven " + maven.get(test) + ", ./workshop " + cli.get(test));
                        }
                    }
                }
            }
        }
        if (mismatches == 0) {
            deleteTree(copy);
        }
        System.out.println(variants + " variants, " + mismatches + " with different verdicts"
                + (mismatches == 0 ? "" : " (the copy, with Maven's logs: " + copy + ")"));
        System.exit(mismatches == 0 && variants > 0 ? 0 : 1);
    }

    private record Variant(String name, Object entry, boolean answer) {}

    /** The first {@code limit} entries of a catalogue folder, read by the self-check's Catalogue. */
    private static List<Variant> catalogue(Path dir, int limit) throws Exception {
        List<Variant> variants = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return variants;
        }
        Class<?> catalogue = Class.forName("workshop.selfcheck.Catalogue");
        Method parse = catalogue.getMethod("parse", String.class, Path.class);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().limit(limit).toList()) {
                String kind = dir.getFileName().toString().equals("correct") ? "correct: " : "wrong: ";
                variants.add(new Variant(kind + file.getFileName().toString().replace(".txt", ""),
                        parse.invoke(null, dir.getFileName().toString(), file), false));
            }
        }
        return variants;
    }

    /** Applies an entry as the self-check does: to the answers, and to the given classes where it edits them. */
    private static void applyEntry(Object entry, Exercise exercise) throws Exception {
        Path sources = Files.createTempDirectory("variant-");
        copyTree(exercise.givenSources(), sources);
        copyTree(exercise.mainSources(), sources);
        entry.getClass().getMethod("applyTo", Path.class).invoke(entry, sources);
        for (Path root : List.of(exercise.mainSources(), exercise.givenSources())) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(sources.resolve(root.relativize(file).toString()), file,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // A file the entry adds goes with the learner's code.
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = sources.relativize(file);
                if (!Files.exists(exercise.mainSources().resolve(relative.toString()))
                        && !Files.exists(exercise.givenSources().resolve(relative.toString()))) {
                    Files.createDirectories(exercise.mainSources().resolve(relative.toString()).getParent());
                    Files.copy(file, exercise.mainSources().resolve(relative.toString()));
                }
            }
        }
    }

    /** The reference answers of the exercise's files (the solutions hold only what a learner edits). */
    private static void copyAnswers(Path solutions, Exercise exercise) throws IOException {
        try (Stream<Path> files = Files.walk(exercise.mainSources())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path answer = solutions.resolve(exercise.mainSources().relativize(file).toString());
                if (Files.exists(answer)) {
                    Files.copy(answer, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Map<String, Boolean> maven(Path copy, Exercise exercise) throws Exception {
        Path reports = exercise.dir().resolve("target/surefire-reports");
        if (Files.isDirectory(reports)) {
            Javac.deleteContents(reports);
        }
        Process maven = new ProcessBuilder("sh", copy.resolve("mvnw").toString(), "-q", "-o", "test", "-pl",
                exercise.name(), "-am", "-Dmaven.test.failure.ignore=true")
                .directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(copy.resolve("maven-" + exercise.name() + ".log").toFile()).start();
        maven.waitFor();
        Map<String, Boolean> verdicts = new TreeMap<>();
        if (!Files.isDirectory(reports)) {
            return verdicts;
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path report : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                String className = report.getFileName().toString().replaceAll("^TEST-|\\.xml$", "");
                Matcher testcase = TESTCASE.matcher(Files.readString(report, StandardCharsets.UTF_8));
                while (testcase.find()) {
                    String body = testcase.group(3) == null ? "" : testcase.group(3);
                    boolean passed = !body.contains("<failure") && !body.contains("<error") && !body.contains("<skipped");
                    verdicts.merge(className + "." + testcase.group(1).replaceAll("\\(.*", ""), passed, Boolean::logicalAnd);
                }
            }
        }
        return verdicts;
    }

    private static Map<String, Boolean> cli(Runner runner, Exercise exercise) throws IOException {
        Files.deleteIfExists(exercise.work().resolve("main.stamp")); // compile this variant, whatever its files' times
        Map<String, Boolean> verdicts = new TreeMap<>();
        for (Runner.TestResult test : runner.run(exercise).tests()) {
            verdicts.merge(test.className() + "." + test.method().replaceAll("[ (].*", ""), test.passed(), Boolean::logicalAnd);
        }
        return verdicts;
    }

    private static long count(Map<String, Boolean> verdicts) {
        return verdicts.values().stream().filter(b -> b).count();
    }

    private static java.util.Set<String> union(Map<String, Boolean> a, Map<String, Boolean> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static void copyCheckout(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                String first = relative.getName(0).toString();
                if (first.equals(".git") || first.equals(".workshop") && !relative.toString().endsWith("jdk")
                        || relative.toString().contains("/target/") || relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Puts {@code saved} back as the whole content of {@code dir}. */
    private static void restore(Path saved, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        copyTree(saved, dir);
    }
}
