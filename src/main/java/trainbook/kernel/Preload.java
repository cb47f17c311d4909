package trainbook.kernel;

import trainbook.engine.Devices;
import trainbook.engine.loop.TrainWarmup;
import trainbook.magic.FirstTrainWarmup;

import java.util.concurrent.Future;

/**
 * What the kernel does ahead of the user's first {@code %train}, on one low-priority daemon thread
 * ({@link Devices#preloadInBackground(Future, long, Future, long, Runnable)}); a {@code %train} that arrives while it works
 * waits for it instead of doing the same work beside it. Measured in the README's first-batch section.
 * <ol>
 *   <li>The engine's native load (0.4 s warm, 1–2 s cold), by default at once, while JShell warms up before the
 *       kernel says it is ready: on two cores the two overlap.</li>
 *   <li>Once the kernel has answered kernel_info: one step of a small MLP on synthetic images through the engine's
 *       training path ({@link TrainWarmup}; nothing saved or listed), then a {@code %train} line parsed and the
 *       progress line and live chart drawn ({@link FirstTrainWarmup}).</li>
 * </ol>
 * System properties: {@code trainbook.preload=false} turns it all off; {@code trainbook.preloadEngineEarly=false}
 * loads the engine after ready instead of at start; {@code trainbook.preloadDelayMillis=N} waits N ms after ready
 * first (default 0); {@code trainbook.preloadTrain=false} skips the training step and
 * {@code trainbook.preloadRender=false} the parse and drawing.
 */
final class Preload {
    static final boolean ON = !"false".equals(System.getProperty("trainbook.preload"));

    private Preload() {}

    /** Starts the preload; {@code ready} completes when the kernel has answered that it is ready. */
    static Thread start(Future<?> ready) {
        long delay = Long.getLong("trainbook.preloadDelayMillis", 0L);
        boolean early = !"false".equals(System.getProperty("trainbook.preloadEngineEarly"));
        boolean train = !"false".equals(System.getProperty("trainbook.preloadTrain"));
        boolean render = !"false".equals(System.getProperty("trainbook.preloadRender"));
        // yield: once the user's first run has started, the warm-ups stop between their parts (that run warms the
        // same code; they would only take CPU from it); -Dtrainbook.preloadYield=false lets them finish beside it
        boolean yield = !"false".equals(System.getProperty("trainbook.preloadYield"));
        java.util.function.BooleanSupplier stop = () -> yield && Devices.runStarted();
        Runnable after = () -> {
            if (train) TrainWarmup.run(stop);
            if (render && !stop.getAsBoolean()) FirstTrainWarmup.run();
        };
        java.util.concurrent.Future<?> open = java.util.concurrent.CompletableFuture.completedFuture(null);
        return early ? Devices.preloadInBackground(open, 0, ready, delay, after)
                : Devices.preloadInBackground(ready, delay, open, 0, after);
    }
}
