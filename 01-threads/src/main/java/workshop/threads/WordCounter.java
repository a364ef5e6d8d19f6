package workshop.threads;

/**
 * Task 4: counts the words of a text. One WordCounter is shared by several threads, which
 * may call {@link #countWords} at the same time, each with its own text.
 */
public final class WordCounter {
    // TODO(task 4): a field lives on the heap, inside this one object that every thread shares,
    //  so two threads counting at once add to the same number. Each call needs a count of its
    //  own, on its own thread's stack: a local variable.
    private int count;

    /**
     * Returns how many words (separated by single spaces) {@code text} has. Calls
     * {@code beforeEachWord} before counting each word (the tests use it to pause the thread).
     */
    public int countWords(String text, Runnable beforeEachWord) {
        count = 0;
        for (String word : text.split(" ")) {
            beforeEachWord.run();
            count++;
        }
        return count;
    }
}
