package workshop.pool;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import workshop.testkit.Feedback;
import workshop.testkit.LogCapture;

@DisplayName("Task 4: worker threads have names that say what they are for")
class WorkerNamesTest {
    private static final String LOOK_AT = "Batch.workerThreads (task 4): a ThreadFactory that names its threads";
    private static final Logger log = LoggerFactory.getLogger(WorkerNamesTest.class);

    /** batch-worker-1, batch-worker-2, ...: numbered from 1. */
    private static final Pattern WORKER_NAME = Pattern.compile("batch-worker-[1-9]\\d*");

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    @DisplayName("the log shows each task done by \"batch-worker-1\" or \"batch-worker-2\"")
    void workersAreNamedInTheLog() {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int task = i;
            tasks.add(() -> {
                log.info("pricing quote {}", task);
                return task;
            });
        }
        BatchCall<Integer> call = BatchCall.start(tasks);
        call.awaitReturn(LOOK_AT);
        List<LogCapture.Line> taskLines = logs.lines().stream()
                .filter(line -> line.message().startsWith("pricing quote")).toList();
        Set<String> names = taskLines.stream().map(LogCapture.Line::thread).collect(Collectors.toSet());
        if (taskLines.size() != 4 || !names.stream().allMatch(name -> WORKER_NAME.matcher(name).matches())) {
            throw Feedback.fail("named threads",
                    "every task's log line should name its worker: \"batch-worker-1\", \"batch-worker-2\", ...",
                    "the log reads:" + logs.transcript()
                            + System.lineSeparator() + "    A pool names its threads with the ThreadFactory it is given;"
                            + " the default one says nothing about what the thread is for. The numbers start at 1",
                    LOOK_AT);
        }
    }

    @Test
    @DisplayName("workerThreads() gives every thread it makes a name of its own: batch-worker-1, batch-worker-2, ...")
    void everyWorkerHasANameOfItsOwn() {
        ThreadFactory factory = Batch.workerThreads();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread thread = factory.newThread(() -> {});
            names.add(thread == null ? null : thread.getName());
        }
        Set<String> distinct = new LinkedHashSet<>(names);
        if (distinct.size() != names.size() || !names.stream().allMatch(n -> n != null && WORKER_NAME.matcher(n).matches())) {
            throw Feedback.fail("named threads",
                    "each thread the factory makes should have a name of its own: \"batch-worker-1\", \"batch-worker-2\", ...",
                    "three threads from one factory are named " + names
                            + (distinct.size() != names.size() ? ": in a log or a thread dump, nobody can tell them apart."
                                    + " Number them, counting from 1" : ""),
                    LOOK_AT);
        }
    }

    @Test
    @DisplayName("each factory counts from 1: a second pool's workers are batch-worker-1, batch-worker-2, ... again")
    void everyFactoryCountsFromOne() {
        List<String> expected = List.of("batch-worker-1", "batch-worker-2", "batch-worker-3");
        for (int factory = 1; factory <= 2; factory++) {
            ThreadFactory threads = Batch.workerThreads();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                Thread thread = threads.newThread(() -> {});
                names.add(thread == null ? null : thread.getName());
            }
            if (!names.equals(expected)) {
                throw Feedback.fail("named threads",
                        "every factory workerThreads() returns (one per pool, so one per runAll) should name its"
                                + " threads " + String.join(", ", expected) + ", counting from 1.",
                        "the threads of " + (factory == 1 ? "a" : "a second") + " new factory are named " + names
                                + (factory == 2 ? ": the count goes on from the first factory's. Keep the counter in"
                                        + " the factory, not in a static field every pool shares" : ""),
                        LOOK_AT);
            }
        }
    }
}
