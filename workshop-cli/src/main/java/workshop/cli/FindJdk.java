package workshop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK 21 or newer on this computer, the way a person would look: JAVA_HOME, the
 * {@code java} on the PATH, an existing ~/.m2/toolchains.xml, then the folders where the usual
 * installers put one on Windows, macOS and Linux. A JDK's version comes from its {@code release}
 * file, so nothing is started.
 *
 * <p>Self-contained on purpose (no dependencies, Java 17 source level): {@code mvnw},
 * {@code workshop} and the maintainer scripts run it as a single-file program, with whatever
 * {@code java} there is, before any JDK 21 has been found:
 *
 * <pre>java workshop-cli/src/main/java/workshop/cli/FindJdk.java [--cache FILE]</pre>
 *
 * It prints the JDK's folder and exits 0 (with {@code --cache}, it also writes the folder to
 * FILE); where there is none it prints one paragraph that says what was found and what to do,
 * and exits 3.
 */
public final class FindJdk {

    /** The oldest Java the workshop runs on. */
    public static final int NEEDED = 21;

    /** Exit status when no JDK 21+ was found (any other failure of the launch is not ours). */
    public static final int NONE_FOUND = 3;

    /** One Java installation: its folder, major version, whether it has javac, where it was seen. */
    public record Java(Path home, int major, boolean jdk, List<String> seenAs) {
        boolean usable() {
            return jdk && major >= NEEDED;
        }

        Java withSeenAs(String where) {
            if (where == null) {
                return this;
            }
            List<String> all = new ArrayList<>(seenAs);
            all.add(where);
            return new Java(home, major, jdk, List.copyOf(all));
        }
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)(?:\\.(\\d+))?");
    private static final Pattern JDK_HOME = Pattern.compile("<jdkHome>\\s*([^<]+?)\\s*</jdkHome>");

    private final Map<String, String> env;
    private final boolean windows;
    private final boolean mac;
    private final Path root;
    private final Path userHome;

    /**
     * @param env      the environment (JAVA_HOME, PATH, ProgramFiles, LOCALAPPDATA, SDKMAN_DIR, ...)
     * @param osName   as in the {@code os.name} property
     * @param root     the file system root under which the fixed install folders are looked up
     *                 ({@code /} on macOS and Linux, {@code C:\} on Windows), so tests can fake them
     * @param userHome the user's home folder
     */
    public FindJdk(Map<String, String> env, String osName, Path root, Path userHome) {
        this.env = env;
        String os = osName.toLowerCase(Locale.ROOT);
        this.windows = os.startsWith("windows");
        this.mac = os.startsWith("mac") || os.startsWith("darwin");
        this.root = root;
        this.userHome = userHome;
    }

    /** The finder for the computer it runs on. */
    public static FindJdk onThisComputer() {
        String os = System.getProperty("os.name", "");
        Path root = os.toLowerCase(Locale.ROOT).startsWith("windows")
                ? Path.of(System.getenv().getOrDefault("SystemDrive", "C:") + "\\")
                : Path.of("/");
        return new FindJdk(System.getenv(), os, root, Path.of(System.getProperty("user.home")));
    }

