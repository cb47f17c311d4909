package trainbook.magic.args;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The defaults the help shows are the defaults a run gets: each key's help default against a fresh TrainSpec's. */
class HelpDefaultsTest {
    /**
     * Keys whose default is decided when the run starts (by the task, the optimizer, the epochs): the spec holds a
     * placeholder and the help describes the rule.
     */
    private static final Map<String, String> DECIDED_AT_RUN = Map.of(
            "val", "default", "momentum", "auto", "loss", "auto", "step", "", "milestones", "",
            "final", "auto", "metrics", "default", "threads", "default");

    @Test
    void everyHelpDefaultIsTheSpecsDefault() {
        Map<String, String> real = new TrainSpec().toMap();
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (KeyDef key : Keys.ALL) {
            if (!key.accepts(Magic.TRAIN) || !real.containsKey(key.name())) continue;
            compared++;
            if (DECIDED_AT_RUN.containsKey(key.name())) {
                assertEquals(DECIDED_AT_RUN.get(key.name()), real.get(key.name()), key.name() + " is decided at run time");
                assertFalse(key.def().isBlank(), key.name() + ": the help says how");
                continue;
            }
            String shown = key.def();
            String actual = real.get(key.name());
            if (!same(shown, actual)) wrong.add(key.name() + ": help says '" + shown + "', a run gets '" + actual + "'");
        }
        assertTrue(compared >= 30, "compared " + compared + " keys");
        assertEquals(List.of(), wrong);
    }

    @Test
    void theMomentumTheHelpPromisesIsTheOneTheEngineUses() {
        String help = Keys.get("momentum").def();
        assertTrue(help.startsWith("0.9 (momentum, nesterov), 0 (sgd"), help);
        assertEquals(0.9, trainbook.engine.KeyScope.momentum(new TrainSpec().opt("momentum")));
        assertEquals(0.9, trainbook.engine.KeyScope.momentum(new TrainSpec().opt("nesterov")));
        assertEquals(0.0, trainbook.engine.KeyScope.momentum(new TrainSpec().opt("sgd")));
        assertEquals(0.0, trainbook.engine.KeyScope.momentum(new TrainSpec().opt("rmsprop")));
    }

    /** Equal as text or as numbers ({@code 1e-3} and {@code 0.001}). */
    private static boolean same(String shown, String actual) {
        if (shown.equals(actual)) return true;
        try {
            return Double.parseDouble(shown) == Double.parseDouble(actual);
        } catch (NumberFormatException notNumbers) {
            return false;
        }
    }
}
