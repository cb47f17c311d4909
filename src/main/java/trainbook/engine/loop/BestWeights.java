package trainbook.engine.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import trainbook.engine.model.ParamCopies;
import trainbook.engine.run.EpochRecord;

import java.util.List;
import java.util.function.Supplier;

/**
 * Early stopping with the best weights kept in memory (DJL's {@code EarlyStoppingListener} plus Keras'
 * {@code restore_best_weights}): feeds each epoch's monitored metric to {@link EarlyStopping}, copies the weights
 * when the metric improved (only when they will be restored), and puts the best copy back at the end.
 */
final class BestWeights implements AutoCloseable {
    private final EarlyStopping stopping;
    private final boolean restoreBest;
    private final PairList<String, Parameter> params;
    private final Supplier<NDManager> managers;
    private NDManager manager;
    private List<NDArray> best;

    /** @param managers a fresh manager for each copy (the previous copy's is closed) */
    BestWeights(EarlyStopping stopping, boolean restoreBest, PairList<String, Parameter> params,
                Supplier<NDManager> managers) {
        this.stopping = stopping;
        this.restoreBest = restoreBest;
        this.params = params;
        this.managers = managers;
    }

    /** No early stopping ({@code patience} not set): never stops, copies nothing, restores nothing. */
    static BestWeights none() {
        return new BestWeights(null, false, null, null);
    }

    EarlyStopping stopping() {
        return stopping;
    }

    /** Feeds the epoch; true when patience ran out and training should stop. */
    boolean afterEpoch(EpochRecord epoch) {
        if (stopping == null) return false;
        EarlyStopping.Decision d = stopping.update(epoch.epoch(), epoch.metric(stopping.monitor()));
        if (d == EarlyStopping.Decision.IMPROVED && restoreBest) {
            if (manager != null) manager.close();
            manager = managers.get();
            best = ParamCopies.snapshot(params, manager);
        }
        return d == EarlyStopping.Decision.STOP;
    }

    /** Puts the best weights back when asked to; the epoch they are from, or -1 when nothing was restored. */
    int restore() {
        if (stopping == null || !restoreBest || best == null || stopping.bestEpoch() <= 0) return -1;
        ParamCopies.restore(params, best);
        return stopping.bestEpoch();
    }

    @Override
    public void close() {
        if (manager != null) manager.close();
        manager = null;
        best = null;
    }
}