    public static void main(String[] args) throws IOException {
        Path cache = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cache") && i + 1 < args.length) {
                cache = Path.of(args[++i]);
            } else {
                System.err.println("usage: java FindJdk.java [--cache FILE]");
                System.exit(2);
            }
        }
        FindJdk finder = onThisComputer();
        List<Java> found = finder.everyJava();
        Optional<Java> jdk = choose(found);
        if (jdk.isEmpty()) {
            System.err.println(finder.nothingFound(found));
            System.exit(NONE_FOUND);
        }
        String home = jdk.get().home().toString();
        if (cache != null) {
            Files.createDirectories(cache.toAbsolutePath().getParent());
            Files.writeString(cache, home + System.lineSeparator(), StandardCharsets.UTF_8);
        }
        System.out.println(home);
    }

    /** The JDK to use: JAVA_HOME or the java on the PATH if it is a JDK 21+, else the newest JDK 21+. */
    public static Optional<Java> choose(List<Java> found) {
        for (Java java : found) {
            if (java.usable() && (java.seenAs().contains("JAVA_HOME") || java.seenAs().contains("the java on the PATH"))) {
                return Optional.of(java);
            }
        }
        Java best = null;
        for (Java java : found) {
            if (java.usable() && (best == null || java.major() > best.major())) {
                best = java;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The JDK to use, if there is one. */
    public Optional<Java> find() {
        return choose(everyJava());
    }

    /** Every Java installation found, in the order looked at, each once (by its real folder). */
    public List<Java> everyJava() {
        Map<Path, Java> found = new LinkedHashMap<>();
        String javaHome = getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            add(found, Path.of(javaHome.strip()), "JAVA_HOME");
        }
        javaOnThePath().ifPresent(home -> add(found, home, "the java on the PATH"));
        for (Path home : toolchainsJdks()) {
            add(found, home, null);
        }
        for (Path home : installFolders()) {
            add(found, home, null);
        }
        return List.copyOf(found.values());
    }

    private void add(Map<Path, Java> found, Path home, String seenAs) {
        Optional<Java> java = inspect(home);
        if (java.isEmpty()) {
            return;
        }
        Path key = java.get().home();
        Java known = found.get(key);
        if (known == null) {
            found.put(key, java.get().withSeenAs(seenAs));
        } else if (seenAs != null && !known.seenAs().contains(seenAs)) {
            found.put(key, known.withSeenAs(seenAs));
        }
    }

    /** The Java at {@code home}, if it is one whose version its release file tells. */
    Optional<Java> inspect(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.exists(executable(home, "java"))) {
            return Optional.empty();
        }
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
            if (!version.find()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(version.group(1));
            if (major == 1 && version.group(2) != null) {
                major = Integer.parseInt(version.group(2)); // 1.8.0_392 is Java 8
            }
            Path real = home.toRealPath();
            return Optional.of(new Java(real, major, Files.exists(executable(real, "javac")), List.of()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path executable(Path home, String name) {
        return home.resolve("bin").resolve(windows ? name + ".exe" : name);
    }

    /** The folder of the java the PATH finds first, following links (a stub without a JDK around it counts as none). */
    Optional<Path> javaOnThePath() {
        String path = getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(windows ? ";" : ":")) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path java = Path.of(dir.strip().replace("\"", "")).resolve(windows ? "java.exe" : "java");
                if (Files.isRegularFile(java)) {
                    Path bin = java.toRealPath().getParent();
                    return bin == null || bin.getParent() == null ? Optional.empty() : Optional.of(bin.getParent());
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable or malformed PATH entry: the next one
            }
        }
        return Optional.empty();
    }

    /** The jdkHome entries of ~/.m2/toolchains.xml, if someone wrote one. */
    List<Path> toolchainsJdks() {
        Path toolchains = userHome.resolve(".m2").resolve("toolchains.xml");
        List<Path> homes = new ArrayList<>();
        try {
            Matcher entry = JDK_HOME.matcher(Files.readString(toolchains, StandardCharsets.UTF_8));
            while (entry.find()) {
                if (!entry.group(1).contains("${")) {
                    homes.add(Path.of(entry.group(1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no toolchains.xml (the usual case), or one we cannot read: nothing to add
        }
        return homes;
    }

    /** Candidate JDK folders in the default install places of this system. */
    List<Path> installFolders() {
        List<Path> homes = new ArrayList<>();
        if (windows) {
            List<Path> bases = new ArrayList<>();
            for (String name : List.of("ProgramW6432", "ProgramFiles", "ProgramFiles(x86)")) {
                String value = getenv(name);
                if (value != null && !value.isBlank()) {
                    bases.add(Path.of(value));
                }
            }
            if (bases.isEmpty()) {
                bases.add(root.resolve("Program Files"));
            }
            String localAppData = getenv("LOCALAPPDATA");
            if (localAppData != null && !localAppData.isBlank()) {
                bases.add(Path.of(localAppData, "Programs")); // per-user installs
            }
            for (Path base : bases) {
                for (String vendor : List.of("Eclipse Adoptium", "Eclipse Foundation", "AdoptOpenJDK", "Microsoft",
                        "Zulu", "Java", "Amazon Corretto", "BellSoft", "Semeru", "OpenJDK", "RedHat")) {
                    homes.addAll(children(base.resolve(vendor)));
                }
            }
            homes.addAll(children(userHome.resolve("scoop").resolve("apps")).stream()
                    .map(app -> app.resolve("current")).toList());
        } else if (mac) {
            homes.addAll(macBundles(root.resolve("Library/Java/JavaVirtualMachines")));
            homes.addAll(macBundles(userHome.resolve("Library/Java/JavaVirtualMachines")));
            for (String brew : List.of("opt/homebrew/opt", "usr/local/opt")) { // Apple silicon, Intel
                for (Path formula : children(root.resolve(brew))) {
                    if (formula.getFileName().toString().startsWith("openjdk")) {
                        homes.add(formula.resolve("libexec/openjdk.jdk/Contents/Home"));
                    }
                }
            }
        } else {
            for (String dir : List.of("usr/lib/jvm", "usr/lib64/jvm", "usr/java", "opt/java", "opt/jdk", "opt")) {
                homes.addAll(children(root.resolve(dir)));
            }
        }
        // Version managers and IDE downloads, on every system.
        String sdkman = getenv("SDKMAN_DIR");
        homes.addAll(children((sdkman != null ? Path.of(sdkman) : userHome.resolve(".sdkman")).resolve("candidates/java")));
        String asdf = getenv("ASDF_DATA_DIR");
        homes.addAll(children((asdf != null ? Path.of(asdf) : userHome.resolve(".asdf")).resolve("installs/java")));
        homes.addAll(children(userHome.resolve(".local/share/mise/installs/java")));
        homes.addAll(children(userHome.resolve(".jdks")));
        homes.addAll(children(userHome.resolve(".gradle/jdks")));
        return homes;
    }

    private static List<Path> macBundles(Path dir) {
        return children(dir).stream().map(bundle -> bundle.resolve("Contents/Home")).toList();
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The one paragraph for when no JDK 21+ was found: what was found, what is needed, what to do. */
    public String nothingFound(List<Java> found) {
        StringBuilder text = new StringBuilder("No JDK " + NEEDED + " or newer was found on this computer. ");
        if (found.isEmpty()) {
            text.append("There is no Java in JAVA_HOME, on the PATH or in the usual install folders (")
                    .append(usualFolders()).append("). ");
        } else {
            text.append("Found: ");
            List<String> each = new ArrayList<>();
            for (Java java : found) {
                String where = java.seenAs().isEmpty() ? "" : " (" + String.join(", ", java.seenAs()) + ")";
                String kind = java.jdk() ? "" : ", a runtime without the compiler";
                each.add("Java " + java.major() + " in " + java.home() + where + kind);
            }
            text.append(String.join("; ", each)).append(". ");
        }
        text.append("The workshop needs a JDK (Java Development Kit) of version ").append(NEEDED)
                .append(" or newer. Install one, such as Eclipse Temurin 21 or 25 from https://adoptium.net or ")
                .append(systemPackage())
                .append(", then run the command again. If one is already installed elsewhere, point the build at it: ")
                .append(javaHomeExample()).append('.');
        return wrap(text.toString(), 92);
    }

    private String usualFolders() {
        if (windows) {
            return "C:\\Program Files\\Eclipse Adoptium, Microsoft, Zulu, Java, Amazon Corretto";
        }
        if (mac) {
            return "/Library/Java/JavaVirtualMachines, Homebrew, SDKMAN";
        }
        return "/usr/lib/jvm, /opt, SDKMAN, asdf";
    }

    private String systemPackage() {
        if (windows) {
            return "with " + command("winget install EclipseAdoptium.Temurin.21.JDK");
        }
        if (mac) {
            return "with " + command("brew install openjdk@21");
        }
        return "your system's package (for example " + command("sudo apt install openjdk-21-jdk") + ", or "
                + command("sudo dnf install java-21-openjdk-devel") + ")";
    }

    private String javaHomeExample() {
        if (windows) {
            return command("set JAVA_HOME=C:\\path\\to\\jdk-21") + " in cmd, or "
                    + command("$env:JAVA_HOME = \"C:\\path\\to\\jdk-21\"") + " in PowerShell";
        }
        if (mac) {
            return command("export JAVA_HOME=/path/to/jdk-21/Contents/Home");
        }
        return command("export JAVA_HOME=/path/to/jdk-21");
    }

    /** A command to type: the paragraph is never broken inside it. */
    private static String command(String text) {
        return text.replace(' ', NO_BREAK);
    }

    private static final char NO_BREAK = '\u00a0';

    /** Breaks a long text into lines of at most {@code width} characters, at spaces outside commands. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append(System.lineSeparator());
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString().replace(NO_BREAK, ' ');
    }

    /** Environment variable names are case-insensitive on Windows (ProgramFiles, PROGRAMFILES). */
    private String getenv(String name) {
        String value = env.get(name);
        if (value != null || !windows) {
            return value;
        }
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
