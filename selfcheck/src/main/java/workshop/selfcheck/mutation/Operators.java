package workshop.selfcheck.mutation;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import workshop.selfcheck.mutation.JavaSource.Edit;
import workshop.selfcheck.mutation.Operator.Site;

/**
 * The mutation operators. Each one is a function from a parsed file to the places it applies
 * (see {@link Operator}). The operators know calls by name only (no symbol resolution): a
 * mutant that makes no sense for the real type does not compile, and is dropped as stillborn.
 */
public final class Operators {

    private Operators() {}

    /** A bound no test reaches. */
    private static final String HOUR_MILLIS = "3_600_000L";
    private static final String HOURS = "java.util.concurrent.TimeUnit.HOURS";
    private static final String MILLISECONDS = "java.util.concurrent.TimeUnit.MILLISECONDS";
    /** How long RJS sleeps instead of joining: long enough to look like a wait, too short to be one. */
    private static final String JOIN_SLEEP = "Thread.sleep(100)";

    private static final Set<String> THREAD_CALLS = Set.of("start", "join", "sleep", "yield", "wait", "notify",
            "notifyAll", "interrupt", "setDaemon", "addShutdownHook", "timedJoin", "timedWait", "timedSleep");
    private static final Set<String> CONCURRENCY_CALLS = Set.of("lock", "lockInterruptibly", "unlock", "acquire",
            "acquireUninterruptibly", "release", "countDown", "await", "signal", "signalAll", "shutdown",
            "shutdownNow", "close", "awaitTermination", "arrive", "arriveAndAwaitAdvance", "arriveAndDeregister",
            // only for a poison pill (a constant) or an event flag (no argument): see removable()
            "put", "offer", "add", "set");
    private static final Set<String> ACQUIRE = Set.of("lock", "lockInterruptibly", "acquire", "acquireUninterruptibly");
    private static final Set<String> RELEASE = Set.of("unlock", "release");
    private static final Set<String> WAITS = Set.of("wait", "await", "timedWait", "awaitNanos", "awaitUntil");
    /** Calls that throw InterruptedException when the waiting thread is interrupted. */
    private static final Set<String> INTERRUPTIBLE = Set.of("join", "sleep", "wait", "take", "put", "acquire",
            "lockInterruptibly", "await", "timedWait", "timedJoin", "timedSleep", "awaitTermination", "invokeAll",
            "tryAcquire", "poll", "offer", "tryLock");

    /** Every operator, in the order the report lists them. */
    public static final List<Operator> ALL = List.of(
            new Operator("MXT", "modify the time of a timed wait (halve, double, zero, an hour), or make a wait untimed or timed", Operators::mxt),
            new Operator("RTXC", "remove a thread call (start, join, sleep, wait, notify, interrupt, setDaemon, ...)", s -> removeCalls(s, THREAD_CALLS)),
            new Operator("RCXC", "remove a concurrency call (lock, unlock, acquire, release, countDown, shutdown, close, the put of a poison pill, ...)", s -> removeCalls(s, CONCURRENCY_CALLS)),
            new Operator("RNA", "replace notifyAll() with notify(), signalAll() with signal()", Operators::rna),
            new Operator("RJS", "replace join() with a short sleep", Operators::rjs),
            new Operator("ELPA", "exchange the order in which two locks or permits are acquired", Operators::elpa),
            new Operator("EAN", "replace an atomic call with its non-atomic pair (incrementAndGet: get then set; compareAndSet: set)", Operators::ean),
            new Operator("RSK", "remove synchronized from a method", Operators::rsk),
            new Operator("ASK", "add synchronized to a method", Operators::ask),
            new Operator("RSB", "remove a synchronized block, keeping its body", Operators::rsb),
            new Operator("RVK", "remove volatile from a field", Operators::rvk),
            new Operator("RFU", "move an unlock or release out of its finally: it then runs on the normal paths only", Operators::rfu),
            new Operator("MSP", "synchronize on another object (a fresh one, or this)", Operators::msp),
            new Operator("EELO", "lock another lock: a fresh one, or another lock the method takes", Operators::eelo),
            new Operator("MXC", "change the count of a semaphore, latch, barrier, pool, bounded queue or permit call by one", Operators::mxc),
            new Operator("MSF", "flip the fairness of a lock, semaphore or queue", Operators::msf),
            new Operator("SHCR", "shift a critical region one statement up or down", s -> regions(s, Reshape.SHIFT)),
            new Operator("SKCR", "shrink a critical region by its first or its last statement", s -> regions(s, Reshape.SHRINK)),
            new Operator("EXCR", "expand a critical region by the statement before or after it", s -> regions(s, Reshape.EXPAND)),
            new Operator("SPCR", "split a critical region in two", s -> regions(s, Reshape.SPLIT)),
            new Operator("RTWR", "replace a try-with-resources executor with one that is never closed", Operators::rtwr),
            new Operator("TKP", "replace take() with poll(), which does not wait", Operators::tkp),
            new Operator("WTI", "replace the while loop around a wait with an if", Operators::wti),
            new Operator("RIS", "swallow an interrupt: drop the restore of the interrupt status, or catch and ignore InterruptedException around a blocking call", Operators::ris),
            new Operator("SRR", "replace start() with run(): the work runs on the caller's thread", Operators::srr),
            new Operator("PTO", "replace put() with offer(), which drops the element when the queue is full", Operators::pto),
            new Operator("UBQ", "replace a bounded blocking queue with an unbounded one", Operators::ubq));

