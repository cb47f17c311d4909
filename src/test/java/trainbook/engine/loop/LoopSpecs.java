package trainbook.engine.loop;

import trainbook.engine.TrainSpec;

import java.nio.file.Path;

/** Specs the loop's tests train: small and fast, saved under the test's temporary folder. */
final class LoopSpecs {
    private LoopSpecs() {}

    /** mlp(16) on {@code data}, 3 epochs of batches of 32 at lr 1e-2, one thread, runs saved under {@code dir}. */
    static TrainSpec small(Path dir, String data) {
        return new TrainSpec().data(data).model("mlp(16)").epochs(3).batch(32).lr(1e-2).runsDir(dir.toString()).threads(1);
    }
}
