package trainbook.engine.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a {@link Study} searches, in order. Build it fluently
 * ({@code SearchSpace.of().logFloat("lr", 1e-4, 1e-1).choice("opt", "sgd", "adam")}) or from text
 * ({@link #add(String, String, boolean)}: {@code 1e-4..1e-1}, {@code log:…}, {@code lin:…}, {@code a|b|c}).
 */
public final class SearchSpace {
    private final LinkedHashMap<String, Param> params = new LinkedHashMap<>();

    /** An empty space. */
    public static SearchSpace of() { return new SearchSpace(); }

    /** Adds a parameter (replacing one of the same name). */
    public SearchSpace add(String name, Param p) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a parameter needs a name");
        params.put(name, p);
        return this;
    }

    /** A linear float range. */
    public SearchSpace floatRange(String name, double lo, double hi) { return add(name, new Param.FloatRange(lo, hi, false)); }

    /** A log-scaled float range ({@code lo > 0}). */
    public SearchSpace logFloat(String name, double lo, double hi) { return add(name, new Param.FloatRange(lo, hi, true)); }

    /** A linear integer range, both ends included. */
    public SearchSpace intRange(String name, long lo, long hi) { return add(name, new Param.IntRange(lo, hi, false)); }

    /** Choices. */
    public SearchSpace choice(String name, String... values) { return add(name, new Param.Choice(List.of(values))); }

    /**
     * A parameter from text: a range ({@code lo..hi}, {@code log:lo..hi}, {@code lin:lo..hi}) or choices
     * separated by {@code |}.
     *
     * @param integer whether a range takes integers
     */
    public SearchSpace add(String name, String text, boolean integer) {
        return add(name, Param.isRange(text) ? Param.parseRange(text, integer) : new Param.Choice(List.of(text.split("\\|", -1))));
    }

    public Map<String, Param> params() { return Collections.unmodifiableMap(params); }

    public Param get(String name) { return params.get(name); }

    public int size() { return params.size(); }

    public boolean isEmpty() { return params.isEmpty(); }

    /** Every parameter's {@link Param#describe()}: what a study saves, and what a resumed study must match. */
    public LinkedHashMap<String, String> describe() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        params.forEach((k, p) -> m.put(k, p.describe()));
        return m;
    }

    /** The space {@link #describe()} wrote. */
    public static SearchSpace fromDescription(Map<String, String> d) {
        SearchSpace s = new SearchSpace();
        d.forEach((k, v) -> s.add(k, Param.parse(v)));
        return s;
    }

    /** Number of grid points when every parameter is a choice or an integer range; -1 when a float range makes it infinite. */
    public long gridSize() {
        long n = 1;
        for (Param p : params.values()) {
            long k;
            if (p instanceof Param.Choice c) k = c.values().size();
            else if (p instanceof Param.IntRange r) k = r.hi() - r.lo() + 1;
            else return -1;
            n = n > Long.MAX_VALUE / k ? Long.MAX_VALUE : n * k;
        }
        return n;
    }

    /** {@code lr=log:1e-4..0.1 opt=sgd|adam}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        describe().forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && s.describe().equals(describe());
    }

    @Override
    public int hashCode() { return describe().hashCode(); }
}
