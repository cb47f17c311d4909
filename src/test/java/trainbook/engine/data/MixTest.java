package trainbook.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import trainbook.engine.loss.Losses;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** cutmix and mixup: the inputs and the labels of a batch mixed with a fixed λ, and the random draws behind them. */
class MixTest {
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Softmax cross-entropy of one row of logits against class k, in doubles. */
    static double ce(double[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : logits) max = Math.max(max, v);
        for (double v : logits) sum += Math.exp(v - max);
        return -(logits[k] - max - Math.log(sum));
    }

    @Test
    void mixupMixesInputsAndLossOfATwoSampleBatch() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[]{1, 2, 3, 10, 20, 30}, new Shape(2, 3));
            double lam = 0.3;
            Mix.Batch b = Mix.mixup(m, x, lam, new int[]{1, 0});
            assertEquals("mixup", b.method());
            assertEquals(lam, b.lambda());
            assertArrayEquals(new float[]{7.3f, 14.6f, 21.9f, 3.7f, 7.4f, 11.1f}, b.x().toFloatArray(), 1e-5f);

            // logits for the two samples, labels 0 and 2: each sample's partner carries the other label
            double[][] logits = {{2.0, 0.5, -1.0}, {0.1, 0.2, 1.5}};
            NDArray pred = m.create(new float[]{2.0f, 0.5f, -1.0f, 0.1f, 0.2f, 1.5f}, new Shape(2, 3));
            NDArray y = m.create(new long[]{0, 2});
            double own = (ce(logits[0], 0) + ce(logits[1], 2)) / 2;
            double swapped = (ce(logits[0], 2) + ce(logits[1], 0)) / 2;
            double expected = lam * own + (1 - lam) * swapped;
            NDArray loss = b.loss((p, t) -> Losses.of("ce").compute(p, t), pred, y);
            assertEquals(expected, loss.getFloat(), 1e-5);
            assertArrayEquals(new long[]{2, 0}, b.partnerRows(y).toLongArray());
            // λ < ½: the partner's label holds the larger share and is the one accuracy counts
            assertArrayEquals(new long[]{2, 0}, b.dominant(y).toLongArray());
            assertArrayEquals(new long[]{0, 2}, Mix.mixup(m, x, 0.7, new int[]{1, 0}).dominant(y).toLongArray());
        }
    }

    @Test
    void mixedLossOfRegressionTargetsUsesThePartnersRows() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[]{0, 1}, new Shape(2, 1));
            Mix.Batch b = Mix.mixup(m, x, 0.25, new int[]{1, 0});
            NDArray pred = m.create(new float[]{1, 1}, new Shape(2, 1));
            NDArray y = m.create(new float[]{3, -1}, new Shape(2, 1));
            NDArray loss = b.loss((p, t) -> p.sub(t).abs().mean(), pred, y);
            double own = (Math.abs(1 - 3) + Math.abs(1 + 1)) / 2.0;
            double swapped = (Math.abs(1 + 1) + Math.abs(1 - 3)) / 2.0;
            assertEquals(0.25 * own + 0.75 * swapped, loss.getFloat(), 1e-6);
            NDArray pred2 = m.create(new float[]{3, 0}, new Shape(2, 1));
            double own2 = (0 + 1) / 2.0, swapped2 = (4 + 3) / 2.0;
            assertEquals(0.25 * own2 + 0.75 * swapped2, b.loss((p, t) -> p.sub(t).abs().mean(), pred2, y).getFloat(), 1e-6);
        }
    }

    @Test
    void cutmixPastesTheBoxAndSetsLambdaToTheKeptShare() {
        try (NDManager m = manager.newSubManager()) {
            float[] v = new float[2 * 16];
            for (int i = 0; i < 16; i++) {
                v[i] = 1;        // image 0: all ones
                v[16 + i] = 5;   // image 1: all fives
            }
            NDArray x = m.create(v, new Shape(2, 1, 4, 4));
            Mix.Batch b = Mix.cutmix(m, x, new int[]{1, 0}, 1, 3, 0, 2); // rows 1..2, columns 0..1: 4 of 16 pixels
            assertEquals("cutmix", b.method());
            assertEquals(0.75, b.lambda(), 1e-12);
            float[] out = b.x().toFloatArray();
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    boolean in = r >= 1 && r < 3 && c < 2;
                    assertEquals(in ? 5 : 1, out[r * 4 + c], "image 0 pixel " + r + "," + c);
                    assertEquals(in ? 1 : 5, out[16 + r * 4 + c], "image 1 pixel " + r + "," + c);
                }
            }
            NDArray pred = m.create(new float[]{0.3f, -0.2f, 1.0f, 0.0f}, new Shape(2, 2));
            NDArray y = m.create(new long[]{1, 0});
            double own = (ce(new double[]{0.3, -0.2}, 1) + ce(new double[]{1.0, 0.0}, 0)) / 2;
            double swapped = (ce(new double[]{0.3, -0.2}, 0) + ce(new double[]{1.0, 0.0}, 1)) / 2;
            assertEquals(0.75 * own + 0.25 * swapped, b.loss((p, t) -> Losses.of("ce").compute(p, t), pred, y).getFloat(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> Mix.cutmix(m, x, new int[]{1, 0}, 0, 5, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> Mix.cutmix(m, m.create(new float[]{1, 2}, new Shape(2, 1)),
                    new int[]{1, 0}, 0, 1, 0, 1));
        }
    }

    @Test
    void partnersFormOneCycleSoNoSampleIsMixedWithItself() {
        Random r = new Random(3);
        for (int n = 2; n < 40; n++) {
            int[] p = Mix.cycle(n, r);
            boolean[] seen = new boolean[n];
            int at = 0;
            for (int k = 0; k < n; k++) {
                assertNotEquals(at, p[at], "self partner");
                assertFalse(seen[at]);
                seen[at] = true;
                at = p[at];
            }
            assertEquals(0, at, "a single cycle through all " + n);
        }
    }

    @Test
    void betaDrawsHaveTheRightMeanAndVariance() {
        for (double a : new double[]{Mix.MIXUP_ALPHA, Mix.CUTMIX_ALPHA, 2.0}) {
            Random r = new Random(11);
            int n = 40_000;
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) {
                double v = Mix.beta(r, a);
                assertTrue(v >= 0 && v <= 1);
                s += v;
                s2 += v * v;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "mean of Beta(" + a + "," + a + ")");
            assertEquals(1 / (4 * (2 * a + 1)), var, 0.005, "variance of Beta(" + a + "," + a + ")");
        }
    }

    @Test
    void augmentSeedsTheMixingAndKeepsCutmixToImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augment.of(List.of("cutmix"), false, 1));
        assertTrue(e.getMessage().contains("'cutmix' needs image data"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertNotNull(Augment.of(List.of("mixup"), false, 1).mix());
        assertNull(Augment.of(List.of("flip"), true, 1).mix());
        Augment both = Augment.of(List.of("flip", "cutmix", "mixup"), true, 1);
        assertEquals(List.of("flip", "mixup", "cutmix"), both.names());
        try (NDManager m = manager.newSubManager()) {
            float[] v = new float[8 * 16];
            for (int i = 0; i < v.length; i++) v[i] = i;
            NDArray x = m.create(v, new Shape(8, 1, 4, 4));
            Mix a = Augment.of(List.of("cutmix", "mixup"), true, 7).mix();
            Mix b = Augment.of(List.of("cutmix", "mixup"), true, 7).mix();
            boolean sawCut = false, sawMix = false;
            for (int i = 0; i < 12; i++) {
                Mix.Batch ba = a.apply(m, x), bb = b.apply(m, x);
                assertEquals(ba.lambda(), bb.lambda(), 0, "same seed, same λ");
                assertArrayEquals(ba.partner().toLongArray(), bb.partner().toLongArray());
                assertArrayEquals(ba.x().toFloatArray(), bb.x().toFloatArray());
                sawCut |= ba.method().equals("cutmix");
                sawMix |= ba.method().equals("mixup");
            }
            assertTrue(sawCut && sawMix, "both methods are used when both are asked for");
            assertNull(a.apply(m, m.create(new float[16], new Shape(1, 1, 4, 4))), "a single sample has no partner");
        }
    }
}
