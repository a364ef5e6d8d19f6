// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.daemon;

import java.time.Duration;
import java.util.List;

/**
 * The program of task 2: starts an export and lets its main flow end at once, without
 * waiting for it. Run it (./workshop demo 02-daemon ExportProgram): is the report complete?
 * The tests run it in a separate JVM. Its main flow must end by returning, without waiting for the exporter
 * (no join here: whether the JVM waits is the question).
 */
public final class ExportProgram {
    static final List<String> ROWS = List.of("north 12", "south 7", "east 31", "west 4", "total 54");
    static final Duration ROW_TIME = Duration.ofMillis(60);

    private ExportProgram() {}

    public static void main(String[] args) {
        ReportExporter.start(ROWS, System.out, ROW_TIME);
        System.out.println("main: export started, main is done");
    }
}
