/**
 * Shared test machinery for every exercise. Not an exercise: learners do not edit this.
 *
 * <p>Everything here turns a concurrency bug into a fast, repeatable failure with a message
 * that explains it: bounded waits instead of sleeps, rendezvous points that prove work ran
 * in parallel, forced interleavings, deadlock and leak detection, log capture, child JVMs.
 */
package workshop.testkit;
