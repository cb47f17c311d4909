package trainbook.bench;

import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.magic.Displays;
import trainbook.magic.LiveView;
import trainbook.magic.MagicContext;
import trainbook.magic.NotebookSession;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.Tokenizer;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import com.google.gson.Gson;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Optional;

/**
 * Training-thread CPU spent in {@code %train}'s live view per step, measured around each call into it during a real
 * run (so the machine's load matters little): {@code sync} draws every chart on the training thread (a plain
 * {@code new LiveView}), {@code background} is the view {@code %train} uses ({@link LiveView#background}); the
 * outputs are encoded as the kernel sends them. Usage: {@code LiveViewCost sync|background MODEL THREADS EPOCHS
 * LIMIT}, e.g. {@code background mlp 1 4 100000} (Fashion-MNIST, Adam, batch 128, val=none).
 */
public final class LiveViewCost {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static final class Sink implements MagicContext {
        final Gson gson = new Gson(); int ids; long encodeNs; int updates;
        void send(Rich r) { long c = MX.getCurrentThreadCpuTime(); gson.toJson(Displays.toDisplayData(r)); encodeNs += MX.getCurrentThreadCpuTime() - c; }
        public String display(Rich o) { send(o); return "d" + (++ids); }
        public void update(String id, Rich o) { send(o); updates++; }
        public Optional<Object> lookup(String n) { return Optional.empty(); }
        public String bind(String n, Object v) { return null; }
        public void note(String l) {}
        final NotebookSession s = new NotebookSession();
        public NotebookSession session() { return s; }
    }

    private LiveViewCost() {}

    public static void main(String[] a) {
        String mode = a[0];
        String line = "model=" + a[1] + " data=idx:/usr/share/datasets/fashion-mnist opt=adam lr=1e-3 batch=128 seed=1 threads=" + a[2]
                + " epochs=" + a[3] + " limit=" + a[4] + " val=none live=false runs=" + System.getProperty("java.io.tmpdir") + "/trainbook-viewcost-runs";
        TrainSpec spec = ArgParser.parse(Magic.TRAIN, Tokenizer.tokenize(line)).spec;
        Sink ctx = new Sink();
        LiveView v = mode.equals("sync") ? new LiveView(ctx, ChartFormat.PNG, System::nanoTime) : LiveView.background(ctx, ChartFormat.PNG, System::nanoTime);
        long[] inView = {0}; long[] steps = {0}; long[] startNs = {0}; long[] max = {0};
        RunRecord[] cur = new RunRecord[1];
        TrainingListener l = new TrainingListener() {
            public void onFitStart(RunRecord r) { cur[0] = r; long c = MX.getCurrentThreadCpuTime(); v.start(r); startNs[0] = MX.getCurrentThreadCpuTime() - c; }
            public void onBatchEnd(StepRecord s) { long c = MX.getCurrentThreadCpuTime(); v.step(cur[0], s); long d = MX.getCurrentThreadCpuTime() - c; inView[0] += d; max[0] = Math.max(max[0], d); steps[0]++; }
            public void onEpochEnd(EpochRecord e) { long c = MX.getCurrentThreadCpuTime(); v.epoch(cur[0], e); inView[0] += MX.getCurrentThreadCpuTime() - c; }
        };
        long c0 = MX.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        Trainbook.train(spec, List.of(l), false, false);
        long trainCpu = MX.getCurrentThreadCpuTime() - c0;
        double wall = (System.nanoTime() - t0) / 1e9;
        long render = 0;
        for (long id : MX.getAllThreadIds()) { var ti = MX.getThreadInfo(id); if (ti != null && ti.getThreadName().equals("trainbook-live-chart")) render = MX.getThreadCpuTime(id); }
        System.out.printf("%s %s: %d steps in %.1f s; training-thread CPU %.3f ms/step; in live view %.4f ms/step (%.2f %% of it), max one step %.1f ms, start %.1f ms; chart/progress updates %d (view %d charts, %d progress); renderer thread CPU %.3f s = %.4f ms/step; load %.2f%n",
                mode, a[1], steps[0], wall, trainCpu / 1e6 / steps[0], inView[0] / 1e6 / steps[0], 100.0 * inView[0] / trainCpu, max[0] / 1e6, startNs[0] / 1e6,
                ctx.updates, v.chartUpdates(), v.progressUpdates(), render / 1e9, render / 1e6 / steps[0], ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
