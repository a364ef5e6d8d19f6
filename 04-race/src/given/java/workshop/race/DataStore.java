// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.race;

/**
 * The notes' FakeDataStore: one shared value that updates add 1 to. Nothing to edit here.
 */
public interface DataStore {

    /** Adds 1 to the value. Called by several threads at once. */
    void update(String name);

    /** The value now. */
    int value();
}
