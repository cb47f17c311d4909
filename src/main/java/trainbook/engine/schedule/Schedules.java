package trainbook.engine.schedule;

import trainbook.engine.TrainSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Learning-rate schedules over 0-based optimizer steps, matching {@code torch.optim.lr_scheduler} where one
 * exists. Every schedule is pure, so {@link Schedule#preview(int)} shows it before training. Schedules that count
 * in epochs take {@code stepsPerEpoch}; the others count in steps.
 *
 * <p>Warmup composes with any schedule: {@code warmup(after, W, ...)} ramps over steps {@code 0..W-1} towards
 * {@code after.lr(0)}, then runs {@code after} from its own step 0. Guide 001's PyTorch {@code LambdaLR} example
 * (5 epochs of linear warmup to 0.01, then cosine decay towards 0.001 over the remaining 45 epochs) is one line:
 * <pre>{@code
 * Schedule s = Schedules.warmup(Schedules.cosine(0.01, 0.001, 45 * stepsPerEpoch), 5 * stepsPerEpoch);
 * }</pre>
 * With one step per epoch it gives exactly the guide's values: 0.002, 0.004, ..., 0.01, then
 * {@code 0.001 + 0.009·½(1 + cos(π(e − 5)/45))}.
 */
public final class Schedules {
    /** Valid values of {@code sched=}. */
    public static final List<String> NAMES = List.of("none", "step", "multistep", "exp", "cosine", "onecycle");
    /** Valid warmup modes. */
    public static final List<String> WARMUP_MODES = List.of("linear", "exp");
    /** Start factor of an exponential warmup when none is given: it ramps from 1% of the target. */
    public static final double DEFAULT_EXP_WARMUP_START = 0.01;
    /** One-cycle's momentum at the LR peak (torch's {@code OneCycleLR} {@code base_momentum}). */
    public static final double ONECYCLE_BASE_MOMENTUM = 0.85;
    /** One-cycle's momentum at the start and the end (torch's {@code max_momentum}). */
    public static final double ONECYCLE_MAX_MOMENTUM = 0.95;

    private Schedules() {}

    // ------------------------------------------------------------------ factories

    /** The same LR at every step. */
    public static Schedule constant(double lr) {
        checkLr("lr", lr);
        return new Fn(s -> lr, "constant " + n(lr));
    }

    /**
     * {@code lr · gamma^⌊step / stepSizeSteps⌋} ({@code StepLR}).
     *
     * @param stepSizeSteps steps between decays, ≥ 1
     * @param gamma         decay factor &gt; 0
     */
    public static Schedule step(double lr, int stepSizeSteps, double gamma) {
        return step(lr, stepSizeSteps, gamma, 0);
    }

    static Schedule step(double lr, int stepSize, double gamma, int spe) {
        checkLr("lr", lr);
        if (stepSize < 1) throw new IllegalArgumentException("step size " + stepSize + " is invalid: use ≥ 1 (steps or epochs between decays)");
        checkGamma(gamma);
        return new Fn(s -> lr * Math.pow(gamma, Math.floorDiv(s, stepSize)),
                "step " + n(lr) + " ×" + n(gamma) + " every " + span(stepSize, spe));
    }

    /**
     * {@code lr · gamma^(number of milestones ≤ step)} ({@code MultiStepLR}).
     *
     * @param milestoneSteps steps at which the LR is multiplied by gamma, each ≥ 0 (any order)
     */
    public static Schedule multistep(double lr, int[] milestoneSteps, double gamma) {
        return multistep(lr, milestoneSteps, gamma, 0);
    }

    static Schedule multistep(double lr, int[] milestoneSteps, double gamma, int spe) {
        checkLr("lr", lr);
        checkGamma(gamma);
        int[] ms = milestoneSteps.clone();
        Arrays.sort(ms);
        for (int m : ms) {
            if (m < 0) throw new IllegalArgumentException("milestone " + m + " is invalid: milestones are ≥ 0");
        }
        boolean inEpochs = spe > 1 && Arrays.stream(ms).allMatch(m -> m % spe == 0);
        String at = ms.length == 0 ? "(none)" : (inEpochs ? "epochs " : "steps ")
                + Arrays.stream(ms).mapToObj(m -> Integer.toString(inEpochs ? m / spe : m)).collect(Collectors.joining(","));
        return new Fn(s -> {
            int k = 0;
            while (k < ms.length && ms[k] <= s) k++;
            return lr * Math.pow(gamma, k);
        }, "multistep " + n(lr) + " ×" + n(gamma) + " at " + at);
    }

    /**
     * {@code lr · gammaPerEpoch^(step / stepsPerEpoch)}: smooth per-step exponential decay that equals
     * {@code ExponentialLR} at every epoch boundary.
     *
     * @param gammaPerEpoch factor per epoch &gt; 0
     * @param stepsPerEpoch ≥ 1
     */
    public static Schedule exponential(double lr, double gammaPerEpoch, int stepsPerEpoch) {
        checkLr("lr", lr);
        checkGamma(gammaPerEpoch);
        checkSpe(stepsPerEpoch);
        return new Fn(s -> lr * Math.pow(gammaPerEpoch, (double) s / stepsPerEpoch),
                "exp " + n(lr) + " ×" + n(gammaPerEpoch) + " per epoch");
    }

    /**
     * Cosine annealing from {@code lr} to {@code finalLr} over {@code totalSteps}, then constant at
     * {@code finalLr} ({@code CosineAnnealingLR} with {@code eta_min = finalLr}, without restarts):
     * {@code final + (lr − final)·½(1 + cos(π·min(step, T)/T))}. A final value above the initial one is allowed
     * (the curve then rises).
     */
    public static Schedule cosine(double lr, double finalLr, int totalSteps) {
        return cosine(lr, finalLr, totalSteps, 0);
    }

    static Schedule cosine(double lr, double finalLr, int totalSteps, int spe) {
        checkLr("lr", lr);
        checkLr("final lr", finalLr);
        if (totalSteps < 1) throw new IllegalArgumentException("cosine length " + totalSteps + " steps is invalid: use ≥ 1");
        return new Fn(s -> finalLr + (lr - finalLr) * 0.5 * (1 + Math.cos(Math.PI * Math.min(Math.max(s, 0), totalSteps) / totalSteps)),
                "cosine " + n(lr) + " → " + n(finalLr) + " over " + span(totalSteps, spe));
    }

    /**
     * One-cycle with PyTorch's {@code OneCycleLR} defaults: 30% of the steps rising (cosine) from
     * {@code maxLr/25} to {@code maxLr}, then cosine annealing to {@code maxLr/25/1e4}; the momentum cycles
     * inversely between {@value #ONECYCLE_MAX_MOMENTUM} and {@value #ONECYCLE_BASE_MOMENTUM}
     * ({@code cycle_momentum=True}).
     */
    public static Schedule oneCycle(double maxLr, int totalSteps) {
        return oneCycle(maxLr, totalSteps, 0.3, 25, maxLr / 25 / 1e4);
    }

    /**
     * One-cycle ({@code OneCycleLR}, cosine annealing, two phases): from {@code maxLr/divFactor} up to
     * {@code maxLr} at step {@code pctStart·T − 1}, then down to {@code finalLr} at step {@code T − 1}; constant
     * afterwards.
     *
     * @param pctStart  fraction of the steps spent rising, in (0, 1)
     * @param divFactor initial LR = maxLr / divFactor, &gt; 0
     * @param finalLr   LR at the last step, ≥ 0
     */
    public static Schedule oneCycle(double maxLr, int totalSteps, double pctStart, double divFactor, double finalLr) {
        return oneCycle(maxLr, totalSteps, pctStart, divFactor, finalLr, ONECYCLE_BASE_MOMENTUM, ONECYCLE_MAX_MOMENTUM, 0);
    }

    /**
     * One-cycle with its momentum cycle set: {@link Schedule#momentum(int)} goes from {@code maxMomentum} down to
     * {@code baseMomentum} while the LR rises, and back up to {@code maxMomentum} while it falls, on the same
     * cosine as the LR (torch's {@code OneCycleLR} with {@code cycle_momentum=True}: SGD's momentum, Adam's β1).
     * NaN for both leaves the optimizer's momentum alone ({@code cycle_momentum=False}).
     *
     * @param baseMomentum momentum at the LR peak, in [0, 1)
     * @param maxMomentum  momentum at the start and the end, in [0, 1)
     */
    public static Schedule oneCycle(double maxLr, int totalSteps, double pctStart, double divFactor, double finalLr,
                                    double baseMomentum, double maxMomentum) {
        return oneCycle(maxLr, totalSteps, pctStart, divFactor, finalLr, baseMomentum, maxMomentum, 0);
    }

    static Schedule oneCycle(double maxLr, int totalSteps, double pctStart, double divFactor, double finalLr,
                                     double baseM, double maxM, int spe) {
        boolean cycle = !(Double.isNaN(baseM) && Double.isNaN(maxM));
        if (cycle) {
            checkMomentum("base_momentum", baseM);
            checkMomentum("max_momentum", maxM);
        }
        checkLr("max lr", maxLr);
        checkLr("final lr", finalLr);
        if (totalSteps < 1) throw new IllegalArgumentException("one-cycle length " + totalSteps + " steps is invalid: use ≥ 1");
        if (!(pctStart > 0 && pctStart < 1)) throw new IllegalArgumentException("pct_start=" + pctStart + " is invalid: use a fraction in (0, 1), e.g. 0.3");
        if (!(divFactor > 0) || Double.isInfinite(divFactor)) throw new IllegalArgumentException("div_factor=" + divFactor + " is invalid: use a value > 0, e.g. 25");
        double initial = maxLr / divFactor;
        double peakStep = pctStart * totalSteps - 1;
        double lastStep = totalSteps - 1;
        // torch: phase 1 ends at step pct·T − 1, phase 2 at T − 1; the momentum runs the same cosine, inverted
        return new Fn(s -> {
            double t = Math.min(Math.max(s, 0), lastStep);
            if (t <= peakStep) return cosAnneal(initial, maxLr, peakStep <= 0 ? 1 : t / peakStep);
            double len = lastStep - peakStep;
            return cosAnneal(maxLr, finalLr, len <= 0 ? 1 : (t - peakStep) / len);
        }, !cycle ? null : s -> {
            double t = Math.min(Math.max(s, 0), lastStep);
            if (t <= peakStep) return cosAnneal(maxM, baseM, peakStep <= 0 ? 1 : t / peakStep);
            double len = lastStep - peakStep;
            return cosAnneal(baseM, maxM, len <= 0 ? 1 : (t - peakStep) / len);
        }, "onecycle " + n(initial) + " ↗ " + n(maxLr) + " ↘ " + n(finalLr) + " over " + span(totalSteps, spe)
                + " (" + Math.round(pctStart * 100) + "% up" + (cycle ? "; momentum " + n(maxM) + " ↘ " + n(baseM) + " ↗ " + n(maxM) : "")
                + ")");
    }

    /** Linear warmup from 0 over {@code warmupSteps}, then {@code after}: see {@link #warmup(Schedule, int, double, String)}. */
    public static Schedule warmup(Schedule after, int warmupSteps) {
        return warmup(after, warmupSteps, 0, "linear");
    }

    /**
     * Warmup composed with any schedule. For steps {@code s < W} the LR is {@code after.lr(0) · f(s)}, with
     * <ul>
     *   <li>{@code linear}: {@code f(s) = start + (1 − start)·(s + 1)/W} (from {@code start = 0}: 1/W, 2/W, ..., 1 —
     *       PyTorch's {@code LambdaLR(lambda e: (e + 1)/W)})</li>
     *   <li>{@code exp}: {@code f(s) = start^(1 − (s + 1)/W)}, geometric from {@code start} (&gt; 0) to 1</li>
     * </ul>
     * The first step already takes one increment, as in guide 001's lambda, so no step runs at LR 0 (PyTorch's
     * {@code LinearLR} would run step 0 at the start factor itself and reach 1 one step later).
     * From step {@code W} on the LR is {@code after.lr(s − W)}. {@code W = 0} returns {@code after}. A warmup
     * as long as the run or longer is allowed (the doctor flags it).
     *
     * @param startFactor fraction of the target LR the ramp starts from, ≥ 0 (&gt; 0 for exp)
     * @param mode        {@code linear} or {@code exp}
     */
    public static Schedule warmup(Schedule after, int warmupSteps, double startFactor, String mode) {
        return warmup(after, warmupSteps, startFactor, mode, 0);
    }

    static Schedule warmup(Schedule after, int w, double start, String mode, int spe) {
        String m = warmupMode(mode);
        if (w < 0) throw new IllegalArgumentException("warmup " + w + " steps is invalid: use ≥ 0");
        if (!(start >= 0) || Double.isInfinite(start)) {
            throw new IllegalArgumentException("warmup start factor " + start + " is invalid: use a finite value ≥ 0 (e.g. 0 for linear, 0.01 for exp)");
        }
        if (m.equals("exp") && start == 0) {
            throw new IllegalArgumentException("exponential warmup cannot start from 0: use a start factor > 0, e.g. 0.01");
        }
        if (w == 0) return after;
        boolean linear = m.equals("linear");
        String from = start == 0 ? "" : " from ×" + n(start);
        return new Fn(s -> {
            if (s >= w) return after.lr(s - w);
            double frac = (double) (Math.max(s, 0) + 1) / w;
            double f = linear ? start + (1 - start) * frac : Math.pow(start, 1 - frac);
            return after.lr(0) * f;
        }, s -> after.momentum(Math.max(s - w, 0)), "warmup " + span(w, spe) + " " + m + from + " → " + after.describe());
    }

    /**
     * PyTorch's {@code LambdaLR} stepped every optimizer step: {@code baseLr · factor(step)}.
     */
    public static Schedule lambda(double baseLr, IntToDoubleFunction factorOfStep) {
        checkLr("lr", baseLr);
        return new Fn(s -> baseLr * factorOfStep.applyAsDouble(s), "lambda " + n(baseLr) + " × f(step)");
    }

    /**
     * PyTorch's {@code LambdaLR} stepped every epoch: {@code baseLr · factor(⌊step / stepsPerEpoch⌋)}, e.g.
     * guide 001's {@code lr_lambda} written as a Java lambda.
     */
    public static Schedule lambda(double baseLr, int stepsPerEpoch, IntToDoubleFunction factorOfEpoch) {
        checkLr("lr", baseLr);
        checkSpe(stepsPerEpoch);
        return new Fn(s -> baseLr * factorOfEpoch.applyAsDouble(Math.floorDiv(s, stepsPerEpoch)), "lambda " + n(baseLr) + " × f(epoch)");
    }

    /**
     * torch's {@code LambdaLR} stepped every optimizer step, written once and used by any run: the LR at step
     * {@code s} is {@code lr × factorOfStep(s)}, where {@code lr} is the run's {@code lr=} (the schedule is bound
     * to it when the run starts, see {@link Schedule#bind}; unbound, {@link Schedule#lr} is the factor itself).
     * <pre>{@code
     * Schedule ramp = Schedules.lambda(s -> Math.min(1.0, (s + 1) / 200.0));   // %train sched=ramp lr=1e-2
     * }</pre>
     */
    public static Schedule lambda(IntToDoubleFunction factorOfStep) {
        return new Relative(java.util.Objects.requireNonNull(factorOfStep, "factorOfStep"), false);
    }

    /**
     * torch's {@code LambdaLR} stepped once per epoch, as guide 001 steps it: every step of 0-based epoch
     * {@code e} runs at {@code lr × factorOfEpoch(e)}, with the run's {@code lr=} and epoch length bound when the
     * run starts. Guide 001's lambda (5 epochs of linear warmup, then cosine from 0.01 down to 0.001 over 45
     * epochs) as a factor of {@code lr=0.01}:
     * <pre>{@code
     * Schedule guide = Schedules.lambdaEpoch(e -> e < 5 ? (e + 1) / 5.0
     *         : 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * (e - 5) / 45)));
     * // %train sched=guide lr=0.01 epochs=50 patience=5
     * }</pre>
     */
    public static Schedule lambdaEpoch(IntToDoubleFunction factorOfEpoch) {
        return new Relative(java.util.Objects.requireNonNull(factorOfEpoch, "factorOfEpoch"), true);
    }

    /** Any function of the step giving the LR itself, with a one-line description. */
    public static Schedule custom(IntToDoubleFunction lrOfStep, String description) {
        return new Fn(lrOfStep, description == null ? "custom" : description);
    }

    // ------------------------------------------------------------------ from a spec

    /**
     * The schedule a {@link TrainSpec} asks for. Reads {@code sched} (none|step|multistep|exp|cosine|onecycle),
     * {@code stepSize} and {@code milestones} (epochs), {@code gamma}, {@code finalLr} (null → baseLr/100),
     * {@code warmupSteps} (wins when &gt; 0) or {@code warmupEpochs}, {@code warmupMode}, {@code epochs}.
     *
     * <ul>
     *   <li>{@code step}, {@code multistep}, {@code exp} count epochs from the start of the run, so a warmup
     *       replaces their first steps (decays stay at the epochs the user named);</li>
     *   <li>{@code cosine} and {@code onecycle} span the steps after the warmup, ending at the last step;</li>
     *   <li>{@code step} without a step size decays every ⌈epochs/3⌉ epochs; {@code multistep} without
     *       milestones decays at 1/2 and 3/4 of the epochs;</li>
     *   <li>linear warmup starts from 0, exponential warmup from {@link #DEFAULT_EXP_WARMUP_START}.</li>
     * </ul>
     *
     * <p>{@code onecycle} also cycles the momentum (0.95 → 0.85 → 0.95, see {@link Schedule#momentum}) unless
     * {@code spec.cycleMomentum} is false.
     *
     * <p>A custom {@link Schedule} in {@code spec.scheduleObject} ({@code sched=VAR}) wins over {@code sched}: it is
     * bound to {@code baseLr} and the epoch length ({@link Schedule#bind}) and must give a finite LR ≥ 0 at every
     * planned step; a warmup set in the spec is still put in front of it (the custom schedule then starts after
     * the warmup).
     *
     * @param baseLr        the LR the schedule starts from (peak for onecycle): the resolved {@code spec.lr}
     * @param stepsPerEpoch optimizer steps per epoch, ≥ 1
     * @throws IllegalArgumentException for an unknown schedule or warmup mode, or impossible values
     */
    public static Schedule fromSpec(TrainSpec spec, double baseLr, int stepsPerEpoch) {
        return SpecSchedule.of(spec, baseLr, stepsPerEpoch);
    }

    /** Canonical schedule name (case-insensitive; {@code constant} means none, {@code exponential} means exp). */
    public static String schedName(String sched) {
        String s = sched == null ? "none" : sched.trim().toLowerCase(Locale.ROOT);
        if (s.equals("constant") || s.isEmpty()) s = "none";
        if (s.equals("exponential")) s = "exp";
        if (s.equals("one-cycle") || s.equals("one_cycle")) s = "onecycle";
        if (NAMES.contains(s)) return s;
        throw new IllegalArgumentException("unknown schedule '" + sched + "': use one of " + String.join(", ", NAMES));
    }

    /** Canonical warmup mode (case-insensitive; {@code exponential} means exp). */
    public static String warmupMode(String mode) {
        String m = mode == null ? "linear" : mode.trim().toLowerCase(Locale.ROOT);
        if (m.equals("exponential")) m = "exp";
        if (WARMUP_MODES.contains(m)) return m;
        throw new IllegalArgumentException("unknown warmup mode '" + mode + "': use linear or exp");
    }

    // ------------------------------------------------------------------ helpers

    private static double cosAnneal(double from, double to, double pct) {
        return to + (from - to) / 2 * (1 + Math.cos(Math.PI * pct));
    }

    static void checkLr(String what, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(what + "=" + lr + " is invalid: use a finite learning rate ≥ 0, e.g. 1e-3");
        }
    }

    private static void checkMomentum(String what, double m) {
        if (!(m >= 0 && m < 1)) {
            throw new IllegalArgumentException(what + "=" + m + " is invalid: use a momentum in [0, 1), e.g. 0.85 and 0.95");
        }
    }

    private static void checkGamma(double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma=" + gamma + " is invalid: use a finite factor > 0, e.g. 0.1");
        }
    }

    static void checkSpe(int spe) {
        if (spe < 1) throw new IllegalArgumentException("steps per epoch " + spe + " is invalid: use ≥ 1");
    }

    private static String n(double v) {
        return TrainSpec.num(v);
    }

    /** "10 epochs" when {@code steps} is a whole number of epochs (and epochs are known), else "N steps". */
    private static String span(int steps, int spe) {
        if (spe > 1 && steps % spe == 0) return steps / spe + (steps == spe ? " epoch" : " epochs");
        return steps + (steps == 1 ? " step" : " steps");
    }

    /**
     * torch's {@code LambdaLR}: a factor of the run's base LR, per step or per epoch. Until {@link #bind} knows
     * the base LR and the epoch length, {@link #lr} is the factor itself (base 1, one step per epoch).
     */
    private record Relative(IntToDoubleFunction factor, boolean perEpoch) implements Schedule {
        @Override
        public double lr(int step) {
            return factor.applyAsDouble(step);
        }

        @Override
        public Schedule bind(double baseLr, int stepsPerEpoch) {
            return perEpoch ? lambda(baseLr, stepsPerEpoch, factor) : lambda(baseLr, factor);
        }

        @Override
        public String describe() {
            return perEpoch ? "lambda lr × f(epoch)" : "lambda lr × f(step)";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A schedule defined by a function of the step, and optionally a momentum function (null: none). */
    record Fn(IntToDoubleFunction f, IntToDoubleFunction mom, String description) implements Schedule {
        Fn(IntToDoubleFunction f, String description) {
            this(f, null, description);
        }

        @Override
        public double lr(int step) {
            return f.applyAsDouble(step);
        }

        @Override
        public double momentum(int step) {
            return mom == null ? Double.NaN : mom.applyAsDouble(step);
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
