package trainbook.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.spark.LoopbackCluster;
import trainbook.magic.args.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's figures (not part of the test run; its name keeps surefire from picking it up): the same 8-trial
 * study in-process, on Spark local[2], and on a 2-worker loopback cluster, wall time of the whole %compare each.
 * {@code mvn -Pspark test -Dtest=SparkFigures -Dsurefire.failIfNoSpecifiedTests=false}; prints the table and writes
 * build/spark-figures.txt.
 */
class SparkFigures {
    @TempDir
    Path dir;

    static final String LINE = "data=fashion-mnist model=mlp(64) epochs=2 batch=64 limit=30 live=false threads=1"
            + " lr=1e-3..1e-1 opt=sgd,adam search=tpe trials=8 ";

    static final String PRUNE = " prune=asha min_epochs=1 eta=2";
    private final Map<String, String> pruned = new LinkedHashMap<>();

    private double time(String what, String line) {
        MagicState.clear();
        RecordingContext ctx = new RecordingContext();
        long t0 = System.nanoTime();
        new CompareMagic(ctx, System::nanoTime).run(Tokenizer.tokenize(line + " runs=" + dir.resolve(what)));
        double s = (System.nanoTime() - t0) / 1e9;
        String done = ctx.displays.get("d1").plain();
        assertTrue(done.startsWith("study done: 8 trials"), done);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(", (\\d+) pruned").matcher(done);
        pruned.put(what, m.find() ? m.group(1) : "0");
        return s;
    }

    @Test
    void eightTrialsInProcessOnLocalSparkAndOnATwoWorkerCluster() throws Exception {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("in-process (backend=local)", time("local", LINE + "study=f"));
        t.put("Spark local[2], parallel=2", time("local2", LINE + "study=f backend=spark master=local[2] parallel=2"));
        try (LoopbackCluster cluster = new LoopbackCluster(2)) {
            cluster.driverConf().forEach(System::setProperty);
            try {
                t.put("2-worker standalone cluster, parallel=2", time("cluster", LINE + "study=f backend=spark parallel=2 master=" + cluster.master()));
                // pruning on the cluster: each epoch goes to the driver's pruner through the report channel
                t.put("2-worker cluster, parallel=2," + PRUNE, time("cluster-prune", LINE + "study=f backend=spark parallel=2"
                        + PRUNE + " master=" + cluster.master()));
            } finally {
                cluster.driverConf().keySet().forEach(System::clearProperty);
            }
        }
        // the first study also paid the JVM's and DJL's warm-up: run it again so the comparison is fair
        t.put("in-process again (warm JVM)", time("local-again", LINE + "study=f"));
        t.put("in-process (warm)," + PRUNE, time("local-prune", LINE + "study=f" + PRUNE));
        StringBuilder b = new StringBuilder("8-trial TPE study (" + LINE.trim() + "), wall time of the %compare cell:\n");
        t.forEach((k, v) -> b.append(String.format("  %-58s %6.1f s%n", k, v)));
        b.append("  trials pruned: ").append(pruned).append('\n');
        b.append(String.format("  load average at the end: %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        System.out.print(b);
        Path out = Path.of("build", "spark-figures.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }
}
