package trainbook.magic.args;

import java.util.List;

/** {@code --help} texts, generated from the key table {@link Keys#ALL}. */
public final class Help {
    private Help() {}

    /** Usage lines of a magic. */
    public static List<String> usage(Magic magic) {
        return switch (magic) {
            case TRAIN -> List.of("%train key=value ...    train a model; every key is optional",
                    "  e.g. %train model=mlp(256,128) data=fashion-mnist epochs=5 lr=lrfind sched=cosine warmup=1 patience=2 as=baseline");
            case LRFIND -> List.of("%lrfind key=value ...   learning-rate range test; binds `lrfind`, and lr=lrfind uses its suggestion",
                    "  e.g. %lrfind model=mlp data=fashion-mnist start=1e-6 end=1 steps=100");
            case COMPARE -> List.of(
                    "%compare RUN [RUN ...] | all | last=N                                   compare saved runs",
                    "%compare key=v1,v2 [key=v3,v4 ...] [search=grid|random|tpe] [trials=N] [other keys]   run a sweep, then compare",
                    "  e.g. %compare opt=sgd,adam lr=1e-2,1e-3 epochs=3 limit=50",
                    "  Values split into trials at '|' and, for one-value keys, at commas outside parentheses",
                    "  (model=mlp(512,256),cnn is two models). augment and milestones hold comma lists, so their",
                    "  alternatives are separated by '|' only: augment=none|flip|flip,crop is three trials.",
                    "  grid = every combination (first key slowest); random = trials=N distinct combinations drawn with seed.",
                    "  With search=random a numeric key may take a range: lr=1e-4..1e-2 (log-uniform when hi/lo ≥ 10).",
                    "%compare key=lo..hi ... search=tpe [trials=N] [multivariate=true] [prune=median|asha] [min_epochs=K] [eta=E] [study=NAME]   a study",
                    "  e.g. %compare lr=1e-4..1e-1 wd=log:1e-6..1e-2 dropout=0..0.5 search=tpe trials=24 prune=asha epochs=3 study=mlp_tune",
                    "  Ranges: lo..hi (log when 0 < lo and hi/lo ≥ 10), log:lo..hi, lin:lo..hi; integer keys give integer ranges.",
                    "  tpe learns from the trials so far (its first 10 are random); it ranks by monitor= (val_loss by default).",
                    "  multivariate=true models the ranges jointly (Optuna's multivariate TPE): better when keys interact (lr, wd).",
                    "  prune=median stops a trial whose best monitored value is worse than the median of the finished trials at the",
                    "  same epoch (after 5 finished trials); prune=asha keeps 1 in eta trials at epochs min_epochs·eta^k. Pruned trials",
                    "  are saved with stop reason pruned. study=NAME saves the trials under RUNS/studies/NAME: the same %compare in a",
                    "  new kernel continues it (trials= is the total), e.g. after an interrupt. Up to 1000 trials.");
            case DOCTOR -> List.of("%doctor [RUN]           explain a saved run again (default: the last run)");
            case RUNS -> List.of("%runs                   list the runs and data held in memory, and the kernel's memory",
                    "%runs release NAME      free one run's model (its record and saved files stay)",
                    "%runs release all       free every run's model and the cached data no run uses");
            case INTERPRET -> List.of(
                    "%interpret [RUN] [top=N] [split=val|test|train]   what a trained model gets wrong (default: the last run)",
                    "  classification: confusion matrix (heat map + table), per-class precision/recall/F1/support,",
                    "  the most confused class pairs and the top-N losses (an image grid for images, the rows for tables);",
                    "  regression: predicted vs actual and the largest residuals.",
                    "  RUN is a saved run's name or a variable bound by %train (as=NAME); runs trained on notebook",
                    "  objects (model=VAR, data=VAR) are interpreted through that variable.",
                    "  e.g. %interpret baseline top=16");
        };
    }

    /** The full help text: usage, then one line per key with default, valid values, example and purpose. */
    public static String text(Magic magic) {
        StringBuilder b = new StringBuilder();
        for (String u : usage(magic)) b.append(u).append('\n');
        List<KeyDef> keys = Keys.of(magic);
        if (keys.isEmpty()) return b.toString();
        b.append('\n').append("Keys (default in brackets):").append('\n');
        int w = keys.stream().mapToInt(k -> k.name().length()).max().orElse(8);
        int we = keys.stream().mapToInt(k -> k.example().length()).max().orElse(8);
        for (KeyDef k : keys) {
            b.append("  ").append(pad(k.name(), w)).append("  ")
                    .append(pad(k.example(), we)).append("  ")
                    .append(k.help()).append(" [").append(k.def().isEmpty() ? "none" : k.def()).append("]; ")
                    .append(k.valid()).append('\n');
        }
        b.append("Values that are not a known name for model, data, val, loss or sched name a notebook variable.\n");
        return b.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
