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
}