    // ---------------------------------------------------------------- MXT

    /**
     * Where a timed wait keeps its timeout: the argument's index, its unit (the text of a
     * TimeUnit, or null for milliseconds or a Duration), whether 0 means "forever", and the
     * untimed call with the same meaning (name and arguments; null if there is none).
     */
    private record Timed(int timeout, String unit, boolean zeroIsForever, String untimed) {}

    private static Timed timed(JavaSource s, MethodCallExpr call) {
        NodeList<Expression> args = call.getArguments();
        String scope = call.getScope().map(s::text).orElse(null);
        return switch (call.getNameAsString() + "/" + args.size()) {
            case "join/1" -> new Timed(0, null, true, "join()");
            case "wait/1" -> new Timed(0, null, true, "wait()");
            case "sleep/1" -> new Timed(0, null, false, null);
            case "poll/2" -> new Timed(0, s.text(args.get(1)), false, "take()");
            case "tryLock/2" -> new Timed(0, s.text(args.get(1)), false, "lockInterruptibly()");
            case "await/2" -> new Timed(0, s.text(args.get(1)), false, "await()");
            case "get/2" -> new Timed(0, s.text(args.get(1)), false, "get()");
            case "tryAcquire/2" -> new Timed(0, s.text(args.get(1)), false, "acquire()");
            case "awaitTermination/2" -> new Timed(0, s.text(args.get(1)), false, null);
            case "tryAcquire/3" -> new Timed(1, s.text(args.get(2)), false, "acquire(" + s.text(args.get(0)) + ")");
            case "offer/3" -> new Timed(1, s.text(args.get(2)), false, "put(" + s.text(args.get(0)) + ")");
            case "awaitNanos/1" -> new Timed(0, "java.util.concurrent.TimeUnit.NANOSECONDS", false, "await()");
            // untimed: the monitor's wait(), the thread's join() (built below from the first argument)
            case "timedWait/2" -> scope == null ? null : new Timed(1, scope, false, "wait()");
            case "timedJoin/2" -> scope == null ? null : new Timed(1, scope, false, "join()");
            case "timedSleep/1" -> scope == null ? null : new Timed(0, scope, false, null);
            default -> null;
        };
    }

    /** The timed form of an untimed wait, given a bound in milliseconds (null if none). */
    private static String timedForm(JavaSource s, MethodCallExpr call, String millis) {
        NodeList<Expression> args = call.getArguments();
        String unit = ", " + MILLISECONDS + ")";
        return switch (call.getNameAsString() + "/" + args.size()) {
            case "join/0" -> "join(" + millis + ")";
            case "wait/0" -> "wait(" + millis + ")";
            case "take/0" -> "poll(" + millis + unit;
            case "put/1" -> "offer(" + s.text(args.get(0)) + ", " + millis + unit;
            case "acquire/0" -> "tryAcquire(" + millis + unit;
            case "acquire/1" -> "tryAcquire(" + s.text(args.get(0)) + ", " + millis + unit;
            case "lock/0", "lockInterruptibly/0" -> "tryLock(" + millis + unit;
            case "await/0" -> "await(" + millis + unit;
            default -> null;
        };
    }

    private static List<Site> mxt(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (MethodCallExpr call : s.unit().findAll(MethodCallExpr.class)) {
            Timed timed = timed(s, call);
            if (timed != null) {
                Expression timeout = call.getArgument(timed.timeout());
                String t = s.text(timeout);
                boolean duration = timed.unit() == null && isDuration(s, timeout);
                List<String> bounds = duration
                        ? List.of(t + ".dividedBy(2)", t + ".multipliedBy(2)", "java.time.Duration.ZERO",
                                "java.time.Duration.ofHours(1)")
                        : List.of(operand(timeout, t) + " / 2", operand(timeout, t) + " * 2",
                                timed.zeroIsForever() ? "1" : "0", // 0 would mean "wait forever" there
                                timed.unit() == null ? HOUR_MILLIS : timed.unit() + ".convert(1, " + HOURS + ")");
                for (String bound : bounds) {
                    sites.add(change(s, call.getArgument(timed.timeout()), bound, callTail(s, call)));
                }
                if (timed.untimed() != null) {
                    if (call.getNameAsString().equals("timedWait") || call.getNameAsString().equals("timedJoin")) {
                        String untimed = s.text(call.getArgument(0)) + "." + timed.untimed();
                        sites.add(new Site(call, s.text(call) + " -> " + untimed, s.replace(call, untimed)));
                    } else {
                        sites.add(renameCall(s, call, timed.untimed()));
                    }
                }
            } else if (!usedAsReceiver(call) && call.getScope().isPresent() || isImplicitWait(call)) {
                for (String millis : List.of("1", HOUR_MILLIS)) {
                    String form = timedForm(s, call, millis);
                    if (form != null) {
                        sites.add(renameCall(s, call, form));
                    }
                }
            }
        }
        return sites;
    }

    private static boolean isImplicitWait(MethodCallExpr call) {
        return call.getScope().isEmpty() && call.getNameAsString().equals("wait") && call.getArguments().isEmpty();
    }

    private static boolean isDuration(JavaSource s, Expression e) {
        return s.text(e).contains("Duration")
                || s.declaredType(e).map(type -> type.equals("Duration") || type.equals("java.time.Duration")).orElse(false);
    }

    // ---------------------------------------------------------------- RTXC, RCXC

