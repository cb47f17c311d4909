package trainbook.magic.args;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CompareParserTest {

    @Test
    void savedRunsByName() {
        CompareArgs c = CompareParser.parse("baseline run2 format=svg monitor=val_acc");
        assertEquals(CompareArgs.Mode.SAVED, c.mode);
        assertEquals(List.of("baseline", "run2"), c.runs);
        assertEquals("svg", c.format);
        assertEquals("val_acc", c.monitor);
        assertFalse(c.all);
        assertNull(c.last);
    }

    @Test
    void savedAllAndLast() {
        CompareArgs all = CompareParser.parse("all");
        assertTrue(all.all);
        assertTrue(all.runs.isEmpty());
        CompareArgs last = CompareParser.parse("last=3");
        assertEquals(CompareArgs.Mode.SAVED, last.mode);
        assertEquals(3, last.last);
    }

    @Test
    void gridIsTheCartesianProductFirstKeySlowest() {
        CompareArgs c = CompareParser.parse("opt=sgd,adam lr=1e-2,1e-3,1e-4 epochs=3 as=sw");
        assertEquals(CompareArgs.Mode.SWEEP, c.mode);
        assertEquals(6, c.trials.size());
        assertEquals(Map.of("opt", "sgd", "lr", "1e-2"), c.trials.get(0).varied());
        assertEquals(Map.of("opt", "sgd", "lr", "1e-3"), c.trials.get(1).varied());
        assertEquals(Map.of("opt", "adam", "lr", "1e-4"), c.trials.get(5).varied());
        for (CompareArgs.Trial t : c.trials) {
            assertEquals(3, t.args().spec.epochs());
            assertEquals(42, t.args().spec.seed());
            assertEquals(Double.parseDouble(t.varied().get("lr")), t.args().spec.lr(), 1e-15);
            assertEquals(t.varied().get("opt"), t.args().spec.opt());
            assertEquals("sw_" + t.index(), t.args().spec.name());
        }
        assertEquals(List.of("sgd", "adam"), c.swept.get("opt"));
        assertEquals("sw", c.as);
    }

    @Test
    void commasInsideParenthesesBelongToTheModel() {
        CompareArgs c = CompareParser.parse("model=mlp(512,256),cnn");
        assertEquals(2, c.trials.size());
        assertEquals("mlp(512,256)", c.trials.get(0).args().spec.model());
        assertEquals("cnn", c.trials.get(1).args().spec.model());
    }

    @Test
    void listKeysSweepWithBarOnly() {
        CompareArgs one = CompareParser.parse("augment=flip,crop lr=1e-3,1e-2");
        assertEquals(2, one.trials.size());
        assertEquals(List.of("flip", "crop"), one.trials.get(0).args().spec.augment());
        CompareArgs three = CompareParser.parse("augment=none|flip|flip,crop");
        assertEquals(3, three.trials.size());
        assertEquals(List.of(), three.trials.get(0).args().spec.augment());
        assertEquals(List.of("flip", "crop"), three.trials.get(2).args().spec.augment());
        CompareArgs ms = CompareParser.parse("sched=multistep milestones=2,4|3");
        assertEquals(List.of(2, 4), ms.trials.get(0).args().spec.milestones());
        assertEquals(List.of(3), ms.trials.get(1).args().spec.milestones());
        // | works for scalar keys too
        assertEquals(2, CompareParser.parse("lr=1e-3|1e-2").trials.size());
    }

    @Test
    void randomSearchDrawsDistinctCombinationsReproducibly() {
        CompareArgs a = CompareParser.parse("lr=1e-4,3e-4,1e-3,3e-3 batch=32,64,128 search=random trials=5 seed=3");
        CompareArgs b = CompareParser.parse("lr=1e-4,3e-4,1e-3,3e-3 batch=32,64,128 search=random trials=5 seed=3");
        assertEquals(5, a.trials.size());
        Set<Map<String, String>> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            assertEquals(a.trials.get(i).varied(), b.trials.get(i).varied());
            assertTrue(seen.add(a.trials.get(i).varied()), "duplicate trial");
            assertEquals(3, a.trials.get(i).args().spec.seed());
        }
        CompareArgs capped = CompareParser.parse("lr=1e-3,1e-2 search=random trials=10");
        assertEquals(2, capped.trials.size());
        assertEquals(CompareParser.DEFAULT_RANDOM_TRIALS,
                CompareParser.parse("lr=1e-4,3e-4,1e-3,3e-3 batch=32,64,128 search=random").trials.size());
    }

    @Test
    void studyKeysBuildASearchSpaceAndNameTheTrials() {
        CompareArgs c = CompareParser.parse("lr=1e-4..1e-1 wd=log:1e-6..1e-2 dropout=lin:0..0.5 batch=16..64 opt=sgd,adam"
                + " search=tpe trials=30 prune=asha min_epochs=1 eta=3 study=s epochs=4");
        assertTrue(c.isStudy());
        assertTrue(c.trials.isEmpty(), "a study samples its trials as it runs");
        assertEquals(java.util.Map.of("lr", "log:1e-4..0.1", "wd", "log:1e-6..0.01", "dropout", "lin:0..0.5",
                "batch", "int:16..64", "opt", "sgd|adam"), c.space.describe());
        assertEquals(30, c.trialCount);
        assertEquals("asha", c.prune);
        assertEquals(3, c.eta);
        MagicArgs t = CompareParser.trialArgs(c, 3, new java.util.LinkedHashMap<>(java.util.Map.of("lr", 3e-3, "wd", 1e-5,
                "dropout", 0.25, "batch", 32L, "opt", "adam")));
        assertEquals("s-t3", t.spec.name());
        assertEquals(3e-3, t.spec.lr(), 1e-15);
        assertEquals(32, t.spec.batch());
        assertEquals(0.25, t.spec.dropout(), 1e-15);
        assertEquals("adam", t.spec.opt());
        assertEquals(4, t.spec.epochs());
        // defaults: tpe 20 trials, random 8; grid: every combination; no study name: as_N
        assertEquals(20, CompareParser.parse("lr=1e-4..1e-1 search=tpe").trialCount);
        assertFalse(CompareParser.parse("lr=1e-4..1e-1 search=tpe").multivariate);
        assertTrue(CompareParser.parse("lr=1e-4..1e-1 wd=1e-6..1e-2 search=tpe multivariate=true").multivariate);
        assertEquals(8, CompareParser.parse("lr=1e-4..1e-1 search=random prune=median").trialCount);
        CompareArgs g = CompareParser.parse("lr=1e-3,1e-2 opt=sgd,adam study=g as=x");
        assertEquals(4, g.trialCount);
        assertEquals("g-t2", CompareParser.trialArgs(g, 2, java.util.Map.of("lr", "1e-3", "opt", "adam")).spec.name());
        CompareArgs plain = CompareParser.parse("lr=1e-4..1e-1 search=random");
        assertFalse(plain.isStudy(), "a plain random search keeps its up-front trials");
    }

    @Test
    void randomSearchSamplesRangesLogUniformly() {
        CompareArgs c = CompareParser.parse("lr=1e-4..1e-1 batch=16..64 opt=sgd,adam search=random trials=40 seed=5");
        assertEquals(40, c.trials.size());
        assertArrayEquals(new double[]{1e-4, 1e-1}, java.util.Arrays.copyOf(c.ranges.get("lr"), 2));
        int belowGeometricMid = 0;
        Set<String> opts = new HashSet<>();
        for (CompareArgs.Trial t : c.trials) {
            double lr = t.args().spec.lr();
            assertTrue(lr >= 1e-4 && lr <= 1e-1, "lr in range: " + lr);
            if (lr < Math.sqrt(1e-4 * 1e-1)) belowGeometricMid++;
            int batch = t.args().spec.batch();
            assertTrue(batch >= 16 && batch <= 64, "batch in range: " + batch);
            assertEquals(t.varied().get("batch"), Integer.toString(batch), "integers rounded");
            opts.add(t.args().spec.opt());
        }
        // log-uniform: about half below the geometric mid-point (a uniform draw would put ~3% there)
        assertTrue(belowGeometricMid >= 10 && belowGeometricMid <= 30, "below geometric mid: " + belowGeometricMid);
        assertEquals(Set.of("sgd", "adam"), opts);
        CompareArgs again = CompareParser.parse("lr=1e-4..1e-1 batch=16..64 opt=sgd,adam search=random trials=40 seed=5");
        assertEquals(c.trials.get(7).varied(), again.trials.get(7).varied(), "same seed, same draws");
        assertEquals(List.of("1e-4..1e-1"), c.swept.get("lr"));
    }

    @Test
    void dotsInPathsAreNotRanges() {
        CompareArgs c = CompareParser.parse("data=csv:../iris.csv target=species lr=1e-3,1e-2 runs=../runs");
        assertEquals(2, c.trials.size());
        assertEquals("csv:../iris.csv", c.trials.get(0).args().spec.data());
        assertEquals("../runs", c.runsDir);
        assertTrue(c.ranges.isEmpty());
    }

    @Test
    void variablesInSweeps() {
        CompareArgs c = CompareParser.parse("model=netA,netB epochs=1");
        assertEquals("netA", c.trials.get(0).args().variables.get("model"));
        assertEquals("netB", c.trials.get(1).args().variables.get("model"));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("", List.of("nothing to compare", "lr=1e-3,1e-2")),
                arguments("epochs=3", List.of("nothing to compare")),
                arguments("run1 lr=1e-3,1e-2", List.of("cannot mix saved runs (run1)", "lr=1e-3,1e-2")),
                arguments("all run1", List.of("give one of", "all")),
                arguments("all last=2", List.of("give one of")),
                arguments("run1 run1", List.of("'run1' listed twice")),
                arguments("last=0", List.of("bad value '0' for last")),
                arguments("lr=1e-3,,1e-2", List.of("empty value in 'lr=1e-3,,1e-2'")),
                arguments("lr=1e-3,1e-3", List.of("value '1e-3' listed twice")),
                arguments("lr=1e-3,fast", List.of("bad value 'fast' for lr")),
                arguments("opt=sgd,adma", List.of("unknown opt 'adma'", "did you mean 'adam'?")),
                arguments("lr=1e-3,1e-2 lr=1e-1", List.of("given twice")),
                arguments("lr=1e-1 lr=1e-3,1e-2", List.of("given twice")),
                arguments("as=a,b lr=1e-3,1e-2", List.of("as takes one value", "sweepable keys are")),
                arguments("lr=1e-3,1e-2 trials=3", List.of("trials=3 applies to search=random")),
                arguments("lr=1e-3,1e-2 search=random trials=1001", List.of("trials", "1..1000")),
                arguments("lr=1,2,3,4,5,6,7,8,9,10,11 batch=1,2,3,4,5,6,7,8,9,10 wd=1,2,3,4,5,6,7,8,9,10",
                        List.of("a grid of 1100 trials", "search=random")),
                arguments("sched=cosine,step step=2 lr=1e-3,1e-2", List.of("trial 1 (sched=cosine lr=1e-3)", "step=2 has no effect with sched=cosine: it applies to sched=step")),
                arguments("epoch=3 lr=1e-3,1e-2", List.of("unknown key 'epoch'", "did you mean 'epochs'?")),
                arguments("start=1e-3,1e-2", List.of("does not apply to %compare")),
                arguments("lr=1e-4..1e-2", List.of("lr=1e-4..1e-2 is a range", "search=random")),
                arguments("lr=1e-2..1e-4 search=random", List.of("must go up")),
                arguments("lr=lrfind..1 search=random", List.of("needs numbers at both ends")),
                arguments("opt=sgd..adam search=random", List.of("unknown opt 'sgd..adam'")),
                arguments("trials=2..4 lr=1e-3,1e-2 search=random", List.of("trials takes one value")),
                arguments("dropout=0..1 search=random", List.of("bad value '1' for dropout")),
                arguments("lr=1e-4..1e-1 search=random multivariate=true", List.of("multivariate=true applies to search=tpe")),
                arguments("lr=1e-4..1e-1 search=tpe multivariate=maybe", List.of("bad value 'maybe' for multivariate"))
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errors")
    void errorsAreOneLine(String line, List<String> fragments) {
        ArgException e = assertThrows(ArgException.class, () -> CompareParser.parse(line));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("%compare: "), msg);
        assertFalse(msg.contains("\n"), msg);
        for (String f : fragments) assertTrue(msg.contains(f), "missing '" + f + "' in: " + msg);
    }
}
