package trainbook.engine;

import trainbook.engine.loop.Run;
import trainbook.engine.loop.TrainLoop;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.lrfind.RangeTest;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;

import java.util.Arrays;
import java.util.List;

/**
 * Trainbook's Java API, for notebooks on any Java kernel and for the magics, which are thin over it.
 *
 * <pre>{@code
 * TrainSpec spec = Trainbook.spec().model("mlp(256,128)").data("fashion-mnist").epochs(5).lr(1e-3);
 * try (Run run = Trainbook.train(spec)) {
 *     run.record().metric("test_acc");   // final metrics, stop reason, history, stamp...
 *     run.history();                     // Tablesaw table, one row per epoch
 *     run.block();                       // the trained DJL Block
 * }
 * LrFindResult lr = Trainbook.lrfind(spec);            // range test 1e-7 → 10, 100 steps, exponential
 * List<RunRecord> saved = Trainbook.runs(null).loadAll(); // records saved under ./runs
 * }</pre>
 */
public final class Trainbook {
    private Trainbook() {}

    /** A spec with every default; configure it fluently. */
    public static TrainSpec spec() {
        return new TrainSpec();
    }

    /** Trains, saves the run under {@code spec.runsDir} (default {@code ./runs}) and returns it. */
    public static Run train(TrainSpec spec, TrainingListener... listeners) {
        return new TrainLoop(spec, Arrays.asList(listeners)).fit();
    }

    /** Trains with a list of listeners; {@code save=false} keeps the run in memory only. */
    public static Run train(TrainSpec spec, List<TrainingListener> listeners, boolean save) {
        return new TrainLoop(spec, listeners).save(save).fit();
    }

    /** LR range test with the defaults: exponential ramp 1e-7 → 10 over 100 steps. */
    public static LrFindResult lrfind(TrainSpec spec) {
        return lrfind(spec, RangeTest.DEFAULT_START, RangeTest.DEFAULT_END, RangeTest.DEFAULT_STEPS, "exp");
    }

    /**
     * LR range test.
     *
     * @param start first learning rate (> 0)
     * @param end   last learning rate (> start)
     * @param steps number of steps (≥ 5)
     * @param mode  {@code exp} (default) or {@code linear}
     */
    public static LrFindResult lrfind(TrainSpec spec, double start, double end, int steps, String mode) {
        return RangeTest.builder().spec(spec).start(start).end(end).steps(steps).mode(mode).build().run();
    }

    /** The run store over {@code dir} (null = {@code ./runs}). */
    public static RunStore runs(String dir) {
        return new RunStore(dir);
    }

    /** A saved run's record. */
    public static RunRecord load(String name, String dir) {
        return new RunStore(dir).load(name);
    }
}