    private static List<Site> removeCalls(JavaSource s, Set<String> names) {
        List<Site> sites = new ArrayList<>();
        for (ExpressionStmt statement : s.unit().findAll(ExpressionStmt.class)) {
            if (statement.getExpression() instanceof MethodCallExpr call && names.contains(call.getNameAsString())
                    && removable(call) && !isInterruptRestore(statement)) {
                sites.add(new Site(statement, "removed: " + oneLine(s.text(statement)), s.replace(statement, ";")));
            }
        }
        return sites;
    }

    private static boolean removable(MethodCallExpr call) {
        return switch (call.getNameAsString()) {
            case "put", "offer", "add" -> call.getArguments().size() == 1 && isPill(call.getArgument(0));
            case "set" -> call.getArguments().isEmpty();
            default -> true;
        };
    }

    /** A constant (UPPER_CASE) or a name that says pill, poison or sentinel. */
    private static boolean isPill(Expression e) {
        String name = e instanceof NameExpr n ? n.getNameAsString()
                : e instanceof FieldAccessExpr f ? f.getNameAsString() : null;
        return name != null && (name.matches("[A-Z][A-Z0-9_]*") || name.toLowerCase().matches(".*(pill|poison|sentinel).*"));
    }

    /** {@code Thread.currentThread().interrupt()} in a catch: RIS's, not RTXC's. */
    private static boolean isInterruptRestore(ExpressionStmt statement) {
        return statement.getExpression() instanceof MethodCallExpr call && call.getNameAsString().equals("interrupt")
                && call.getScope().map(Node::toString).orElse("").equals("Thread.currentThread()")
                && statement.findAncestor(CatchClause.class).isPresent();
    }

    // ---------------------------------------------------------------- RNA, RJS, TKP, SRR, PTO

    private static List<Site> rna(JavaSource s) {
        return renames(s, Map.of("notifyAll/0", "notify()", "signalAll/0", "signal()"));
    }

    private static List<Site> tkp(JavaSource s) {
        return renames(s, Map.of("take/0", "poll()"));
    }

    private static List<Site> pto(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (MethodCallExpr call : calls(s, "put", 1)) {
            sites.add(renameCall(s, call, "offer(" + s.text(call.getArgument(0)) + ")"));
        }
        return sites;
    }

    private static List<Site> srr(JavaSource s) {
        List<Site> sites = renames(s, Map.of("start/0", "run()"));
        for (MethodReferenceExpr reference : s.unit().findAll(MethodReferenceExpr.class)) {
            if (reference.getIdentifier().equals("start")) {
                String run = s.text(reference.getScope()) + "::run";
                sites.add(new Site(reference, s.text(reference) + " -> " + run, s.replace(reference, run)));
            }
        }
        return sites;
    }

    private static List<Site> rjs(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (MethodCallExpr call : s.unit().findAll(MethodCallExpr.class)) {
            if (call.getNameAsString().equals("join") && call.getArguments().size() <= 1 && call.getScope().isPresent()
                    && !usedAsReceiver(call) && !isStringJoin(call)) {
                sites.add(new Site(call, s.text(call) + " -> " + JOIN_SLEEP, s.replace(call, JOIN_SLEEP)));
            }
        }
        return sites;
    }

    private static boolean isStringJoin(MethodCallExpr call) {
        return call.getScope().map(Node::toString).orElse("").equals("String");
    }

    /** Calls {@code name/argCount} with a receiver, each replaced by {@code name(args)} text. */
    private static List<Site> renames(JavaSource s, Map<String, String> replacements) {
        List<Site> sites = new ArrayList<>();
        for (MethodCallExpr call : s.unit().findAll(MethodCallExpr.class)) {
            String replacement = replacements.get(call.getNameAsString() + "/" + call.getArguments().size());
            if (replacement != null && (call.getScope().isPresent() || call.getNameAsString().startsWith("notify"))
                    && !usedAsReceiver(call)) {
                sites.add(renameCall(s, call, replacement));
            }
        }
        return sites;
    }

    // ---------------------------------------------------------------- ELPA

    private static List<Site> elpa(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (CallableDeclaration<?> member : s.unit().findAll(CallableDeclaration.class)) {
            List<MethodCallExpr> acquisitions = new ArrayList<>();
            for (ExpressionStmt statement : member.findAll(ExpressionStmt.class)) {
                if (statement.getExpression() instanceof MethodCallExpr call && ACQUIRE.contains(call.getNameAsString())
                        && call.getScope().isPresent()) {
                    acquisitions.add(call);
                }
            }
            for (int i = 0; i + 1 < acquisitions.size(); i++) {
                Expression a = acquisitions.get(i).getScope().orElseThrow();
                Expression b = acquisitions.get(i + 1).getScope().orElseThrow();
                if (!s.text(a).equals(s.text(b))) {
                    sites.add(new Site(acquisitions.get(i), s.text(acquisitions.get(i)) + " then " + s.text(acquisitions.get(i + 1))
                            + " -> the other way round", List.of(s.replace(a, s.text(b)), s.replace(b, s.text(a)))));
                }
            }
            List<SynchronizedStmt> blocks = member.findAll(SynchronizedStmt.class);
            for (SynchronizedStmt outer : blocks) {
                for (SynchronizedStmt inner : outer.getBody().findAll(SynchronizedStmt.class)) {
                    Expression a = outer.getExpression();
                    Expression b = inner.getExpression();
                    if (!s.text(a).equals(s.text(b))) {
                        sites.add(new Site(outer, "synchronized (" + s.text(a) + ") { synchronized (" + s.text(b)
                                + ") -> the other way round", List.of(s.replace(a, s.text(b)), s.replace(b, s.text(a)))));
                    }
                }
            }
        }
        return sites;
    }

