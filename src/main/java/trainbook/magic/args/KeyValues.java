package trainbook.magic.args;

import trainbook.engine.TrainSpec;

import java.util.List;
import java.util.Locale;

/**
 * Reads one value of a key: a choice, a flag, an integer or number in a range, a duration. Each throws an
 * {@link ArgException} whose one line quotes the value and says what is valid.
 */
final class KeyValues {
    private KeyValues() {}

    /** True for off / none. */
    static boolean isOff(String v) {
        return v.equalsIgnoreCase("off") || v.equalsIgnoreCase("none");
    }

    static String choice(String key, String v, List<String> valid) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (valid.contains(lower)) return lower;
        throw new ArgException(v, "unknown " + key + " '" + v + "'" + Suggest.didYouMean(lower, valid)
                + "; valid: " + String.join(", ", valid));
    }

    static boolean bool(String key, String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> { return true; }
            case "false", "no", "off", "0" -> { return false; }
            default -> throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected true or false, e.g. "
                    + Keys.get(key).example());
        }
    }

    static int integer(String key, String v, int min) {
        return integer(key, v, min, (min == 0 ? "an integer ≥ 0" : "an integer ≥ " + min) + ", e.g. " + Keys.get(key).example());
    }

    /** An integer in {@code min..max}. */
    static int integer(String key, String v, int min, int max) {
        int n = integer(key, v, min, "an integer " + min + ".." + max + ", e.g. " + Keys.get(key).example());
        if (n > max) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected an integer " + min + ".." + max
                    + ", e.g. " + Keys.get(key).example());
        }
        return n;
    }

    static int integer(String key, String v, int min, String expected) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        }
        if (n < min) throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        return n;
    }

    static long longValue(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected an integer, e.g. " + Keys.get(key).example());
        }
    }

    static double number(String key, String v, double lo, boolean loIncl, double hi, boolean hiIncl) {
        String range;
        if (hi == Double.POSITIVE_INFINITY) range = "a number " + (loIncl ? "≥ " : "> ") + TrainSpec.num(lo);
        else range = "a number " + TrainSpec.num(lo) + (loIncl ? " ≤ x " : " < x ") + (hiIncl ? "≤ " : "< ") + TrainSpec.num(hi);
        return number(key, v, lo, loIncl, hi, hiIncl, range + ", e.g. " + Keys.get(key).example());
    }

    static double number(String key, String v, double lo, boolean loIncl, double hi, boolean hiIncl, String expected) {
        double d;
        try {
            if (!v.trim().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) throw new NumberFormatException();
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        }
        boolean ok = (loIncl ? d >= lo : d > lo) && (hiIncl ? d <= hi : d < hi) && Double.isFinite(d);
        if (!ok) throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        return d;
    }

    static double duration(String key, String v) {
        String lower = v.toLowerCase(Locale.ROOT).trim();
        double mult = 1;
        String num = lower;
        if (lower.endsWith("h")) { mult = 3600; num = lower.substring(0, lower.length() - 1); }
        else if (lower.endsWith("m")) { mult = 60; num = lower.substring(0, lower.length() - 1); }
        else if (lower.endsWith("s")) { num = lower.substring(0, lower.length() - 1); }
        return mult * number(key, num, 0, false, Double.POSITIVE_INFINITY, false,
                "seconds > 0, or with suffix s, m, h (e.g. max_time=90s, max_time=5m), or none");
    }
}
