package trainbook.engine.run;

import java.util.Locale;
import java.util.Map;

/**
 * A run's settings, typed, read back from the resolved spec its record keeps (the strings
 * {@code TrainSpec.toMap()} writes, saved as JSON): the doctor asks {@code clip()} instead of parsing
 * {@code "off"}, {@code "auto"} or {@code "500s"} itself. A key the record lacks (older runs, hand-made records)
 * reads as its default, a number that is a word ({@code off}, {@code none}, {@code auto}) as NaN.
 */
public final class SpecView {
    private final Map<String, String> spec;

    private SpecView(Map<String, String> spec) {
        this.spec = spec;
    }

    /** The view of {@code run}'s spec. */
    public static SpecView of(RunRecord run) {
        return new SpecView(run.spec());
    }

    private double number(String key) {
        String v = spec.get(key);
        if (v == null || v.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException word) {
            return Double.NaN;
        }
    }

    private String word(String key, String def) {
        String v = spec.get(key);
        return v == null || v.isBlank() ? def : v.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code model}: a built-in name such as {@code mlp(256,128)} (lower case), or {@code <Block>}; mlp when absent. */
    public String model() { return word("model", "mlp"); }
    /** {@code act}, relu when absent. */
    public String act() { return word("act", "relu"); }
    /** {@code norm}, none when absent. */
    public String norm() { return word("norm", "none"); }
    /** {@code dropout}; NaN when absent. */
    public double dropout() { return number("dropout"); }
    /** {@code data} (lower case), empty when absent. */
    public String data() { return word("data", ""); }
    /** {@code val}: {@code default} (a split of the training data), {@code test}, or what the user named. */
    public String val() { return word("val", "default"); }
    /** {@code augment}: the comma list, empty for none. */
    public String augment() { return word("augment", ""); }
    /** {@code batch}; NaN when absent. */
    public double batch() { return number("batch"); }
    /** {@code max_time} in seconds; NaN for none. */
    public double maxTime() { return number("max_time"); }
    /** {@code opt}, adam when absent. */
    public String opt() { return word("opt", "adam"); }
    /** {@code lr}; NaN when unknown. */
    public double lr() { return number("lr"); }
    /** {@code wd}; NaN when absent. */
    public double wd() { return number("wd"); }
    /** {@code loss}: a loss name, {@code auto} (by task) or {@code <custom>}. */
    public String loss() { return word("loss", "auto"); }
    /** {@code sched}, none when absent. */
    public String sched() { return word("sched", "none"); }
    /** {@code gamma}; NaN when absent. */
    public double gamma() { return number("gamma"); }
    /** {@code clip} (global norm); NaN when off. */
    public double clip() { return number("clip"); }
    /** {@code patience}; null when early stopping is off. */
    public Integer patience() {
        double p = number("patience");
        return Double.isNaN(p) ? null : (int) p;
    }
    /** {@code monitor}, val_loss when absent. */
    public String monitor() { return word("monitor", "val_loss"); }
    /** {@code restore_best}, true when absent. */
    public boolean restoreBest() { return !"false".equals(word("restore_best", "true")); }
    /** {@code init}: where the weights came from ({@code run:NAME}), empty for a fresh model. */
    public String init() { return word("init", ""); }

    /**
     * The warmup as the spec asked for it, in steps: {@code 500s} is 500 steps, a number is epochs of
     * {@code stepsPerEpoch} steps (0 when that is unknown).
     */
    public int warmupSteps(int stepsPerEpoch) {
        String v = word("warmup", "0");
        try {
            if (v.endsWith("s")) return Integer.parseInt(v.substring(0, v.length() - 1));
            double epochs = Double.parseDouble(v);
            return stepsPerEpoch > 0 ? (int) Math.round(epochs * stepsPerEpoch) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
