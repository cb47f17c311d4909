package trainbook.engine.data;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Sums over byte pixels, kept per data set so that a second run on the same data (a rerun cell, {@code %compare},
 * a sweep's trials) does not pass over its 47 M Fashion-MNIST pixels again for the standardisation fit
 * ({@link Normalizer#fit}) and the data profile ({@code DataProfiler}) — 0.05 s and 0.08 s of each run's first
 * batch, warm, on the 2-core machine.
 *
 * <p>What a result is kept under: the pixel array and the row list (by identity, held weakly, so a data set no
 * longer used is let go), the 256 values a byte stands for (the table the sums went through) and a CRC-32C of the
 * pixels, computed on every lookup (a few ms for Fashion-MNIST), so pixels changed in place since are summed again,
 * never answered from the memo.
 */
public final class PixelSums {
    /** Results kept per pixel array: a few (fit and profile, per row list); older ones drop out. */
    private static final int PER_ARRAY = 8;
    private static final Map<byte[], List<Entry>> MEMO = new WeakHashMap<>();
    /** Lookups answered from the memo (tests tell a hit from a computation with it). */
    static final AtomicInteger HITS = new AtomicInteger();

    private record Entry(String what, WeakReference<int[]> rows, boolean allRows, float[] table, long crc,
                         double[] result) {
        boolean matches(String w, int[] r, float[] t, long c) {
            return what.equals(w) && (r == null ? allRows : !allRows && rows.get() == r) && crc == c
                    && Arrays.equals(table, t);
        }
    }

    private PixelSums() {}

    /**
     * A key for sums named {@code what} (naming the sample size too, when it can differ) over {@code pixels} (the
     * rows {@code rows}, or all when null) through {@code table}; it fingerprints the pixels as they are now.
     */
    public static Key key(String what, byte[] pixels, int[] rows, float[] table) {
        CRC32C crc = new CRC32C();
        crc.update(pixels);
        return new Key(what, pixels, rows, table, crc.getValue());
    }

    /** What sums are looked up and kept under (see {@link #key}). */
    public record Key(String what, byte[] pixels, int[] rows, float[] table, long crc) {}

    /**
     * The sums kept under {@code k} when the same sums were computed over the same, unchanged pixels, else null.
     * The array is shared: callers only read it.
     */
    public static double[] get(Key k) {
        if (off()) return null;
        synchronized (MEMO) {
            for (Entry e : MEMO.getOrDefault(k.pixels(), List.of())) {
                if (e.matches(k.what(), k.rows(), k.table(), k.crc())) {
                    HITS.incrementAndGet();
                    return e.result();
                }
            }
        }
        return null;
    }

    /** Keeps {@code result} under {@code k}; returns it. */
    public static double[] put(Key k, double[] result) {
        if (off()) return result;
        synchronized (MEMO) {
            List<Entry> list = MEMO.computeIfAbsent(k.pixels(), p -> new ArrayList<>());
            list.removeIf(e -> !e.allRows() && e.rows().get() == null);
            if (list.size() >= PER_ARRAY) list.remove(0);
            list.add(new Entry(k.what(), new WeakReference<>(k.rows()), k.rows() == null, k.table().clone(), k.crc(),
                    result));
        }
        return result;
    }

    private static boolean off() {
        return "false".equals(System.getProperty("trainbook.pixelSumsMemo"));
    }
}
