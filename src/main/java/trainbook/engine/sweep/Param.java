package trainbook.engine.sweep;

import java.util.List;
import java.util.Locale;

/**
 * One dimension of a {@link SearchSpace}: a float range (linear or log), an integer range (linear or log) or a
 * list of choices. Samplers work on the <em>internal</em> value: the float itself (its log for log ranges), the
 * integer as a double, or a choice's index.
 */
public sealed interface Param {
    /** The text form saved with a study and accepted by {@link #parse}: {@code log:1e-4..0.1}, {@code int:1..8}, {@code a|b}. */
    String describe();

    /** Whether samplers work on this parameter's log. */
    default boolean log() { return false; }

    /** A value of this parameter as samplers see it (see the class comment). */
    double internal(Object value);

    /** The value for an internal value (rounded and clipped into the range). */
    Object external(double internal);

    /** Lower and upper bound of the internal value (choices: 0 and count - 1). */
    double low();

    double high();

    /** A float range {@code lo..hi}; log-scaled when {@code log}. */
    record FloatRange(double lo, double hi, boolean log) implements Param {
        public FloatRange {
            check(lo, hi, log, "");
        }

        @Override public String describe() { return (log ? "log:" : "lin:") + num(lo) + ".." + num(hi); }

        @Override public double internal(Object v) {
            double x = ((Number) v).doubleValue();
            return log ? Math.log(x) : x;
        }

        @Override public Object external(double u) {
            double x = log ? Math.exp(u) : u;
            return Math.min(hi, Math.max(lo, x));
        }

        @Override public double low() { return log ? Math.log(lo) : lo; }

        @Override public double high() { return log ? Math.log(hi) : hi; }
    }

    /** An integer range {@code lo..hi} (both included); log-scaled when {@code log}. */
    record IntRange(long lo, long hi, boolean log) implements Param {
        public IntRange {
            check(lo, hi, log, "int ");
        }

        @Override public String describe() { return "int:" + (log ? "log:" : "") + lo + ".." + hi; }

        @Override public double internal(Object v) {
            double x = ((Number) v).doubleValue();
            return log ? Math.log(x) : x;
        }

        @Override public Object external(double u) {
            long x = Math.round(log ? Math.exp(u) : u);
            return Math.min(hi, Math.max(lo, x));
        }

        // Like Optuna, an integer owns the interval of half a step around it, so both ends get a fair share.
        @Override public double low() { return log ? Math.log(lo - 0.5) : lo - 0.5; }

        @Override public double high() { return log ? Math.log(hi + 0.5) : hi + 0.5; }
    }

    /** A list of distinct choices, kept as the strings the user wrote. */
    record Choice(List<String> values) implements Param {
        public Choice {
            if (values == null || values.isEmpty()) throw new IllegalArgumentException("a choice needs at least one value");
            if (values.stream().distinct().count() != values.size()) {
                throw new IllegalArgumentException("choices " + String.join("|", values) + " list a value twice");
            }
            values = List.copyOf(values);
        }

        @Override public String describe() { return String.join("|", values); }

        @Override public double internal(Object v) {
            int i = values.indexOf(String.valueOf(v));
            if (i < 0) throw new IllegalArgumentException("'" + v + "' is not one of " + describe());
            return i;
        }

        @Override public Object external(double u) {
            return values.get((int) Math.max(0, Math.min(values.size() - 1, Math.round(u))));
        }

        @Override public double low() { return 0; }

        @Override public double high() { return values.size() - 1; }
    }

    private static void check(double lo, double hi, boolean log, String kind) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("range " + num(lo) + ".." + num(hi) + " needs finite ends");
        }
        if (lo == hi) {
            throw new IllegalArgumentException("range " + num(lo) + ".." + num(hi) + " is empty: give two different ends, low first");
        }
        if (lo > hi) {
            throw new IllegalArgumentException("range " + num(lo) + ".." + num(hi) + " goes down: write the low end first ("
                    + num(hi) + ".." + num(lo) + ")");
        }
        if (log && lo <= 0) {
            throw new IllegalArgumentException("log range " + num(lo) + ".." + num(hi) + " touches 0: a log " + kind
                    + "range needs both ends > 0 (or use lin:)");
        }
    }

    /**
     * Parses {@code lo..hi}, {@code log:lo..hi} or {@code lin:lo..hi}. Without a prefix a range is log-scaled when
     * {@code 0 < lo} and {@code hi/lo ≥ 10} (what {@code %compare lr=1e-4..1e-1} has always meant), else linear.
     *
     * @param integer whether the parameter takes integers
     * @throws IllegalArgumentException quoting the text and saying what is valid
     */
    static Param parseRange(String text, boolean integer) {
        String t = text.trim();
        Boolean log = null;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("log:")) { log = true; t = t.substring(4); }
        else if (lower.startsWith("lin:")) { log = false; t = t.substring(4); }
        int dots = t.indexOf("..");
        if (dots < 0) throw new IllegalArgumentException("'" + text + "' is not a range: write lo..hi, log:lo..hi or lin:lo..hi");
        double lo, hi;
        try {
            lo = Double.parseDouble(t.substring(0, dots).trim());
            hi = Double.parseDouble(t.substring(dots + 2).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range '" + text + "' needs numbers at both ends, e.g. 1e-4..1e-1");
        }
        boolean isLog = log != null ? log : lo > 0 && hi / lo >= 10;
        if (integer) {
            if (lo != Math.rint(lo) || hi != Math.rint(hi)) {
                throw new IllegalArgumentException("range '" + text + "' needs whole numbers at both ends");
            }
            return new IntRange((long) lo, (long) hi, isLog);
        }
        return new FloatRange(lo, hi, isLog);
    }

    /** Whether {@code text} is written as a range ({@code ..} with an optional {@code log:}/{@code lin:} prefix). */
    static boolean isRange(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.contains("..") && !t.contains(",") && !t.contains("|");
    }

    /** Parses what {@link #describe()} wrote. */
    static Param parse(String text) {
        String t = text.trim();
        if (t.startsWith("int:")) {
            String r = t.substring(4);
            boolean log = r.startsWith("log:");
            return parseRange(log ? r : "lin:" + r, true);
        }
        if (isRange(t)) return parseRange(t, false);
        return new Choice(List.of(t.split("\\|", -1)));
    }

    /** A number in its shortest exact form: {@code 1e-4}, {@code 2.5e-3}, {@code 0.1}, {@code 32} (round-trips through parseDouble). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        java.math.BigDecimal b = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a < 1e-2 || a >= 1e6) {
            String digits = b.unscaledValue().abs().toString();
            int exp = digits.length() - 1 - b.scale();
            String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + m + "e" + exp;
        }
        return b.toPlainString();
    }
}
