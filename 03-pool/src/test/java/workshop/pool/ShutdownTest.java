package workshop.pool;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.ThreadLeaks;

@DisplayName("Task 3: the pool is always shut down, even when a task fails")
class ShutdownTest {
    private static final String LOOK_AT = "Batch.runAll (task 3): shut the pool down (try-with-resources)";

    @Test
    @DisplayName("no worker thread is left alive after runAll returns")
    void noWorkerLeftAfterSuccess() {
        Set<Thread> before = ThreadLeaks.snapshot();
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        BatchCall<Integer> call = BatchCall.start(tasks);
        call.awaitReturn(LOOK_AT);
        ThreadLeaks.assertNoneLeft(before, LOOK_AT);
    }

    @Test
    @DisplayName("no worker thread is left alive after runAll throws")
    void noWorkerLeftAfterFailure() {
        Set<Thread> before = ThreadLeaks.snapshot();
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
            throw new IllegalStateException("bad quote");
        }, () -> 3);
        BatchCall<Integer> call = BatchCall.start(tasks);
        call.awaitReturn(LOOK_AT);
        ThreadLeaks.assertNoneLeft(before, LOOK_AT);
    }
}
