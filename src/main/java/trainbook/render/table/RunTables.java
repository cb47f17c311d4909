package trainbook.render.table;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.TrainSpec;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.MemoryUse;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Stamp;
import trainbook.engine.run.StepRecord;
import trainbook.render.Fmt;
import trainbook.render.Rich;
import trainbook.render.chart.ChartKit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameter + final-metrics table of one run, with time and the reproducibility stamp: three columns
 * ({@code section}, {@code key}, {@code value}), sections {@code hyperparameter}, {@code data}, {@code result},
 * {@code time}, {@code stamp}.
 */
public final class RunTables {
    /** Hyperparameters always shown in the compact form. */
    public static final Set<String> ESSENTIAL = Set.of("model", "data", "epochs", "batch", "opt", "lr", "sched", "seed");
    /** Row cap of the run table. */
    public static final int MAX_ROWS = 80;

    private RunTables() {}

    /** Compact table: essential hyperparameters plus every one that differs from its default. */
    public static TableView summary(RunRecord r) {
        return summary(r, false);
    }

    /** The table; {@code all} shows every hyperparameter, else only essential and non-default ones. */
    public static TableView summary(RunRecord r, boolean all) {
        StringColumn section = StringColumn.create("section"), key = StringColumn.create("key"),
                value = StringColumn.create("value");
        Map<String, String> defaults = new TrainSpec().toMap();
        for (Map.Entry<String, String> e : r.spec().entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue();
            boolean show = all ? !v.isEmpty()
                    : ESSENTIAL.contains(e.getKey()) || (!v.isEmpty() && !v.equals(defaults.get(e.getKey())));
            if (show) add(section, key, value, "hyperparameter", e.getKey(), v);
        }
        DataProfile d = r.data();
        if (d != null) {
            add(section, key, value, "data", "dataset", d.name() + " (" + d.task()
                    + (d.numClasses() > 0 ? ", " + d.numClasses() + " classes" : "") + ")");
            add(section, key, value, "data", "samples", d.trainSize() + " train / " + d.valSize() + " val, shape "
                    + Arrays.toString(d.sampleShape()));
        }
        add(section, key, value, "result", "status", String.valueOf(r.status()).toLowerCase(java.util.Locale.ROOT)
                + (r.stopReason() == null ? "" : " (" + r.stopReason().label() + ")"));
        add(section, key, value, "result", "epochs", r.epochs().size() + "/" + r.plannedEpochs());
        if (r.bestEpoch() > 0) add(section, key, value, "result", "best epoch", Integer.toString(r.bestEpoch()));
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            add(section, key, value, "result", m.getKey(), metric(m.getKey(), m.getValue()));
        }
        if (r.error() != null && !r.error().isEmpty()) add(section, key, value, "result", "error", r.error());
        add(section, key, value, "time", "total", Fmt.duration(r.seconds()));
        List<EpochRecord> ep = r.epochs();
        if (!ep.isEmpty()) {
            add(section, key, value, "time", "per epoch", Fmt.duration(ep.stream().mapToDouble(EpochRecord::seconds).average().orElse(Double.NaN)));
        }
        if (!r.steps().isEmpty()) {
            double ms = ChartKit.median(r.steps().stream().mapToDouble(StepRecord::millis).toArray());
            add(section, key, value, "time", "per step (median)", Fmt.val(ms) + " ms");
        }
        MemoryUse mem = r.memory();
        if (mem != null && mem.peakMb() > 0) {
            add(section, key, value, "memory", "kernel peak RSS", Math.round(mem.peakMb()) + " MB"
                    + (mem.startMb() > 0 ? " (" + Math.round(mem.startMb()) + " MB at start)" : "")
                    + (mem.peakExact() ? "" : ", sampled per epoch"));
            if (mem.limitMb() > 0) {
                add(section, key, value, "memory", "limit", Math.round(mem.limitMb()) + " MB (" + mem.limitSource()
                        + "), peak at " + Fmt.pct(mem.peakShare()));
            }
        }
        Stamp s = r.stamp();
        if (s != null) {
            add(section, key, value, "stamp", "seed", Long.toString(s.seed()));
            add(section, key, value, "stamp", "djl / pytorch", s.djlVersion() + " / " + s.pytorchVersion());
            add(section, key, value, "stamp", "device / threads", s.device() + " / " + s.threads());
            add(section, key, value, "stamp", "jdk / os", s.jdk() + " / " + s.os());
            add(section, key, value, "stamp", "trainbook", s.trainbookVersion());
            add(section, key, value, "stamp", "started", s.startedAt());
        }
        for (String n : r.noteTexts()) add(section, key, value, "note", "", n);
        Table t = Table.create(r.name() == null ? "run" : r.name(), section, key, value);
        String cap = "run " + (r.name() == null ? "" : r.name()) + ": hyperparameters and results";
        return TableView.of(t).caption(cap).maxRows(MAX_ROWS)
                .cellStyle("section", i -> "color:#777")
                .rowStyle(i -> i > 0 && !section.get(i).equals(section.get(i - 1)) ? "border-top:2px solid #ccc" : null);
    }

    /**
     * The resolved configuration of a spec ({@code dry=true}, {@code --help}-style review): key, value, and whether
     * the value is the default. {@code all=false} lists only essential keys and those set away from the default.
     */
    public static TableView config(TrainSpec spec, boolean all) {
        if (spec == null) throw new IllegalArgumentException("spec is null");
        Map<String, String> defaults = new TrainSpec().toMap();
        StringColumn key = StringColumn.create("key"), value = StringColumn.create("value"), def = StringColumn.create("set");
        for (Map.Entry<String, String> e : spec.toMap().entrySet()) {
            boolean isDefault = e.getValue().equals(defaults.get(e.getKey()));
            if (!all && !ESSENTIAL.contains(e.getKey()) && isDefault) continue;
            key.append(e.getKey());
            value.append(e.getValue());
            def.append(isDefault ? "default" : "set");
        }
        return TableView.of(Table.create("config", key, value, def))
                .caption("resolved configuration" + (all ? "" : " (essential and changed keys)")).maxRows(MAX_ROWS)
                .rowStyle(i -> def.get(i).equals("set") ? "font-weight:bold" : null);
    }

    /** Accuracy-like metrics as percentages, others as values. */
    static String metric(String key, Double v) {
        if (v == null) return "–";
        return key.endsWith("acc") || key.endsWith("accuracy") || key.endsWith("top5") ? Fmt.pct(v) : Fmt.val(v);
    }

    private static void add(StringColumn s, StringColumn k, StringColumn v, String section, String key, String value) {
        s.append(section);
        k.append(key);
        v.append(value == null ? "" : value);
    }

    /** Rendered table (HTML + text). */
    public static Rich render(RunRecord r) {
        return summary(r).render();
    }

    /** key → value of the summary, for callers that want the plain pairs. */
    public static LinkedHashMap<String, String> pairs(RunRecord r) {
        Table t = summary(r, true).table();
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) m.put(t.stringColumn("section").get(i) + "." + t.stringColumn("key").get(i), t.stringColumn("value").get(i));
        return m;
    }
}
