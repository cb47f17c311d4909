package trainbook.engine.sweep;

import com.google.gson.Gson;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.StrictJson;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One training run as remote trial work: the spec travels as JSON, the executor trains it with the engine (not
 * saved there: executors need no shared disk) and sends back the run record as JSON, which the driver saves, and,
 * when asked, the trained parameters (DJL's format, the bytes of {@code params.bin}). Each finished epoch goes to
 * the {@link TrialReporter} as its epoch record in JSON, and the trial stops there (stop reason pruned) when the
 * driver's pruner says so. Specs that hold notebook objects (a model, dataset, loss or schedule object) cannot
 * travel and are refused.
 */
public final class TrainTrial implements RemoteTrial<TrainTrial.Result> {
    private static final long serialVersionUID = 2L;
    /**
     * DJL's PyTorch engine trains one model per process at a time (a second GradientCollector throws "already
     * collecting"), so trials that share a JVM (Spark's local[N], several task slots per executor) take turns.
     */
    private static final Object ONE_PER_JVM = new Object();
    private final String specJson;
    private final boolean keepParams;

    /** What a trial sends back: its run record as JSON, and its parameters when they were asked for (else null). */
    public record Result(String record, byte[] params) implements Serializable {}

    /** A trial that sends back its run record only. */
    public TrainTrial(TrainSpec spec) {
        this(spec, false);
    }

    /** A trial that also sends back its trained parameters when {@code keepParams}. */
    public TrainTrial(TrainSpec spec, boolean keepParams) {
        this.keepParams = keepParams;
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
    public Result call(int cpus) {
        return call(cpus, TrialReporter.NONE);
    }

    @Override
    public Result call(int cpus, TrialReporter reporter) {
        TrainSpec s = spec();
        // a task granted N cores trains with at most N threads, so executors sharing a machine do not oversubscribe it
        if (cpus > 0 && (s.threads() == null || s.threads() > cpus)) s.threads(cpus);
        TrainingListener epochs = new TrainingListener() {
            @Override
            public boolean pruneAfterEpoch(EpochRecord e) {
                return reporter.report(e.epoch(), gson().toJson(e));
            }
        };
        engine();
        synchronized (ONE_PER_JVM) {
            // no doctor here: the driver diagnoses the record it gets back, with what it knows (LR finder results)
            try (TrainedRun run = Trainbook.train(s, List.of(epochs), false, false)) {
                return new Result(gson().toJson(run.record()), keepParams ? params(run) : null);
            }
        }
    }

    /** The PyTorch engine of this JVM; a JVM where it does not load (no natives) can run no trial at all. */
    private static void engine() {
        try {
            ai.djl.engine.Engine.getInstance();
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": "
                    + root.getMessage().strip().lines().findFirst().orElse("");
            throw new TrialCannotRun("the PyTorch engine does not load there (" + why + "): every worker needs the PyTorch"
                    + " natives (the pytorch-native jar on its class path and a writable DJL cache, ENGINE_CACHE_DIR or"
                    + " ~/.djl.ai, or the natives already in that cache)", e);
        }
    }

    /** The run's kept parameters (restored-best ones when it restored), as {@code params.bin} holds them. */
    private static byte[] params(TrainedRun run) {
        if (run.isReleased()) return null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            run.block().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trained parameters: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The epoch record a training trial reported. */
    public static EpochRecord epoch(String json) {
        return gson().fromJson(json, EpochRecord.class);
    }

    /** The record a trial sent back. */
    public static RunRecord record(String json) {
        RunRecord r = gson().fromJson(json, RunRecord.class);
        if (r == null || r.name() == null) throw new IllegalArgumentException("a trial sent back no run record");
        return r;
    }

    private static Gson gson() { return StrictJson.gson(); }
}
