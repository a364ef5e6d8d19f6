package workshop.threads;

/**
 * Task 4: counts the words of a text. One WordCounter is shared by several threads, which
 * may call {@link #countWords} at the same time, each with its own text.
 */
public final class WordCounter {
    /**
     * Returns how many words (separated by single spaces) {@code text} has. Calls
     * {@code beforeEachWord} before counting each word (the tests use it to pause the thread).
     */
    public int countWords(String text, Runnable beforeEachWord) {
        int count = 0; // a local: on this thread's own stack
        for (String word : text.split(" ")) {
            beforeEachWord.run();
            count++;
        }
        return count;
    }
}
