package trainbook.engine.optim;

import trainbook.engine.KeyScope;

import trainbook.engine.TrainSpec;

import java.util.List;
import java.util.Locale;

/**
 * Builds Trainbook's optimizers from a {@link TrainSpec}: {@code spec.opt} picks the rule, {@code spec.momentum}
 * feeds {@code sgd} (as torch's {@code SGD(momentum=μ)}), {@code momentum}, {@code nesterov} and {@code rmsprop}
 * (default: {@link KeyScope#momentum}), {@code spec.wd} is L2-coupled weight decay for every rule except
 * {@code adamw}, where it is decoupled. All rules follow {@code torch.optim}'s definitions and defaults.
 *
 * <pre>{@code
 * UpdateRule opt = Optimizers.create(new TrainSpec().opt("nesterov").momentum(0.9).wd(1e-4));
 * }</pre>
 */
public final class Optimizers {
    /** Valid values of {@code opt=}. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad");

    private Optimizers() {}

    /**
     * Creates the optimizer named by {@code spec.opt}.
     *
     * @throws IllegalArgumentException for an unknown name (the message quotes it, lists {@link #NAMES} and the
     *                                  closest match) or an invalid momentum / weight decay
     */
    public static UpdateRule create(TrainSpec spec) {
        String name = canonical(spec.opt());
        return switch (name) {
            // opt=sgd momentum=μ is torch's SGD(momentum=μ): classical momentum under the name the user chose
            case "sgd" -> new Sgd("sgd", KeyScope.momentum(spec), false, spec.wd());
            case "momentum" -> new Sgd("momentum", KeyScope.momentum(spec), false, spec.wd());
            case "nesterov" -> new Sgd(KeyScope.momentum(spec), true, spec.wd());
            case "adam" -> new Adam(false, spec.wd());
            case "adamw" -> new Adam(true, spec.wd());
            case "rmsprop" -> new RmsProp(spec.wd(), RmsProp.ALPHA, RmsProp.EPS, KeyScope.momentum(spec));
            case "adagrad" -> new Adagrad(spec.wd());
            default -> throw new AssertionError(name);
        };
    }

    /**
     * One line describing the rule {@code spec} selects, e.g. {@code adamw (β1 0.9, β2 0.999, ε 1e-8, decoupled wd 0.01)}.
     *
     * @throws IllegalArgumentException for an unknown optimizer name
     */
    public static String describe(TrainSpec spec) {
        String name = canonical(spec.opt());
        String wd = TrainSpec.num(spec.wd());
        String l2 = spec.wd() == 0 ? "" : ", L2 wd " + wd;
        double m = KeyScope.momentum(spec);
        String mu = TrainSpec.num(m);
        return switch (name) {
            case "sgd" -> m == 0 ? "sgd (plain" + l2 + ")" : "sgd (momentum μ " + mu + ", dampening 0" + l2 + ")";
            case "momentum" -> "momentum (SGD, μ " + mu + l2 + ")";
            case "nesterov" -> "nesterov (SGD, Nesterov μ " + mu + l2 + ")";
            case "adam" -> "adam (β1 0.9, β2 0.999, ε 1e-8" + l2 + ")";
            case "adamw" -> "adamw (β1 0.9, β2 0.999, ε 1e-8, decoupled wd " + wd + ")";
            case "rmsprop" -> "rmsprop (α 0.99, ε 1e-8" + (m == 0 ? "" : ", μ " + mu) + l2 + ")";
            case "adagrad" -> "adagrad (ε 1e-10" + l2 + ")";
            default -> throw new AssertionError(name);
        };
    }

    /**
     * The canonical name for {@code opt} (case and surrounding blanks ignored; {@code nag} means nesterov).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static String canonical(String opt) {
        if (opt == null) throw new IllegalArgumentException("opt is missing: use one of " + String.join(", ", NAMES));
        String n = opt.trim().toLowerCase(Locale.ROOT);
        if (n.equals("nag")) n = "nesterov";
        if (NAMES.contains(n)) return n;
        throw new IllegalArgumentException("unknown optimizer '" + opt + "': use one of " + String.join(", ", NAMES)
                + " (closest: " + closest(n, NAMES) + ")");
    }

    /** The candidate with the smallest edit distance to {@code s} (first on ties). */
    static String closest(String s, List<String> candidates) {
        return trainbook.engine.Spelling.nearest(s, candidates);
    }
}
