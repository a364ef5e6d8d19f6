package workshop.threads;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.testkit.Bounded;
import workshop.testkit.Feedback;
import workshop.testkit.Stacks;
import workshop.testkit.TakeTurns;
import workshop.testkit.Threads;

@DisplayName("Task 4: the heap is shared, each thread's stack is its own")
class WordCounterTest {
    private static final String LOOK_AT = "WordCounter.countWords (task 4): where does the count live?";

    @Test
    @DisplayName("one counter used by two threads at once gives each thread its own count, call after call")
    void twoThreadsCountAtTheSameTime() {
        WordCounter shared = new WordCounter();
        // The two threads take turns word by word, so their counting overlaps on every run.
        TakeTurns turns = new TakeTurns(2);
        AtomicReference<Integer> first = new AtomicReference<>();
        AtomicReference<Integer> second = new AtomicReference<>();
        AtomicReference<Integer> firstAgain = new AtomicReference<>();
        AtomicReference<Integer> secondAgain = new AtomicReference<>();
        AtomicInteger firstHooks = new AtomicInteger();
        AtomicInteger secondHooks = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = Threads.startDaemon("counter-A",
                () -> count(shared, "one two three", turns, 0, firstHooks, first, failure, "four five", firstAgain));
        Thread b = Threads.startDaemon("counter-B",
                () -> count(shared, "a b c d e", turns, 1, secondHooks, second, failure, "f", secondAgain));
        Bounded.until(() -> !a.isAlive(), Bounded.GENEROUS,
                () -> "counter-A should finish" + ": it is " + Stacks.describe(a));
        Bounded.until(() -> !b.isAlive(), Bounded.GENEROUS,
                () -> "counter-B should finish" + ": it is " + Stacks.describe(b));

        if (failure.get() instanceof TakeTurns.TurnTimeout) {
            throw Feedback.fail("no lock needed",
                    "two threads should be able to count at the same time.",
                    "they could not both be inside countWords at once (" + failure.get().getMessage()
                            + "). A local variable needs no lock: nothing else can see it",
                    LOOK_AT);
        }
        if (failure.get() != null) {
            throw Feedback.fail("shared heap, private stack", "countWords should count the words of its text.",
                    "it threw " + Stacks.thrown(failure.get()), LOOK_AT);
        }
        if (firstHooks.get() != 3 || secondHooks.get() != 5) {
            // Without the hook the test cannot make the two threads overlap, so it would prove nothing.
            throw Feedback.fail("keep the test's hook",
                    "countWords should call beforeEachWord once before each word: 3 times for \"one two three\""
                            + " and 5 times for \"a b c d e\".",
                    "it was called " + firstHooks.get() + " and " + secondHooks.get() + " times",
                    LOOK_AT);
        }
        if (!Integer.valueOf(3).equals(first.get()) || !Integer.valueOf(5).equals(second.get())) {
            throw Feedback.fail("shared heap, private stack",
                    "\"one two three\" has 3 words and \"a b c d e\" has 5.",
                    "counting at the same time, counter-A got " + first.get() + " and counter-B got " + second.get()
                            + ". Both threads added to the same field of the one shared WordCounter (heap);"
                            + " a local variable lives on each thread's own stack",
                    LOOK_AT);
        }
        if (!Integer.valueOf(2).equals(firstAgain.get()) || !Integer.valueOf(1).equals(secondAgain.get())) {
            throw Feedback.fail("a count per call",
                    "each call should count its own text: then \"four five\" has 2 words and \"f\" has 1.",
                    "counter-A's second call got " + firstAgain.get() + " and counter-B's got " + secondAgain.get()
                            + ": the count went on from the thread's previous call. Start each call from 0",
                    LOOK_AT);
        }
    }

    @Test
    @DisplayName("countWords keeps nothing of a call in the shared counter: a count written to a field can be overwritten")
    void keepsNoCountInAField() throws IllegalAccessException {
        WordCounter shared = new WordCounter();
        shared.countWords("warm up", () -> {}); // a cache filled once, on the first call, is no count
        List<Object> before = fieldValues(shared);
        int counted = shared.countWords("one two three", () -> {});
        List<Object> after = fieldValues(shared);
        for (int i = 0; i < before.size(); i++) {
            // A value or reference changed by one call is state of that call, kept on the heap:
            // between its write and the return, another thread's call can overwrite it.
            if (before.get(i) != after.get(i) && !(before.get(i) instanceof Number n && n.equals(after.get(i)))
                    && !(before.get(i) instanceof Boolean b && b.equals(after.get(i)))
                    && !(before.get(i) instanceof Character c && c.equals(after.get(i)))) {
                throw Feedback.fail("shared heap, private stack",
                        "countWords should keep each call's count on its own thread's stack, in a local variable.",
                        "a call (which returned " + counted + ") changed the field '" + fields().get(i).getName()
                                + "' of the one WordCounter every thread shares, from " + before.get(i) + " to "
                                + after.get(i) + ". Another thread's call can change it again between your write"
                                + " and your return, and give you its count",
                        LOOK_AT);
            }
        }
    }

    private static List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        for (Field field : WordCounter.class.getDeclaredFields()) {
            if (!field.isSynthetic()) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** Every field's value (static ones too), boxed primitives as values, objects by reference. */
    private static List<Object> fieldValues(WordCounter counter) throws IllegalAccessException {
        List<Object> values = new ArrayList<>();
        for (Field field : fields()) {
            field.setAccessible(true);
            values.add(field.get(Modifier.isStatic(field.getModifiers()) ? null : counter));
        }
        return values;
    }

    /** Counts {@code text} taking turns with the other thread, then {@code again} on its own. */
    private static void count(WordCounter counter, String text, TakeTurns turns, int me, AtomicInteger hooks,
            AtomicReference<Integer> result, AtomicReference<Throwable> failure, String again,
            AtomicReference<Integer> resultAgain) {
        Runnable takeTurn = turns.hookFor(me);
        try {
            result.set(counter.countWords(text, () -> {
                hooks.incrementAndGet();
                takeTurn.run();
            }));
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            turns.leave(me);
        }
        try {
            resultAgain.set(counter.countWords(again, () -> {}));
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