    // ---------------------------------------------------------------- EAN

    private static List<Site> ean(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (MethodCallExpr call : s.unit().findAll(MethodCallExpr.class)) {
            if (call.getScope().isEmpty()) {
                continue;
            }
            String x = s.text(call.getScope().get());
            List<String> a = call.getArguments().stream().map(s::text).toList();
            // {value read, value written, value returned}, in terms of mutantValue = the read
            String[] pair = switch (call.getNameAsString() + "/" + a.size()) {
                case "incrementAndGet/0" -> new String[] {"1", "mutantValue + 1", "mutantValue + 1"};
                case "getAndIncrement/0" -> new String[] {"1", "mutantValue + 1", "mutantValue"};
                case "decrementAndGet/0" -> new String[] {"1", "mutantValue - 1", "mutantValue - 1"};
                case "getAndDecrement/0" -> new String[] {"1", "mutantValue - 1", "mutantValue"};
                case "addAndGet/1" -> new String[] {"1", "mutantValue + (" + a.get(0) + ")", "mutantValue + (" + a.get(0) + ")"};
                case "getAndAdd/1" -> new String[] {"1", "mutantValue + (" + a.get(0) + ")", "mutantValue"};
                case "getAndSet/1" -> new String[] {"1", a.get(0), "mutantValue"};
                case "compareAndSet/2" -> new String[] {"0", a.get(1), "true"};
                default -> null;
            };
            boolean statement = call.getParentNode().orElse(null) instanceof ExpressionStmt;
            if (pair == null || statement && call.getNameAsString().equals("getAndSet")) {
                continue; // a getAndSet whose result is unused is a set already
            }
            boolean reads = pair[0].equals("1");
            String write = x + ".set(" + pair[1].replace("mutantValue", reads ? x + ".get()" : "") + ")";
            String replacement;
            if (statement) {
                replacement = write;
            } else {
                // A switch expression runs statements where a value is needed (and a local there may
                // shadow nothing: the name is the mutant's own).
                replacement = "(switch (0) { default -> { " + (reads ? "var mutantValue = " + x + ".get(); " : "")
                        + x + ".set(" + pair[1] + "); yield " + pair[2] + "; } })";
            }
            String shown = call.getNameAsString().equals("compareAndSet") ? x + ".set(" + pair[1] + "), always true"
                    : x + ".get() then " + x + ".set(...)";
            sites.add(new Site(call, s.text(call) + " -> " + shown, s.replace(call, replacement)));
        }
        return sites;
    }

    // ---------------------------------------------------------------- RSK, ASK, RVK, RSB

    private static List<Site> rsk(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (MethodDeclaration method : s.unit().findAll(MethodDeclaration.class)) {
            method.getModifiers().stream().filter(m -> m.getKeyword() == Modifier.Keyword.SYNCHRONIZED)
                    .forEach(m -> sites.add(new Site(method, "synchronized removed", removeWord(s, m))));
        }
        return sites;
    }

    private static List<Site> ask(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (MethodDeclaration method : s.unit().findAll(MethodDeclaration.class)) {
            boolean inInterface = method.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration type
                    && type.isInterface();
            if (method.isSynchronized() || method.getBody().isEmpty() || inInterface) {
                continue;
            }
            Edit edit;
            if (method.getModifiers().isNonEmpty()) {
                edit = new Edit(s.end(method.getModifiers().getLast().orElseThrow()), s.end(method.getModifiers().getLast().orElseThrow()), " synchronized");
            } else {
                int at = method.getTypeParameters().isEmpty() ? s.begin(method.getType())
                        : s.text().lastIndexOf('<', s.begin(method.getTypeParameter(0)));
                edit = new Edit(at, at, "synchronized ");
            }
            sites.add(new Site(method, "synchronized added", edit));
        }
        return sites;
    }

    private static List<Site> rvk(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (FieldDeclaration field : s.unit().findAll(FieldDeclaration.class)) {
            field.getModifiers().stream().filter(m -> m.getKeyword() == Modifier.Keyword.VOLATILE)
                    .forEach(m -> sites.add(new Site(field, "volatile removed", removeWord(s, m))));
        }
        return sites;
    }

    private static List<Site> rsb(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (SynchronizedStmt block : s.unit().findAll(SynchronizedStmt.class)) {
            sites.add(new Site(block, "synchronized (" + s.text(block.getExpression()) + ") removed, body kept",
                    new Edit(s.begin(block), s.begin(block.getBody()), "")));
        }
        return sites;
    }

    /** Removes a modifier and the space after it. */
    private static Edit removeWord(JavaSource s, Node word) {
        int end = s.end(word);
        while (end < s.text().length() && s.text().charAt(end) == ' ') {
            end++;
        }
        return new Edit(s.begin(word), end, "");
    }

    // ---------------------------------------------------------------- RFU

