package trainbook.doctor.scenario;

import org.junit.jupiter.api.Test;
import trainbook.doctor.Doctor;
import trainbook.engine.TrainSpec;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The doctor's prescription works: in the broken runs the course notebooks show (03: SGD with momentum at far too
 * high an LR; 04: steps so large that ReLUs die; 06: a loss that does not fall), applying the remedy of the
 * doctor's first finding ({@link Doctor#primary}), exactly as written, improves the monitored validation metric
 * (best val_acc) on average over 3 seeds, and on at least 2 of them. Small blobs, one thread: a few seconds each.
 */
class FirstRemedyTest {
    static final long[] SEEDS = {7, 8, 9};

    static TrainSpec blobs() {
        return Trainer.spec("blobs", "mlp(32,32)").data(Data.blobs(1000, 3, 1)).monitor("val_acc");
    }

    @Test
    void sgdWithMomentumAtFarTooHighAnLr() {
        improves("03: sgd momentum=0.9 lr=5", blobs().opt("sgd").momentum(0.9).lr(5));
    }

    @Test
    void stepsSoLargeThatReluUnitsDie() {
        improves("04: adam lr=1 (dead ReLUs)", blobs().lr(1).epochs(3));
    }

    @Test
    void aLossThatDoesNotFall() {
        improves("06: sgd lr=1e-6 (loss does not fall)", blobs().opt("sgd").lr(1e-6));
    }

    /** Runs the broken spec and the spec with the first remedy applied, per seed, and compares best val_acc. */
    static void improves(String label, TrainSpec broken) {
        double before = 0, after = 0;
        int better = 0;
        StringBuilder log = new StringBuilder(label);
        for (long seed : SEEDS) {
            TrainSpec s = broken.copy().seed(seed);
            RunRecord r = Trainer.train(s);
            List<Finding> f = Doctor.standard().diagnose(r);
            Finding first = Doctor.primary(f);
            assertNotNull(first, () -> label + ": no remedy among " + f);
            TrainSpec fixed = Remedy.apply(s, first.remedy());
            assertNotEquals(s.toMap(), fixed.toMap(), () -> label + ": the first remedy changes no key: " + first);
            double b = bestValAcc(r), a = bestValAcc(Trainer.train(fixed));
            before += b;
            after += a;
            if (a > b) better++;
            log.append(String.format(Locale.ROOT, "%n  seed %d: %s → %s: val_acc %.3f → %.3f", seed, first.rule(),
                    first.remedy(), b, a));
        }
        System.out.println(log);
        before /= SEEDS.length;
        after /= SEEDS.length;
        assertTrue(after > before, log + "\n  mean " + before + " → " + after);
        assertTrue(better >= 2, log.toString());
    }

    /** The best validation accuracy over the epochs; a non-finite epoch counts as 0. */
    static double bestValAcc(RunRecord r) {
        double best = 0;
        for (EpochRecord e : r.epochs()) if (Double.isFinite(e.valAcc())) best = Math.max(best, e.valAcc());
        return best;
    }
}
