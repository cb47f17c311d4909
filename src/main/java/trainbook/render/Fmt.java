package trainbook.render;

import trainbook.engine.TrainSpec;

import java.util.Locale;

/** Number and duration formatting shared by charts, tables and text forms. */
public final class Fmt {
    private Fmt() {}

    /** Compact number as the magics spell it (1e-3, 0.5, 5); NaN → "–". */
    public static String num(double v) {
        if (Double.isNaN(v)) return "–";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return TrainSpec.num(v);
    }

    /** A loss or metric value with 4 significant digits; NaN → "–". */
    public static String val(double v) {
        if (Double.isNaN(v)) return "–";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.3e", v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** Accuracy-like value in [0,1] as a percentage with one decimal; NaN → "–". */
    public static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** Seconds as {@code 0.4s}, {@code 12s}, {@code 3m 05s}, {@code 1h 02m}; negative or NaN → "–". */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0 || Double.isInfinite(seconds)) return "–";
        if (seconds < 10) return String.format(Locale.ROOT, "%.1fs", seconds);
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** Clock form for ETAs: {@code 0:42}, {@code 12:03}, {@code 1:02:03}; NaN → "?". */
    public static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
