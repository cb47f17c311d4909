package trainbook.magic.args;

/**
 * One argument of a magic: {@code key=value}, or a positional word (run name, {@code all}, {@code --help}) when
 * {@link #key()} is null.
 *
 * @param key   the key before the first {@code =}, or null for a positional word
 * @param value the text after the first {@code =} (quotes removed), or the whole word when positional
 * @param raw   the token as typed (quotes removed)
 */
public record Token(String key, String value, String raw) {
    /** True for a word without {@code =}. */
    public boolean positional() { return key == null; }

    /**
     * This positional word as the one run a single-run magic ({@code %doctor}, {@code %interpret}) looks at.
     *
     * @param earlier the run name already given, or null
     * @throws ArgException when a run was already named
     */
    public String onlyRun(String earlier) {
        if (earlier != null) {
            throw new ArgException(value, "one run at a time: got '" + earlier + "' and '" + value
                    + "'; use %compare to look at several");
        }
        return value;
    }
}
