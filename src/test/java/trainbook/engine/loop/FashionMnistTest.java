package trainbook.engine.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.data.Idx;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StopReason;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The one real-data test: an MLP on Fashion-MNIST (Debian package dataset-fashion-mnist), one epoch. */
class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void mlpReaches80PercentInOneEpoch() {
        assumeTrue(Files.isRegularFile(Path.of(Idx.FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz")),
                "needs the Debian package dataset-fashion-mnist");
        TrainSpec s = Trainbook.spec().model("mlp(256,128)").data("fashion-mnist").epochs(1).batch(128).lr(1e-3);
        s.runsDir = dir.toString();
        s.threads = 1; // robust on a shared machine: oversubscribed intra-op threads spin
        try (Run run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(StopReason.COMPLETED, r.stopReason());
            assertEquals(469, r.stepsPerEpoch());
            assertEquals(60000, r.data().trainSize());
            assertEquals(10000, r.data().valSize());
            assertEquals(10, r.data().numClasses());
            assertEquals(0, r.data().inputMean(), 1e-3);
            double acc = r.metric("test_acc");
            assertTrue(acc >= 0.80, "test accuracy " + acc);
            assertEquals(Math.log(10), r.steps().get(0).loss(), 0.5, "initial loss near ln(10)");
        }
    }
}
