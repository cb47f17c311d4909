package trainbook.engine.loop;

import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.Workspace;
import trainbook.engine.data.HostData;
import trainbook.engine.data.Normalizer;
import trainbook.engine.probe.DataProfiler;
import trainbook.engine.probe.StartupTimes;

import java.util.List;
import java.util.Random;

/**
 * One training step of a small MLP on a few synthetic 28×28 byte images, through the same engine code a first
 * {@code %train} on an IDX data set runs (pixel standardisation fit, data profile, upload of the bytes, model
 * build, optimizer, the step, the run record): the kernel's preload thread runs it once after the engine load, so
 * the class loading and first compilation of that code happen before the user's first {@code %train} instead of in
 * it (measured in the README's first-batch section).
 *
 * <p>Invisible by construction: the run is not saved, lives in a workspace of its own (so {@code %runs} does not
 * list it and a stop asked of the notebook never reaches it), is closed at once, does not become
 * {@link StartupTimes#last()}. Its step never overlaps a user's run ({@link Devices#unlessRunStarted}): it
 * seeds and draws from the engine's one global random generator, and a run beside it would get other initial
 * weights than its seed gives (found when a notebook's Adam and AdamW runs at wd=0 stopped being equal).
 */
public final class TrainWarmup {
    /**
     * Synthetic images: 1.6 M pixels, so the per-pixel loops (standardisation fit, data profile, upload) run long
     * enough here to be compiled by the JIT's optimising tier before a real data set's 47 M pixels go through them.
     */
    static final int ROWS = 2048;

    private TrainWarmup() {}

    /** Runs the warm-up step; returns the steps it ran (1), for tests. */
    public static int run() {
        return run(() -> false);
    }

    /**
     * Runs the warm-up step unless {@code stop} says to stop, which it asks between the parts (data preparation,
     * the training step); returns the steps run (0 or 1).
     */
    public static int run(java.util.function.BooleanSupplier stop) {
        if (stop.getAsBoolean()) return 0;
        HostData px = pixels(ROWS, 42);
        // the IDX path's own preparation of the training images (Datasets splits off the validation rows, then
        // standardises image data with the training rows' statistics)
        // both with the row list of a split and without (val=none): compiled code that has seen only one of the
        // two would be thrown away and compiled again when the other comes
        HostData[] parts = px.split(0.1, 42);
        Normalizer split = Normalizer.fit(parts[0], false);
        DataProfiler.profile("warmup", split.apply(parts[0]), parts[1].size(), true);
        Normalizer nz = Normalizer.fit(px, false);
        HostData train = nz.apply(px);
        if (stop.getAsBoolean()) return 0;
        TrainSpec spec = new TrainSpec().model("mlp").dataObject(train).epochs(1).limit(1).val("none")
                .name("trainbook-warmup").live(false).seed(42);
        int[] steps = {0};
        // never beside a user's run: this run seeds and draws from the engine's one random generator too
        Devices.unlessRunStarted(() -> steps[0] = step(spec));
        return steps[0];
    }

    private static int step(TrainSpec spec) {
        Workspace own = new Workspace();
        boolean timed = StartupTimes.quiet(true);
        try (Workspace.Binding ignored = own.bind();
             TrainedRun run = new TrainLoop(spec, List.of()).save(false).fit()) {
            return run.record().steps().size();
        } finally {
            StartupTimes.quiet(timed);
            own.liveRuns().releaseAll();
        }
    }

    /** {@code n} seeded random 1×28×28 byte images with labels 0..9, held as an IDX data set is. */
    static HostData pixels(int n, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[n * 28 * 28];
        rnd.nextBytes(px);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return HostData.ofPixels("warmup", px, 1 / 255f, new long[]{1, 28, 28}, y, HostData.CLASSIFICATION, 10,
                List.of());
    }
}
