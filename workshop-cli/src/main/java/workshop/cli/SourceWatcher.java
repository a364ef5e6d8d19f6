package workshop.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tells when a .java file under the exercise's source folders is saved. Where the system has
 * native file events (Linux, Windows) it uses java.nio's WatchService; on macOS, whose
 * WatchService only polls every few seconds, and wherever registering fails, it looks at the
 * files' times itself every {@link #POLL_MILLIS} ms (a dozen files: a negligible cost).
 */
final class SourceWatcher implements Closeable {

    static final int POLL_MILLIS = 150;

    private final Thread thread;
    private final WatchService service;
    private final String how;
    private volatile boolean closed;

    private SourceWatcher(Thread thread, WatchService service, String how) {
        this.thread = thread;
        this.service = service;
        this.how = how;
    }

    /** How saves are noticed, for the screen: null when by the system's own file events. */
    String how() {
        return how;
    }

    static SourceWatcher start(List<Path> roots, Runnable onSave) {
        boolean mac = System.getProperty("os.name", "").toLowerCase().startsWith("mac");
        String why = mac ? null : "";
        if (!mac) {
            try {
                WatchService service = FileSystems.getDefault().newWatchService();
                for (Path root : roots) {
                    registerTree(service, root);
                }
                SourceWatcher[] self = new SourceWatcher[1];
                Thread thread = new Thread(() -> events(self[0], service, onSave), "workshop-watch");
                self[0] = new SourceWatcher(thread, service, null);
                thread.setDaemon(true);
                thread.start();
                return self[0];
            } catch (IOException | UnsupportedOperationException e) {
                why = "file watching failed here (" + e.getMessage() + "); ";
            }
        }
        SourceWatcher[] self = new SourceWatcher[1];
        Thread thread = new Thread(() -> poll(self[0], roots, onSave), "workshop-poll");
        self[0] = new SourceWatcher(thread, null, (why == null ? "" : why) + "your files are checked every "
                + POLL_MILLIS + " ms");
        thread.setDaemon(true);
        thread.start();
        return self[0];
    }

    private static void registerTree(WatchService service, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private static void events(SourceWatcher self, WatchService service, Runnable onSave) {
        while (!self.closed) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean saved = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    saved = true;
                    continue;
                }
                Path name = (Path) event.context();
                Path full = ((Path) key.watchable()).resolve(name);
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(full)) {
                    try {
                        registerTree(service, full); // a new package
                    } catch (IOException e) {
                        // its files are not watched; r still runs the tests
                    }
                }
                // Editors also write swap and backup files; only sources count.
                saved |= name.toString().endsWith(".java");
            }
            key.reset();
            if (saved && !self.closed) {
                onSave.run();
            }
        }
    }

    private static void poll(SourceWatcher self, List<Path> roots, Runnable onSave) {
        String last = Javac.stamp(roots, List.of(), "");
        while (!self.closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            String now = Javac.stamp(roots, List.of(), "");
            if (!now.equals(last)) {
                last = now;
                onSave.run();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
