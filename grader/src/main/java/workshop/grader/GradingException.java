package workshop.grader;

/** Grading could not run at all (as opposed to: it ran and the score is low). */
final class GradingException extends Exception {
    GradingException(String message) {
        super(message);
    }
}
