package workshop.selfcheck.mutation;

/**
 * One mutant: the reference answer {@code path} (relative to solutions/src/main/java) with one
 * small edit, giving {@code source}. Its {@link #id()} names the operator, the member and the
 * ordinal of this operator's mutants within that member, so that it stays the same when
 * unrelated lines move; {@code line}, {@code column} and {@code originalLine} (the reference
 * answer's text there) are only for reading.
 */
public record Mutant(String module, String operator, String path, String member, int ordinal, int line, int column,
        String description, String originalLine, String source) {

    /** For example {@code RNA:Event.set()#1}. */
    public String id() {
        return operator + ":" + member + "#" + ordinal;
    }

    /** The member's name without its parameters: {@code Event.await}. */
    public String memberName() {
        int paren = member.indexOf('(');
        return paren < 0 ? member : member.substring(0, paren);
    }

    public String where() {
        return path + ":" + line + ":" + column;
    }

    @Override
    public String toString() {
        return id() + " " + description + " (" + where() + ")";
    }
}