    private static List<Site> rfu(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (TryStmt attempt : s.unit().findAll(TryStmt.class)) {
            if (attempt.getFinallyBlock().isEmpty()) {
                continue;
            }
            BlockStmt cleanup = attempt.getFinallyBlock().get();
            for (Statement statement : cleanup.getStatements()) {
                if (!(statement instanceof ExpressionStmt expression && expression.getExpression() instanceof MethodCallExpr call
                        && RELEASE.contains(call.getNameAsString()))) {
                    continue;
                }
                String release = s.text(statement);
                List<Edit> edits = new ArrayList<>();
                if (cleanup.getStatements().size() > 1) {
                    edits.add(s.replace(statement, ";"));
                } else if (attempt.getCatchClauses().isNonEmpty()) {
                    edits.add(new Edit(s.end(attempt.getCatchClauses().getLast().orElseThrow()), s.end(cleanup), ""));
                } else if (attempt.getResources().isEmpty()) {
                    edits.add(new Edit(s.begin(attempt), s.begin(attempt.getTryBlock()), ""));
                    edits.add(new Edit(s.end(attempt.getTryBlock()), s.end(attempt), ""));
                } else {
                    edits.add(new Edit(s.end(attempt.getTryBlock()), s.end(attempt), ""));
                }
                BlockStmt body = attempt.getTryBlock();
                for (ReturnStmt exit : body.findAll(ReturnStmt.class)) {
                    if (sameCode(exit, attempt)) {
                        edits.add(s.replace(exit, releaseThenReturn(s, exit, release)));
                    }
                }
                Optional<Statement> last = body.getStatements().getLast();
                if (last.isEmpty()) {
                    edits.add(new Edit(s.begin(body) + 1, s.begin(body) + 1, " " + release));
                } else if (!endsAbruptly(last.get())) {
                    edits.add(new Edit(s.end(last.get()), s.end(last.get()), " " + release));
                }
                sites.add(new Site(statement, oneLine(release) + " moved out of finally: runs on normal paths only", edits));
            }
        }
        return sites;
    }

    /** Roughly javac's "cannot complete normally": code after such a statement is unreachable. */
    private static boolean endsAbruptly(Statement statement) {
        return switch (statement) {
            case ReturnStmt r -> true;
            case ThrowStmt t -> true;
            case BlockStmt b -> b.getStatements().getLast().map(Operators::endsAbruptly).orElse(false);
            case TryStmt t -> endsAbruptly(t.getTryBlock())
                    && t.getCatchClauses().stream().allMatch(c -> endsAbruptly(c.getBody()));
            case IfStmt i -> i.getElseStmt().map(e -> endsAbruptly(i.getThenStmt()) && endsAbruptly(e)).orElse(false);
            default -> false;
        };
    }

    private static String releaseThenReturn(JavaSource s, ReturnStmt exit, String release) {
        if (exit.getExpression().isEmpty()) {
            return "{ " + release + " return; }";
        }
        Expression value = exit.getExpression().get();
        if (value instanceof LiteralExpr) {
            return "{ " + release + " " + s.text(exit) + " }";
        }
        // The value is computed first, still under the lock, as the original return does.
        return "{ var mutantResult = " + s.text(value) + "; " + release + " return mutantResult; }";
    }

    /** True if both nodes belong to the same method body or lambda (not one nested in the other). */
    private static boolean sameCode(Node a, Node b) {
        return codeOwner(a) == codeOwner(b);
    }

