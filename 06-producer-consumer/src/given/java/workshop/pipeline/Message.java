// Given: not yours to edit. Your code and the tests both use this one copy (src/given/java).
package workshop.pipeline;

/** One message travelling through the pipeline, identified by its number. Nothing to edit here. */
public record Message(int number) {}
