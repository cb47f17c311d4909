package trainbook.magic;

import trainbook.render.Rich;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code charts=static}: a {@link MagicContext} that passes everything through but drops the interactive
 * Vega-Lite spec from every output, so charts are PNG (or SVG) only. Without {@code charts=} a magic follows the
 * kernel-wide default: the system property {@code trainbook.charts}, else the environment variable
 * {@code TRAINBOOK_CHARTS} ({@code interactive} or {@code static}), else interactive.
 */
public final class StaticCharts implements MagicContext {
    /** System property holding the kernel-wide default. */
    public static final String PROPERTY = "trainbook.charts";
    /** Environment variable holding the kernel-wide default (when the property is unset). */
    public static final String ENV = "TRAINBOOK_CHARTS";

    private final MagicContext inner;

    @Override
    public NotebookSession session() { return inner.session(); }

    public StaticCharts(MagicContext inner) {
        this.inner = inner;
    }

    /**
     * True when charts must be static: {@code key} is the magic's {@code charts=} value (null when not given).
     *
     * @throws IllegalArgumentException for a kernel-wide default that is neither interactive nor static
     */
    public static boolean isStatic(String key) {
        if (key != null) return key.equals("static");
        String where = PROPERTY;
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            where = ENV;
            v = System.getenv(ENV);
        }
        if (v == null || v.isBlank()) return false;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "static" -> true;
            case "interactive" -> false;
            default -> throw new IllegalArgumentException(where + "='" + v + "' is not a chart mode: use interactive or static");
        };
    }

    /** {@code ctx} itself, or wrapped so that its charts are static when {@link #isStatic}. */
    public static MagicContext apply(MagicContext ctx, String key) {
        return ctx instanceof StaticCharts || !isStatic(key) ? ctx : new StaticCharts(ctx);
    }

    @Override
    public String display(Rich output) {
        return inner.display(output.withoutEverywhere(Rich.VEGALITE));
    }

    @Override
    public void update(String id, Rich output) {
        inner.update(id, output.withoutEverywhere(Rich.VEGALITE));
    }

    @Override
    public Optional<Object> lookup(String name) {
        return inner.lookup(name);
    }

    @Override
    public String bind(String name, Object value) {
        return inner.bind(name, value);
    }

    @Override
    public void note(String line) {
        inner.note(line);
    }
}
