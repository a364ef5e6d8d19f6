package workshop.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import workshop.selfcheck.mutation.Equivalents;
import workshop.selfcheck.mutation.JavaSource;
import workshop.selfcheck.mutation.Mutant;
import workshop.selfcheck.mutation.Mutants;
import workshop.selfcheck.mutation.MutationCheck;
import workshop.selfcheck.mutation.Operators;

/** The mutation engine's own tests: what the operators make, and ids that survive unrelated edits. */
@DisplayName("The mutation operators make the mutants they describe, with stable ids")
class MutantsTest {

    private static final String SOURCE = """
            package p;

            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.atomic.AtomicInteger;
            import java.util.concurrent.locks.ReentrantLock;

            final class Store {
                private final ReentrantLock lock = new ReentrantLock();
                private final AtomicInteger hits = new AtomicInteger();
                private volatile boolean open;
                private boolean set;
                private int value;

                synchronized void set() {
                    set = true;
                    notifyAll();
                }

                synchronized boolean await(long nanos) throws InterruptedException {
                    while (!set) {
                        TimeUnit.NANOSECONDS.timedWait(this, nanos);
                    }
                    return true;
                }

                int update() {
                    hits.incrementAndGet();
                    lock.lock();
                    try {
                        int seen = value;
                        value = seen + 1;
                        return seen;
                    } finally {
                        lock.unlock();
                    }
                }

                public static void main(String[] args) {
                    new Thread(() -> {}).start();
                }
            }
            """;

    private static List<Mutant> mutants(String text) {
        return Mutants.of("00-test", JavaSource.parse("p/Store.java", text));
    }

    private static Map<String, Mutant> byId(String text) {
        return mutants(text).stream().collect(Collectors.toMap(Mutant::id, Function.identity()));
    }

    @Test
    @DisplayName("each operator's mutant is the file with its one edit, and parses")
    void operatorsMakeWhatTheySay() {
        Map<String, Mutant> mutants = byId(SOURCE);
        assertTrue(mutants.get("RNA:Store.set()#1").source().contains("        notify();\n"));
        assertTrue(mutants.get("RSK:Store.set()#1").source().contains("    void set() {"));
        assertTrue(mutants.get("RVK:Store.open#1").source().contains("    private boolean open;"));
        assertTrue(mutants.get("WTI:Store.await(long)#1").source().contains("        if (!set) {"));
        assertTrue(mutants.get("MXT:Store.await(long)#3").source().contains("timedWait(this, 0);"));
        assertTrue(mutants.get("MXT:Store.await(long)#5").source().contains("            this.wait();"));
        assertEquals("hits.incrementAndGet() -> hits.get() then hits.set(...)", mutants.get("EAN:Store.update()#1").description());
        assertTrue(mutants.get("EAN:Store.update()#1").source().contains("hits.set(hits.get() + 1);"));
        // Moved out of the finally: released before the return, computed first, and not on an exception.
        assertTrue(mutants.get("RFU:Store.update()#1").source()
                .contains("{ var mutantResult = seen; lock.unlock(); return mutantResult; }"));
        // Split: the local read in the first half is declared before both, so it stays in scope.
        String split = mutants.get("SPCR:Store.update()#1").source();
        assertTrue(split.contains("int seen; lock.lock(); try {"), split);
        assertTrue(split.indexOf("seen = value;") < split.lastIndexOf("lock.lock(); try {"), split);
        for (Mutant mutant : mutants.values()) {
            JavaSource.parse(mutant.id(), mutant.source()); // throws if a mutant is not even Java
            assertFalse(mutant.source().equals(SOURCE), mutant.id() + " changes nothing");
        }
    }

    @Test
    @DisplayName("the given main method is not mutated")
    void givenCodeIsLeftAlone() {
        assertTrue(mutants(SOURCE).stream().noneMatch(m -> m.member().startsWith("Store.main")));
    }

    @Test
    @DisplayName("ids do not depend on line numbers: code added elsewhere leaves them as they were")
    void idsAreStable() {
        String edited = SOURCE.replace("    synchronized void set() {", "    void other() {\n        notifyAll();\n    }\n\n    synchronized void set() {");
        Map<String, Mutant> before = byId(SOURCE);
        Map<String, Mutant> after = byId(edited);
        for (Mutant mutant : before.values()) {
            assertEquals(mutant.description(), after.get(mutant.id()).description(), mutant.id());
        }
        assertTrue(after.get("RNA:Store.set()#1").line() > before.get("RNA:Store.set()#1").line());
    }

    @Test
    @DisplayName("every operator has a name and a one-line summary")
    void operatorsAreDescribed() {
        Set<String> names = Operators.ALL.stream().map(o -> o.name()).collect(Collectors.toSet());
        assertEquals(Operators.ALL.size(), names.size());
        Operators.ALL.forEach(o -> assertFalse(o.summary().isBlank() || o.summary().contains("\n"), o.name()));
    }

    @Test
    @DisplayName("the equivalents list is read per module; a changed description or a missing mutant is stale")
    void equivalentsAndStaleEntries() {
        List<Equivalents.Entry> entries = Equivalents.parse("""
                # Equivalent mutants
                ### 00-test
                | Mutant | Mutation | Why |
                | --- | --- | --- |
                | `RNA:Store.set()#1` | `notifyAll() -> notify()` | one waiter only, ever |
                | `RSK:Store.set()#1` | `something else` | was another mutant |
                | `RSK:Store.gone()#1` | `synchronized removed` | the method is gone |
                """);
        assertEquals(3, entries.size());
        assertEquals("00-test", entries.getFirst().module());
        List<MutationCheck.Result> results = mutants(SOURCE).stream()
                .map(m -> new MutationCheck.Result(m, MutationCheck.Verdict.SURVIVED, "", 0)).toList();
        MutationCheck.Problems problems = MutationCheck.problems(results, entries, Set.of("00-test"));
        assertEquals(2, problems.stale().size(), problems.stale().toString());
        assertTrue(problems.survivors().stream().noneMatch(r -> r.mutant().id().equals("RNA:Store.set()#1")));
        assertThrows(IllegalArgumentException.class, () -> Equivalents.parse("| `RNA:Store.set()#1` | `x` | |\n"),
                "no module heading, no reason");
    }
}
