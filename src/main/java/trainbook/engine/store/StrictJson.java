package trainbook.engine.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;

/**
 * The JSON dialect of Trainbook's saved files ({@code run.json}, and anything else the engine writes for other
 * programs to read): standard JSON that strict readers accept (Python's {@code json.loads} with
 * {@code parse_constant} raising, {@code jq}, JavaScript's {@code JSON.parse}).
 *
 * <p>JSON has no NaN or infinity, yet a run record holds many (a gradient norm not sampled at a step, a loss that
 * overflowed). Non-finite numbers are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}, as the protobuf JSON mapping does: nothing is lost (NaN and ±∞ stay apart, which null could
 * not do), and the strings are what Python's {@code float(s)}, pandas' {@code to_numeric} and Java's
 * {@code Double.parseDouble} read back. Finite numbers are plain JSON numbers.
 *
 * <p>Reading accepts all of that, plus what older Trainbook versions wrote (bare {@code NaN}, {@code Infinity},
 * {@code -Infinity} tokens) and {@code null} (read as NaN), so every record saved so far still loads.
 */
public final class StrictJson {
    private StrictJson() {}

    /** The string written for NaN. */
    public static final String NAN = "NaN";
    /** The string written for +∞. */
    public static final String POS_INF = "Infinity";
    /** The string written for −∞. */
    public static final String NEG_INF = "-Infinity";

    /** A pretty-printing Gson writing and reading this dialect (doubles and floats in any field, list or map). */
    public static Gson gson() {
        return builder().setPrettyPrinting().create();
    }

    /** A builder with the non-finite number adapters registered, for callers that add their own settings. */
    public static GsonBuilder builder() {
        return new GsonBuilder()
                .registerTypeAdapter(double.class, new DoubleAdapter(true)).registerTypeAdapter(Double.class, new DoubleAdapter(false))
                .registerTypeAdapter(float.class, new FloatAdapter(true)).registerTypeAdapter(Float.class, new FloatAdapter(false));
    }

    /** The JSON value for {@code v}: a number when finite, else one of the three strings. */
    static void write(JsonWriter out, double v) throws IOException {
        if (Double.isNaN(v)) out.value(NAN);
        else if (v == Double.POSITIVE_INFINITY) out.value(POS_INF);
        else if (v == Double.NEGATIVE_INFINITY) out.value(NEG_INF);
        else out.value(v);
    }

    /**
     * Reads a number, one of the three strings (any case, {@code inf} too) or a bare legacy token. A null is NaN
     * for a primitive field and stays null for a boxed one (an absent value, as it was written).
     */
    static double read(JsonReader in) throws IOException {
        JsonToken t = in.peek();
        if (t == JsonToken.NULL) {
            in.nextNull();
            return Double.NaN;
        }
        if (t == JsonToken.NUMBER) return in.nextDouble();
        if (t == JsonToken.STRING) {
            // a lenient reader also reports the bare tokens NaN / Infinity / -Infinity as strings
            String s = in.nextString().trim();
            Double special = special(s);
            if (special != null) return special;
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new JsonParseException("expected a number, \"NaN\", \"Infinity\" or \"-Infinity\" but found \""
                        + s + "\" at " + in.getPath());
            }
        }
        throw new JsonParseException("expected a number but found " + t + " at " + in.getPath());
    }

    private static Double special(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "-nan", "+nan" -> Double.NaN;
            case "infinity", "+infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    private static final class DoubleAdapter extends TypeAdapter<Double> {
        private final boolean primitive;

        DoubleAdapter(boolean primitive) { this.primitive = primitive; }

        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null) out.nullValue();
            else StrictJson.write(out, v);
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (!primitive && in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return StrictJson.read(in);
        }
    }

    private static final class FloatAdapter extends TypeAdapter<Float> {
        private final boolean primitive;

        FloatAdapter(boolean primitive) { this.primitive = primitive; }

        @Override
        public void write(JsonWriter out, Float v) throws IOException {
            if (v == null) out.nullValue();
            else StrictJson.write(out, v.doubleValue());
        }

        @Override
        public Float read(JsonReader in) throws IOException {
            if (!primitive && in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return (float) StrictJson.read(in);
        }
    }
}
