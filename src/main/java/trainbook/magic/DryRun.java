package trainbook.magic;

import trainbook.engine.TrainSpec;
import trainbook.engine.loop.Session;
import trainbook.engine.run.RunRecord;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;
import trainbook.render.ChartEncoder;
import trainbook.render.ChartFormat;
import trainbook.render.Fmt;
import trainbook.render.Rich;
import trainbook.render.chart.RunCharts;
import trainbook.render.table.RunTables;

import java.util.List;

/**
 * {@code %train dry=true}: opens the data and model (so sizes and steps per epoch are real), shows the resolved
 * configuration and the planned learning-rate schedule, and trains nothing.
 */
public final class DryRun {
    private DryRun() {}

    /** The planned run: spec, data profile, steps per epoch, warmup and schedule preview; nothing trained. */
    public static RunRecord plan(TrainSpec spec) {
        try (Session s = Session.open(spec)) {
            int spe = s.stepsPerEpoch();
            int total = spe * spec.epochs;
            Schedule schedule = Schedules.fromSpec(spec, spec.lr, spe);
            int warmup = spec.warmupSteps > 0 ? spec.warmupSteps : (int) Math.round(spec.warmupEpochs * spe);
            RunRecord r = new RunRecord(spec.name != null ? spec.name : "dry-run")
                    .spec(spec.toMap())
                    .data(s.profile())
                    .schedule(schedule.preview(total))
                    .stepsPerEpoch(spe)
                    .warmupSteps(Math.min(warmup, total));
            r.notes().addAll(s.notes());
            r.notes().add("schedule: " + schedule.describe());
            return r;
        }
    }

    /** Configuration table, schedule line and LR preview chart. */
    public static Rich render(RunRecord plan, ChartFormat format) {
        int spe = plan.stepsPerEpoch();
        int total = plan.schedule().length;
        double[] sched = plan.schedule();
        double first = total > 0 ? sched[0] : Double.NaN, last = total > 0 ? sched[total - 1] : Double.NaN;
        double max = Double.NaN;
        for (double v : sched) max = Double.isNaN(max) ? v : Math.max(max, v);
        String head = "dry run '" + plan.name() + "': nothing trained. " + plan.plannedEpochs() + " epochs × " + spe
                + " steps = " + total + " steps; LR " + Fmt.num(first) + " → peak " + Fmt.num(max) + " → " + Fmt.num(last)
                + (plan.warmupSteps() > 0 ? "; warmup " + plan.warmupSteps() + " steps" : "");
        String notes = String.join("\n", plan.notes());
        Rich chart = ChartEncoder.encode(RunCharts.lrChart(plan), format, "planned learning rate per step: " + head);
        return Rich.combine(head, List.of(RunTables.render(plan), Rich.text(notes), chart));
    }
}
