package trainbook.engine;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The one edit-distance helper: how far a mistyped name is from the valid ones, and which valid name the user
 * probably meant. The engine's own errors (an unknown optimizer) and the magics' ("did you mean ...?") both use it.
 */
public final class Spelling {
    private Spelling() {}

    /** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
    public static int distance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }

    /** The candidate with the smallest distance to {@code token} (the first on ties), however far; null for none. */
    public static String nearest(String token, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(token, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /**
     * The candidate closest to {@code token}, when close enough to be a plausible typo: within
     * max(1, min(3, length/3)) edits, or {@code token} is a prefix (≥ 2 characters) of a candidate.
     */
    public static Optional<String> closest(String token, Collection<String> candidates) {
        if (token == null || token.isEmpty()) return Optional.empty();
        String best = nearest(token, candidates);
        if (best == null) return Optional.empty();
        int limit = Math.max(1, Math.min(3, token.length() / 3));
        if (distance(token, best) <= limit) return Optional.of(best);
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.length() >= 2) {
            for (String c : candidates) {
                if (c.toLowerCase(Locale.ROOT).startsWith(lower)) return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    public static String didYouMean(String token, Collection<String> candidates) {
        return closest(token, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
