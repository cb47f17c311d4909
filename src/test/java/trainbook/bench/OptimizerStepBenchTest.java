package trainbook.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer step benchmark runs its three variants (timings are the benchmark's business, not a test's). */
class OptimizerStepBenchTest {
    @Test
    void adamTimesAllThreeVariantsAndMomentumOnlyTheShippedOne() {
        double[] adam = OptimizerStepBench.run("adam", 2);
        for (int i = 0; i < 4; i++) assertTrue(adam[i] > 0 && Double.isFinite(adam[i]), "µs/step " + adam[i]);
        // native calls per step need the counting agent, which this test JVM runs without (NativeCallsTest has it)
        assertTrue(Double.isNaN(adam[4]) && Double.isNaN(adam[5]), "no calls counted without the agent");
        double[] mom = OptimizerStepBench.run("momentum", 2);
        assertTrue(mom[0] > 0 && Double.isFinite(mom[0]), "µs/step " + mom[0]);
        assertTrue(Double.isNaN(mom[1]) && Double.isNaN(mom[2]), "flat variants are Adam's only");
    }
}
