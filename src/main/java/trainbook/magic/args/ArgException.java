package trainbook.magic.args;

/**
 * A user error in a magic's arguments: unknown key, bad value, unknown name, conflicting keys, a variable of the
 * wrong type. The message is one line that quotes the offending token and says what would be valid; the magics
 * show it as a one-line error without a stack trace (the trace is not even filled in).
 */
public class ArgException extends IllegalArgumentException {
    private final String token;

    /**
     * @param token   the offending token as the user typed it (may be null when no single token is at fault)
     * @param message one line, quoting the token and listing what is valid
     */
    public ArgException(String token, String message) {
        super(oneLine(message));
        this.token = token;
    }

    /** Control characters quoted from user input (a CR or LF inside quotes) shown escaped, so the message stays one line. */
    static String oneLine(String message) {
        if (message == null) return null;
        StringBuilder sb = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The offending token, or null. */
    public String token() { return token; }

    /** A copy whose message starts with the magic's name, e.g. {@code %train: unknown key 'epoch' ...}. */
    public ArgException withPrefix(String magic) {
        String m = getMessage();
        if (m.startsWith(magic + ":")) return this;
        return new ArgException(token, magic + ": " + m);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a user error: the stack trace would only be noise
    }
}
