package workshop.locks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import workshop.testkit.Blocking;
import workshop.testkit.Threads;

/** Test helper: is a thread blocked inside a given class of the exercise, and how? */
final class Waiting {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private Waiting() {}

    /** How a thread that should be waiting inside a class of the exercise is doing it. */
    enum How {
        /** Parked or blocked with no time limit: only a release, an unlock or an interrupt frees it. */
        UNTIMED,
        /** Parked with a time limit (tryAcquire/tryLock/wait with a timeout): it may give up by itself. */
        TIMED,
        /** In Thread.sleep: polling, so it is not woken when what it waits for comes. */
        SLEEPING,
        /** Running, and it has used more CPU than a thread that waits ever does: it spins. */
        SPINNING,
        /** None of these (yet): not inside the class, or running for a moment. */
        OTHER
    }

    /** True when {@code thread} is blocked (waiting, parked or at a monitor) somewhere inside {@code where}. */
    static boolean inside(Thread thread, Class<?> where) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED)
                && isIn(thread, where);
    }

    /**
     * How {@code thread} waits inside {@code where}. The state is read before the stack, so a
     * caller that needs both to belong to the same moment must rule out, afterwards, that the
     * thread has left the wait in between (see its callers).
     */
    static How how(Thread thread, Class<?> where) {
        Thread.State state = thread.getState();
        boolean inside = isIn(thread, where);
        if (!inside) {
            return How.OTHER;
        }
        switch (state) {
            case WAITING, BLOCKED:
                return How.UNTIMED;
            case TIMED_WAITING:
                return Threads.isSleeping(thread) ? How.SLEEPING : How.TIMED;
            case RUNNABLE:
                // Reaching a wait costs a thread a few milliseconds of CPU at most, so this much
                // since the thread began is spinning for any correct answer (Blocking.CLEARLY_SPINNING).
                long cpu = Threads.cpuNanos(thread);
                return cpu >= Blocking.CLEARLY_SPINNING.toNanos() ? How.SPINNING : How.OTHER;
            default:
                return How.OTHER;
        }
    }

    /**
     * A sign, seen at once, that {@code thread} was interrupted while it waited in
     * {@code where.method} and has gone back to waiting there: its interrupt was swallowed
     * (acquireUninterruptibly, lock(), or a catch that tries again). Read in this order: the
     * interrupt flag is clear (so the thread has already taken the interrupt in), then it waits in
     * that method, then {@code noReaction} (nothing it did after the interrupt shows yet). Code
     * that honours the interrupt throws as soon as it has taken it in and never waits there again,
     * so for it the three can never hold together, however far apart they are read.
     */
    static boolean waitsOnAfterInterrupt(Thread thread, Class<?> where, String method,
            java.util.function.BooleanSupplier noReaction) {
        if (thread.isInterrupted() || !thread.isAlive()) {
            return false;
        }
        How how = how(thread, where);
        return (how == How.UNTIMED || how == How.TIMED || how == How.SLEEPING)
                && Threads.isIn(thread, where.getName(), method) && noReaction.getAsBoolean();
    }

    /**
     * True when {@code thread} is parked inside {@code where} with no time limit and not for a
     * lock some thread owns: it waits for a signal (a permit, a notify, a condition), not for a
     * moment's turn at a lock. Such a waiter stays parked until somebody signals it.
     */
    static boolean waitsForASignal(Thread thread, Class<?> where) {
        ThreadInfo info = MX.getThreadInfo(thread.threadId());
        return info != null && info.getThreadState() == Thread.State.WAITING && info.getLockOwnerId() == -1
                && isIn(thread, where) && thread.getState() == Thread.State.WAITING;
    }

    /**
     * True when {@code waiter} waits with no time limit for a lock that {@code owner} holds:
     * parked in lock() or lockInterruptibly(), or BLOCKED at a monitor. Read in one snapshot of
     * the waiter, so the state and the owner belong to the same moment. A tryLock with a timeout
     * is TIMED_WAITING, never this.
     */
    static boolean waitsUntimedForLockHeldBy(Thread waiter, Thread owner) {
        ThreadInfo info = MX.getThreadInfo(waiter.threadId());
        return info != null && (info.getThreadState() == Thread.State.WAITING
                || info.getThreadState() == Thread.State.BLOCKED) && info.getLockOwnerId() == owner.threadId();
    }

    /**
     * True when {@code waiter} is BLOCKED entering a monitor that {@code owner} holds while
     * {@code owner} is parked or waiting inside {@code where} without giving that monitor up: a
     * synchronized method that waits on something other than its own monitor (a semaphore, a
     * lock, a sleep). An interrupt never ends a wait to enter a monitor, so {@code waiter} can
     * neither get in nor give up. Both threads are read in ONE snapshot (one ThreadMXBean call),
     * so what it sees belongs to one moment. For a correct answer it never holds, at any moment:
     * a thread in Object.wait() has given its monitor up (it is not among its locked monitors,
     * and nobody is blocked on it by it), and no correct answer parks while it holds a monitor.
     */
    static boolean blockedBehindAParkedOwner(Thread waiter, Thread owner, Class<?> where) {
        ThreadInfo[] infos = MX.getThreadInfo(new long[] {waiter.threadId(), owner.threadId()}, true, false);
        ThreadInfo w = infos[0];
        ThreadInfo o = infos[1];
        if (w == null || o == null || w.getThreadState() != Thread.State.BLOCKED
                || w.getLockOwnerId() != owner.threadId()
                || (o.getThreadState() != Thread.State.WAITING && o.getThreadState() != Thread.State.TIMED_WAITING)) {
            return false;
        }
        String name = where.getName();
        return w.getLockInfo() != null
                && Arrays.stream(o.getLockedMonitors())
                        .anyMatch(m -> m.getIdentityHashCode() == w.getLockInfo().getIdentityHashCode()
                                && m.getClassName().equals(w.getLockInfo().getClassName()))
                && Arrays.stream(o.getStackTrace()).anyMatch(f -> f.getClassName().equals(name)
                        || f.getClassName().startsWith(name + "$"));
    }

    /** What a learner reads about a wait that is not the untimed one the task asks for. */
    static String explain(How how, String method) {
        return switch (how) {
            case TIMED -> "it waits with a time limit (a tryAcquire, tryLock or wait with a timeout): after the"
                    + " limit it gives up although nothing changed. " + method + " waits as long as it takes";
            case SLEEPING -> "it sleeps and tries again (Thread.sleep in a loop): it polls instead of waiting, so"
                    + " it is not woken when its turn comes. " + method + " waits, parked, until it is woken";
            case SPINNING -> "it never waits: it loops, trying again and again, and burns a core doing nothing. "
                    + method + " waits, parked, until it is woken";
            default -> "it is not waiting";
        };
    }

    /** A frame of {@code where} itself or a class nested in it (not PrinterTest for Printer). */
    private static boolean isIn(Thread thread, Class<?> where) {
        String name = where.getName();
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(name) || f.getClassName().startsWith(name + "$"));
    }
}
