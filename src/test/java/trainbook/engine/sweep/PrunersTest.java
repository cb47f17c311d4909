package trainbook.engine.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Pruner decisions on synthetic learning curves. */
class PrunersTest {
    static Trial curve(int n, TrialState state, double... values) {
        Trial t = new Trial(n, Map.of());
        for (int i = 0; i < values.length; i++) t.intermediate().put(i + 1, values[i]);
        t.state(state);
        if (state == TrialState.COMPLETE) t.value(values[values.length - 1]);
        return t;
    }

    /** Five complete curves whose step-1 values are 1..5 (median 3) and step-2 values 0.5..2.5 (median 1.5). */
    static List<Trial> five() {
        List<Trial> all = new ArrayList<>();
        for (int i = 1; i <= 5; i++) all.add(curve(i, TrialState.COMPLETE, i, i / 2.0, i / 4.0));
        return all;
    }

    @Test
    void medianPrunesAboveTheMedianAtTheSameStep() {
        MedianPruner m = new MedianPruner();
        List<Trial> all = five();
        Trial bad = curve(6, TrialState.RUNNING, 3.5);
        all.add(bad);
        assertTrue(m.prune(bad, all, Direction.MINIMIZE));
        Trial ok = curve(7, TrialState.RUNNING, 2.9);
        all.add(ok);
        assertFalse(m.prune(ok, all, Direction.MINIMIZE));
        // at step 2 its best so far (2.9) is judged against step 2's median (1.5): pruned
        ok.intermediate().put(2, 3.0);
        assertTrue(m.prune(ok, all, Direction.MINIMIZE));
        // maximising: below the median is bad
        Trial low = curve(8, TrialState.RUNNING, 2.0);
        all.add(low);
        assertTrue(m.prune(low, all, Direction.MAXIMIZE));
        assertFalse(m.prune(low, all, Direction.MINIMIZE));
    }

    @Test
    void medianWaitsForStartupTrialsAndWarmup() {
        List<Trial> four = new ArrayList<>(five().subList(0, 4));
        Trial bad = curve(9, TrialState.RUNNING, 100);
        four.add(bad);
        assertFalse(new MedianPruner().prune(bad, four, Direction.MINIMIZE), "only 4 complete trials");
        List<Trial> all = five();
        all.add(bad);
        assertFalse(new MedianPruner(5, 2, 1, 1).prune(bad, all, Direction.MINIMIZE), "step 1 is in the warmup");
        bad.intermediate().put(2, 100.0);
        assertTrue(new MedianPruner(5, 2, 1, 1).prune(bad, all, Direction.MINIMIZE));
        Trial nan = curve(10, TrialState.RUNNING, Double.NaN);
        all.add(nan);
        assertTrue(new MedianPruner().prune(nan, all, Direction.MINIMIZE));
        // pruned and failed trials never set the median
        Trial prunedLow = curve(11, TrialState.PRUNED, -50);
        List<Trial> only = new ArrayList<>(List.of(prunedLow, curve(12, TrialState.RUNNING, 1)));
        assertFalse(new MedianPruner(0, 0, 1, 1).prune(only.get(1), only, Direction.MINIMIZE));
    }

    @Test
    void successiveHalvingKeepsTheBestOneInEtaAtEachRung() {
        SuccessiveHalvingPruner sh = new SuccessiveHalvingPruner(1, 2, 0); // rungs at steps 1, 2, 4
        List<Trial> all = new ArrayList<>();
        Trial a = curve(1, TrialState.RUNNING, 1.0);
        all.add(a);
        assertFalse(sh.prune(a, all, Direction.MINIMIZE), "first at rung 0 goes on");
        Trial b = curve(2, TrialState.RUNNING, 2.0);
        all.add(b);
        assertTrue(sh.prune(b, all, Direction.MINIMIZE), "2.0 is not the best of [1, 2]");
        Trial c = curve(3, TrialState.RUNNING, 0.5);
        all.add(c);
        assertFalse(sh.prune(c, all, Direction.MINIMIZE));
        Trial d = curve(4, TrialState.RUNNING, 0.9);
        all.add(d);
        // 4 values at rung 0: the best 4/2 = 2 go on ([0.5, 0.9, 1, 2] → 0.9 is second)
        assertFalse(sh.prune(d, all, Direction.MINIMIZE));
        assertEquals(Map.of(0, 0.9), d.rungs());
        // step 2 is rung 1: a got there first with 0.8
        a.intermediate().put(2, 0.8);
        assertFalse(sh.prune(a, all, Direction.MINIMIZE));
        d.intermediate().put(2, 0.85);
        assertTrue(sh.prune(d, all, Direction.MINIMIZE), "0.85 is not the best of [0.8, 0.85]");
        // step 3 is no rung: no decision
        a.intermediate().put(3, 5.0);
        assertFalse(sh.prune(a, all, Direction.MINIMIZE));
    }

    @Test
    void successiveHalvingAutoResourceWaitsForACompleteTrial() {
        SuccessiveHalvingPruner sh = new SuccessiveHalvingPruner();
        List<Trial> all = new ArrayList<>();
        Trial a = curve(1, TrialState.RUNNING, 9.0);
        all.add(a);
        assertFalse(sh.prune(a, all, Direction.MINIMIZE), "no complete trial: no min resource yet");
        all.add(curve(2, TrialState.COMPLETE, 1.0, 0.5));
        Trial b = curve(3, TrialState.RUNNING, 1.0);
        all.add(b);
        assertFalse(sh.prune(b, all, Direction.MINIMIZE));
        Trial c = curve(4, TrialState.RUNNING, 2.0);
        all.add(c);
        assertTrue(sh.prune(c, all, Direction.MINIMIZE), "eta 4: only the best of fewer than 4 goes on");
    }
}
