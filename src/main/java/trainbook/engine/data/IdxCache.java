package trainbook.engine.data;

import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Decoded IDX splits, kept while memory allows, so repeated runs of one notebook (%compare, studies) do not decode
 * the files again, and the last split of such a set into training and validation, so a sweep's trials share one
 * split instead of copying it again. One per {@link trainbook.engine.Workspace}.
 */
public final class IdxCache {
    private final Map<String, SoftReference<HostData>> sets = new HashMap<>();
    private SoftReference<SplitMemo> lastSplit;

    private record SplitMemo(HostData source, double fraction, long seed, HostData[] parts) {}

    /** The set decoded under {@code key} (files and their sizes and times), or null. */
    synchronized HostData get(String key) {
        SoftReference<HostData> ref = sets.get(key);
        return ref == null ? null : ref.get();
    }

    synchronized void put(String key, HostData h) {
        sets.put(key, new SoftReference<>(h));
    }

    /** How many decoded sets are kept (some may have been let go under memory pressure). */
    public synchronized int size() {
        sets.values().removeIf(r -> r.get() == null);
        return sets.size();
    }

    /** Whether {@code h} is one of the sets kept here. */
    synchronized boolean holds(HostData h) {
        for (SoftReference<HostData> r : sets.values()) if (r.get() == h) return true;
        return false;
    }

    /** The parts of the last split of {@code all} with this fraction and seed (a copy of the array), or null. */
    synchronized HostData[] split(HostData all, double fraction, long seed) {
        SplitMemo m = lastSplit == null ? null : lastSplit.get();
        return m != null && m.source() == all && m.fraction() == fraction && m.seed() == seed ? m.parts().clone() : null;
    }

    synchronized void rememberSplit(HostData all, double fraction, long seed, HostData[] parts) {
        lastSplit = new SoftReference<>(new SplitMemo(all, fraction, seed, parts.clone()));
    }
}
