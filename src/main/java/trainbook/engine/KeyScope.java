package trainbook.engine;

import trainbook.engine.optim.Optimizers;
import trainbook.engine.schedule.Schedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * THE table of keys that only act with a certain optimizer, schedule or other key: for each, when it applies and,
 * when it does not, what would make it apply. The {@code %train}/{@code %lrfind}/{@code %compare} parser rejects a
 * key given explicitly where the table says it has no effect, so no key is ever accepted and silently ignored;
 * every other key acts with every optimizer and schedule.
 *
 * <p>The table follows what the engine does: {@code momentum} feeds {@code sgd} (torch's
 * {@code SGD(momentum=μ)}, classical momentum, dampening 0), {@code momentum}, {@code nesterov} and
 * {@code rmsprop}; Adam and AdamW have β1 (0.9) in its place and Adagrad has none. One-cycle can only cycle a
 * momentum the optimizer has.
 */
public final class KeyScope {
    private KeyScope() {}

    /** Optimizers that read {@code momentum=}. */
    public static final List<String> MOMENTUM_OPTS = List.of("sgd", "momentum", "nesterov", "rmsprop");
    /** Optimizers whose momentum (μ or Adam's β1) a one-cycle schedule can cycle. */
    public static final List<String> CYCLABLE_OPTS = List.of("momentum", "nesterov", "adam", "adamw");

    /**
     * One row: the key, the condition under which it acts, how to name the spec's current setting in an error,
     * and what would be valid.
     */
    public record Rule(String key, Predicate<TrainSpec> applies, Function<TrainSpec, String> current, String appliesTo) {}

    /** Every scoped key, in help order. */
    public static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        // one-cycle sets the momentum of SGD-family rules at every step, so a momentum= there would be overwritten
        add(new Rule("momentum", s -> MOMENTUM_OPTS.contains(opt(s)) && !cycledOver(s),
                s -> cycledOver(s) ? "with sched=onecycle, which cycles the momentum 0.95 → 0.85 → 0.95 itself"
                        : "with opt=" + opt(s),
                "opt=sgd|momentum|nesterov|rmsprop (adam and adamw use β1 0.9 instead, adagrad has no momentum);"
                        + " with sched=onecycle add cycle_momentum=false to keep a fixed momentum"));
        add(new Rule("step", s -> sched(s).equals("step"), KeyScope::schedNow, "sched=step: add sched=step or drop it"));
        add(new Rule("milestones", s -> sched(s).equals("multistep"), KeyScope::schedNow,
                "sched=multistep: add sched=multistep or drop it"));
        add(new Rule("gamma", s -> List.of("step", "multistep", "exp").contains(sched(s)), KeyScope::schedNow,
                "sched=step|multistep|exp"));
        add(new Rule("final", s -> List.of("cosine", "onecycle").contains(sched(s)), KeyScope::schedNow,
                "sched=cosine|onecycle"));
        add(new Rule("cycle_momentum", s -> sched(s).equals("onecycle") && hasCyclableMomentum(s),
                s -> sched(s).equals("onecycle") ? "with opt=" + opt(s) + (opt(s).equals("sgd") ? " and no momentum" : "")
                        : "with sched=" + schedLabel(s),
                "sched=onecycle with an optimizer that has a momentum to cycle: opt=momentum|nesterov|adam|adamw"));
        add(new Rule("warmup_mode", s -> s.warmupEpochs() > 0 || s.warmupSteps() > 0, s -> "without a warmup",
                "a warmup length: add e.g. warmup=1 (epochs) or warmup=500s (steps)"));
        add(new Rule("min_delta", s -> s.patience() != null, s -> "without early stopping", "early stopping: add patience=N"));
        add(new Rule("head", s -> s.init() != null && !s.init().isBlank(), s -> "without init=run:NAME",
                "a warm start: add init=run:NAME (head=new keeps its body and starts the output layer afresh)"));
        add(new Rule("body_lr", s -> !"body".equals(s.freeze()), s -> "with freeze=body (the body is not updated at all)",
                "a body that trains: drop freeze=body"));
        add(new Rule("start_from_epoch", s -> s.patience() != null, s -> "without early stopping", "early stopping: add patience=N"));
    }

    private static void add(Rule r) {
        RULES.put(r.key(), r);
    }

    /** Whether {@code key} acts in a run of {@code spec} (true for keys the table does not scope). */
    public static boolean applies(String key, TrainSpec spec) {
        Rule r = RULES.get(key);
        return r == null || r.applies().test(spec);
    }

    /**
     * Null when {@code key=value} acts in a run of {@code spec}; otherwise the one-line reason, e.g.
     * {@code gamma=0.5 has no effect with sched=cosine: it applies to sched=step|multistep|exp}.
     */
    public static String problem(String key, String value, TrainSpec spec) {
        Rule r = RULES.get(key);
        if (r == null || r.applies().test(spec)) return null;
        return key + "=" + value + " has no effect " + r.current().apply(spec) + ": it applies to " + r.appliesTo();
    }

    /** The momentum a run of {@code spec} uses: {@code spec.momentum}, or torch's default for the optimizer. */
    public static double momentum(TrainSpec spec) {
        if (spec.momentum() != null) return spec.momentum();
        return switch (opt(spec)) {
            case "momentum", "nesterov" -> 0.9; // Trainbook's named momentum rules: the usual μ
            default -> 0; // torch.optim.SGD and RMSprop default to momentum 0
        };
    }

    /** Whether a one-cycle schedule finds a momentum to cycle in the optimizer {@code spec} builds. */
    public static boolean hasCyclableMomentum(TrainSpec spec) {
        String o = opt(spec);
        return CYCLABLE_OPTS.contains(o) || (o.equals("sgd") && momentum(spec) > 0);
    }

    /** One-cycle with cycling on overwrites an SGD-family momentum at every step. */
    private static boolean cycledOver(TrainSpec s) {
        String o = opt(s);
        return sched(s).equals("onecycle") && s.cycleMomentum() && (o.equals("momentum") || o.equals("nesterov")
                || (o.equals("sgd") && s.momentum() != null && s.momentum() > 0));
    }

    private static String opt(TrainSpec s) {
        try {
            return Optimizers.canonical(s.opt());
        } catch (IllegalArgumentException e) {
            return String.valueOf(s.opt());
        }
    }

    /** The canonical schedule name, or {@code custom} for a schedule variable. */
    private static String sched(TrainSpec s) {
        if (s.scheduleObject() != null) return "custom";
        try {
            return Schedules.schedName(s.sched());
        } catch (IllegalArgumentException e) {
            return "custom"; // a notebook variable holding a Schedule
        }
    }

    private static String schedLabel(TrainSpec s) {
        return s.sched() == null ? "none" : s.sched();
    }

    private static String schedNow(TrainSpec s) {
        return "with sched=" + schedLabel(s);
    }
}
