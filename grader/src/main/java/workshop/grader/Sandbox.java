package workshop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where a student's code runs: each forked test JVM inside bubblewrap (Linux).
 *
 * <p>Why only the test JVMs, and not the whole build. Maven runs outside, as the grader: it
 * compiles (javac with annotation processing off, so compiling runs no student code), starts
 * one test JVM per test class through surefire's {@code jvm} parameter, which points at the
 * wrapper script written here, and writes the XML reports itself from what each test JVM tells
 * it. Student code exists only inside the sandboxes, which see the system read-only, the
 * module's folder and the class path read-only, a private /tmp, no network, no home folder, no
 * other student, no canonical checkout, and an environment with nothing of the instructor's.
 * So nothing the student runs can write a report, the Maven log's files, results.json or
 * anything else outside, and a pid namespace ends every process it started when its test JVM
 * ends. The wrapper, outside, records each test JVM's exit code where the sandbox cannot reach.
 *
 * <p>What remains: the student's code shares its JVM with JUnit and with surefire's channel to
 * Maven (the JVM's stdout). Reflection against the test framework, or bytes written straight
 * to that channel, can still claim a result for a test of that same JVM. The grader detects
 * what it can: a corrupted channel (surefire's dump files), a test reported twice, a report for
 * a test that is not in the manifest; see {@link Grader}.
 */
final class Sandbox {
    /** What the sandbox may use; each fork of one student shares them (cgroup) or has its own (ulimit). */
    record Limits(int heapMegabytes, long memoryBytes, int processes, long fileBytes, long tmpBytes,
            int forkTimeoutSeconds) {
        static Limits defaults(int forkTimeoutSeconds) {
            return new Limits(512, 3L << 30, 512, 256L << 20, 256L << 20, forkTimeoutSeconds);
        }
    }

    /** Whether bubblewrap runs here, and if not, why and what to do. */
    record Availability(boolean available, Path bwrap, String why) {}

    private static final String WRAPPER = """
            #!/bin/bash
            # One forked test JVM of a student, inside bubblewrap. Written by the grader (Sandbox.java),
            # outside the sandbox; surefire runs it as its "java": "$@" are the JVM's arguments and
            # CLASSPATH its class path. Nothing here is visible from inside.
            set -u
            here="$(cd "$(dirname "$0")/.." && pwd)"
            source "$here/sandbox.env"
            for procs in $CGROUP_PROCS; do echo $$ > "$procs" 2>/dev/null; done
            ulimit -c 0
            ulimit -u "$MAX_PROCESSES" 2>/dev/null
            ulimit -f "$MAX_FILE_KB" 2>/dev/null
            ulimit -v "$MAX_VIRTUAL_KB" 2>/dev/null
            extra=()
            IFS=: read -r -a entries <<< "${CLASSPATH:-}"
            for p in "${entries[@]}"; do
              [ -n "$p" ] && [ -e "$p" ] && extra+=(--ro-bind "$p" "$p")
            done
            extra+=(--ro-bind "$PWD" "$PWD" --chdir "$PWD" --setenv CLASSPATH "${CLASSPATH:-}" --remount-ro /)
            # The test class this JVM runs (one per JVM), from surefire's provider properties: the
            # last argument but one, in the folder named after the booter class.
            test_class="?"
            args=("$@")
            for ((i = 0; i < ${#args[@]} - 1; i++)); do
              if [ "${args[i]}" = org.apache.maven.surefire.booter.ForkedBooter ]; then
                props="${args[i+1]}/${args[${#args[@]}-2]}"
                test_class="$(grep -m 1 '^tc\\.0=' "$props" 2>/dev/null | cut -d= -f2-)"
              fi
            done
            started=$SECONDS
            timeout -s KILL "$FORK_TIMEOUT" "$BWRAP" --args 3 "${extra[@]}" -- "$JAVA" "$@" 3< "$here/bwrap.args"
            code=$?
            printf '%s\\t%s\\t%s\\t%s\\n' "${test_class:-?}" "$code" "$((SECONDS - started))" "$PWD" >> "$here/forks.tsv"
            exit $code
            """;

    private final Path dir;
    private final Cgroup cgroup;

    private Sandbox(Path dir, Cgroup cgroup) {
        this.dir = dir;
        this.cgroup = cgroup;
    }

    /** The java that surefire is told to run: the wrapper. */
    Path java() {
        return dir.resolve("bin/java");
    }

    /** One line per test JVM: test class, exit code, seconds, module folder. */
    Path forks() {
        return dir.resolve("forks.tsv");
    }

    /** Limits that could not be set here (said in the results, never silently). */
    List<String> notes() {
        return cgroup.notes();
    }

    /** Ends whatever is still running in the student's cgroup, and removes it. */
    void close() {
        cgroup.close();
    }

    static Availability probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new Availability(false, null, "no sandbox on " + System.getProperty("os.name")
                    + ": bubblewrap runs only on Linux. Grade the class on a Linux machine (or in the"
                    + " grade-class workflow), or pass --no-sandbox to run students' code unconfined");
        }
        Path bwrap = onPath("bwrap");
        if (bwrap == null) {
            return new Availability(false, null, "bubblewrap (bwrap) is not installed: install it"
                    + " (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap),"
                    + " or pass --no-sandbox to run students' code unconfined");
        }
        List<String> probe = new ArrayList<>(List.of(bwrap.toString()));
        probe.addAll(isolation());
        probe.addAll(List.of("--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--", "true"));
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readNBytes(4000), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Availability(false, bwrap, "bubblewrap did not start within 30 s");
            }
            if (p.exitValue() != 0) {
                return new Availability(false, bwrap, "bubblewrap is installed but cannot create a sandbox here ("
                        + out + "). User namespaces may be disabled: run as root, or allow them (Ubuntu 24.04:"
                        + " sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0); or pass --no-sandbox");
            }
        } catch (IOException e) {
            return new Availability(false, bwrap, "cannot run bubblewrap: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Availability(false, bwrap, "interrupted");
        }
        return new Availability(true, bwrap, "");
    }

    /** Namespaces and privileges: no network, own pids, no capabilities, nobody inside. */
    private static List<String> isolation() {
        return List.of("--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--disable-userns",
                "--cap-drop", "ALL", "--die-with-parent", "--new-session", "--hostname", "grading");
    }

    /**
     * Writes the wrapper and its settings into {@code dir} (a folder outside every sandbox) for
     * one student.
     */
    static Sandbox prepare(Path dir, Availability bwrap, Path jdk, String name, Limits limits) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("etc"));
        Path jdkReal = jdk.toRealPath();
        // Surefire accepts a "java" whose folder looks like a JDK's (it reads the release file).
        Files.copy(jdkReal.resolve("release"), dir.resolve("release"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("etc/passwd"), "nobody:x:65534:65534:nobody:/tmp:/usr/sbin/nologin\n");
        Files.writeString(dir.resolve("etc/group"), "nogroup:x:65534:\n");
        Files.writeString(dir.resolve("etc/hosts"), "127.0.0.1 localhost grading\n::1 localhost\n");
        Cgroup cgroup = Cgroup.create("workshop-grade-" + name.replaceAll("[^\\w.-]", "_") + "-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime()), limits);

        List<String> args = new ArrayList<>(isolation());
        args.addAll(List.of("--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp",
                "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp", "--setenv", "USER", "nobody"));
        args.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
            Path p = Path.of(top);
            if (Files.isSymbolicLink(p)) {
                args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
            } else if (Files.isDirectory(p)) {
                args.addAll(List.of("--ro-bind", top, top));
            }
        }
        // Only what a JVM needs from /etc: no shadow, no ssh, no credentials.
        for (String name1 : List.of("passwd", "group", "hosts")) {
            args.addAll(List.of("--ro-bind", dir.resolve("etc").resolve(name1).toString(), "/etc/" + name1));
        }
        List<String> etc = new ArrayList<>(List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                "/etc/localtime", "/etc/nsswitch.conf", "/etc/alternatives"));
        try (DirectoryStream<Path> java = Files.newDirectoryStream(Path.of("/etc"), "java*")) {
            java.forEach(p -> etc.add(p.toString()));
        } catch (IOException e) {
            // no /etc/java-* (not a Debian JDK)
        }
        for (String e : etc) {
            args.addAll(List.of("--ro-bind-try", e, e));
        }
        if (!jdkReal.startsWith("/usr")) {
            args.addAll(List.of("--ro-bind", jdkReal.toString(), jdkReal.toString()));
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", String.valueOf(limits.tmpBytes()), "--tmpfs",
                "/tmp"));
        StringBuilder nul = new StringBuilder();
        for (String a : args) {
            nul.append(a).append('\0');
        }
        Files.writeString(dir.resolve("bwrap.args"), nul.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sandbox.env"), String.join("\n",
                "BWRAP=" + quote(bwrap.bwrap().toString()),
                "JAVA=" + quote(Jdk.java(jdkReal).toString()),
                "CGROUP_PROCS=" + quote(String.join(" ", cgroup.procsFiles())),
                "MAX_PROCESSES=" + limits.processes(),
                "MAX_FILE_KB=" + limits.fileBytes() / 1024,
                // Above what a JVM reserves; a JVM without -Xmx takes at most half of it as heap.
                "MAX_VIRTUAL_KB=" + Math.max(limits.memoryBytes() * 2, 6L << 30) / 1024,
                "FORK_TIMEOUT=" + (limits.forkTimeoutSeconds() + 30), ""));
        Files.writeString(dir.resolve("bin/java"), WRAPPER);
        Files.setPosixFilePermissions(dir.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("forks.tsv"), "");
        return new Sandbox(dir, cgroup);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * A memory and process limit for all of one student's test JVMs together, where cgroups are
     * writable (cgroup v2, or v1's memory and pids controllers). Elsewhere each test JVM still has
     * its heap cap, its address-space and process ulimits and its timeout.
     */
    static final class Cgroup {
        private final List<Path> groups;
        private final List<String> notes;

        private Cgroup(List<Path> groups, List<String> notes) {
            this.groups = groups;
            this.notes = notes;
        }

        static Cgroup create(String name, Limits limits) {
            List<Path> groups = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            Path root = Path.of("/sys/fs/cgroup");
            try {
                Path controllers = root.resolve("cgroup.controllers");
                if (Files.isRegularFile(controllers)
                        && Files.readString(controllers).contains("memory") && Files.readString(controllers).contains("pids")) {
                    Path g = Files.createDirectory(root.resolve(name));
                    groups.add(g);
                    Files.writeString(g.resolve("memory.max"), String.valueOf(limits.memoryBytes()));
                    Files.writeString(g.resolve("pids.max"), String.valueOf(limits.processes()));
                    writeIfPresent(g.resolve("memory.swap.max"), "0");
                } else {
                    boolean memory = false;
                    boolean pids = false;
                    if (Files.isDirectory(root.resolve("memory"))) {
                        Path g = Files.createDirectory(root.resolve("memory").resolve(name));
                        groups.add(g);
                        Files.writeString(g.resolve("memory.limit_in_bytes"), String.valueOf(limits.memoryBytes()));
                        memory = true;
                    }
                    if (Files.isDirectory(root.resolve("pids"))) {
                        Path g = Files.createDirectory(root.resolve("pids").resolve(name));
                        groups.add(g);
                        Files.writeString(g.resolve("pids.max"), String.valueOf(limits.processes()));
                        pids = true;
                    }
                    if (!memory || !pids) {
                        notes.add("no cgroup " + (memory ? "pids" : pids ? "memory" : "memory or pids")
                                + " controller here: the test JVMs are limited by their heap cap and ulimits only");
                    }
                }
            } catch (IOException | RuntimeException e) {
                notes.add("cgroups are not writable here (" + e.getMessage() + "): the test JVMs are limited by"
                        + " their heap cap and ulimits only" + (isRoot() ? " (the process ulimit does not bind root)" : ""));
            }
            return new Cgroup(groups, notes);
        }

        private static void writeIfPresent(Path file, String value) {
            try {
                if (Files.exists(file)) {
                    Files.writeString(file, value);
                }
            } catch (IOException e) {
                // optional
            }
        }

        List<String> procsFiles() {
            return groups.stream().map(g -> g.resolve("cgroup.procs").toString()).toList();
        }

        List<String> notes() {
            return notes;
        }

        /** Kills what is left (nothing, normally: each sandbox's pid namespace ended with it) and removes the groups. */
        void close() {
            for (Path g : groups) {
                for (int attempt = 0; attempt < 50; attempt++) {
                    List<Long> pids = pids(g);
                    if (pids.isEmpty()) {
                        break;
                    }
                    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                for (int attempt = 0; attempt < 50; attempt++) { // a process just killed may not be reaped yet
                    try {
                        Files.deleteIfExists(g);
                        break;
                    } catch (IOException e) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException stop) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
            }
        }

        private static List<Long> pids(Path group) {
            try {
                return Files.readAllLines(group.resolve("cgroup.procs")).stream().filter(s -> !s.isBlank())
                        .map(s -> Long.parseLong(s.trim())).toList();
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
