package trainbook.engine.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code classes=} and {@code train_size=}: the part of a data set a transfer-learning lesson trains on. A class
 * subset is relabelled {@code 0..k-1} in the order given ({@link HostData#selectClasses}); a training-size cap
 * keeps a seeded, stratified sample of the training part, after the validation split, so the validation set does
 * not shrink with it.
 */
public final class ClassSubset {
    private ClassSubset() {}

    /**
     * Selections already made, per source: the same selection of the same data is the same object, so runs that
     * share it (seeds, a sweep) share one device copy too ({@link DeviceCache} keys on the targets array).
     */
    private static final Map<HostData, Map<List<Integer>, HostData>> MEMO = new WeakHashMap<>();

    /** The samples of {@code classes}, relabelled in that order; {@code data} itself when the list is empty. */
    public static HostData select(HostData data, List<Integer> classes) {
        if (data == null || classes == null || classes.isEmpty()) return data;
        synchronized (MEMO) {
            Map<List<Integer>, HostData> m = MEMO.computeIfAbsent(data, k -> new HashMap<>());
            HostData h = m.get(classes);
            if (h == null) {
                h = data.selectClasses(classes.stream().mapToInt(Integer::intValue).toArray());
                m.put(List.copyOf(classes), h);
            }
            return h;
        }
    }

    /**
     * At most {@code n} samples of {@code train}: a seeded sample, stratified by class for classification.
     *
     * @throws IllegalArgumentException when {@code n} is not below the training part's size
     */
    public static HostData cap(HostData train, int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("train_size '" + n + "': expected an integer ≥ 1");
        if (n >= train.size()) {
            throw new IllegalArgumentException("train_size=" + n + ": the training part has only " + train.size()
                    + " samples; use a smaller train_size, or drop it to train on all of them");
        }
        // the "validation" side of a split of fraction n/size is exactly round(n) samples, stratified
        return train.split((double) n / train.size(), seed ^ 0x5eedL)[1];
    }

    /** One line for the run's notes. */
    public static String describe(List<Integer> classes, HostData train) {
        StringBuilder sb = new StringBuilder("classes: ");
        for (int i = 0; i < classes.size(); i++) {
            if (i > 0) sb.append(", ");
            String n = i < train.classNames().size() ? train.classNames().get(i) : "";
            sb.append(classes.get(i)).append(n.isEmpty() || n.equals(classes.get(i).toString()) ? "" : " (" + n + ")")
                    .append(" → ").append(i);
        }
        return sb.append(" (relabelled; the model has ").append(classes.size()).append(" outputs)").toString();
    }
}
