package trainbook.bench;

import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.loop.TrainLoop;
import trainbook.engine.loop.TrainWarmup;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.probe.StartupTimes;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * What the kernel's training warm-up ({@link TrainWarmup}) is worth to a first {@code %train} that comes after it:
 * in a fresh JVM, the engine load, then the warm-up or not, then a one-batch Fashion-MNIST run (val=none), whose
 * first batch is timed by wall clock and by the thread's CPU time (steadier than wall time on a shared machine).
 * Run it as separate JVMs, alternating {@code warm} and {@code cold}:
 * {@code java -cp 'target/classes:target/lib/*' trainbook.bench.WarmupValue warm|cold}; prints one JSON line.
 */
public final class WarmupValue {
    private WarmupValue() {}

    public static void main(String[] args) {
        boolean warm = args.length > 0 && args[0].equals("warm");
        Devices.engine().newBaseManager().close();
        long w0 = System.nanoTime();
        if (warm) TrainWarmup.run();
        double warmS = (System.nanoTime() - w0) / 1e9;
        var threads = ManagementFactory.getThreadMXBean();
        TrainSpec spec = new TrainSpec().model("mlp").data("fashion-mnist").epochs(1).limit(1).val("none").live(false);
        long c0 = threads.getCurrentThreadCpuTime();
        try (TrainedRun run = new TrainLoop(spec, List.of()).save(false).fit()) {
            StartupTimes t = StartupTimes.last();
            System.out.printf(Locale.ROOT, "{\"mode\": \"%s\", \"warmup_s\": %.3f, \"first_batch_s\": %.3f, "
                            + "\"fit_cpu_s\": %.3f, \"phases\": \"%s\"}%n", warm ? "warm" : "cold", warmS,
                    t.totalSeconds(), (threads.getCurrentThreadCpuTime() - c0) / 1e9, t);
        }
    }
}
