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
 *   <li>The engine's native load (0.4 s warm, 1–2 s cold), 1 s after the kernel has answered kernel_info, so that
 *       cells run at once after start (a "run all") do not share the CPU with it.</li>
 *   <li>Then a {@code %train} line parsed and the progress line and live chart drawn ({@link FirstTrainWarmup}),
 *       then one step of a small MLP on synthetic images through the engine's training path ({@link TrainWarmup};
 *       nothing saved or listed). Once a user's run has started these stop between their parts.</li>
 * </ol>
 * System properties: {@code trainbook.preload=false} turns it all off; {@code trainbook.preloadDelayMillis=N} moves
 * the start (default 1000 ms after ready); {@code trainbook.preloadEngineEarly=true} loads the engine at kernel
 * start instead, beside JShell's warm-up (the first batch of a {@code %train} sent at once then finds the engine
 * loaded, but on a busy 2-core machine the kernel was measured ~1 s slower to become ready, so it is off by
 * default; the README's first-batch section has the figures), and the warm-ups then start {@code preloadDelayMillis}
 * after ready; {@code trainbook.preloadTrain=false} skips the training step, {@code trainbook.preloadRender=false}
 * the parse and drawing; {@code trainbook.preloadYield=false} lets the warm-ups finish beside a user's run.
 */
final class Preload {
    static final boolean ON = !"false".equals(System.getProperty("trainbook.preload"));

    private Preload() {}

    /** Starts the preload; {@code ready} completes when the kernel has answered that it is ready. */
    static Thread start(Future<?> ready) {
        long delay = Long.getLong("trainbook.preloadDelayMillis", 1000L);
        boolean early = "true".equals(System.getProperty("trainbook.preloadEngineEarly"));
        // not in the JVM that writes the class-sharing archive (kernel-spec/cds_archive.py): once, an archive written
        // after the warm-up had run came with per-pixel loops ~50x slower in later runs; a later search could not
        // reproduce it (docs/benchmark-notes.md), and leaving the warm-up out of that JVM costs nothing measurable
        boolean train = !"false".equals(System.getProperty("trainbook.preloadTrain")) && !writesClassArchive();
        boolean render = !"false".equals(System.getProperty("trainbook.preloadRender"));
        // yield: once the user's first run has started, the warm-ups stop between their parts (that run warms the
        // same code; they would only take CPU from it); -Dtrainbook.preloadYield=false lets them finish beside it
        boolean yield = !"false".equals(System.getProperty("trainbook.preloadYield"));
        java.util.function.BooleanSupplier stop = () -> yield && Devices.runStarted();
        Runnable after = () -> {
            if (render && !stop.getAsBoolean()) FirstTrainWarmup.run();
            if (train) TrainWarmup.run(stop);
        };
        java.util.concurrent.Future<?> open = java.util.concurrent.CompletableFuture.completedFuture(null);
        return early ? Devices.preloadInBackground(open, 0, ready, delay, after)
                : Devices.preloadInBackground(ready, delay, open, 0, after);
    }

    /** Whether this JVM writes a class-sharing archive when it exits ({@code -XX:ArchiveClassesAtExit}). */
    static boolean writesClassArchive() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
    }
}
