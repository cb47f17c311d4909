package trainbook.magic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hand-over of objects from a magic to a JShell snippet that declares a notebook variable:
 * {@code var baseline = (RunRecord) trainbook.magic.Bindings.take("k1");}. Each object is taken once.
 */
public final class Bindings {
    private static final Map<String, Object> PENDING = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    private Bindings() {}

    /** Stores {@code value} and returns the key a snippet takes it back with. */
    public static String put(Object value) {
        String key = "b" + KEYS.incrementAndGet();
        PENDING.put(key, value == null ? NULL : value);
        return key;
    }

    /** Removes and returns the value stored under {@code key}. */
    public static Object take(String key) {
        Object v = PENDING.remove(key);
        if (v == null) throw new IllegalStateException("no pending binding '" + key + "'");
        return v == NULL ? null : v;
    }

    /** Number of values not yet taken (for tests). */
    static int pending() { return PENDING.size(); }

    private static final Object NULL = new Object();
}
