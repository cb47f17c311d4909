package trainbook.magic.args;

import trainbook.engine.TrainSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static trainbook.magic.args.KeyValues.*;
import static trainbook.magic.args.Keys.*;

/**
 * The key table's appliers with logic across values: a value that sets several fields (a model name or a
 * notebook variable, a data set with its arguments, a schedule with its parameters), or that is checked against
 * other keys. Simple keys parse in the table itself, with {@link KeyValues}.
 */
final class KeyAppliers {
    private KeyAppliers() {}

    private static final Pattern MLP = Pattern.compile("mlp\\(([^()]*)\\)");

    static void master(MagicArgs a, String v) {
        if (v.isBlank() || !v.matches("(local(\\[[^\\]]*\\])?|[A-Za-z][A-Za-z0-9+.-]*://\\S+|yarn)")) {
            throw new ArgException(v, "bad value '" + v + "' for master: expected local[N], spark://HOST:PORT, yarn or"
                    + " k8s://https://HOST:PORT, e.g. master=spark://10.0.0.5:7077");
        }
        a.master = v;
    }

    static void study(MagicArgs a, String v) {
        try {
            a.study = trainbook.engine.sweep.StudyStore.checkName(v);
        } catch (IllegalArgumentException e) {
            throw new ArgException(v, "study=" + v + ": a study name uses letters, digits, '.', '_' and '-'"
                    + " (starting with a letter or digit), e.g. study=lr_search");
        }
    }

