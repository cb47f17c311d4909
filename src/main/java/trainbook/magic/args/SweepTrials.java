package trainbook.magic.args;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static trainbook.magic.args.CompareParser.DEFAULT_RANDOM_TRIALS;
import static trainbook.magic.args.CompareParser.MAX_TRIALS;

/**
 * A sweep run trial by trial in this kernel (no study): the grid's combinations in order, a random sample of them,
 * or random draws from ranges; each trial's arguments checked as {@code %train} would check them, before any runs.
 */
final class SweepTrials {
    private SweepTrials() {}

    /** {@code search=grid}: every combination, first key slowest; {@code search=random}: N distinct ones. */
    static CompareArgs expand(CompareArgs c, MagicArgs base) {
        long total = 1;
        for (List<String> v : c.swept.values()) {
            // saturate: a huge product only matters as "too big for a grid" / "sample sparsely"
            total = total > Long.MAX_VALUE / v.size() ? Long.MAX_VALUE : total * v.size();
        }
        List<Long> picks = new ArrayList<>();
        if (c.search.equals("grid")) {
            if (total > MAX_TRIALS) {
                throw new ArgException(null, "a grid of " + (total == Long.MAX_VALUE ? "too many" : Long.toString(total))
                        + " trials is over the limit of " + MAX_TRIALS
                        + ": use fewer values or search=random trials=N");
            }
            for (long i = 0; i < total; i++) picks.add(i);
        } else {
            int n = base.trials == null ? DEFAULT_RANDOM_TRIALS : base.trials;
            if (n > MAX_TRIALS) {
                throw new ArgException("trials=" + n, "trials=" + n + " is over the limit of " + MAX_TRIALS);
            }
            n = (int) Math.min(n, total);
            picks.addAll(sample(total, n, new Random(base.spec.seed())));
        }
        List<String> keys = new ArrayList<>(c.swept.keySet());
        for (long pick : picks) addTrial(c, base, decode(pick, keys, c.swept));
        return c;
    }

    /**
     * Random search with ranges: every trial draws each range (log-uniform when 0 &lt; lo and hi/lo ≥ 10, else
     * uniform; integers rounded) and each listed key uniformly, with {@code seed}.
     */
    static CompareArgs sampleRanges(CompareArgs c, MagicArgs base) {
        int n = base.trials == null ? DEFAULT_RANDOM_TRIALS : base.trials;
        if (n > MAX_TRIALS) throw new ArgException("trials=" + n, "trials=" + n + " is over the limit of " + MAX_TRIALS);
        Random rnd = new Random(base.spec.seed());
        for (int i = 0; i < n; i++) {
            LinkedHashMap<String, String> varied = new LinkedHashMap<>();
            for (var e : c.swept.entrySet()) {
                double[] r = c.ranges.get(e.getKey());
                if (r == null) {
                    varied.put(e.getKey(), e.getValue().get(rnd.nextInt(e.getValue().size())));
                    continue;
                }
                boolean log = r[2] < 0 ? r[0] > 0 && r[1] / r[0] >= 10 : r[2] == 1;
                double u = rnd.nextDouble();
                double x = log ? Math.exp(Math.log(r[0]) + u * (Math.log(r[1]) - Math.log(r[0]))) : r[0] + u * (r[1] - r[0]);
                boolean integer = Keys.get(e.getKey()).type().startsWith("int");
                varied.put(e.getKey(), integer ? Long.toString(Math.round(x)) : trainbook.engine.TrainSpec.num(x));
            }
            addTrial(c, base, varied);
        }
        return c;
    }

    static void addTrial(CompareArgs c, MagicArgs base, LinkedHashMap<String, String> varied) {
        int index = c.trials.size() + 1;
        MagicArgs trial = base.copy();
        for (var e : varied.entrySet()) {
            ArgParser.apply(trial, new Token(e.getKey(), e.getValue(), e.getKey() + "=" + e.getValue()));
        }
        trial.spec.name(c.as == null ? null : c.as + "_" + index);
        try {
            ArgParser.validate(trial);
        } catch (ArgException e) {
            throw new ArgException(e.token(), "trial " + index + " (" + CompareParser.describe(varied) + "): " + e.getMessage());
        }
        c.trials.add(new CompareArgs.Trial(index, trial, varied));
    }

    private static List<Long> sample(long total, int n, Random rnd) {
        List<Long> out = new ArrayList<>();
        if (total <= 100_000) {
            List<Long> all = new ArrayList<>();
            for (long i = 0; i < total; i++) all.add(i);
            Collections.shuffle(all, rnd);
            out.addAll(all.subList(0, n));
        } else {
            Set<Long> seen = new LinkedHashSet<>();
            while (seen.size() < n) seen.add(Math.floorMod(rnd.nextLong(), total));
            out.addAll(seen);
        }
        return out;
    }

    private static LinkedHashMap<String, String> decode(long index, List<String> keys, LinkedHashMap<String, List<String>> swept) {
        // mixed radix, last key fastest
        String[] vals = new String[keys.size()];
        for (int k = keys.size() - 1; k >= 0; k--) {
            List<String> alts = swept.get(keys.get(k));
            vals[k] = alts.get((int) (index % alts.size()));
            index /= alts.size();
        }
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) m.put(keys.get(k), vals[k]);
        return m;
    }
}
