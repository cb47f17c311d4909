package trainbook.engine.sweep;

import java.util.List;
import java.util.Random;

/**
 * A Parzen estimator over some parameters of a space, as Optuna 3.1's TPE builds it: one mixture component per
 * observation plus a prior component (centred on the range, as wide as the range, weight {@code priorWeight});
 * numeric components are normal distributions truncated to the range (an integer counts the mass of its
 * half-step interval); a choice's component puts {@code 1 + priorWeight/(n+1)} on the observed choice and
 * {@code priorWeight/(n+1)} on every choice, normalised. Univariate bandwidths are the larger gap to the
 * neighbouring observations (the range ends count as neighbours, except for the outermost observations), clipped
 * to [range/min(100, 1+components), range]; multivariate ones follow Scott's rule, 0.2·n^(-1/(d+4))·range.
 * Everything works on internal values ({@link Param#internal}).
 */
final class ParzenEstimator {
    private final Param[] params;
    private final double[] weights;      // per component, summing to 1
    private final double[][] mus;        // [param][component], null for choices
    private final double[][] sigmas;
    private final double[][][] catWeights; // [param][component][choice], null for numbers
    private final boolean scaleFree;

    /**
     * @param obs     [param][observation] internal values
     * @param obsWeights weights of the observations before the prior is added (length n)
     */
    ParzenEstimator(List<Param> params, double[][] obs, double[] obsWeights, double priorWeight, boolean magicClip,
                    boolean endpoints, boolean multivariate) {
        this(params, obs, obsWeights, priorWeight, magicClip, endpoints, multivariate, false);
    }

