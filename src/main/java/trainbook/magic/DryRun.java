package trainbook.magic;

import trainbook.engine.TrainSpec;
import trainbook.engine.loop.TrainingSession;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;

import java.util.List;

/**
 * {@code %train dry=true}: opens the data and model (so sizes and steps per epoch are real), shows the resolved
 * configuration and the planned learning-rate schedule, and trains nothing.
 */
public final class DryRun {
    private DryRun() {}

    /**
     * What a run would do.
     *
     * @param spec          the resolved spec
     * @param schedule      planned LR per step
     * @param stepsPerEpoch optimizer steps per epoch
     * @param warmupSteps   warmup length in steps
     * @param description   the schedule in one line
     * @param notes         the engine's notes on the data and model (e.g. normalisation applied)
     */
    public record Plan(TrainSpec spec, double[] schedule, int stepsPerEpoch, int warmupSteps, String description,
                       List<String> notes) {}

    /** Opens data and model, computes the schedule preview, closes everything; nothing is trained or saved. */
    public static Plan plan(TrainSpec spec) {
        TrainingSession s = TrainingSession.open(spec);
        try {
            int spe = s.stepsPerEpoch();
            int total = spe * spec.epochs();
            Schedule schedule = Schedules.fromSpec(spec, spec.lr(), spe);
            int warmup = spec.warmupSteps() > 0 ? spec.warmupSteps() : (int) Math.round(spec.warmupEpochs() * spe);
            return new Plan(spec, schedule.preview(total), spe, Math.min(warmup, total), schedule.describe(),
                    s.notes().stream().map(trainbook.engine.run.RunNote::text).toList());
        } finally {
            s.closeModel(); // frees data and a built-in model; a notebook's Block is left alone
        }
    }

    /** The configuration table and the LR preview chart (render's dry view), plus the engine's notes. */
    public static Rich render(Plan p, ChartFormat format) {
        Rich view = Views.dry(p.spec(), p.schedule(), p.stepsPerEpoch(), p.warmupSteps(), p.description(), format);
        return p.notes().isEmpty() ? view : Rich.combine(List.of(view, Rich.text(String.join("\n", p.notes()))));
    }
}