    private static Node codeOwner(Node node) {
        for (Optional<Node> at = node.getParentNode(); at.isPresent(); at = at.get().getParentNode()) {
            if (at.get() instanceof LambdaExpr || at.get() instanceof CallableDeclaration<?>
                    || at.get() instanceof ClassOrInterfaceDeclaration) {
                return at.get();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- MSP, EELO

    private static List<Site> msp(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (SynchronizedStmt block : s.unit().findAll(SynchronizedStmt.class)) {
            Expression lock = block.getExpression();
            sites.add(change(s, lock, "new Object()", "synchronized (" + s.text(lock) + ")"));
            boolean isStatic = block.findAncestor(MethodDeclaration.class).map(MethodDeclaration::isStatic).orElse(false);
            if (!(lock instanceof ThisExpr) && !isStatic) {
                sites.add(change(s, lock, "this", "synchronized (" + s.text(lock) + ")"));
            }
        }
        return sites;
    }

    /** An explicit lock's critical region: {@code x.lock(); try { body } finally { ...x.unlock()... }}. */
    private record LockRegion(ExpressionStmt acquire, MethodCallExpr acquireCall, TryStmt attempt, MethodCallExpr releaseCall) {}

    private static List<LockRegion> lockRegions(JavaSource s, Node within) {
        List<LockRegion> regions = new ArrayList<>();
        for (BlockStmt block : within.findAll(BlockStmt.class)) {
            NodeList<Statement> statements = block.getStatements();
            for (int i = 0; i + 1 < statements.size(); i++) {
                if (statements.get(i) instanceof ExpressionStmt acquire && acquire.getExpression() instanceof MethodCallExpr call
                        && ACQUIRE.contains(call.getNameAsString()) && call.getScope().isPresent()
                        && statements.get(i + 1) instanceof TryStmt attempt && attempt.getResources().isEmpty()
                        && attempt.getFinallyBlock().isPresent()) {
                    String lock = s.text(call.getScope().get());
                    for (Statement cleanup : attempt.getFinallyBlock().get().getStatements()) {
                        if (cleanup instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr release
                                && RELEASE.contains(release.getNameAsString())
                                && release.getScope().map(s::text).orElse("").equals(lock)) {
                            regions.add(new LockRegion(acquire, call, attempt, release));
                            break;
                        }
                    }
                }
            }
        }
        return regions;
    }

    private static List<Site> eelo(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (CallableDeclaration<?> member : s.unit().findAll(CallableDeclaration.class)) {
            List<LockRegion> regions = lockRegions(s, member);
            for (LockRegion region : regions) {
                Expression lock = region.acquireCall().getScope().orElseThrow();
                Expression unlock = region.releaseCall().getScope().orElseThrow();
                String what = s.text(region.acquireCall()) + " ... " + s.text(region.releaseCall());
                if (region.acquireCall().getNameAsString().startsWith("lock")) {
                    sites.add(new Site(region.acquire(), what + " -> on a fresh ReentrantLock", List.of(
                            s.insertBefore(region.acquire(), "var mutantLock = new java.util.concurrent.locks.ReentrantLock(); "),
                            s.replace(lock, "mutantLock"), s.replace(unlock, "mutantLock"))));
                }
                for (LockRegion other : regions) {
                    String otherLock = s.text(other.acquireCall().getScope().orElseThrow());
                    if (!otherLock.equals(s.text(lock)) && other.acquireCall().getNameAsString().equals(region.acquireCall().getNameAsString())) {
                        sites.add(new Site(region.acquire(), what + " -> on " + otherLock,
                                List.of(s.replace(lock, otherLock), s.replace(unlock, otherLock))));
                    }
                }
            }
        }
        return sites;
    }

    // ---------------------------------------------------------------- MXC, MSF, UBQ

    private static final Set<String> COUNTED = Set.of("Semaphore", "CountDownLatch", "CyclicBarrier", "Phaser",
            "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque");
    private static final Set<String> POOLS = Set.of("newFixedThreadPool", "newScheduledThreadPool", "newWorkStealingPool");

    private static List<Site> mxc(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (ObjectCreationExpr creation : s.unit().findAll(ObjectCreationExpr.class)) {
            if (COUNTED.contains(creation.getType().getNameAsString()) && creation.getArguments().isNonEmpty()) {
                sites.addAll(plusMinusOne(s, creation.getArgument(0), s.text(creation)));
            }
        }
        for (MethodCallExpr call : s.unit().findAll(MethodCallExpr.class)) {
            String name = call.getNameAsString();
            if (POOLS.contains(name) && call.getArguments().isNonEmpty()) {
                sites.addAll(plusMinusOne(s, call.getArgument(0), callTail(s, call)));
            } else if ((name.equals("acquire") || name.equals("release") || name.equals("acquireUninterruptibly"))
                    && call.getScope().isPresent() && !usedAsReceiver(call)) {
                if (call.getArguments().isEmpty()) {
                    sites.add(renameCall(s, call, name + "(2)"));
                } else if (call.getArguments().size() == 1) {
                    sites.addAll(plusMinusOne(s, call.getArgument(0), callTail(s, call)));
                }
            }
        }
        return sites;
    }

    private static List<Site> plusMinusOne(JavaSource s, Expression count, String context) {
        List<Site> sites = new ArrayList<>();
        String t = s.text(count);
        for (int delta : new int[] {1, -1}) {
            String changed = count instanceof IntegerLiteralExpr literal
                    ? Integer.toString(literal.asNumber().intValue() + delta)
                    : operand(count, t) + (delta > 0 ? " + 1" : " - 1");
            sites.add(change(s, count, changed, context));
        }
        return sites;
    }

    private static List<Site> msf(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (ObjectCreationExpr creation : s.unit().findAll(ObjectCreationExpr.class)) {
            String type = creation.getType().getNameAsString();
            NodeList<Expression> args = creation.getArguments();
            int fairness = switch (type) {
                case "ReentrantLock", "ReentrantReadWriteLock" -> 0;
                case "Semaphore", "ArrayBlockingQueue" -> 1;
                default -> -1;
            };
            if (fairness < 0 || args.size() < fairness) {
                continue;
            }
            String changed;
            if (args.size() == fairness) {
                String before = args.stream().map(s::text).collect(Collectors.joining(", "));
                changed = "(" + before + (before.isEmpty() ? "" : ", ") + "true)";
            } else {
                Expression flag = args.get(fairness);
                String flipped = flag instanceof BooleanLiteralExpr b ? Boolean.toString(!b.getValue()) : "!(" + s.text(flag) + ")";
                List<String> texts = new ArrayList<>(args.stream().map(s::text).toList());
                texts.set(fairness, flipped);
                changed = "(" + String.join(", ", texts) + ")";
            }
            int open = s.text().indexOf('(', s.end(creation.getType()));
            String after = "new " + s.text(creation.getType()) + changed;
            sites.add(new Site(creation, s.text(creation) + " -> " + after, new Edit(open, s.end(creation), changed)));
        }
        return sites;
    }

    private static List<Site> ubq(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (ObjectCreationExpr creation : s.unit().findAll(ObjectCreationExpr.class)) {
            String type = creation.getType().getNameAsString();
            if (Set.of("ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque").contains(type)
                    && creation.getArguments().isNonEmpty() && creation.getAnonymousClassBody().isEmpty()) {
                String unbounded = type.equals("LinkedBlockingDeque") ? "LinkedBlockingDeque" : "LinkedBlockingQueue";
                String typeArguments = creation.getType().getTypeArguments()
                        .map(list -> list.stream().map(Type::asString).collect(Collectors.joining(", ", "<", ">")))
                        .orElse("");
                String replacement = "new java.util.concurrent." + unbounded + typeArguments + "()";
                sites.add(new Site(creation, s.text(creation) + " -> new " + unbounded + typeArguments + "()",
                        s.replace(creation, replacement)));
            }
        }
        return sites;
    }

    // ---------------------------------------------------------------- SHCR, SKCR, EXCR, SPCR

    private enum Reshape { SHIFT, SHRINK, EXPAND, SPLIT }

    /**
     * A critical region as statements of a block: a synchronized block, or an explicit lock's
     * acquire statement with the try that releases it. {@code wrap} rebuilds it around other
     * statements.
     */
    private record Region(String name, List<Statement> construct, List<Statement> body, Statement before,
            Statement after, Function<String, String> wrap) {}

    private static List<Region> criticalRegions(JavaSource s) {
        List<Region> regions = new ArrayList<>();
        for (SynchronizedStmt block : s.unit().findAll(SynchronizedStmt.class)) {
            if (block.getParentNode().orElse(null) instanceof BlockStmt parent) {
                String head = "synchronized (" + s.text(block.getExpression()) + ")";
                regions.add(region(head + " {...}", parent, List.of(block), block.getBody().getStatements(),
                        inner -> head + " {" + inner + "}"));
            }
        }
        for (LockRegion lock : lockRegions(s, s.unit())) {
            BlockStmt parent = (BlockStmt) lock.acquire().getParentNode().orElseThrow();
            TryStmt attempt = lock.attempt();
            String acquire = s.text(lock.acquire());
            String cleanup = s.text().substring(s.end(attempt.getTryBlock()), s.end(attempt));
            regions.add(region(oneLine(acquire) + " try {...}", parent, List.of(lock.acquire(), attempt),
                    attempt.getTryBlock().getStatements(), inner -> acquire + " try {" + inner + "}" + cleanup));
        }
        return regions;
    }

    private static Region region(String name, BlockStmt parent, List<Statement> construct, List<Statement> body,
            Function<String, String> wrap) {
        NodeList<Statement> siblings = parent.getStatements();
        int first = indexOf(siblings, construct.getFirst());
        int last = indexOf(siblings, construct.getLast());
        return new Region(name, construct, List.copyOf(body), first > 0 ? siblings.get(first - 1) : null,
                last + 1 < siblings.size() ? siblings.get(last + 1) : null, wrap);
    }

    private static List<Site> regions(JavaSource s, Reshape reshape) {
        List<Site> sites = new ArrayList<>();
        for (Region r : criticalRegions(s)) {
            List<Statement> body = r.body();
            int n = body.size();
            switch (reshape) {
                case SHIFT -> {
                    if (r.before() != null && n >= 1) {
                        sites.add(reshaped(s, r, "shifted up one statement", true, false,
                                List.of(concat(List.of(r.before()), body.subList(0, n - 1)), body.getLast())));
                    }
                    if (r.after() != null && n >= 1) {
                        sites.add(reshaped(s, r, "shifted down one statement", false, true,
                                List.of(body.getFirst(), concat(body.subList(1, n), List.of(r.after())))));
                    }
                }
                case SHRINK -> {
                    if (n >= 2) {
                        sites.add(reshaped(s, r, "first statement moved out before it", false, false,
                                List.of(body.getFirst(), body.subList(1, n))));
                        sites.add(reshaped(s, r, "last statement moved out after it", false, false,
                                List.of(body.subList(0, n - 1), body.getLast())));
                    }
                }
                case EXPAND -> {
                    if (r.before() != null) {
                        sites.add(reshaped(s, r, "expanded over the statement before it", true, false,
                                List.of(concat(List.of(r.before()), body))));
                    }
                    if (r.after() != null) {
                        sites.add(reshaped(s, r, "expanded over the statement after it", false, true,
                                List.of(concat(body, List.of(r.after())))));
                    }
                }
                case SPLIT -> {
                    for (int k = 1; k < n; k++) {
                        sites.add(reshaped(s, r, "split in two after statement " + k + " of " + n, false, false,
                                List.of(body.subList(0, k), body.subList(k, n))));
                    }
                }
            }
        }
        return sites;
    }

    /** By identity: JavaParser's equals compares structure, and two statements may look alike. */
    private static int indexOf(List<Statement> statements, Statement wanted) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) == wanted) {
                return i;
            }
        }
        throw new IllegalStateException("statement not in its parent block: " + wanted);
    }

    private static List<Statement> concat(List<Statement> a, List<Statement> b) {
        List<Statement> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The region rebuilt as {@code items}: each a statement outside any region, or a list of
     * statements inside one. Local variables declared in the rebuilt statements are declared
     * before it all (and assigned where they were), so that moving a statement across the
     * region's edge does not take a variable out of scope.
     */
    private static Site reshaped(JavaSource s, Region r, String what, boolean withBefore, boolean withAfter, List<Object> items) {
        Node from = withBefore ? r.before() : r.construct().getFirst();
        Node to = withAfter ? r.after() : r.construct().getLast();
        String indent = s.indent(r.construct().getFirst());
        StringBuilder declarations = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            if (!out.isEmpty()) {
                out.append('\n').append(indent);
            }
            if (item instanceof Statement statement) {
                out.append(hoisted(s, statement, declarations));
            } else {
                StringBuilder inner = new StringBuilder();
                for (Object statement : (List<?>) item) {
                    inner.append('\n').append(indent).append("    ").append(hoisted(s, (Statement) statement, declarations));
                }
                out.append(r.wrap().apply(inner + "\n" + indent));
            }
        }
        return new Site(r.construct().getFirst(), r.name() + ": " + what,
                new Edit(s.begin(from), s.end(to), declarations + out.toString()));
    }

    /** The statement's text; a local variable declaration becomes an assignment, its declaration added to {@code declarations}. */
    private static String hoisted(JavaSource s, Statement statement, StringBuilder declarations) {
        if (statement instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr declaration
                && declaration.getVariables().stream().noneMatch(v -> v.getType().isVarType())) {
            StringBuilder assignments = new StringBuilder();
            declaration.getVariables().forEach(v -> {
                declarations.append(v.getType().asString()).append(' ').append(v.getNameAsString()).append("; ");
                v.getInitializer().ifPresent(init -> assignments.append(v.getNameAsString()).append(" = ")
                        .append(s.text(init)).append("; "));
            });
            return assignments.toString().strip();
        }
        return s.text(statement);
    }

    // ---------------------------------------------------------------- RTWR, WTI, RIS

    private static List<Site> rtwr(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (TryStmt attempt : s.unit().findAll(TryStmt.class)) {
            if (attempt.getResources().size() != 1
                    || !(attempt.getResources().get(0) instanceof VariableDeclarationExpr resource)
                    || !s.text(resource).contains("Executor")) {
                continue;
            }
            boolean plain = attempt.getCatchClauses().isEmpty() && attempt.getFinallyBlock().isEmpty();
            sites.add(new Site(attempt, "try (" + oneLine(s.text(resource)) + ") -> never closed", List.of(
                    new Edit(s.begin(attempt), s.begin(attempt.getTryBlock()), "{ " + s.text(resource) + "; " + (plain ? "" : "try ")),
                    new Edit(s.end(attempt), s.end(attempt), " }"))));
        }
        return sites;
    }

    private static List<Site> wti(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (WhileStmt loop : s.unit().findAll(WhileStmt.class)) {
            boolean waits = loop.getBody().findAll(MethodCallExpr.class).stream()
                    .anyMatch(call -> WAITS.contains(call.getNameAsString()) && sameCode(call, loop));
            if (waits) {
                int at = s.begin(loop);
                sites.add(new Site(loop, "while (" + oneLine(s.text(loop.getCondition())) + ") around a wait -> if",
                        new Edit(at, at + "while".length(), "if")));
            }
        }
        return sites;
    }

    private static List<Site> ris(JavaSource s) {
        List<Site> sites = new ArrayList<>();
        for (ExpressionStmt statement : s.unit().findAll(ExpressionStmt.class)) {
            if (isInterruptRestore(statement)) {
                sites.add(new Site(statement, "interrupt status not restored: removed " + s.text(statement),
                        s.replace(statement, ";")));
            } else if (statement.getExpression() instanceof MethodCallExpr call && interruptible(call)
                    && (call.getScope().isPresent() || isImplicitWait(call))) {
                sites.add(new Site(statement, oneLine(s.text(statement)) + " -> InterruptedException caught and ignored",
                        s.replace(statement, "try { " + s.text(statement) + " } catch (InterruptedException mutantIgnored) { }")));
            }
        }
        return sites;
    }

    /** Whether the call can throw InterruptedException (by name and argument count: the untimed poll or offer cannot). */
    private static boolean interruptible(MethodCallExpr call) {
        int args = call.getArguments().size();
        return INTERRUPTIBLE.contains(call.getNameAsString()) && !isStringJoin(call) && switch (call.getNameAsString()) {
            case "poll", "tryLock", "tryAcquire" -> args >= 2;
            case "offer" -> args == 3;
            case "put" -> args == 1;
            default -> true;
        };
    }

    // ---------------------------------------------------------------- helpers

    private static List<MethodCallExpr> calls(JavaSource s, String name, int arguments) {
        return s.unit().findAll(MethodCallExpr.class).stream()
                .filter(c -> c.getNameAsString().equals(name) && c.getArguments().size() == arguments)
                .filter(c -> c.getScope().isPresent() && !usedAsReceiver(c))
                .toList();
    }

    /** {@code first.lock()} in {@code first.lock().lock()}: a getter, not a wait. */
    private static boolean usedAsReceiver(MethodCallExpr call) {
        return call.getParentNode().orElse(null) instanceof MethodCallExpr parent
                && parent.getScope().map(scope -> scope == call).orElse(false);
    }

    /** Replaces a call's name and arguments ({@code join()} of {@code x.join()}). */
    private static Site renameCall(JavaSource s, MethodCallExpr call, String nameAndArguments) {
        String before = callTail(s, call);
        return new Site(call, before + " -> " + nameAndArguments,
                new Edit(s.begin(call.getName()), s.end(call), nameAndArguments));
    }

    /** A call from its name on: {@code timedWait(this, left)}. */
    private static String callTail(JavaSource s, MethodCallExpr call) {
        return oneLine(s.text().substring(s.begin(call.getName()), s.end(call)));
    }

    /** Replaces {@code node}; described as {@code context} before and after. */
    private static Site change(JavaSource s, Node node, String replacement, String context) {
        String original = s.text(node);
        String after = context.contains(original) ? context.replace(original, replacement) : replacement;
        return new Site(node, context + " -> " + oneLine(after), s.replace(node, replacement));
    }

    private static String operand(Expression e, String text) {
        return e instanceof NameExpr || e instanceof LiteralExpr || e instanceof FieldAccessExpr ? text : "(" + text + ")";
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
