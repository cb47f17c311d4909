package trainbook.magic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hand-over of objects from a magic to a JShell snippet that declares a notebook variable:
 * {@code var baseline = (RunRecord) trainbook.magic.Bindings.take("s1/b3");}. Each object is taken once. Each
 * {@link NotebookSession} has its own; a key names the session it belongs to.
 */
public final class Bindings {
    private final String session;
    private final Map<String, Object> pending = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();

    /** The bindings of session {@code session} (its {@link NotebookSession#id()}). */
    Bindings(String session) { this.session = session; }

    /** Stores {@code value} and returns the key a snippet takes it back with. */
    public String put(Object value) {
        String key = session + "/b" + keys.incrementAndGet();
        pending.put(key, value == null ? NULL : value);
        return key;
    }

    /** Removes and returns the value this session stored under {@code key}. */
    Object takeOwn(String key) {
        Object v = pending.remove(key);
        if (v == null) throw new IllegalStateException("no pending binding '" + key + "'");
        return v == NULL ? null : v;
    }

    /**
     * Removes and returns the value stored under {@code key} by the session the key names. Static because the
     * notebook's JShell snippet that declares the variable reaches Java only through static code.
     */
    public static Object take(String key) {
        int slash = key.indexOf('/');
        NotebookSession s = slash > 0 ? NotebookSession.byId(key.substring(0, slash)) : null;
        if (s == null) throw new IllegalStateException("no pending binding '" + key + "' (no such session)");
        return s.bindings().takeOwn(key);
    }

    /** Number of values not yet taken (for tests). */
    int pending() { return pending.size(); }

    private static final Object NULL = new Object();
}
