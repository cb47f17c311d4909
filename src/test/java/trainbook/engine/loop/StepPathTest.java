package trainbook.engine.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import trainbook.engine.data.DeviceData;
import trainbook.engine.loss.Losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast pieces of the training step give the same numbers as the general ones. */
class StepPathTest {
    @Test
    void crossEntropyFromRowsMatchesTheGeneralLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[]{2f, -1f, 0.5f, 0.1f, 0.2f, 3f, -2f, 1f, 1f, 0f, 0f, 0f}, new Shape(4, 3));
            NDArray rows = m.create(new long[]{0, 2, 1, 2}, new Shape(4, 1));
            double general = Losses.crossEntropy(logits, rows.reshape(-1)).toFloatArray()[0];
            double fast = Session.crossEntropyRows(logits, rows).toFloatArray()[0];
            // by hand: mean of -log softmax at the labelled class
            double[][] x = {{2, -1, 0.5}, {0.1, 0.2, 3}, {-2, 1, 1}, {0, 0, 0}};
            int[] y = {0, 2, 1, 2};
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double z = 0;
                for (double v : x[i]) z += Math.exp(v);
                sum -= x[i][y[i]] - Math.log(z);
            }
            assertEquals(sum / 4, fast, 1e-6);
            assertEquals(general, fast, 1e-6);
            assertEquals(new Shape(), Session.crossEntropyRows(logits, rows).getShape());
        }
    }

    @Test
    void permutationSlicesSelectTheSameRowsAsHostIndices() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] perm = {4, 0, 3, 1, 2};
            NDArray dev = DeviceData.indexTensor(m, perm);
            assertArrayEquals(new long[]{3, 1}, DeviceData.slice(m, dev, 2, 4).toLongArray());
            assertArrayEquals(DeviceData.indices(m, perm, 1, 5).toLongArray(), DeviceData.slice(m, dev, 1, 5).toLongArray());
        }
    }
}
