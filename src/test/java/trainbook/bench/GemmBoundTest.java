package trainbook.bench;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step FLOPs behind the bench's machine limit, counted by hand, and a throughput measurement that runs. */
class GemmBoundTest {
    @Test
    void mlpStepFlopsAreForwardTwiceAndTheHiddenLayersInputGradients() {
        // forward 2·128·(784·256 + 256·128 + 128·10) = 60 096 512; input gradients of layers 2 and 3: 8 716 288
        assertEquals(2 * 60_096_512.0 + 8_716_288.0, GemmBound.mlpStepFlops(), 0.5);
    }

    @Test
    void cnnStepFlopsCountTheConvolutionsAsIm2colGemms() {
        // per sample: conv1 451 584, conv2 7 225 344, dense 802 816 + 2 560; conv1 needs no input gradient
        double fwd = 128.0 * (451_584 + 7_225_344 + 802_816 + 2_560);
        double inputGrads = 128.0 * (7_225_344 + 802_816 + 2_560);
        assertEquals(3_199_401_984.0, 2 * fwd + inputGrads, 0.5);
        assertEquals(3_199_401_984.0, GemmBound.cnnStepFlops(), 0.5);
    }

    @Test
    void gemmThroughputIsMeasuredAsAPositiveFiniteRate() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            double g = GemmBound.gflops(m, 64, 64, 64, 2);
            assertTrue(g > 0 && Double.isFinite(g), "GFLOP/s " + g);
        }
    }
}
