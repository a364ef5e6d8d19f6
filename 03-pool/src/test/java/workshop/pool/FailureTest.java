package workshop.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Feedback;

@DisplayName("Task 2: a task's exception reaches the caller, and no other result is lost")
class FailureTest {
    private static final String LOOK_AT = "Batch.runAll (task 2): what Future.get() throws, and what it wraps";

    private static List<Callable<Integer>> tasksWhereOneFails(int failing, Exception failure) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int task = i;
            tasks.add(() -> {
                if (task == failing) {
                    throw failure;
                }
                return (task + 1) * 10;
            });
        }
        return tasks;
    }

    private static List<Object> expectedResults(int failing) {
        List<Object> expected = new ArrayList<>(Arrays.asList(10, 20, 30, 40, 50));
        expected.set(failing, null);
        return expected;
    }

    private static void check(int failing) {
        IOException failure = new IOException("quote service unreachable");
        BatchCall<Integer> call = BatchCall.start(tasksWhereOneFails(failing, failure));
        call.awaitReturn(LOOK_AT);
        Throwable thrown = call.thrown();
        if (thrown == null) {
            throw Feedback.fail("exceptions in tasks", "runAll should throw a BatchFailure when task " + failing + " throws.",
                    "it returned " + call.results() + " as if nothing had happened: the task's exception was"
                            + " swallowed, and the caller cannot tell a failure from a null result",
                    LOOK_AT);
        }
        if (!(thrown instanceof BatchFailure batchFailure)) {
            throw Feedback.fail("exceptions in tasks", "runAll should throw a BatchFailure.",
                    "it threw " + thrown, LOOK_AT);
        }
        if (batchFailure.getCause() != failure) {
            Throwable cause = batchFailure.getCause();
            throw Feedback.fail("exceptions in tasks",
                    "the BatchFailure's cause should be the task's own exception: " + failure + ".",
                    "its cause is " + cause
                            + (cause instanceof ExecutionException
                                    ? ": Future.get() wraps what the task threw in an ExecutionException;"
                                            + " its getCause() is the task's own exception"
                                    : ""),
                    LOOK_AT);
        }
        if (!expectedResults(failing).equals(batchFailure.results())) {
            throw Feedback.fail("exceptions in tasks",
                    "the other tasks' results should not be lost: " + expectedResults(failing) + ".",
                    "the BatchFailure holds " + batchFailure.results() + ": runAll stopped collecting at the"
                            + " failure. Remember the failure, collect every other result, then throw",
                    LOOK_AT);
        }
    }

    @Test
    @DisplayName("when the first task fails, runAll throws with the task's own exception as the cause, and keeps the 4 other results")
    void firstTaskFails() {
        check(0);
    }

    @Test
    @DisplayName("when a task in the middle fails, the results before and after it are all kept")
    void middleTaskFails() {
        check(2);
    }
}
