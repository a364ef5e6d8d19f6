package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChildJvmRunPastTest {

    /** Prints a marker, then never ends (a non-daemon thread sleeps forever). */
    public static final class Lingers {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("marker: here");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Prints a marker and its argument, then ends. */
    public static final class Ends {
        public static void main(String[] args) {
            System.out.println("marker: here " + args[0]);
        }
    }

    /** Never prints the marker. */
    public static final class Silent {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aJvmThatEndsIsReportedAsExited() {
        ChildJvm.Result result = ChildJvm.runPast(Ends.class, "marker:", Duration.ofSeconds(8), Duration.ofSeconds(2), "42");
        assertThat(result.exited()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).contains("marker: here 42");
    }

    @Test
    void aJvmThatLingersPastTheMarkerIsReportedAndKilled() {
        long start = System.nanoTime();
        ChildJvm.Result result = ChildJvm.runPast(Lingers.class, "marker:", Duration.ofSeconds(8), Duration.ofMillis(300));
        assertThat(result.exited()).isFalse();
        assertThat(result.output()).contains("marker: here");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(Bounded.within(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                Bounded.PATIENCE)).as("the child was killed").isTrue();
    }

    @Test
    void aMissingMarkerCountsAsNotExited() {
        ChildJvm.Result result = ChildJvm.runPast(Silent.class, "marker:", Duration.ofMillis(300), Duration.ofSeconds(5));
        assertThat(result.exited()).isFalse();
        assertThat(result.output()).isEmpty();
    }

    @Test
    void runWithoutMarkerStillWorks() {
        ChildJvm.Result result = ChildJvm.run(Ends.class, Duration.ofSeconds(8), "x");
        assertThat(result.exited()).isTrue();
        assertThat(result.lines()).contains("marker: here x");
    }
}
