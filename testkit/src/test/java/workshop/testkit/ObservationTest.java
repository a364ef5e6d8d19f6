package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** LogCapture, ThreadLeaks, ChildJvm and Feedback: the tools that watch code from outside. */
class ObservationTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void logCaptureRecordsThreadAndMessageInOrder() throws InterruptedException {
        LoggerFactory.getLogger("test").info("one {}", 1);
        Thread t = Threads.startDaemon("other", () -> LoggerFactory.getLogger("test").info("two"));
        t.join(2000);
        assertThat(log.lines()).extracting(Object::toString)
                .containsExactly(Thread.currentThread().getName() + ": one 1", "other: two");
        assertThat(log.indexOf("two")).isEqualTo(1);
        assertThat(log.indexOf("three")).isEqualTo(-1);
        assertThat(log.transcript()).contains("other: two");
    }

    @Test
    void threadLeaksNamesTheThreadLeftRunning() {
        Set<Thread> before = ThreadLeaks.snapshot();
        CountDownLatch stop = new CountDownLatch(1);
        Threads.startDaemon("left-behind", () -> Bounded.quietly(stop, Duration.ofSeconds(5)));
        try {
            assertThatThrownBy(() -> ThreadLeaks.assertNoneLeft(before, Duration.ofMillis(100), "Foo.close"))
                    .hasMessageContaining("'left-behind'")
                    .hasMessageContaining("look at: Foo.close");
        } finally {
            stop.countDown();
        }
        ThreadLeaks.assertNoneLeft(before, "nothing");
    }

    @Test
    void aPoolNeverShutDownIsNamedWithoutWaitingOutTheBound() throws Exception {
        Set<Thread> before = ThreadLeaks.snapshot();
        ExecutorService open = Executors.newFixedThreadPool(2);
        try {
            open.submit(() -> 1).get();
            long start = System.nanoTime();
            assertThatThrownBy(() -> ThreadLeaks.assertNoneLeft(before, Duration.ofSeconds(20), "Foo.run"))
                    .hasMessageContaining("never shut down")
                    .hasMessageContaining("look at: Foo.run");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            open.close();
        }
        ThreadLeaks.assertNoneLeft(before, "nothing: the pool was closed");

        ExecutorService closed = Executors.newFixedThreadPool(2);
        try (closed) {
            closed.submit(() -> 1).get();
        }
        ThreadLeaks.assertNoneLeft(before, "nothing: the pool was closed");
    }

    @Test
    void childJvmReportsExitCodeAndOutput() {
        ChildJvm.Result result = ChildJvm.run(PrintAndExit.class, Duration.ofSeconds(20), "hello");
        assertThat(result.exited()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.lines()).contains("said hello");
    }

    @Test
    void childJvmThatNeverExitsIsKilled() {
        ChildJvm.Result result = ChildJvm.run(NeverExits.class, Duration.ofSeconds(3));
        assertThat(result.exited()).isFalse();
        assertThat(result.output()).contains("running");
    }

    @Test
    void feedbackReadsAsALesson() {
        assertThat(Feedback.fail("join", "wait for it.", "it did not", "Foo.bar").getMessage())
                .startsWith("[join] wait for it.")
                .contains("what happened: it did not")
                .contains("look at: Foo.bar");
    }

    @Test
    void hangWatchdogDumpNamesEveryThread() {
        assertThat(HangWatchdog.dump(170))
                .startsWith("The tests have been running for 170 s")
                .contains("\"" + Thread.currentThread().getName() + "\" RUNNABLE");
    }

    /** A child program for the test above. */
    public static final class PrintAndExit {
        public static void main(String[] args) {
            System.out.println("said " + args[0]);
            System.exit(3);
        }
    }

    /** A child program that never ends by itself. */
    public static final class NeverExits {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("running");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
