package trainbook.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A rich output: an ordered map from MIME type to content, mapped 1:1 onto a Jupyter {@code display_data}.
 *
 * <p>{@code text/plain} is always present and meaningful on its own. Other types: {@code text/html} (String),
 * {@code image/png} (raw bytes; {@link #toJupyter()} base64-encodes them), {@code image/svg+xml} (String).
 * Immutable: the {@code with*} methods return a copy.
 *
 * <p>Per-MIME metadata (e.g. an image's logical {@code width}/{@code height}) travels beside the data. A block built
 * by {@link #combine} or {@link #row} also remembers its {@link #outputs() outputs}: the same content as separate
 * Jupyter outputs (each chart its own {@code image/png} output, tables as HTML), which a kernel sends instead of
 * the one HTML block so that exports that drop HTML ({@code nbconvert --to latex}, {@code --to markdown}) keep the
 * charts.
 */
public final class Rich {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    /** An interactive chart (a Vega-Lite 5 spec as JSON text) beside its PNG. */
    public static final String VEGALITE = "application/vnd.vegalite.v5+json";

    private final LinkedHashMap<String, Object> parts;
    private final LinkedHashMap<String, Map<String, Object>> meta;
    private final List<Rich> pieces;

    private Rich(LinkedHashMap<String, Object> parts) {
        this(parts, new LinkedHashMap<>(), List.of());
    }

    private Rich(LinkedHashMap<String, Object> parts, LinkedHashMap<String, Map<String, Object>> meta, List<Rich> pieces) {
        this.parts = parts;
        this.meta = meta;
        this.pieces = pieces;
    }

    /** A plain-text output. */
    public static Rich text(String text) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(TEXT, Objects.requireNonNullElse(text, ""));
        return new Rich(m);
    }

    /** An HTML output with its plain-text form. */
    public static Rich html(String html, String text) {
        return text(text).with(HTML, html);
    }

    /** A PNG image with its plain-text description. */
    public static Rich png(byte[] png, String text) {
        return text(text).with(PNG, png);
    }

    /** An SVG image with its plain-text description. */
    public static Rich svg(String svg, String text) {
        return text(text).with(SVG, svg);
    }

    /**
     * Returns a copy with {@code mime} set to {@code content} (String, or byte[] for binary image types).
     *
     * @throws IllegalArgumentException for a null mime/content or a content of another type
     */
    public Rich with(String mime, Object content) {
        if (mime == null || mime.isBlank()) throw new IllegalArgumentException("mime type must be non-empty, got '" + mime + "'");
        if (!(content instanceof String) && !(content instanceof byte[])) {
            throw new IllegalArgumentException("content for '" + mime + "' must be a String or byte[], got "
                    + (content == null ? "null" : content.getClass().getSimpleName()));
        }
        if (TEXT.equals(mime) && !(content instanceof String)) {
            throw new IllegalArgumentException("text/plain content must be a String");
        }
        LinkedHashMap<String, Object> m = new LinkedHashMap<>(parts);
        m.put(mime, content);
        return new Rich(m, meta, pieces);
    }

    /**
     * Returns a copy whose {@code mime} part is shown at {@code width}×{@code height} CSS pixels (Jupyter's
     * {@code width}/{@code height} image metadata): a PNG drawn at 2× density then looks sharp on high-DPI screens
     * and the same size as before elsewhere.
     */
    public Rich withSize(String mime, int width, int height) {
        if (!parts.containsKey(mime)) throw new IllegalArgumentException("no '" + mime + "' part to size");
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size " + width + "x" + height + " must be positive");
        LinkedHashMap<String, Map<String, Object>> md = new LinkedHashMap<>(meta);
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("width", width);
        m.put("height", height);
        md.put(mime, Collections.unmodifiableMap(m));
        return new Rich(parts, md, pieces);
    }

    /** Metadata per MIME type (Jupyter's {@code metadata} of a display_data); empty when none. */
    public Map<String, Map<String, Object>> metadata() { return Collections.unmodifiableMap(meta); }

    /** Logical {width, height} of the {@code mime} part, or null when not set. */
    public int[] size(String mime) {
        Map<String, Object> m = meta.get(mime);
        if (m == null || !(m.get("width") instanceof Integer w) || !(m.get("height") instanceof Integer h)) return null;
        return new int[]{w, h};
    }

    /**
     * The separate outputs this block stands for, in order: for a {@link #combine}d or {@link #row} block its
     * leaves (each chart, table or text on its own), else just this output.
     */
    public List<Rich> outputs() { return pieces.isEmpty() ? List.of(this) : pieces; }

    /** True when this output is an image (PNG or SVG) and not an HTML block. */
    public boolean isImage() { return !parts.containsKey(HTML) && (parts.containsKey(PNG) || parts.containsKey(SVG)); }

    /** Copy without {@code mime} ({@code text/plain} cannot be removed). */
    public Rich without(String mime) {
        if (TEXT.equals(mime)) throw new IllegalArgumentException("text/plain is always present");
        LinkedHashMap<String, Object> m = new LinkedHashMap<>(parts);
        m.remove(mime);
        LinkedHashMap<String, Map<String, Object>> md = new LinkedHashMap<>(meta);
        md.remove(mime);
        return new Rich(m, md, pieces);
    }

    /** Copy without {@code mime}, in this output and in each of its {@link #outputs()}. */
    public Rich withoutEverywhere(String mime) {
        List<Rich> ps = new ArrayList<>();
        for (Rich p : pieces) ps.add(p.withoutEverywhere(mime));
        Rich r = without(mime);
        return new Rich(r.parts, r.meta, List.copyOf(ps));
    }

    /** MIME types in insertion order; text/plain first. */
    public Set<String> mimeTypes() { return Collections.unmodifiableSet(parts.keySet()); }

    public boolean has(String mime) { return parts.containsKey(mime); }

    /** Raw content (String or byte[]), or null. */
    public Object get(String mime) { return parts.get(mime); }

    public String plain() { return (String) parts.get(TEXT); }

    /** HTML content or null. */
    public String htmlOrNull() { return parts.get(HTML) instanceof String s ? s : null; }

    /** PNG bytes or null (decodes a base64 String when one was stored). */
    public byte[] pngOrNull() {
        Object o = parts.get(PNG);
        if (o instanceof byte[] b) return b;
        if (o instanceof String s) return Base64.getMimeDecoder().decode(s);
        return null;
    }

    /** SVG markup or null. */
    public String svgOrNull() {
        Object o = parts.get(SVG);
        if (o instanceof String s) return s;
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return null;
    }

    /**
     * The map a Jupyter {@code display_data} carries: every value a String, binary content base64-encoded
     * (no line breaks), SVG as markup.
     */
    public LinkedHashMap<String, String> toJupyter() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : parts.entrySet()) {
            Object v = e.getValue();
            m.put(e.getKey(), v instanceof byte[] b
                    ? (e.getKey().startsWith("image/svg") ? new String(b, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(b))
                    : (String) v);
        }
        return m;
    }

    /**
     * This output as an HTML fragment to embed in a larger block: its own HTML when present, else an
     * {@code <img>} with a {@code data:} URI for PNG or SVG (works in Notebook, JupyterLab, VS Code and nbconvert,
     * no script), else the plain text in a {@code <pre>}.
     */
    public String toHtmlFragment() {
        String h = htmlOrNull();
        if (h != null) return h;
        String alt = Html.escape(firstLine(plain()));
        byte[] png = pngOrNull();
        if (png != null) {
            return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" alt=\"" + alt
                    + "\"" + sizeAttributes(PNG) + " style=\"max-width:100%;height:auto\"/>";
        }
        String svg = svgOrNull();
        if (svg != null) {
            return "<img src=\"data:image/svg+xml;base64,"
                    + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)) + "\" alt=\"" + alt
                    + "\"" + sizeAttributes(SVG) + " style=\"max-width:100%;height:auto\"/>";
        }
        return "<pre style=\"margin:0\">" + Html.escape(plain()) + "</pre>";
    }

    /**
     * Joins several outputs into one HTML block (each part in its own {@code div}, images as data URIs) whose
     * text/plain is the parts' plain texts separated by blank lines.
     */
    public static Rich combine(List<Rich> parts) {
        return combine(null, parts);
    }

    /** Like {@link #combine(List)} with an optional heading (escaped). */
    public static Rich combine(String title, List<Rich> parts) {
        StringBuilder html = new StringBuilder("<div class=\"trainbook\" style=\"font-family:sans-serif\">");
        List<String> texts = new ArrayList<>();
        if (title != null && !title.isEmpty()) {
            html.append("<div style=\"font-weight:bold;margin:4px 0\">").append(Html.escape(title)).append("</div>");
            texts.add(title);
        }
        for (Rich p : parts) {
            if (p == null) continue;
            html.append("<div style=\"margin:6px 0\">").append(p.toHtmlFragment()).append("</div>");
            if (!p.plain().isEmpty()) texts.add(p.plain());
        }
        html.append("</div>");
        List<Rich> leaves = new ArrayList<>();
        if (title != null && !title.isEmpty()) {
            leaves.add(html("<div style=\"font-weight:bold;margin:4px 0;font-family:sans-serif\">" + Html.escape(title)
                    + "</div>", title));
        }
        leaves.addAll(leaves(parts));
        Rich r = html(html.toString(), String.join("\n\n", texts));
        return new Rich(r.parts, r.meta, List.copyOf(leaves));
    }

    /** Puts image parts side by side (wrapping on narrow screens) in one HTML block. */
    public static Rich row(List<Rich> parts) {
        StringBuilder html = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start\">");
        List<String> texts = new ArrayList<>();
        for (Rich p : parts) {
            if (p == null) continue;
            html.append("<div>").append(p.toHtmlFragment()).append("</div>");
            if (!p.plain().isEmpty()) texts.add(p.plain());
        }
        html.append("</div>");
        Rich r = html(html.toString(), String.join("\n", texts));
        return new Rich(r.parts, r.meta, leaves(parts));
    }

    private String sizeAttributes(String mime) {
        int[] wh = size(mime);
        return wh == null ? "" : " width=\"" + wh[0] + "\" height=\"" + wh[1] + "\"";
    }

    /** The leaves of {@code parts} (a combined part contributes its own leaves). */
    private static List<Rich> leaves(List<Rich> parts) {
        List<Rich> out = new ArrayList<>();
        for (Rich p : parts) if (p != null) out.addAll(p.outputs());
        return List.copyOf(out);
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    @Override
    public String toString() { return plain(); }
}
