package trainbook.engine.loop;

import trainbook.engine.TrainSpec;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.schedule.Schedule;

import java.util.List;
import java.util.Locale;

/**
 * The notes a run starts with: what the session set up (data split, model, augmentation), the loss and schedule
 * in use, and what the engine does differently from what a user might assume (clipping, optimizers with
 * Trainbook's own update rule, no mixed precision).
 */
final class RunNotes {
    private RunNotes() {}

    /** Adds the start-of-run notes for {@code spec} trained in {@code s} with {@code schedule}. */
    static void atStart(TrainSpec spec, TrainingSession s, Schedule schedule, RunRecord rec) {
        List<RunNote> notes = rec.notes();
        notes.addAll(s.notes());
        notes.add(RunNote.setting("loss: " + s.lossName() + (spec.loss() == null && spec.lossObject() == null ? " (default for "
                + s.profile().task() + ")" : "")));
        notes.add(RunNote.setting("schedule: " + schedule.describe()));
        if (spec.clipValue() != null) {
            notes.add(RunNote.engine("clip_value clamps each gradient element to ±" + TrainSpec.num(spec.clipValue())
                    + " (by value, not by norm)"));
        }
        if (spec.clip() != null) {
            notes.add(RunNote.engine("clip rescales all gradients together when their global L2 norm exceeds "
                    + TrainSpec.num(spec.clip()) + "; grad_norm records the norm before clipping, every step"));
        }
        String opt = spec.opt() == null ? "adam" : spec.opt().toLowerCase(Locale.ROOT);
        if (List.of("nesterov", "rmsprop", "adagrad", "momentum").contains(opt)) {
            notes.add(RunNote.engine("opt=" + opt + " uses Trainbook's own update rule (DJL 0.35.1's PyTorch engine lacks or"
                    + " mis-implements it)"));
        }
        notes.add(RunNote.engine(s.device().isGpu()
                ? "mixed precision is not available through DJL 0.35.1's PyTorch engine (FP16 gives NaN, BF16 aborts);"
                  + " training runs in float32"
                : "mixed precision is not available on the PyTorch CPU engine; training runs in float32"));
        if (spec.gradEvery() > 0) {
            notes.add(RunNote.setting("gradient norms and update ratios are sampled every " + spec.gradEvery() + " step(s)"));
        }
        if (spec.limit() != null) notes.add(RunNote.setting("limit: at most " + spec.limit() + " batches per epoch"));
    }
}