    /**
     * @param scaleFree evaluate each numeric component as φ(z)/mass without its 1/σ factor, as Optuna 3.1's
     *                  {@code _truncnorm.logpdf} does: wide components (the prior, isolated observations) then weigh
     *                  more than a normalised density gives them
     */
    ParzenEstimator(List<Param> params, double[][] obs, double[] obsWeights, double priorWeight, boolean magicClip,
                    boolean endpoints, boolean multivariate, boolean scaleFree) {
        this.scaleFree = scaleFree;
        this.params = params.toArray(new Param[0]);
        int n = obsWeights.length;
        int m = n + 1; // the prior is always part of the mixture
        weights = new double[m];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += weights[i] = obsWeights[i];
        sum += weights[n] = priorWeight;
        for (int i = 0; i < m; i++) weights[i] /= sum;
        int d = this.params.length;
        mus = new double[d][];
        sigmas = new double[d][];
        catWeights = new double[d][][];
        double sigma0 = 0.2 * Math.pow(Math.max(n, 1), -1.0 / (d + 4));
        for (int p = 0; p < d; p++) {
            Param prm = this.params[p];
            if (prm instanceof Param.Choice c) {
                int k = c.values().size();
                double[][] w = new double[m][k];
                double base = priorWeight / m;
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(w[i], base);
                    if (i < n) w[i][(int) obs[p][i]] += 1;
                    double s = 0;
                    for (double v : w[i]) s += v;
                    for (int j = 0; j < k; j++) w[i][j] /= s;
                }
                catWeights[p] = w;
                continue;
            }
            double low = prm.low(), high = prm.high(), range = high - low;
            double[] mu = new double[m];
            System.arraycopy(obs[p], 0, mu, 0, n);
            mu[n] = 0.5 * (low + high);
            double[] sg = new double[m];
            if (multivariate) {
                java.util.Arrays.fill(sg, sigma0 * range);
            } else {
                int[] order = sortedIndices(mu);
                double[] ext = new double[m + 2];
                ext[0] = low;
                for (int i = 0; i < m; i++) ext[i + 1] = mu[order[i]];
                ext[m + 1] = high;
                double[] sorted = new double[m];
                for (int i = 0; i < m; i++) sorted[i] = Math.max(ext[i + 1] - ext[i], ext[i + 2] - ext[i + 1]);
                if (!endpoints && ext.length >= 4) {
                    sorted[0] = ext[2] - ext[1];
                    sorted[m - 1] = ext[m] - ext[m - 1];
                }
                for (int i = 0; i < m; i++) sg[order[i]] = sorted[i];
            }
            double min = magicClip ? range / Math.min(100.0, 1.0 + m) : 1e-12;
            for (int i = 0; i < m; i++) sg[i] = Math.min(range, Math.max(min, sg[i]));
            sg[n] = range; // the prior's width
            mus[p] = mu;
            sigmas[p] = sg;
        }
    }

    int components() { return weights.length; }

    double weight(int i) { return weights[i]; }

    double mu(int param, int i) { return mus[param][i]; }

    double sigma(int param, int i) { return sigmas[param][i]; }

    double choiceWeight(int param, int i, int choice) { return catWeights[param][i][choice]; }

    /** {@code size} draws, as internal values [param][draw] (integers rounded, choices as indices). */
    double[][] sample(Random rng, int size) {
        double[][] out = new double[params.length][size];
        int[] active = new int[size];
        for (int s = 0; s < size; s++) active[s] = pick(weights, rng.nextDouble());
        for (int p = 0; p < params.length; p++) {
            for (int s = 0; s < size; s++) {
                int c = active[s];
                if (catWeights[p] != null) {
                    out[p][s] = pick(catWeights[p][c], rng.nextDouble());
                    continue;
                }
                double mu = mus[p][c], sg = sigmas[p][c];
                double z = Gauss.truncated((params[p].low() - mu) / sg, (params[p].high() - mu) / sg, rng.nextDouble());
                // round-trip through the external value, so integers land on integers
                out[p][s] = params[p].internal(params[p].external(mu + sg * z));
            }
        }
        return out;
    }

    /** log density (log probability for integers and choices) of each draw [param][draw]. */
    double[] logPdf(double[][] x) {
        int size = x[0].length, m = weights.length;
        double[] out = new double[size];
        double[] comp = new double[m];
        double[] logWeights = new double[m];
        for (int i = 0; i < m; i++) logWeights[i] = Math.log(weights[i]);
        // per parameter and component: the log of the mass inside the range, and the bandwidth term
        double[][] norm = new double[params.length][];
        double[][] logSigma = new double[params.length][];
        for (int p = 0; p < params.length; p++) {
            if (catWeights[p] != null) continue;
            norm[p] = new double[m];
            logSigma[p] = new double[m];
            for (int i = 0; i < m; i++) {
                double mu = mus[p][i], sg = sigmas[p][i];
                norm[p][i] = Gauss.logMass((params[p].low() - mu) / sg, (params[p].high() - mu) / sg);
                logSigma[p][i] = scaleFree ? 0 : Math.log(sg);
            }
        }
        for (int s = 0; s < size; s++) {
            java.util.Arrays.fill(comp, 0);
            for (int p = 0; p < params.length; p++) {
                Param prm = params[p];
                double v = x[p][s];
                for (int i = 0; i < m; i++) {
                    if (catWeights[p] != null) {
                        comp[i] += Math.log(catWeights[p][i][(int) v]);
                        continue;
                    }
                    double mu = mus[p][i], sg = sigmas[p][i];
                    if (prm instanceof Param.IntRange r && !r.log()) {
                        double lo = Math.max(v - 0.5, prm.low()), hi = Math.min(v + 0.5, prm.high());
                        comp[i] += Gauss.logMass((lo - mu) / sg, (hi - mu) / sg) - norm[p][i];
                    } else {
                        comp[i] += Gauss.logPdf((v - mu) / sg) - logSigma[p][i] - norm[p][i];
                    }
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                comp[i] += logWeights[i];
                max = Math.max(max, comp[i]);
            }
            double sum = 0;
            for (int i = 0; i < m; i++) sum += Math.exp(comp[i] - max);
            out[s] = max + Math.log(sum);
        }
        return out;
    }

    /** Indices of {@code v} in ascending order of value (ties by index), without boxing. */
    static int[] sortedIndices(double[] v) {
        long[] keyed = new long[v.length];
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        // rank each value by binary search in the sorted copy; equal values take consecutive ranks by index
        int[] next = new int[v.length];
        int[] order = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int r = java.util.Arrays.binarySearch(sorted, v[i]);
            while (r > 0 && sorted[r - 1] == v[i]) r--;
            keyed[i] = r;
        }
        for (int i = 0; i < v.length; i++) {
            int r = (int) keyed[i];
            order[r + next[r]] = i;
            next[r]++;
        }
        return order;
    }

    private static int pick(double[] probs, double u) {
        double c = 0;
        for (int i = 0; i < probs.length; i++) {
            c += probs[i];
            if (u < c) return i;
        }
        return probs.length - 1;
    }
}
