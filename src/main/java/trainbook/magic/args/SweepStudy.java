package trainbook.magic.args;

import java.util.LinkedHashMap;
import java.util.List;

import static trainbook.magic.args.CompareParser.DEFAULT_RANDOM_TRIALS;
import static trainbook.magic.args.CompareParser.DEFAULT_TPE_TRIALS;
import static trainbook.magic.args.CompareParser.MAX_TRIALS;

/**
 * A sweep run as a study (search=tpe, pruning, study=, backend=spark): its search space, trial count and pruning
 * settings, checked before anything runs.
 */
final class SweepStudy {
    private SweepStudy() {}

    /**
     * A sweep run as a study: the swept keys become the search space (listed values: choices; ranges: float or
     * integer ranges, log-scaled as the range says), checked here so that a bad space, trials count or pruning
     * setting fails before anything runs or is saved.
     */
    static CompareArgs plan(CompareArgs c, MagicArgs base) {
        trainbook.engine.sweep.SearchSpace space = trainbook.engine.sweep.SearchSpace.of();
        for (var e : c.swept.entrySet()) {
            String k = e.getKey();
            if (c.ranges.containsKey(k)) {
                String text = e.getValue().get(0);
                try {
                    space.add(k, text, Keys.get(k).type().startsWith("int"));
                } catch (IllegalArgumentException ex) {
                    throw new ArgException(k + "=" + text, k + "=" + text + ": " + ex.getMessage());
                }
            } else {
                space.add(k, new trainbook.engine.sweep.Param.Choice(e.getValue()));
            }
        }
        long grid = space.gridSize();
        int n;
        if (c.search.equals("grid")) {
            if (grid > MAX_TRIALS) {
                throw new ArgException(null, "a grid of " + (grid == Long.MAX_VALUE ? "too many" : Long.toString(grid))
                        + " trials is over the limit of " + MAX_TRIALS + ": use fewer values or search=tpe trials=N");
            }
            n = (int) grid;
        } else {
            n = base.trials != null ? base.trials : c.search.equals("tpe") ? DEFAULT_TPE_TRIALS : DEFAULT_RANDOM_TRIALS;
        }
        if (n > MAX_TRIALS) throw new ArgException("trials=" + n, "trials=" + n + " is over the limit of " + MAX_TRIALS);
        int epochs = base.spec.epochs;
        if (!base.prune.equals("none")) {
            if (c.swept.containsKey("epochs")) {
                throw new ArgException("prune=" + base.prune, "prune=" + base.prune + " compares trials epoch by epoch,"
                        + " so epochs cannot be swept with it: give one epochs=N");
            }
            if (epochs < 2) {
                throw new ArgException("prune=" + base.prune, "prune=" + base.prune + " needs epochs to prune on, but epochs="
                        + epochs + ": give epochs=2 or more (pruning stops a trial between epochs)");
            }
            if (base.minEpochs != null && base.minEpochs >= epochs) {
                throw new ArgException("min_epochs=" + base.minEpochs, "min_epochs=" + base.minEpochs
                        + " leaves no epoch to prune with epochs=" + epochs + ": use min_epochs=1.." + (epochs - 1));
            }
        }
        c.space = space;
        c.trialCount = n;
        c.prune = base.prune;
        c.minEpochs = base.minEpochs;
        c.eta = base.eta;
        c.multivariate = base.multivariate;
        c.study = base.study;
        c.backend = base.backend;
        c.master = base.master == null ? "local[2]" : base.master;
        c.keepParams = base.keepParams;
        c.parallel = base.parallel == null ? (c.backend.equals("spark") ? 2 : 1) : base.parallel;
        // one trial built now, so a key combination that cannot train fails before the study starts
        java.util.Map<String, Object> first = new LinkedHashMap<>();
        space.params().forEach((k, p) -> first.put(k, p.external(p.low())));
        CompareParser.trialArgs(c, 1, first);
        return c;
    }

    /** backend=spark's keys: master=, parallel= and keep_params= need it; notebook objects cannot go with it. */
    static void checkBackend(MagicArgs base) {
        boolean spark = base.backend.equals("spark");
        for (String k : List.of("master", "parallel", "keep_params")) {
            if (base.has(k) && !spark) {
                throw new ArgException(k + "=" + base.given().get(k), k + "=" + base.given().get(k)
                        + " applies to backend=spark: add backend=spark (trials run in this kernel otherwise"
                        + (k.equals("keep_params") ? ", and always keep their parameters)" : ")"));
            }
        }
        if (!spark) return;
        if (!base.variables.isEmpty()) {
            var e = base.variables.entrySet().iterator().next();
            throw new ArgException(e.getKey() + "=" + e.getValue(), e.getKey() + "=" + e.getValue() + " is a notebook"
                    + " variable, which cannot travel to Spark executors: give a built-in " + e.getKey()
                    + " by name (e.g. model=mlp(64), data=spirals) with backend=spark");
        }
    }
}
