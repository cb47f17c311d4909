package trainbook.render;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer for the chart specs: maps (insertion order kept), lists and arrays, strings, numbers,
 * booleans and null. Non-finite numbers are written as null (JSON has no NaN), so a spec is always strict JSON.
 */
public final class Json {
    private Json() {}

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder(1024);
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Double d) {
            number(b, d);
        } else if (v instanceof Float f) {
            number(b, f.doubleValue());
        } else if (v instanceof Number n) {
            b.append(n.longValue());
        } else if (v instanceof Boolean z) {
            b.append(z);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) b.append(',');
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) b.append(',');
                first = false;
                write(b, o);
            }
            b.append(']');
        } else if (v instanceof double[] a) {
            b.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) b.append(',');
                number(b, a[i]);
            }
            b.append(']');
        } else if (v instanceof Object[] a) {
            write(b, java.util.Arrays.asList(a));
        } else {
            string(b, v.toString());
        }
    }

    private static void number(StringBuilder b, double d) {
        if (!Double.isFinite(d)) {
            b.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            b.append((long) d);
        } else {
            b.append(d); // Double.toString: the shortest text that reads back as the same double (exact tooltips)
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
