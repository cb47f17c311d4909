package trainbook.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import trainbook.engine.data.DecodedCache;
import trainbook.engine.data.DeviceCache;
import trainbook.engine.data.DeviceData;
import trainbook.engine.data.HostData;
import trainbook.engine.data.Idx;
import trainbook.engine.data.Normalizer;
import trainbook.engine.probe.DataProfiler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The data parts of a Fashion-MNIST run's first batch, the way they were and the way they are, side by side in one
 * JVM and alternated over rounds (so a busy machine slows both alike): decoding the gzip'd IDX files vs reading
 * the decoded copy ({@link DecodedCache}); the standardisation fit and the data profile through a call per value
 * (float data) vs through the byte table; the upload of a float copy vs the uint8 pixels (device bytes held); and
 * the per-batch gather of 128 rows from floats vs from bytes converted on the way. Each figure is the median
 * over rounds of wall and thread-CPU seconds.
 *
 * <p>Run: {@code java -cp 'target/classes:target/lib/*' trainbook.bench.FirstBatchParts --rounds 5}; prints one
 * line per part and one JSON line.
 */
public final class FirstBatchParts {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FirstBatchParts() {}

    private record Cost(double wall, double cpu) {}

    private static Cost time(Runnable r) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r.run();
        return new Cost((System.nanoTime() - t0) / 1e9, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static void main(String[] args) {
        int rounds = 5;
        for (int i = 0; i < args.length; i++) if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
        Path dir = Path.of(Idx.FASHION_MNIST_DIR);
        Map<String, List<Cost>> out = new LinkedHashMap<>();
        DeviceCache.shared().budgetBytes(0);
        for (int r = 0; r < rounds; r++) {
            // decode: inflate the gzip files vs read the decoded copy (written on the first cached load)
            System.setProperty(DecodedCache.ENABLED_PROPERTY, "false");
            out.computeIfAbsent("decode: gzip inflate", k -> new ArrayList<>()).add(time(() -> load(dir)));
            System.setProperty(DecodedCache.ENABLED_PROPERTY, "true");
            load(dir); // make sure the copy exists
            out.computeIfAbsent("decode: decoded copy", k -> new ArrayList<>()).add(time(() -> load(dir)));

            HostData bytes = load(dir);
            HostData[] parts = bytes.split(0.1, 42);
            HostData floatsAll = new HostData(bytes.name(), bytes.rawX(), bytes.sampleShape(), bytes.y(), bytes.task(),
                    bytes.numClasses(), bytes.classNames(), true);
            HostData floats = floatsAll.subset(parts[0].rows());
            Normalizer[] nz = new Normalizer[2];
            out.computeIfAbsent("standardisation fit: per value", k -> new ArrayList<>())
                    .add(time(() -> nz[0] = Normalizer.fit(floats, false)));
            out.computeIfAbsent("standardisation fit: byte table", k -> new ArrayList<>())
                    .add(time(() -> nz[1] = Normalizer.fit(parts[0], false)));
            if (nz[0].mean()[0] != nz[1].mean()[0] || nz[0].std()[0] != nz[1].std()[0]) {
                throw new AssertionError("the two fits differ");
            }
            HostData oldTrain = nz[0].apply(floats);
            HostData newTrain = nz[1].apply(parts[0]);
            out.computeIfAbsent("profile: per value", k -> new ArrayList<>())
                    .add(time(() -> DataProfiler.profile("f", oldTrain, 0, true)));
            out.computeIfAbsent("profile: byte table", k -> new ArrayList<>())
                    .add(time(() -> DataProfiler.profile("f", newTrain, 0, true)));

            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                DeviceData[] d = new DeviceData[2];
                out.computeIfAbsent("upload: float32 copy", k -> new ArrayList<>())
                        .add(time(() -> d[0] = new DeviceData(oldTrain, Device.cpu(), m)));
                out.computeIfAbsent("upload: uint8 pixels", k -> new ArrayList<>())
                        .add(time(() -> d[1] = new DeviceData(newTrain, Device.cpu(), m)));
                StringBuilder held = new StringBuilder();
                for (DeviceCache.Info e : DeviceCache.shared().entries()) {
                    held.append(String.format(Locale.ROOT, " %.1f MB", e.bytes() / 1048576.0));
                }
                int[] perm = HostData.permutation(d[0].size(), new Random(r));
                for (int k = 0; k < 2; k++) {
                    DeviceData dd = d[k];
                    String name = k == 0 ? "batch gather x200: float32 rows" : "batch gather x200: uint8 rows + convert";
                    NDArray idx = dd.indexTensor(m, perm);
                    for (int w = 0; w < 50; w++) gather(m, dd, idx, w);
                    out.computeIfAbsent(name, n -> new ArrayList<>()).add(time(() -> {
                        for (int b = 0; b < 200; b++) gather(m, dd, idx, b);
                    }));
                    idx.close();
                }
                d[0].close();
                d[1].close();
                if (r == 0) System.out.println("device copies (float32, then uint8):" + held);
            }
            DeviceCache.shared().releaseUnused();
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, List<Cost>> e : out.entrySet()) {
            double w = median(e.getValue().stream().map(Cost::wall).toList());
            double c = median(e.getValue().stream().map(Cost::cpu).toList());
            System.out.printf(Locale.ROOT, "%-42s wall %.4f s  thread CPU %.4f s (median of %d)%n", e.getKey(), w, c,
                    e.getValue().size());
            if (json.length() > 1) json.append(", ");
            json.append(String.format(Locale.ROOT, "\"%s\": {\"wall_s\": %.4f, \"cpu_s\": %.4f}", e.getKey(), w, c));
        }
        System.out.println(json.append('}'));
    }

    private static HostData load(Path dir) {
        return Idx.load(dir, "train", "fashion-mnist", "dataset-fashion-mnist");
    }

    private static void gather(NDManager m, DeviceData d, NDArray idx, int b) {
        int from = (b * 128) % (d.size() - 128);
        try (NDManager step = m.newSubManager()) {
            NDArray x = d.xAt(step, DeviceData.slice(step, idx, from, from + 128));
            x.getShape();
        }
    }
}
