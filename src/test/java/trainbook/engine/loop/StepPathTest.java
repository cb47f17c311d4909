package trainbook.engine.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import trainbook.engine.data.DeviceData;
import trainbook.engine.data.HostData;
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
            double fast = TrainingSession.crossEntropyRows(logits, rows).toFloatArray()[0];
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
            assertEquals(new Shape(), TrainingSession.crossEntropyRows(logits, rows).getShape());
        }
    }

    @Test
    void permutationSlicesSelectTheSameRowsAsHostIndices() {
        HostData all = trainbook.engine.data.Synthetic.blobs(8, 2, 2, 1);
        HostData part = all.subset(new int[]{7, 6, 5, 4, 3});
        try (NDManager m = NDManager.newBaseManager(); DeviceData d = new DeviceData(part, m.getDevice(), m)) {
            int[] perm = {4, 0, 3, 1, 2};
            NDArray dev = d.indexTensor(m, perm);
            // positions in the subset map to rows of the whole data set's shared copy
            assertArrayEquals(new long[]{4, 6}, DeviceData.slice(m, dev, 2, 4).toLongArray());
            assertArrayEquals(new long[]{3, 7, 4, 6, 5}, dev.toLongArray());
        }
    }
}
