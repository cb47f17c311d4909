package trainbook.engine.sweep;

import com.google.gson.Gson;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.Run;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.StrictJson;

import java.util.List;

/**
 * One training run as remote trial work: the spec travels as JSON, the executor trains it with the engine (not
 * saved there: executors need no shared disk) and sends back the run record as JSON, which the driver saves.
 * Specs that hold notebook objects (a model, dataset, loss or schedule object) cannot travel and are refused.
 */
public final class TrainTrial implements RemoteTrial<String> {
    private static final long serialVersionUID = 1L;
    /**
     * DJL's PyTorch engine trains one model per process at a time (a second GradientCollector throws "already
     * collecting"), so trials that share a JVM (Spark's local[N], several task slots per executor) take turns.
     */
    private static final Object ONE_PER_JVM = new Object();
    private final String specJson;

    public TrainTrial(TrainSpec spec) {
        String object = spec.modelObject() != null ? "model" : spec.dataObject() != null ? "data" : spec.valObject() != null ? "val"
                : spec.lossObject() != null ? "loss" : spec.scheduleObject() != null ? "sched" : null;
        if (object != null) {
            throw new IllegalArgumentException(object + "= names a notebook object, which cannot travel to another JVM:"
                    + " give a built-in " + object + " by name (e.g. model=mlp(64), data=spirals) to run trials remotely");
        }
        TrainSpec s = spec.copy();
        s.live(false);
        this.specJson = gson().toJson(s);
    }

    /** The spec as it will train (a copy). */
    public TrainSpec spec() { return gson().fromJson(specJson, TrainSpec.class); }

    @Override
    public String call(int cpus) {
        TrainSpec s = spec();
        // a task granted N cores trains with at most N threads, so executors sharing a machine do not oversubscribe it
        if (cpus > 0 && (s.threads() == null || s.threads() > cpus)) s.threads(cpus);
        synchronized (ONE_PER_JVM) {
            // no doctor here: the driver diagnoses the record it gets back, with what it knows (LR finder results)
            try (Run run = Trainbook.train(s, List.of(), false, false)) {
                return gson().toJson(run.record());
            }
        }
    }

    /** The record a trial sent back. */
    public static RunRecord record(String json) {
        RunRecord r = gson().fromJson(json, RunRecord.class);
        if (r == null || r.name() == null) throw new IllegalArgumentException("a trial sent back no run record");
        return r;
    }

    private static Gson gson() { return StrictJson.gson(); }
}
