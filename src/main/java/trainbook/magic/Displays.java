package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import trainbook.render.Rich;

import java.util.Map;

/** Conversions between render's {@link Rich} and JJava's {@link DisplayData}. */
public final class Displays {
    private Displays() {}

    /** A display bundle with every MIME part of {@code r} (PNG base64-encoded). */
    public static DisplayData toDisplayData(Rich r) {
        DisplayData d = new DisplayData();
        for (Map.Entry<String, String> e : r.toJupyter().entrySet()) d.putData(e.getKey(), e.getValue());
        return d;
    }

    /** Writes every MIME part of {@code r} into a renderer's output container. */
    public static void renderInto(Rich r, RenderContext context) {
        DisplayData out = context.getOutputContainer();
        for (Map.Entry<String, String> e : r.toJupyter().entrySet()) out.putData(e.getKey(), e.getValue());
    }
}
