package trainbook.magic.args;

import trainbook.engine.Spelling;

import java.util.Collection;
import java.util.Optional;

/** Closest-match suggestions ("did you mean ...?") for the magics' errors; the matching is {@link Spelling}'s. */
public final class Suggest {
    private Suggest() {}

    /** See {@link Spelling#distance(String, String)}. */
    public static int distance(String a, String b) {
        return Spelling.distance(a, b);
    }

    /** See {@link Spelling#closest(String, Collection)}. */
    public static Optional<String> closest(String token, Collection<String> candidates) {
        return Spelling.closest(token, candidates);
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    public static String didYouMean(String token, Collection<String> candidates) {
        return Spelling.didYouMean(token, candidates);
    }
}
