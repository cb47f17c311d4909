package trainbook.engine.loop;

import trainbook.engine.TrainSpec;
import trainbook.engine.transfer.Transfer;

/**
 * The checks of a spec's numbers and transfer settings that need no data or model, made before a session loads
 * anything: each failure is one line that quotes the value and says what is valid.
 */
final class SpecChecks {
    private SpecChecks() {}

    static void validate(TrainSpec s) {
        if (s.epochs() < 1) throw new IllegalArgumentException("epochs '" + s.epochs() + "': expected a whole number ≥ 1");
        if (s.batch() < 1) throw new IllegalArgumentException("batch '" + s.batch() + "': expected a whole number ≥ 1");
        if (s.limit() != null && s.limit() < 1) {
            throw new IllegalArgumentException("limit '" + s.limit() + "': expected a whole number ≥ 1 (batches per epoch)");
        }
        if (!(s.lr() > 0) || Double.isInfinite(s.lr())) {
            throw new IllegalArgumentException("lr '" + s.lr() + "': expected a positive number, e.g. lr=1e-3");
        }
        if (s.maxTime() != null && !(s.maxTime() > 0)) {
            throw new IllegalArgumentException("max_time '" + s.maxTime() + "': expected seconds > 0");
        }
        if (s.clip() != null && !(s.clip() > 0)) throw new IllegalArgumentException("clip '" + s.clip() + "': expected a norm > 0");
        if (s.clipValue() != null && !(s.clipValue() > 0)) {
            throw new IllegalArgumentException("clip_value '" + s.clipValue() + "': expected a value > 0");
        }
        if (s.gradEvery() < 0) throw new IllegalArgumentException("grad_every '" + s.gradEvery() + "': expected 0 (never) or N ≥ 1");
        if (!Transfer.HEADS.contains(String.valueOf(s.head()))) {
            throw new IllegalArgumentException("head '" + s.head() + "': valid: " + String.join(", ", Transfer.HEADS));
        }
        if (s.head().equals("new") && (s.init() == null || s.init().isBlank())) {
            throw new IllegalArgumentException("head=new replaces the output layer of a warm start: add init=run:NAME");
        }
        if (!Transfer.FREEZES.contains(String.valueOf(s.freeze()))) {
            throw new IllegalArgumentException("freeze '" + s.freeze() + "': valid: " + String.join(", ", Transfer.FREEZES));
        }
        if (s.bodyLr() != null && (!(s.bodyLr() > 0) || Double.isInfinite(s.bodyLr()))) {
            throw new IllegalArgumentException("body_lr '" + s.bodyLr() + "': expected a multiplier of lr > 0, e.g. body_lr=0.1");
        }
        if (s.trainSize() != null && s.trainSize() < 1) {
            throw new IllegalArgumentException("train_size '" + s.trainSize() + "': expected an integer ≥ 1");
        }
    }
}
