package trainbook.engine.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SamplersTest {
    /** A stop requested by an earlier test in this JVM would end every study at once. */
    @org.junit.jupiter.api.BeforeEach
    void noStopRequest() { trainbook.engine.Cancellation.current().reset(); }

    static final SearchSpace SPACE = SearchSpace.of().logFloat("lr", 1e-4, 1e-1).intRange("n", 1, 8).choice("opt", "sgd", "adam", "adamw");

    static double quad(TrialHandle t) {
        double x = Math.log10(t.getDouble("lr")) + 2.5;
        return x * x + Math.abs(t.getLong("n") - 3) * 0.3 + (t.getString("opt").equals("adam") ? 0 : 0.5);
    }

    static List<Map<String, Object>> run(Sampler sampler, long seed, int n) {
        Study s = Study.builder().space(SPACE).sampler(sampler).seed(seed).build();
        s.optimize(SamplersTest::quad, n);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Trial t : s.trials()) out.add(t.params());
        return out;
    }

    @Test
    void everySamplerIsDeterministicUnderASeed() {
        for (Sampler sm : List.of(new RandomSampler(), new TpeSampler(), new TpeSampler(10, 24, true))) {
            assertEquals(run(sm, 7, 25), run(sm, 7, 25), sm.name());
            assertNotEquals(run(sm, 7, 25), run(sm, 8, 25), sm.name());
        }
    }

    @Test
    void samplesStayInTheSpace() {
        for (Map<String, Object> p : run(new TpeSampler(), 3, 40)) {
            double lr = (Double) p.get("lr");
            long n = (Long) p.get("n");
            assertTrue(lr >= 1e-4 && lr <= 1e-1, p.toString());
            assertTrue(n >= 1 && n <= 8, p.toString());
            assertTrue(List.of("sgd", "adam", "adamw").contains(p.get("opt")), p.toString());
        }
    }

    @Test
    void gridRunsEveryCombinationFirstKeySlowest() {
        SearchSpace g = SearchSpace.of().choice("opt", "sgd", "adam").intRange("n", 1, 3);
        Study s = Study.builder().space(g).sampler(new GridSampler()).build();
        s.optimize(t -> 0, 6);
        List<String> seen = s.trials().stream().map(t -> t.params().get("opt") + "/" + t.params().get("n")).toList();
        assertEquals(List.of("sgd/1", "sgd/2", "sgd/3", "adam/1", "adam/2", "adam/3"), seen);
        String m = assertThrows(IllegalArgumentException.class,
                () -> Study.builder().space(SPACE).sampler(new GridSampler()).build()).getMessage();
        assertTrue(m.contains("lr=log:1e-4..0.1") && m.contains("search=tpe"), m);
    }

    @Test
    void tpeFindsBetterValuesThanRandomOnAQuadratic() {
        double tpe = 0, rnd = 0;
        for (int seed = 0; seed < 5; seed++) {
            Study a = Study.builder().space(SPACE).sampler(new TpeSampler()).seed(seed).build();
            a.optimize(SamplersTest::quad, 40);
            Study b = Study.builder().space(SPACE).sampler(new RandomSampler()).seed(seed).build();
            b.optimize(SamplersTest::quad, 40);
            tpe += a.best().orElseThrow().value();
            rnd += b.best().orElseThrow().value();
        }
        assertTrue(tpe < rnd, "TPE mean best " + tpe / 5 + " vs random " + rnd / 5);
    }
}
