package trainbook.engine.schedule;

import trainbook.engine.TrainSpec;

import java.util.Arrays;

import static trainbook.engine.schedule.Schedules.DEFAULT_EXP_WARMUP_START;
import static trainbook.engine.schedule.Schedules.ONECYCLE_BASE_MOMENTUM;
import static trainbook.engine.schedule.Schedules.ONECYCLE_MAX_MOMENTUM;

/** Builds the schedule a {@link TrainSpec} asks for: see {@link Schedules#fromSpec} for the rules. */
final class SpecSchedule {
    private SpecSchedule() {}

    static Schedule of(TrainSpec spec, double baseLr, int spe) {
        ScheduleChecks.checkSpe(spe);
        ScheduleChecks.checkLr("lr", baseLr);
        int total = Math.max(0, spec.epochs()) * spe;
        if (!(spec.warmupEpochs() >= 0)) {
            throw new IllegalArgumentException("warmup=" + spec.warmupEpochs() + " is invalid: use ≥ 0 epochs (or Ns for steps)");
        }
        if (spec.warmupSteps() < 0) throw new IllegalArgumentException("warmup=" + spec.warmupSteps() + "s is invalid: use ≥ 0 steps");
        int w = spec.warmupSteps() > 0 ? spec.warmupSteps() : (int) Math.round(spec.warmupEpochs() * spe);
        String mode = Schedules.warmupMode(spec.warmupMode());
        double start = mode.equals("exp") ? DEFAULT_EXP_WARMUP_START : 0;
        if (spec.scheduleObject() != null) {
            Schedule custom = custom(spec.scheduleObject(), baseLr, spe, Math.max(0, total - w));
            return w == 0 ? custom : Schedules.warmup(custom, w, start, mode, spe);
        }
        String name = Schedules.schedName(spec.sched());
        Schedule main = named(name, spec, baseLr, spe, Math.max(1, total - w));
        if (w == 0) return main;
        // step, multistep and exp count epochs from the start of the run: the warmup replaces their first steps
        boolean calendar = !name.equals("none") && !name.equals("cosine") && !name.equals("onecycle");
        if (calendar) main = shift(main, w);
        return Schedules.warmup(main, w, start, mode, spe);
    }

    /** A notebook's own schedule ({@code sched=VAR}), bound to the run and checked over its planned steps. */
    private static Schedule custom(Object object, double baseLr, int spe, int steps) {
        if (!(object instanceof Schedule given)) {
            throw new IllegalArgumentException("schedule object " + object.getClass().getName()
                    + " is not a trainbook.engine.schedule.Schedule: build one with Schedules (e.g. Schedules.lambda(s -> ...))");
        }
        Schedule custom = given.bind(baseLr, spe);
        checkCustom(custom, steps, spe);
        return custom;
    }

    /** A built-in schedule; cosine and onecycle span {@code span} steps (those after the warmup). */
    private static Schedule named(String name, TrainSpec spec, double baseLr, int spe, int span) {
        int epochs = Math.max(0, spec.epochs());
        double finalLr = spec.finalLr() != null ? spec.finalLr() : baseLr / 100;
        return switch (name) {
            case "none" -> Schedules.constant(baseLr);
            case "step" -> {
                int size = spec.stepSize() != null ? spec.stepSize() : Math.max(1, (epochs + 2) / 3);
                if (size < 1) throw new IllegalArgumentException("step=" + size + " is invalid: use ≥ 1 epoch between decays");
                yield Schedules.step(baseLr, size * spe, spec.gamma(), spe);
            }
            case "multistep" -> Schedules.multistep(baseLr,
                    Arrays.stream(milestones(spec, epochs)).map(m -> m * spe).toArray(), spec.gamma(), spe);
            case "exp" -> Schedules.exponential(baseLr, spec.gamma(), spe);
            case "cosine" -> Schedules.cosine(baseLr, finalLr, span, spe);
            case "onecycle" -> spec.cycleMomentum()
                    ? Schedules.oneCycle(baseLr, span, 0.3, 25, finalLr, ONECYCLE_BASE_MOMENTUM, ONECYCLE_MAX_MOMENTUM, spe)
                    : Schedules.oneCycle(baseLr, span, 0.3, 25, finalLr, Double.NaN, Double.NaN, spe);
            default -> throw new AssertionError(name);
        };
    }

    /** The multistep milestones in epochs: the spec's, or 1/2 and 3/4 of the epochs. */
    private static int[] milestones(TrainSpec spec, int epochs) {
        int[] ms = spec.milestones() == null || spec.milestones().isEmpty()
                ? Arrays.stream(new int[]{Math.max(1, Math.round(epochs / 2f)), Math.max(1, Math.round(epochs * 3 / 4f))})
                        .distinct().toArray()
                : spec.milestones().stream().mapToInt(Integer::intValue).toArray();
        for (int m : ms) {
            if (m < 0) throw new IllegalArgumentException("milestone " + m + " is invalid: milestones are epochs ≥ 0");
        }
        return ms;
    }

    /**
     * A schedule handed in from a notebook must give a finite LR ≥ 0 (and a momentum in [0, 1) where it sets
     * one) at every step the run plans: a NaN from a user's function would otherwise surface as NaN weights.
     */
    private static void checkCustom(Schedule sc, int steps, int spe) {
        for (int i = 0; i < steps; i++) {
            double v, m;
            try {
                v = sc.lr(i);
                m = sc.momentum(i);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("schedule '" + sc.describe() + "' failed at step " + i + " (epoch "
                        + (i / spe + 1) + "): " + e, e);
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("schedule '" + sc.describe() + "' gives lr=" + v + " at step " + i
                        + " (epoch " + (i / spe + 1) + "): a learning rate must be finite and ≥ 0");
            }
            if (!Double.isNaN(m) && !(m >= 0 && m < 1)) {
                throw new IllegalArgumentException("schedule '" + sc.describe() + "' gives momentum=" + m + " at step " + i
                        + ": a momentum must be in [0, 1) (or NaN to leave the optimizer's own)");
            }
        }
    }

    /** {@code inner} read {@code offset} steps later: keeps a calendar schedule's absolute epochs behind a warmup. */
    private static Schedule shift(Schedule inner, int offset) {
        return new FnSchedule(s -> inner.lr(s + offset), s -> inner.momentum(s + offset), inner.describe());
    }
}
