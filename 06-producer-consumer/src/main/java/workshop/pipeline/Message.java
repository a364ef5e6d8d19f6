package workshop.pipeline;

/** One message travelling through the pipeline, identified by its number. Nothing to edit here. */
public record Message(int number) {}
