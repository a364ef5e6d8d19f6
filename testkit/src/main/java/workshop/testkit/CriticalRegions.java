package workshop.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Reads a method's bytecode to see whether it holds a lock from its read of a shared field to
 * its write of it. A lock let go and taken again between the read and the write leaves a
 * moment of a few nanoseconds in which another thread can read the same value; no interleaving
 * a test can force puts a thread into that moment on every run (java.util.concurrent locks and
 * monitors let the thread that lets go take the lock straight back), so a test that must fail
 * on every run reads the code instead.
 *
 * <p>Every path through the method is followed (jumps, and exceptions to their handlers),
 * counting the locks held: a {@code synchronized} block's monitor, or a call that takes a lock
 * or gives one back (see {@link #takes} and {@link #givesBack}). A synchronized
 * method holds its monitor throughout. Reads and writes are those of the class's own non-final
 * instance fields that the method both reads and writes; a method that does both only through
 * other methods or lambdas is not judged.
 */
public final class CriticalRegions {
    /** Enough to tell "none held" from "held", with nesting. */
    private static final int MOST_HELD = 3;

    private CriticalRegions() {}

    /** What was found on one path to a write: the read or the write outside the lock, or the lock let go in between. */
    public record Finding(Kind kind, String field, int readLine, int releaseLine, int writeLine) {
        public enum Kind { READ_WITHOUT_THE_LOCK, WRITE_WITHOUT_THE_LOCK, LET_GO_BETWEEN_READ_AND_WRITE }

        /** A sentence saying what the method does, with its lines. */
        public String describe(String method) {
            return switch (kind) {
                case READ_WITHOUT_THE_LOCK -> method + " reads " + field + at(readLine)
                        + " without holding a lock, then writes it" + at(writeLine);
                case WRITE_WITHOUT_THE_LOCK -> method + " writes " + field + at(writeLine) + " without holding a lock";
                case LET_GO_BETWEEN_READ_AND_WRITE -> method + " reads " + field + at(readLine)
                        + ", lets go of the lock" + at(releaseLine) + ", takes it again and writes " + field
                        + at(writeLine);
            };
        }

        private static String at(int line) {
            return line > 0 ? " (line " + line + ")" : "";
        }
    }

    /**
     * The first path of {@code type.method} (every overload of that name) on which a shared
     * field is written without a lock held, or written after a read made without one, or read,
     * then the lock let go, then written; empty if on every path to a write the lock is held
     * from the read to the write.
     */
    public static Optional<Finding> readToWrite(Class<?> type, String method) {
        ClassNode node = classNode(type);
        Set<String> mutable = new HashSet<>();
        for (FieldNode field : node.fields) {
            if ((field.access & (Opcodes.ACC_FINAL | Opcodes.ACC_STATIC)) == 0) {
                mutable.add(field.name);
            }
        }
        for (MethodNode m : node.methods) {
            if (!m.name.equals(method) || m.instructions.size() == 0) {
                continue;
            }
            boolean synchronizedMethod = (m.access & Opcodes.ACC_SYNCHRONIZED) != 0;
            for (String field : readAndWritten(node.name, m, mutable)) {
                Optional<Finding> found = follow(node.name, m, field, synchronizedMethod ? 1 : 0);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static ClassNode classNode(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + type.getName());
            }
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> readAndWritten(String owner, MethodNode m, Set<String> mutable) {
        Set<String> read = new LinkedHashSet<>();
        Set<String> written = new HashSet<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof FieldInsnNode f && f.owner.equals(owner) && mutable.contains(f.name)) {
                (f.getOpcode() == Opcodes.GETFIELD ? read : written).add(f.name);
            }
        }
        read.retainAll(written);
        return read;
    }

    /**
     * A place on a path: the instruction, the locks held, and since the last read of the field
     * (-1: none yet) whether it was read without a lock and where a lock was first let go.
     */
    private record State(int insn, int held, int readLine, boolean readUnlocked, int releaseLine) {}

    private static Optional<Finding> follow(String owner, MethodNode m, String field, int heldAtEntry) {
        AbstractInsnNode[] insns = m.instructions.toArray();
        int[] lines = lines(insns);
        List<List<Integer>> handlers = handlers(m, insns);
        Deque<State> todo = new ArrayDeque<>();
        Set<State> seen = new HashSet<>();
        todo.add(new State(0, heldAtEntry, -1, false, -1));
        while (!todo.isEmpty()) {
            State s = todo.poll();
            if (!seen.add(s)) {
                continue;
            }
            AbstractInsnNode insn = insns[s.insn()];
            int held = s.held();
            int readLine = s.readLine();
            boolean readUnlocked = s.readUnlocked();
            int releaseLine = s.releaseLine();
            int line = lines[s.insn()];
            if (insn instanceof FieldInsnNode f && f.owner.equals(owner) && f.name.equals(field)) {
                if (f.getOpcode() == Opcodes.GETFIELD) {
                    // A write from here on is based on this read (a read only logged is never judged).
                    readLine = line;
                    readUnlocked = held == 0;
                    releaseLine = -1;
                } else if (f.getOpcode() == Opcodes.PUTFIELD) {
                    if (held == 0) {
                        return Optional.of(new Finding(Finding.Kind.WRITE_WITHOUT_THE_LOCK, field, readLine, -1, line));
                    }
                    if (readLine >= 0 && readUnlocked) {
                        return Optional.of(new Finding(Finding.Kind.READ_WITHOUT_THE_LOCK, field, readLine, -1, line));
                    }
                    if (readLine >= 0 && releaseLine >= 0) {
                        return Optional.of(new Finding(Finding.Kind.LET_GO_BETWEEN_READ_AND_WRITE, field, readLine,
                                releaseLine, line));
                    }
                }
            }
            // Exceptions thrown here go to the handler with the locks held before this instruction.
            for (int handler : handlers.get(s.insn())) {
                todo.add(new State(handler, held, readLine, readUnlocked, releaseLine));
            }
            if (takes(insn)) {
                held = Math.min(held + 1, MOST_HELD);
            } else if (givesBack(insn)) {
                held = Math.max(held - 1, 0);
                if (readLine >= 0 && releaseLine < 0) {
                    releaseLine = line;
                }
            }
            for (int next : successors(insn, insns, m)) {
                todo.add(new State(next, held, readLine, readUnlocked, releaseLine));
            }
        }
        return Optional.empty();
    }

    /**
     * A monitor entered, or a call that takes a lock: any method with "lock" or "acquire" in its
     * name (lock, lockInterruptibly, tryLock, a helper such as lockIt, a Semaphore's acquire, a
     * StampedLock's writeLock), except one that only hands out a lock object (a ReadWriteLock's
     * writeLock()). Counting too many takes can only let a mistake through, never fail a right answer.
     */
    private static boolean takes(AbstractInsnNode insn) {
        if (insn.getOpcode() == Opcodes.MONITORENTER) {
            return true;
        }
        if (insn instanceof MethodInsnNode call) {
            String name = call.name.toLowerCase(Locale.ROOT);
            Type returned = Type.getReturnType(call.desc);
            boolean handsOutALock = returned.getSort() == Type.OBJECT
                    && returned.getInternalName().startsWith("java/util/concurrent/locks/");
            return (name.contains("lock") && !name.contains("unlock") || name.contains("acquire")) && !handsOutALock;
        }
        return false;
    }

    /** A monitor exited, or a call that gives a lock back: unlock, unlockWrite, tryUnlockRead, release. */
    private static boolean givesBack(AbstractInsnNode insn) {
        if (insn.getOpcode() == Opcodes.MONITOREXIT) {
            return true;
        }
        return insn instanceof MethodInsnNode call
                && (call.name.toLowerCase(Locale.ROOT).contains("unlock") || call.name.equals("release"));
    }

    private static List<Integer> successors(AbstractInsnNode insn, AbstractInsnNode[] insns, MethodNode m) {
        List<Integer> next = new ArrayList<>();
        int op = insn.getOpcode();
        if (insn instanceof JumpInsnNode jump) {
            next.add(m.instructions.indexOf(jump.label));
            if (op != Opcodes.GOTO) {
                next.add(m.instructions.indexOf(insn) + 1);
            }
            return next;
        }
        if (insn instanceof TableSwitchInsnNode table) {
            next.add(m.instructions.indexOf(table.dflt));
            table.labels.forEach(l -> next.add(m.instructions.indexOf(l)));
            return next;
        }
        if (insn instanceof LookupSwitchInsnNode lookup) {
            next.add(m.instructions.indexOf(lookup.dflt));
            lookup.labels.forEach(l -> next.add(m.instructions.indexOf(l)));
            return next;
        }
        if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
            return next;
        }
        int after = m.instructions.indexOf(insn) + 1;
        if (after < insns.length) {
            next.add(after);
        }
        return next;
    }

    /** For each instruction, the handlers of the try blocks it is in. */
    private static List<List<Integer>> handlers(MethodNode m, AbstractInsnNode[] insns) {
        List<List<Integer>> handlers = new ArrayList<>();
        for (int i = 0; i < insns.length; i++) {
            handlers.add(new ArrayList<>());
        }
        for (TryCatchBlockNode block : m.tryCatchBlocks) {
            int start = m.instructions.indexOf(block.start);
            int end = m.instructions.indexOf(block.end);
            int handler = m.instructions.indexOf(block.handler);
            for (int i = start; i < end; i++) {
                if (insns[i].getOpcode() >= 0) { // a real instruction, not a label or a line number
                    handlers.get(i).add(handler);
                }
            }
        }
        return handlers;
    }

    /** The source line of each instruction (0 where the class has no line numbers). */
    private static int[] lines(AbstractInsnNode[] insns) {
        int[] lines = new int[insns.length];
        int line = 0;
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof LineNumberNode number) {
                line = number.line;
            }
            lines[i] = line;
        }
        return lines;
    }
}
