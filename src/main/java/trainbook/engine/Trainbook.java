package trainbook.engine;

import trainbook.engine.interpret.Interpretation;
import trainbook.engine.interpret.Interpreter;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainLoop;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.lrfind.RangeTest;
import trainbook.engine.run.RunDiagnoser;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;

import java.util.Arrays;
import java.util.List;

/**
 * Trainbook's Java API, for notebooks on any Java kernel and for the magics, which are thin over it.
 *
 * <pre>{@code
 * TrainSpec spec = Trainbook.spec().model("mlp(256,128)").data("fashion-mnist").epochs(5).lr(1e-3);
 * try (TrainedRun run = Trainbook.train(spec)) {
 *     run.record().metric("test_acc");   // final metrics, stop reason, history, stamp...
 *     run.history();                     // Tablesaw table, one row per epoch
 *     run.block();                       // the trained DJL Block
 *     Trainbook.interpret(run);          // what it gets wrong on the validation split
 * }
 * LrFindResult lr = Trainbook.lrfind(spec);            // range test 1e-7 → 10, 100 steps, exponential
 * List<RunRecord> saved = Trainbook.runs(null).loadAll(); // records saved under ./runs
 * Interpretation why = Trainbook.interpret("baseline", null); // a saved run: confusion matrix, per-class F1, top losses
 * }</pre>
 */
public final class Trainbook {
    private Trainbook() {}

    /** A spec with every default; configure it fluently. */
    public static TrainSpec spec() {
        return new TrainSpec();
    }

    /**
     * Trains, diagnoses the run (the doctor's findings are in {@code run.record().findings()}), saves it under
     * {@code spec.runsDir} (default {@code ./runs}) and returns it.
     */
    public static TrainedRun train(TrainSpec spec, TrainingListener... listeners) {
        return train(spec, Arrays.asList(listeners), true, true);
    }

    /** Trains and diagnoses with a list of listeners; {@code save=false} keeps the run in memory only. */
    public static TrainedRun train(TrainSpec spec, List<TrainingListener> listeners, boolean save) {
        return train(spec, listeners, save, true);
    }

    /** As {@link #train(TrainSpec, List, boolean)}; {@code diagnose=false} skips the doctor (no findings). */
    public static TrainedRun train(TrainSpec spec, List<TrainingListener> listeners, boolean save, boolean diagnose) {
        return train(spec, listeners, save, diagnose ? RunDiagnoser.installed() : null);
    }

    /** Trains with {@code diagnoser} run on the finished record before it is saved (null: none). */
    public static TrainedRun train(TrainSpec spec, List<TrainingListener> listeners, boolean save, RunDiagnoser diagnoser) {
        return new TrainLoop(spec, listeners).save(save).diagnoser(diagnoser).fit();
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

    /**
     * What a live run's model gets right and wrong on its validation split: confusion matrix, per-class
     * precision/recall/F1, the most confused pairs and the {@value trainbook.engine.interpret.Interpreter#DEFAULT_TOP}
     * highest-loss samples (for regression: predictions against targets and the largest residuals).
     */
    public static Interpretation interpret(TrainedRun run) {
        return Interpreter.of(run, "val", Interpreter.DEFAULT_TOP);
    }

    /** {@link #interpret(TrainedRun)} on {@code split} ({@code val}, {@code test} or {@code train}) with {@code top} top losses. */
    public static Interpretation interpret(TrainedRun run, String split, int top) {
        return Interpreter.of(run, split, top);
    }

    /**
     * Interprets a saved run: its kept parameters loaded into the model its record names, evaluated on the same
     * validation split (runs trained on notebook objects need the live run: {@link #interpret(TrainedRun)}).
     *
     * @param dir runs directory, null = ./runs
     */
    public static Interpretation interpret(String name, String dir) {
        return Interpreter.of(name, dir, "val", Interpreter.DEFAULT_TOP);
    }

    /** {@link #interpret(String, String)} on {@code split} with {@code top} top losses. */
    public static Interpretation interpret(String name, String dir, String split, int top) {
        return Interpreter.of(name, dir, split, top);
    }

    /** A saved run's record. */
    public static RunRecord load(String name, String dir) {
        return new RunStore(dir).load(name);
    }
}
