package workshop.daemon;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Task 2: writes a report, row by row, on a thread of its own, so that the caller can go on
 * at once. Every row must be written: a half-written report is a broken file.
 */
public final class ReportExporter {
    private ReportExporter() {}

    /**
     * Starts writing {@code rows} to {@code out} on a thread called "exporter" (each row takes
     * {@code rowTime}) and returns that thread at once, while it is still writing.
     */
    public static Thread start(List<String> rows, PrintStream out, Duration rowTime) {
        Thread thread = new Thread(() -> export(rows, out, rowTime), "exporter");
        // TODO(task 2): "it runs in the background, so it is a daemon"? A daemon is abandoned
        //  the moment the last ordinary thread ends, mid-row. This work must be finished: an
        //  ordinary (non-daemon) thread keeps the JVM alive until it is done.
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void export(List<String> rows, PrintStream out, Duration rowTime) {
        try {
            for (int i = 0; i < rows.size(); i++) {
                Thread.sleep(rowTime); // formatting and writing a row takes a while
                out.println("export: wrote row " + (i + 1) + " of " + rows.size() + ": " + rows.get(i));
            }
            out.println("export: complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("export: interrupted");
        } finally {
            // Never printed when the JVM abandons a daemon at exit.
            out.println("export: file closed");
            out.flush();
        }
    }
}