    static void model(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "linear", "mlp", "cnn", "lenet" -> { a.spec.model(lower); a.spec.modelObject(null); return; }
            default -> { }
        }
        Matcher m = MLP.matcher(lower);
        if (m.matches()) {
            String[] parts = m.group(1).split(",", -1);
            List<String> widths = new ArrayList<>();
            for (String p : parts) {
                String w = p.trim();
                int n;
                try { n = Integer.parseInt(w); } catch (NumberFormatException e) { n = -1; }
                if (n < 1) {
                    throw new ArgException(v, "bad hidden width '" + w + "' in model=" + v
                            + ": expected positive integers, e.g. model=mlp(512,256)");
                }
                widths.add(Integer.toString(n));
            }
            a.spec.model("mlp(" + String.join(",", widths) + ")");
            return;
        }
        if (isIdentifier(v)) {
            a.spec.model(v);
            a.variable("model", v);
            return;
        }
        String base = lower.contains("(") ? lower.substring(0, lower.indexOf('(')) : lower;
        throw new ArgException(v, "unknown model '" + v + "'" + Suggest.didYouMean(base, trainbook.engine.model.Models.NAMES)
                + "; valid: " + String.join(", ", MODELS) + ", or a variable holding a DJL Block");
    }

    static void data(MagicArgs a, String v) {
        a.spec.data(dataName("data", v, a));
        a.spec.dataObject(null);
    }

    static String dataName(String key, String v, MagicArgs a) {
        String lower = v.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "fashion-mnist", "mnist", "blobs", "spirals", "linear" -> { return lower; }
            default -> { }
        }
        Matcher syn = SYNTHETIC.matcher(lower);
        if (syn.matches()) return synthetic(key, v, syn.group(1), syn.group(2));
        if (lower.startsWith("fashion-mnist:") || lower.startsWith("mnist:")) {
            int colon = v.indexOf(':');
            if (colon == v.length() - 1) {
                throw new ArgException(v, "missing directory in " + key + "=" + v + ": write e.g. " + key + "=" + lower + "/data/dir");
            }
            return lower.substring(0, colon + 1) + v.substring(colon + 1);
        }
        if (lower.startsWith("idx:") || lower.startsWith("csv:")) {
            if (v.length() <= 4) {
                throw new ArgException(v, "missing path in " + key + "=" + v + ": write e.g. " + key + "="
                        + (lower.startsWith("idx:") ? "idx:/data/mnist" : "csv:iris.csv"));
            }
            return lower.substring(0, 4) + v.substring(4);
        }
        if (isIdentifier(v)) {
            a.variable(key, v);
            return v;
        }
        throw new ArgException(v, "unknown " + key + " '" + v + "'" + Suggest.didYouMean(v, dataCandidates())
                + "; valid: " + String.join(", ", DATA) + (key.equals("val") ? ", split=F, none" : "")
                + ", or a variable holding a DJL Dataset or Tablesaw Table");
    }

    private static final Pattern SYNTHETIC = Pattern.compile("(blobs|spirals|linear)\\((.*)\\)");

    /** {@code blobs(n=500,classes=4)}: checks the argument names and values of a synthetic set. */
    static String synthetic(String key, String v, String base, String inner) {
        List<String> allowed = switch (base) {
            case "blobs" -> List.of("n", "classes", "features");
            case "spirals" -> List.of("n", "classes");
            default -> List.of("n", "features", "noise");
        };
        List<String> parts = new ArrayList<>();
        if (!inner.isBlank()) {
            for (String part : inner.split(",", -1)) {
                String[] kv = part.split("=", 2);
                String name = kv[0].trim();
                if (kv.length != 2 || !allowed.contains(name)) {
                    throw new ArgException(v, "bad argument '" + part.trim() + "' in " + key + "=" + v + ": " + base
                            + " takes " + String.join(", ", allowed.stream().map(a -> a + "=N").toList())
                            + Suggest.didYouMean(name, allowed) + ", e.g. " + key + "=" + base + "(n=500)");
                }
                String val = kv[1].trim();
                if (name.equals("noise")) {
                    number(key, val, 0, true, Double.POSITIVE_INFINITY, false, "noise ≥ 0 in " + base + "(...), e.g. linear(noise=0.1)");
                } else {
                    integer(key, val, name.equals("classes") || name.equals("n") ? 2 : 1,
                            "an integer " + name + " ≥ " + (name.equals("features") ? 1 : 2) + " in " + base + "(...), e.g. " + base + "(n=500)");
                }
                parts.add(name + "=" + val);
            }
        }
        return base + "(" + String.join(",", parts) + ")";
    }

    static void val(MagicArgs a, String v) {
        a.spec.valObject(null);
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) { a.spec.val("none"); return; }
        // a keyword, not a notebook variable named test: the data set's own test split, chosen explicitly
        if (lower.equals("test")) { a.spec.val("test"); return; }
        if (lower.startsWith("split=")) {
            double f = number("val", v.substring(6), 0, false, 1, false, "a fraction 0 < F < 1, e.g. val=split=0.2");
            a.spec.val("split=" + TrainSpec.num(f));
            return;
        }
        if (lower.startsWith("split")) {
            throw new ArgException(v, "bad value '" + v + "' for val: write val=split=F with 0 < F < 1, e.g. val=split=0.2");
        }
        a.spec.val(dataName("val", v, a));
    }

    static void metrics(MagicArgs a, String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",", -1)) {
            String m = p.trim().toLowerCase(Locale.ROOT);
            if (!trainbook.engine.metrics.Metrics.ALL.contains(m)) {
                throw new ArgException(p, "unknown metric '" + p.trim() + "' in metrics=" + v
                        + Suggest.didYouMean(m, trainbook.engine.metrics.Metrics.ALL) + "; valid: "
                        + String.join(", ", trainbook.engine.metrics.Metrics.CLASSIFICATION) + " (classification), "
                        + String.join(", ", trainbook.engine.metrics.Metrics.REGRESSION) + " (regression)");
            }
            if (out.contains(m)) throw new ArgException(p, "metric '" + m + "' listed twice in metrics=" + v);
            out.add(m);
        }
        a.spec.metrics(out);
    }

    static void sched(MagicArgs a, String v) {
        a.spec.scheduleObject(null);
        a.spec.sched(nameOrVariable(a, "sched", v, SCHEDS, "a trainbook.engine.schedule.Schedule"));
    }

    /**
     * The value of a key that takes one of {@code names} or a notebook variable ({@code sched}, {@code loss}): the
     * name in lower case, or the variable's name, recorded for the binder (which checks it holds {@code holding}
     * and suggests a near name when it does not exist).
     *
     * @throws ArgException when {@code v} is neither a name nor an identifier
     */
    private static String nameOrVariable(MagicArgs a, String key, String v, List<String> names, String holding) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (names.contains(lower)) return lower;
        if (isIdentifier(v)) {
            a.variable(key, v);
            return v;
        }
        throw new ArgException(v, "unknown " + key + " '" + v + "'" + Suggest.didYouMean(lower, names)
                + "; valid: " + String.join(", ", names) + ", or a variable holding " + holding);
    }

    static void augment(MagicArgs a, String v) {
        a.spec.augment().clear();
        if (v.equalsIgnoreCase("none")) return;
        for (String p : v.split(",", -1)) {
            String s = p.trim().toLowerCase(Locale.ROOT);
            if (!AUGMENTS.contains(s)) {
                throw new ArgException(p, "unknown augment '" + p + "'" + Suggest.didYouMean(s, AUGMENTS)
                        + "; valid: comma list of " + String.join(", ", AUGMENTS) + " (or none)");
            }
            if (a.spec.augment().contains(s)) {
                throw new ArgException(p, "augment '" + s + "' listed twice in augment=" + v);
            }
            a.spec.augment().add(s);
        }
    }

    static void lr(MagicArgs a, String v) {
        if (v.equalsIgnoreCase("lrfind")) {
            a.spec.lrFromFinder(true);
            return;
        }
        a.spec.lr(number("lr", v, 0, false, Double.POSITIVE_INFINITY, false,
                "a number > 0 like 3e-4, or lrfind (the last %lrfind suggestion)"));
        a.spec.lrFromFinder(false);
    }

    static void loss(MagicArgs a, String v) {
        a.spec.lossObject(null); // a variable's Loss is set by the binder, after parsing
        a.spec.loss(nameOrVariable(a, "loss", v, LOSSES, "a DJL Loss"));
    }

    static void milestones(MagicArgs a, String v) {
        a.spec.milestones().clear();
        int prev = 0;
        for (String p : v.split(",", -1)) {
            int e;
            try { e = Integer.parseInt(p.trim()); } catch (NumberFormatException ex) { e = -1; }
            if (e < 1) {
                throw new ArgException(p, "bad milestone '" + p + "' in milestones=" + v
                        + ": expected increasing epochs ≥ 1, e.g. milestones=3,6");
            }
            if (e <= prev) {
                throw new ArgException(p, "milestones must increase: '" + p + "' after " + prev + " in milestones=" + v);
            }
            a.spec.milestones().add(e);
            prev = e;
        }
    }

    static void warmup(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.endsWith("s") && !lower.equals("s")) {
            a.spec.warmupSteps(integer("warmup", v.substring(0, v.length() - 1), 0,
                    "epochs (a number ≥ 0) or steps with suffix s, e.g. warmup=1 or warmup=500s"));
            a.spec.warmupEpochs(0);
        } else {
            a.spec.warmupEpochs(number("warmup", v, 0, true, Double.POSITIVE_INFINITY, false,
                    "epochs (a number ≥ 0) or steps with suffix s, e.g. warmup=1 or warmup=500s"));
            a.spec.warmupSteps(0);
        }
    }

    static void init(MagicArgs a, String v) {
        if (!v.startsWith("run:") || v.length() == 4) {
            throw new ArgException(v, "bad value '" + v + "' for init: expected run:NAME of a saved run, e.g. init=run:baseline");
        }
        a.spec.init(v);
    }

    static void classes(MagicArgs a, String v) {
        List<Integer> out = new ArrayList<>();
        for (String p : v.split(",", -1)) {
            String t = p.trim();
            Matcher m = CLASS_RANGE.matcher(t);
            if (!m.matches()) {
                throw new ArgException(p, "bad class '" + t + "' in classes=" + v
                        + ": expected class indices or ranges ≥ 0, e.g. classes=0-4 or classes=5,7,9");
            }
            int lo = Integer.parseInt(m.group(1));
            int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
            if (hi < lo) throw new ArgException(p, "bad range '" + t + "' in classes=" + v + ": write low-high, e.g. classes=5-9");
            for (int c = lo; c <= hi; c++) {
                if (out.contains(c)) throw new ArgException(p, "class " + c + " listed twice in classes=" + v);
                out.add(c);
            }
        }
        if (out.size() < 2) throw new ArgException(v, "classes=" + v + " keeps one class: a classifier needs at least two, e.g. classes=0-4");
        a.spec.classes(out);
    }

    private static final Pattern CLASS_RANGE = Pattern.compile("(\\d{1,6})(?:-(\\d{1,6}))?");

    static void device(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("auto") || lower.equals("cpu") || lower.equals("gpu") || lower.matches("gpu:\\d+")) {
            a.spec.device(lower);
            return;
        }
        throw new ArgException(v, "unknown device '" + v + "'" + Suggest.didYouMean(lower, List.of("auto", "cpu", "gpu"))
                + "; valid: auto, cpu, gpu, gpu:N");
    }

    static void as(MagicArgs a, String v) {
        if (!isIdentifier(v) || v.contains("$")) {
            throw new ArgException(v, "bad name '" + v + "' for as: it becomes a notebook variable, so use a Java identifier"
                    + " (letters, digits, _; not a keyword), e.g. as=baseline");
        }
        a.spec.name(v);
    }
}
