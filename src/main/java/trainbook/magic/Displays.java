package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import trainbook.render.Rich;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Conversions between render's {@link Rich} and JJava's {@link DisplayData}. */
public final class Displays {
    private Displays() {}

    /** A display bundle with every MIME part of {@code r} (PNG base64-encoded) and its metadata. */
    public static DisplayData toDisplayData(Rich r) {
        DisplayData d = new DisplayData();
        for (Map.Entry<String, String> e : r.toJupyter().entrySet()) d.putData(e.getKey(), value(e.getKey(), e.getValue()));
        for (Map.Entry<String, Map<String, Object>> e : r.metadata().entrySet()) d.putMetaData(e.getKey(), e.getValue());
        return d;
    }

    /**
     * The Jupyter outputs {@code r} is sent as: a block holding charts becomes one output per chart (a real
     * {@code image/png} or SVG output) and one per table or text, so that exports which drop HTML keep the charts;
     * a block without charts stays one HTML output.
     */
    public static List<Rich> split(Rich r) {
        List<Rich> leaves = r.outputs();
        return leaves.size() > 1 && leaves.stream().anyMatch(Rich::isImage) ? leaves : List.of(r);
    }

    /** {@link #split} as display bundles. */
    public static List<DisplayData> toDisplayDataList(Rich r) {
        List<DisplayData> out = new ArrayList<>();
        for (Rich p : split(r)) out.add(toDisplayData(p));
        return out;
    }

    /** Writes every MIME part of {@code r} into a renderer's output container. */
    public static void renderInto(Rich r, RenderContext context) {
        DisplayData out = context.getOutputContainer();
        for (Map.Entry<String, String> e : r.toJupyter().entrySet()) out.putData(e.getKey(), value(e.getKey(), e.getValue()));
        for (Map.Entry<String, Map<String, Object>> e : r.metadata().entrySet()) out.putMetaData(e.getKey(), e.getValue());
    }

    /**
     * A JSON MIME type ({@code application/json}, {@code application/…+json}) goes into the message as a JSON
     * object, not as a string holding JSON (frontends read the object).
     */
    static Object value(String mime, String content) {
        if (mime.equals("application/json") || mime.endsWith("+json")) {
            return com.google.gson.JsonParser.parseString(content);
        }
        return content;
    }
}
