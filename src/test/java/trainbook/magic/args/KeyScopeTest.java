package trainbook.magic.args;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import trainbook.engine.KeyScope;
import trainbook.engine.TrainSpec;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.optim.Optimizers;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * No {@code %train} key is accepted and silently ignored: every optimizer- or schedule-dependent key, with every
 * optimizer and every schedule, either changes what the run does (its LR plan, its momentum plan, or the weights
 * after a few optimizer steps) or is rejected with one line that quotes the token and says what it applies to.
 * "Changes" is measured here, independently of the {@link KeyScope} table the parser reads.
 */
class KeyScopeTest {
    /** Each key with a value that differs from its default (and from the value the spec would otherwise get). */
    static final Map<String, String> VALUES = Map.of(
            "momentum", "0.5", "wd", "0.1", "step", "2", "milestones", "1", "gamma", "0.5", "final", "1e-4",
            "cycle_momentum", "false", "warmup", "1", "warmup_mode", "exp");
    static final int SPE = 4, EPOCHS = 3;

    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void everyKeyWithEveryOptimizerAndScheduleIsHonouredOrRejected() {
        int honoured = 0, rejected = 0;
        List<String> silent = new ArrayList<>();
        for (String key : VALUES.keySet()) {
            for (String opt : Keys.OPTS) {
                for (String sched : Keys.SCHEDS) {
                    // warmup_mode is only meaningful next to a warmup: the base line carries one for it
                    String base = "opt=" + opt + " sched=" + sched + " epochs=" + EPOCHS + " lr=0.1"
                            + (key.equals("warmup_mode") ? " warmup=1" : "");
                    String token = key + "=" + VALUES.get(key);
                    MagicArgs without = ArgParser.parse(Magic.TRAIN, base);
                    MagicArgs with;
                    try {
                        with = ArgParser.parse(Magic.TRAIN, base + " " + token);
                    } catch (ArgException e) {
                        String msg = e.getMessage();
                        assertFalse(msg.contains("\n"), "one line: " + msg);
                        assertTrue(msg.contains(token), "quotes " + token + ": " + msg);
                        assertTrue(msg.contains("applies to"), "says what is valid: " + msg);
                        rejected++;
                        continue;
                    }
                    if (Arrays.equals(effect(without.spec), effect(with.spec))) silent.add(base + " " + token);
                    else honoured++;
                }
            }
        }
        assertEquals(List.of(), silent, "accepted but changed nothing");
        assertTrue(honoured > 0 && rejected > 0, honoured + " honoured, " + rejected + " rejected");
    }

    @Test
    void theTableMatchesWhatTheParserDoes() {
        assertTrue(KeyScope.applies("momentum", new TrainSpec().opt("sgd")));
        assertFalse(KeyScope.applies("momentum", new TrainSpec().opt("adam")));
        String msg = assertThrows(ArgException.class, () -> ArgParser.parse(Magic.TRAIN, "opt=adam momentum=0.9")).getMessage();
        assertTrue(msg.contains("momentum=0.9 has no effect with opt=adam"), msg);
        msg = assertThrows(ArgException.class, () -> ArgParser.parse(Magic.LRFIND, "opt=adamw momentum=0.9")).getMessage();
        assertTrue(msg.contains("momentum=0.9"), msg);
        msg = assertThrows(ArgException.class, () -> ArgParser.parse(Magic.TRAIN, "opt=sgd sched=onecycle cycle_momentum=true")).getMessage();
        assertTrue(msg.contains("opt=momentum|nesterov|adam|adamw"), msg);
        // one-cycle overwrites a fixed momentum unless cycling is off
        msg = assertThrows(ArgException.class, () -> ArgParser.parse(Magic.TRAIN, "opt=momentum momentum=0.5 sched=onecycle")).getMessage();
        assertTrue(msg.contains("cycle_momentum=false"), msg);
        assertDoesNotThrow(() -> ArgParser.parse(Magic.TRAIN, "opt=sgd momentum=0.9 sched=onecycle cycle_momentum=false"));
        msg = assertThrows(ArgException.class, () -> ArgParser.parse(Magic.TRAIN, "min_delta=0.01")).getMessage();
        assertTrue(msg.contains("patience"), msg);
        // the default momentum is torch's per optimizer: plain SGD stays plain unless momentum= is given
        assertEquals(0, KeyScope.momentum(new TrainSpec().opt("sgd")));
        assertEquals(0.9, KeyScope.momentum(new TrainSpec().opt("nesterov")));
        assertEquals("sgd (plain)", Optimizers.describe(new TrainSpec().opt("sgd")));
        assertEquals("sgd (momentum μ 0.9, dampening 0)", Optimizers.describe(new TrainSpec().opt("sgd").momentum(0.9)));
    }

    /** What a spec makes the run do: LR and momentum per step, then the weights after optimizer steps. */
    static double[] effect(TrainSpec spec) {
        Schedule sc = Schedules.fromSpec(spec, spec.lr(), SPE);
        int total = EPOCHS * SPE;
        double[] out = new double[total * 2 + 3];
        for (int i = 0; i < total; i++) {
            out[i] = sc.lr(i);
            out[total + i] = sc.momentum(i);
        }
        try (NDManager m = manager.newSubManager(); UpdateRule o = Optimizers.create(spec)) {
            NDArray w = m.create(new float[]{0.5f, -1.2f, 2.0f});
            NDArray a = m.create(new float[]{1.0f, 0.5f, 2.0f});
            w.setRequiresGradient(true);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(w).build());
            // as the training loop: a one-cycle momentum is handed to the optimizer before each step
            boolean cycles = !Double.isNaN(sc.momentum(0)) && o.setMomentum(sc.momentum(0));
            for (int t = 0; t < total; t++) {
                if (cycles) o.setMomentum(sc.momentum(t));
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(w.square().mul(a).sum().mul(0.5f).add(w.sum()));
                }
                o.step(t, (float) sc.lr(t), params);
            }
            float[] got = w.toFloatArray();
            for (int i = 0; i < 3; i++) out[total * 2 + i] = got[i];
        }
        return out;
    }
}
