package trainbook.magic.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument line into {@link Token}s.
 *
 * <p>Rules: tokens are separated by whitespace outside quotes and parentheses; single or double quotes group
 * text with spaces and are removed ({@code target="sepal length"}); a backslash escapes the next character;
 * whitespace inside parentheses stays in the token ({@code model=mlp(512, 256)} is one token, spaces dropped);
 * a token splits at its first {@code =} into key and value. Unbalanced quotes or parentheses, an empty key or an
 * empty value are errors.
 */
public final class Tokenizer {
    private Tokenizer() {}

    /** Tokenizes a raw argument line. */
    public static List<Token> tokenize(String line) {
        List<String> pieces = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false, wasQuoted = false;
        char quote = 0;
        int depth = 0;
        int start = 0;
        String s = line == null ? "" : line;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!any) start = i;
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                any = true;
            } else if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
                wasQuoted = true;
            } else if (Character.isWhitespace(c)) {
                if (depth > 0) continue;
                if (any) { pieces.add(cur.toString()); quoted.add(wasQuoted); }
                cur.setLength(0);
                any = false;
                wasQuoted = false;
            } else {
                if (c == '(') depth++;
                if (c == ')') {
                    depth--;
                    if (depth < 0) {
                        throw new ArgException(s.substring(start).split("\\s+")[0],
                                "unbalanced ')' in '" + s.substring(start).split("\\s+")[0] + "': parentheses"
                                        + " belong to values like model=mlp(64,32) or data=blobs(n=500), e.g. write"
                                        + " model=mlp(64,32)");
                    }
                }
                cur.append(c);
                any = true;
            }
        }
        if (quote != 0) {
            throw new ArgException(s.substring(start), "unclosed quote " + quote + " in '" + s.substring(start).trim() + "'");
        }
        if (depth > 0) {
            throw new ArgException(cur.toString(), "unclosed '(' in '" + cur + "': write e.g. model=mlp(512,256)");
        }
        if (any) { pieces.add(cur.toString()); quoted.add(wasQuoted); }

        List<Token> out = new ArrayList<>();
        for (String p : pieces) out.add(toToken(p));
        return out;
    }

    /**
     * Tokenizes arguments that JJava's magic parser already split at whitespace (it removes double quotes and
     * keeps their content as one argument): fragments are re-joined, so {@code mlp(512, 256)} and quoted values
     * with spaces come out as with {@link #tokenize(String)}.
     */
    public static List<Token> fromArgs(List<String> args) {
        StringBuilder line = new StringBuilder();
        // JJava leaves single quotes alone: balanced ones across the arguments still group words
        long singles = args.stream().mapToLong(a -> a.chars().filter(c -> c == '\'').count()).sum();
        boolean keepSingles = singles % 2 == 0;
        for (String a : args) {
            if (line.length() > 0) line.append(' ');
            boolean needsQuotes = a.chars().anyMatch(Character::isWhitespace) && parenDepth(a) == 0;
            String escaped = a.replace("\\", "\\\\").replace("\"", "\\\"");
            if (needsQuotes) {
                line.append('"').append(escaped).append('"');
            } else {
                line.append(keepSingles ? escaped : escaped.replace("'", "\\'"));
            }
        }
        return tokenize(line.toString());
    }

    private static int parenDepth(String s) {
        int d = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') d++;
            if (c == ')') d--;
        }
        return d;
    }

    private static Token toToken(String p) {
        int eq = p.indexOf('=');
        if (eq < 0) return new Token(null, p, p);
        String key = p.substring(0, eq).trim();
        String value = p.substring(eq + 1);
        if (key.isEmpty()) {
            throw new ArgException(p, "missing key before '=' in '" + p + "': write key=value, e.g. lr=3e-4");
        }
        if (value.isEmpty()) {
            throw new ArgException(p, "missing value in '" + p + "': write " + key + "=VALUE without spaces around '='");
        }
        return new Token(key, value, p);
    }
}
