package trainbook.magic;

import trainbook.render.Fmt;
import trainbook.render.Html;
import trainbook.render.Rich;

/**
 * The one-line live progress of a run: epoch, batch, a bar, elapsed time, ETA, loss and LR, as text and as a small
 * HTML bar (no script). Pure formatting.
 */
public final class ProgressLine {
    private ProgressLine() {}

    /**
     * @param name        run name
     * @param epoch       current epoch, 1-based
     * @param epochs      planned epochs
     * @param batch       batches done in this epoch
     * @param perEpoch    batches per epoch (0 = unknown)
     * @param stepsDone   optimizer steps done in total
     * @param elapsed     seconds since the start
     * @param loss        latest (smoothed) training loss, NaN when none
     * @param lr          current learning rate, NaN when none
     * @param status      null while running, else the end state (e.g. {@code finished: completed})
     */
    public static Rich render(String name, int epoch, int epochs, int batch, int perEpoch, long stepsDone,
                              double elapsed, double loss, double lr, String status) {
        long total = (long) Math.max(0, epochs) * Math.max(0, perEpoch);
        double frac = status != null ? 1.0 : total > 0 ? Math.min(1.0, stepsDone / (double) total) : 0;
        double eta = stepsDone > 0 && total > 0 ? elapsed / stepsDone * Math.max(0, total - stepsDone) : Double.NaN;
        StringBuilder t = new StringBuilder();
        t.append(name == null ? "run" : name).append("  epoch ").append(epoch).append('/').append(epochs);
        if (perEpoch > 0) t.append("  batch ").append(batch).append('/').append(perEpoch);
        t.append("  ").append(bar(frac, 20)).append(' ').append(Math.round(frac * 100)).append('%');
        t.append("  ").append(Fmt.clock(elapsed));
        if (status == null) t.append(" (ETA ").append(Fmt.clock(eta)).append(')');
        t.append("  loss ").append(Fmt.val(loss));
        t.append("  lr ").append(Fmt.num(lr));
        if (status != null) t.append("  — ").append(status);
        String text = t.toString();

        String color = status == null ? "#4c78a8" : status.startsWith("finished") ? "#54a24b" : "#e45756";
        String html = "<div class=\"trainbook-progress\" style=\"font-family:monospace;font-size:12px\">"
                + "<span style=\"display:inline-block;width:200px;height:10px;border:1px solid #999;vertical-align:middle;margin-right:8px\">"
                + "<span style=\"display:block;height:100%;width:" + Math.round(frac * 100) + "%;background:" + color + "\"></span></span>"
                + Html.escape(text) + "</div>";
        return Rich.html(html, text);
    }

    /** {@code ██████░░░░} of the given width. */
    static String bar(double frac, int width) {
        int full = (int) Math.round(Math.max(0, Math.min(1, frac)) * width);
        return "█".repeat(full) + "░".repeat(width - full);
    }
}
