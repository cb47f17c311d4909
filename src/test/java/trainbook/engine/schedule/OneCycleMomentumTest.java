package trainbook.engine.schedule;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One-cycle's LR and momentum against torch's {@code OneCycleLR} (PyTorch 1.13, Debian python3-torch) to 1e-12.
 * The reference values are in {@code src/test/resources/reference/onecycle_torch.json}; regenerate them with
 * {@code /usr/bin/python3 src/test/resources/reference/onecycle_torch.py > src/test/resources/reference/onecycle_torch.json}.
 */
public class OneCycleMomentumTest {
    static final double EPS = 1e-12;

    public static JsonObject reference() throws Exception {
        try (InputStream in = OneCycleMomentumTest.class.getResourceAsStream("/reference/onecycle_torch.json")) {
            assertNotNull(in, "reference/onecycle_torch.json on the test class path");
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static JsonObject schedCase(String name) throws Exception {
        for (var e : reference().getAsJsonArray("schedules")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) return e.getAsJsonObject();
        }
        throw new AssertionError("no reference case " + name);
    }

    static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    static void assertMatches(String name, Schedule s) throws Exception {
        JsonObject c = schedCase(name);
        double[] lr = doubles(c.getAsJsonArray("lr")), mom = doubles(c.getAsJsonArray("momentum"));
        assertEquals(c.get("total_steps").getAsInt(), lr.length);
        for (int t = 0; t < lr.length; t++) {
            assertEquals(lr[t], s.lr(t), EPS, name + " lr at step " + t);
            assertEquals(mom[t], s.momentum(t), EPS, name + " momentum at step " + t);
        }
    }

    @Test
    void lrAndMomentumMatchTorchOneCycleLR() throws Exception {
        // OneCycleLR(SGD(momentum=0.9), max_lr=0.1, total_steps=100): defaults, cycle_momentum=True
        assertMatches("sgd-100", Schedules.oneCycle(0.1, 100));
        // OneCycleLR(Adam, max_lr=0.05, total_steps=7, pct_start=0.25, div_factor=10, final_div_factor=100): β1
        assertMatches("adam-7", Schedules.oneCycle(0.05, 7, 0.25, 10, 0.05 / 10 / 100));
        // OneCycleLR(SGD nesterov, max_lr=0.2, total_steps=20, base_momentum=0.8, max_momentum=0.9)
        assertMatches("sgd-20-custom", Schedules.oneCycle(0.2, 20, 0.3, 25, 0.2 / 25 / 1e4, 0.8, 0.9));
        // a one-step cycle: torch lands on the final values at once
        assertMatches("adamw-1", Schedules.oneCycle(0.01, 1));
    }

    @Test
    void momentumRunsInverseToTheLr() {
        Schedule oc = Schedules.oneCycle(0.1, 100);
        assertEquals(Schedules.ONECYCLE_MAX_MOMENTUM, oc.momentum(0), EPS);
        assertEquals(Schedules.ONECYCLE_BASE_MOMENTUM, oc.momentum(29), EPS); // the LR peak
        assertEquals(Schedules.ONECYCLE_MAX_MOMENTUM, oc.momentum(99), EPS);
        assertEquals(Schedules.ONECYCLE_MAX_MOMENTUM, oc.momentum(500), EPS); // constant afterwards, like the LR
        for (int t = 1; t < 100; t++) {
            double dl = oc.lr(t) - oc.lr(t - 1), dm = oc.momentum(t) - oc.momentum(t - 1);
            assertTrue(dl * dm <= 0, "LR and momentum move apart at step " + t);
        }
        assertTrue(oc.describe().contains("momentum 0.95 ↘ 0.85 ↗ 0.95"), oc.describe());
        Schedule off = Schedules.oneCycle(0.1, 100, 0.3, 25, 4e-7, Double.NaN, Double.NaN);
        assertTrue(Double.isNaN(off.momentum(10)));
        assertEquals(oc.lr(10), off.lr(10), 0);
        assertThrows(IllegalArgumentException.class, () -> Schedules.oneCycle(0.1, 10, 0.3, 25, 0, 0.85, 1.0));
        // schedules without a momentum cycle leave the optimizer's alone
        assertTrue(Double.isNaN(Schedules.cosine(0.1, 0.001, 10).momentum(3)));
        assertTrue(Double.isNaN(Schedules.lambda(s -> 1.0).momentum(3)));
    }

    @Test
    void fromSpecCyclesMomentumForOnecycleUnlessTurnedOff() {
        TrainSpec spec = new TrainSpec().sched("onecycle").epochs(2);
        Schedule s = Schedules.fromSpec(spec, 0.01, 10);
        Schedule direct = Schedules.oneCycle(0.01, 20, 0.3, 25, 0.01 / 100);
        for (int t = 0; t < 20; t++) {
            assertEquals(direct.lr(t), s.lr(t), EPS);
            assertEquals(direct.momentum(t), s.momentum(t), EPS);
        }
        assertTrue(Double.isNaN(Schedules.fromSpec(spec.copy().cycleMomentum(false), 0.01, 10).momentum(5)));
        assertEquals("false", spec.copy().cycleMomentum(false).toMap().get("cycle_momentum"));
        // behind a warmup the cycle starts after it, and the warmup holds the cycle's first momentum
        TrainSpec warm = spec.copy().warmupSteps(4);
        Schedule w = Schedules.fromSpec(warm, 0.01, 10);
        Schedule after = Schedules.oneCycle(0.01, 16, 0.3, 25, 0.01 / 100);
        assertEquals(0.95, w.momentum(0), EPS);
        assertEquals(0.95, w.momentum(3), EPS);
        for (int t = 4; t < 20; t++) assertEquals(after.momentum(t - 4), w.momentum(t), EPS, "step " + t);
        // other schedules set none
        assertTrue(Double.isNaN(Schedules.fromSpec(new TrainSpec().sched("cosine"), 0.01, 10).momentum(3)));
    }
}
