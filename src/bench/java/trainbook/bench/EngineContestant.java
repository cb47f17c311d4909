package trainbook.bench;

import com.google.gson.Gson;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingSession;
import trainbook.engine.lrfind.RangeTest;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.magic.Displays;
import trainbook.magic.MagicContext;
import trainbook.magic.TrainMagic;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.Tokenizer;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Contestant A of {@code ./trainbook bench}: Trainbook's engine on the path {@code %train} uses.
 * <ul>
 *   <li>{@code --render off}: {@code Trainbook.train(spec)} with no listeners, no saving and no doctor (the engine alone).</li>
 *   <li>{@code --render on}: the {@code %train} magic itself ({@link TrainMagic}) with live progress, live chart,
 *       gradient sampling, the doctor and the run store, its outputs turned into Jupyter display data and
 *       serialised to JSON as the kernel would send them (then dropped).</li>
 *   <li>{@code --lrfind N}: times an N-step LR range test against N training steps of the same model.</li>
 * </ul>
 * ms/batch is the median wall time between consecutive steps (so listener and rendering work between steps is
 * included), after the warm-up steps.
 */
public final class EngineContestant {
    private EngineContestant() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        int lrfindSteps = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lrfind") && i + 1 < args.length) lrfindSteps = Integer.parseInt(args[++i]);
            else rest.add(args[i]);
        }
        BenchArgs a = BenchArgs.parse(rest.toArray(new String[0]));
        Path runs = Files.createTempDirectory("trainbook-bench-runs");
        String model = a.model.equals("mlp") ? "mlp(256,128)" : "cnn";
        String base = "model=" + model + " data=idx:" + a.data + " opt=adam lr=1e-3 batch=128 seed=" + a.seed
                + " threads=" + a.threads + " runs=" + runs;
        if (lrfindSteps > 0) {
            lrfind(base, lrfindSteps, a);
            return;
        }
        double msPerBatch = Double.NaN;
        double cpuMs = Double.NaN;
        double procMs = Double.NaN;
        double calls = Double.NaN;
        String byMethod = "{}";
        if (a.batches > 0) {
            StepClock clock = new StepClock();
            clock.markWarmup(a.warmup);
            train(base + " epochs=1 limit=" + (a.warmup + a.batches) + " val=none", a.render, clock);
            msPerBatch = clock.medianAfter(a.warmup);
            cpuMs = clock.cpuMsAfter(a.warmup);
            procMs = clock.procMsAfter(a.warmup);
            calls = clock.callsAfter(a.warmup);
            byMethod = clock.byMethodAfter(a.warmup);
        }
        double epochS = Double.NaN;
        double acc = Double.NaN;
        if (a.epochs > 0) {
            // val=none: like the other contestants, train on all 60 000 images and measure the test set once at the end
            RunRecord r = train(base + " epochs=" + a.epochs + " val=none", a.render, new StepClock()).record();
            epochS = r.epochs().stream().mapToDouble(e -> e.seconds()).average().orElse(Double.NaN);
            acc = r.metrics().getOrDefault("test_acc", Double.NaN);
        }
        if (System.getenv("TRAINBOOK_BENCH_THREADS") != null) BenchArgs.printThreadCpu();
        System.out.println(String.format(Locale.ROOT,
                "{\"contestant\": \"trainbook-%s\", \"model\": \"%s\", \"threads\": %d, \"ms_per_batch\": %.4f, "
                        + "\"cpu_ms_per_batch\": %.4f, \"proc_cpu_ms_per_batch\": %.4f, \"epoch_s\": %.3f, \"test_acc\": %.4f, \"peak_rss_mb\": %.1f, "
                        + "\"native_calls_per_step\": %.2f, \"native_by_method\": %s}",
                a.render, a.model, a.threads, msPerBatch, cpuMs, procMs, epochS, acc, BenchArgs.peakRssMb(), calls, byMethod));
    }

    private static TrainedRun train(String line, String render, StepClock clock) {
        if (render.equals("on")) {
            // the %train path: TrainMagic with a context that encodes every output as the kernel would
            TrainSpec spec = parse(line + " live=true");
            return TrainMagic.trainWith(new SinkContext(), spec, ChartFormat.PNG, System::nanoTime, List.of(clock));
        }
        return Trainbook.train(parse(line + " live=false"), List.of(clock), false, false);
    }

    private static TrainSpec parse(String line) {
        return ArgParser.parse(Magic.TRAIN, Tokenizer.tokenize(line)).spec;
    }

    private static void lrfind(String base, int steps, BenchArgs a) {
        TrainSpec spec = parse(base + " epochs=1 limit=" + steps + " val=none live=false");
        // warm both paths once (data load, natives, JIT), then time each
        Trainbook.lrfind(spec, 1e-7, 10, Math.min(steps, 10), "exp");
        Trainbook.train(spec.copy().limit(Math.min(steps, 10)), List.of(), false, false);
        // the range test's steps alone (data and model set up before the clock starts, as the training clock does)
        double lrS;
        TrainingSession s = TrainingSession.open(spec);
        try {
            RangeTest test = RangeTest.builder().spec(spec).start(1e-7).end(10).steps(steps).mode("exp").build();
            long t0 = System.nanoTime();
            test.run(s);
            lrS = (System.nanoTime() - t0) / 1e9;
        } finally {
            s.closeModel();
        }
        StepClock clock = new StepClock();
        Trainbook.train(spec, List.of(clock), false, false);
        double trainS = clock.span();
        System.out.println(String.format(Locale.ROOT,
                "{\"contestant\": \"trainbook-lrfind\", \"model\": \"%s\", \"threads\": %d, \"ms_per_batch\": %.4f, "
                        + "\"lrfind_steps\": %d, \"lrfind_s\": %.4f, \"train_steps_s\": %.4f, \"peak_rss_mb\": %.1f}",
                a.model, a.threads, trainS * 1000 / steps, steps, lrS, trainS, BenchArgs.peakRssMb()));
    }

    /** Records the wall-clock time at the start of the fit and at the end of every step. */
    static final class StepClock implements TrainingListener {
        private final List<Long> ends = new ArrayList<>();
        private final List<Long> cpu = new ArrayList<>();
        private final List<Long> proc = new ArrayList<>();
        private final List<Long> calls = new ArrayList<>();
        private long[] methodsAtWarmup, methodsAtEnd;
        private int warmupMark = -1;
        private long start;

        @Override
        public void onFitStart(RunRecord run) { start = System.nanoTime(); }

        @Override
        public void onBatchEnd(StepRecord step) {
            ends.add(System.nanoTime());
            cpu.add(BenchArgs.threadCpuNanos());
            proc.add(BenchArgs.processCpuNanos());
            calls.add(NativeCalls.total());
            if (NativeCalls.available() && warmupMark > 0) {
                if (ends.size() == warmupMark) methodsAtWarmup = NativeCalls.snapshot(null);
                else if (ends.size() > warmupMark) methodsAtEnd = NativeCalls.snapshot(methodsAtEnd);
            }
        }

        /** Native calls per step (JNI crossings, {@link NativeCalls}) after the warm-up; NaN without the agent. */
        double callsAfter(int warmup) {
            int from = Math.max(1, warmup);
            if (!NativeCalls.available() || calls.size() <= from) return Double.NaN;
            return (double) (calls.get(calls.size() - 1) - calls.get(from - 1)) / (calls.size() - from);
        }

        /** Sets the step after which {@link #byMethodAfter} starts counting (call before the fit). */
        void markWarmup(int warmup) {
            warmupMark = Math.max(1, warmup);
        }

        /** JSON object: native calls per step by method, between the warm-up mark and now. */
        String byMethodAfter(int warmup) {
            if (!NativeCalls.available() || methodsAtWarmup == null || methodsAtEnd == null) return "{}";
            return RawDjlLoop.perStep(NativeCalls.diff(methodsAtWarmup, methodsAtEnd), ends.size() - warmupMark);
        }

        /** Mean process CPU ms per step (every thread), skipping the first {@code warmup} steps. */
        double procMsAfter(int warmup) {
            int from = Math.max(1, warmup);
            if (proc.size() <= from) return Double.NaN;
            return (proc.get(proc.size() - 1) - proc.get(from - 1)) / 1e6 / (proc.size() - from);
        }

        /** Mean CPU ms of the training thread per step, skipping the first {@code warmup} steps. */
        double cpuMsAfter(int warmup) {
            int from = Math.max(1, warmup);
            if (cpu.size() <= from) return Double.NaN;
            return (cpu.get(cpu.size() - 1) - cpu.get(from - 1)) / 1e6 / (cpu.size() - from);
        }

        /** Median ms between consecutive step ends, skipping the first {@code warmup} steps. */
        double medianAfter(int warmup) {
            List<Double> d = new ArrayList<>();
            for (int i = Math.max(1, warmup); i < ends.size(); i++) d.add((ends.get(i) - ends.get(i - 1)) / 1e6);
            if (d.isEmpty()) return Double.NaN;
            Collections.sort(d);
            return d.get(d.size() / 2);
        }

        /** Seconds from the fit start (data and model set up) to the last step end. */
        double span() { return ends.isEmpty() ? Double.NaN : (ends.get(ends.size() - 1) - start) / 1e9; }
    }

    /** A notebook that encodes every output like the kernel does (DisplayData → JSON) and drops it. */
    static final class SinkContext implements MagicContext {
        private final Gson gson = new Gson();
        private int ids;
        long bytes;

        private void send(Rich r) {
            DisplayData d = Displays.toDisplayData(r);
            bytes += gson.toJson(d).length();
        }

        @Override public String display(Rich output) { send(output); return "bench-" + (++ids); }
        @Override public void update(String id, Rich output) { send(output); }
        @Override public Optional<Object> lookup(String name) { return Optional.empty(); }
        @Override public String bind(String name, Object value) { return null; }
        @Override public void note(String line) {}
        private final trainbook.magic.NotebookSession session = new trainbook.magic.NotebookSession();
        @Override public trainbook.magic.NotebookSession session() { return session; }
    }
}
