package trainbook.render;

import java.util.Locale;

/** Image format for charts: PNG (default, bitmap) or SVG (vector). */
public enum ChartFormat {
    PNG, SVG;

    /**
     * Parses {@code png} or {@code svg} (case-insensitive); null or empty → PNG.
     *
     * @throws IllegalArgumentException quoting the bad value and listing the valid ones
     */
    public static ChartFormat parse(String s) {
        if (s == null || s.isBlank()) return PNG;
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "svg" -> SVG;
            default -> throw new IllegalArgumentException("format='" + s + "' is not a chart format: use png or svg");
        };
    }

    /** MIME type of an image in this format. */
    public String mime() { return this == PNG ? Rich.PNG : Rich.SVG; }
}
