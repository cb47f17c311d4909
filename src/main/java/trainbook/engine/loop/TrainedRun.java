package trainbook.engine.loop;

import ai.djl.nn.Block;
import tech.tablesaw.api.Table;
import trainbook.engine.run.RunRecord;

/**
 * The outcome of {@code Trainbook.train(spec)}: the run record, the trained model (with the best weights when
 * early stopping restored them) and the history as Tablesaw tables. Closing it frees the model's parameters
 * (a Block handed in from a notebook is never freed).
 */
public final class TrainedRun implements AutoCloseable {
    private final RunRecord record;
    private final TrainingSession session;

    TrainedRun(RunRecord record, TrainingSession session) {
        this.record = record;
        this.session = session;
        trainbook.engine.Workspace.current().liveRuns().add(this);
    }

    /** The session that trained (package-private: tests count its evaluation passes). */
    TrainingSession session() { return session; }

    /** The run record (also saved under the runs directory). */
    public RunRecord record() { return record; }

    /**
     * The trained model.
     *
     * @throws IllegalStateException when the run was released ({@link #close()}, {@code %runs release})
     */
    public Block block() {
        if (isReleased()) {
            throw new IllegalStateException("run '" + record.name() + "' was released (its model is freed; the record"
                    + " stays): train again, or warm-start from the saved weights with init=run:" + record.name());
        }
        return session.block();
    }

    /** Whether the model was freed ({@link #close()}); a model handed in from a notebook is never freed. */
    public boolean isReleased() { return session.isModelClosed(); }

    /** Bytes the model holds in memory: parameters, plus as much again for their gradients when they train. */
    public long modelBytes() { return isReleased() ? 0 : session.modelBytes(); }

    /** Per-epoch history: epoch, train_loss, val_loss, train_acc, val_acc, lr, seconds. */
    public Table history() { return History.epochs(record); }

    /** Per-step history: step, epoch, batch, lr, loss, grad_norm, update_ratio, millis. */
    public Table steps() { return History.steps(record); }

    /**
     * A copy of the spec the run trained with (notebook objects included), e.g. to reload its data:
     * {@code Datasets.load(run.spec())} gives the same seeded splits.
     */
    public trainbook.engine.TrainSpec spec() { return session.spec.copy(); }

    /** Final metric, or NaN (e.g. {@code test_acc}, {@code val_loss}). */
    public double metric(String key) { return record.metric(key); }

    @Override
    public void close() {
        session.closeModel();
    }

    @Override
    public String toString() {
        return record.toString();
    }
}
