package trainbook.doctor.scenario;

import trainbook.engine.TrainSpec;

import java.util.Locale;

/** Applies a finding's remedy, as written ({@code lr=3e-4 clip=1 — and ...}), to a spec: the %train keys only. */
final class Remedy {
    private Remedy() {}

    static TrainSpec apply(TrainSpec spec, String remedy) {
        return apply(spec, remedy, Double.NaN);
    }

    /** As {@link #apply(TrainSpec, String)}; {@code lr=lrfind} takes {@code finderLr} (what the magic resolves). */
    static TrainSpec apply(TrainSpec spec, String remedy, double finderLr) {
        TrainSpec s = spec.copy();
        for (String tok : remedy.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq <= 0) break;                       // prose after the keys ("— and check ...")
            String k = tok.substring(0, eq), v = tok.substring(eq + 1).replaceAll("[;,.]$", "");
            switch (k.toLowerCase(Locale.ROOT)) {
                case "lr" -> {
                    if (v.equals("lrfind")) {
                        s.lr(finderLr);
                        s.lrFromFinder(true);
                    } else {
                        s.lr(Double.parseDouble(v));
                    }
                }
                case "batch" -> s.batch(Integer.parseInt(v));
                case "clip" -> s.clip(Double.parseDouble(v));
                case "act" -> s.act(v);
                case "norm" -> s.norm(v);
                case "warmup" -> {
                    if (v.endsWith("s")) { s.warmupSteps(Integer.parseInt(v.substring(0, v.length() - 1))); s.warmupEpochs(0); }
                    else { s.warmupEpochs(Double.parseDouble(v)); s.warmupSteps(0); }
                }
                case "final" -> s.finalLr(Double.parseDouble(v));
                case "gamma" -> s.gamma(Double.parseDouble(v));
                case "patience" -> s.patience(Integer.parseInt(v));
                case "wd" -> s.wd(Double.parseDouble(v));
                case "dropout" -> s.dropout(Double.parseDouble(v));
                case "model" -> { s.model(v); s.modelObject(null); }
                case "epochs" -> s.epochs(Integer.parseInt(v));
                case "loss" -> s.loss(v);
                case "max_time" -> s.maxTime(Double.parseDouble(v));
                default -> throw new IllegalArgumentException("remedy key '" + k + "' is not applied by the suite");
            }
        }
        return s;
    }
}
