package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import trainbook.magic.KernelCompat;

import java.util.UUID;

/**
 * Helpers every cell can call unqualified (the kernel imports them statically at start-up), with IJava's names:
 * {@code display(obj)} shows an object now and returns its display id, {@code updateDisplay(id, obj)} replaces what
 * that display shows (live progress, growing charts).
 */
public final class NotebookStatics {
    private NotebookStatics() {}

    /** Renders {@code o} with its preferred MIME types, shows it and returns the display id. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Renders {@code o} as the given MIME types (e.g. {@code "image/svg+xml"}), shows it, returns the display id. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    /** Replaces the content of display {@code id} with {@code o}. */
    public static void updateDisplay(String id, Object o) {
        update(id, render(o));
    }

    /** Replaces the content of display {@code id} with {@code o} rendered as the given MIME types. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        update(id, render(o, mimeTypes));
    }

    /** Renders {@code o} with the kernel's renderers without showing it. */
    public static DisplayData render(Object o) {
        if (o instanceof DisplayData) return (DisplayData) o;
        return BaseKernel.notebookKernel().getRenderer().render(o);
    }

    /** Renders {@code o} as the given MIME types without showing it. */
    public static DisplayData render(Object o, String... mimeTypes) {
        if (o instanceof DisplayData) return (DisplayData) o;
        return BaseKernel.notebookKernel().getRenderer().renderAs(o, mimeTypes);
    }

    /** Wraps an HTML string so it is shown as HTML rather than as text. */
    public static DisplayData html(String html) {
        DisplayData data = new DisplayData(html);
        data.putHTML(html);
        return data;
    }

    /** Clears the current cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the current cell's output; with {@code wait} only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        BaseKernel kernel = BaseKernel.notebookKernel();
        if (kernel instanceof TrainbookKernel) ((TrainbookKernel) kernel).clearOutput(wait);
        else KernelCompat.clearOutput(kernel, wait); // a stock JJava kernel (StockKernelSupport imports this)
    }

    private static String show(DisplayData data) {
        String id = data.getDisplayId();
        if (id == null) {
            id = UUID.randomUUID().toString();
            KernelCompat.withDisplayId(data, id);
        }
        BaseKernel.notebookKernel().display(data);
        return id;
    }

    private static void update(String id, DisplayData data) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("updateDisplay: display id '" + id
                    + "' is empty; pass the id that display(...) returned");
        }
        BaseKernel.notebookKernel().getIO().display.updateDisplay(id, data);
    }
}
