package trainbook.render.table;

import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;
import trainbook.render.Html;
import trainbook.render.Rich;

import java.util.ArrayList;
import java.util.List;

/**
 * The doctor's findings as a compact list: HTML with severity colours (info grey-blue, warning amber, problem
 * red), one row per finding with severity, rule id, message, evidence and the remedy — as copyable {@code <code>}
 * when it is a {@code %train} fragment ({@code lr=3e-4 clip=1.0}), as text otherwise; ranked by likely primary cause (trainbook.doctor.Doctor#CAUSE_ORDER), the
 * remedy to try first named in the heading. A run without warnings or problems gets one "healthy run" line (info findings,
 * if any, listed under it).
 */
public final class FindingsView {
    public static final String INFO_BG = "#eef2f7", INFO_FG = "#4a6785";
    public static final String WARNING_BG = "#fff4e0", WARNING_FG = "#a86800";
    public static final String PROBLEM_BG = "#fde8e8", PROBLEM_FG = "#c62828";
    /** Findings shown before "… N more". */
    public static final int MAX_ROWS = 30;

    private FindingsView() {}

    /** Renders findings of a run named {@code runName} (may be null). */
    public static Rich render(String runName, List<Finding> findings) {
        List<Finding> fs = new ArrayList<>(findings == null ? List.of() : findings);
        fs = trainbook.doctor.Doctor.sorted(fs); // ranked by likely primary cause, as the doctor prescribes
        Health h = Health.of(fs);
        String who = runName == null || runName.isEmpty() ? "run" : runName;
        String head = h.healthy()
                ? "✓ healthy run: the doctor found no warnings or problems in " + who + "."
                : "doctor: " + (h.problems() > 0 ? h.problems() + " problem" + (h.problems() > 1 ? "s" : "") : "")
                + (h.problems() > 0 && h.warnings() > 0 ? ", " : "")
                + (h.warnings() > 0 ? h.warnings() + " warning" + (h.warnings() > 1 ? "s" : "") : "")
                + (h.infos() > 0 ? ", " + h.infos() + " note" + (h.infos() > 1 ? "s" : "") : "") + " in " + who;

        Finding first = h.healthy() ? null : trainbook.doctor.Doctor.primary(fs);
        if (first != null) head += "; try first: " + remedyLine(first.remedy()) + " (" + first.rule() + ")";
        StringBuilder text = new StringBuilder(head);
        StringBuilder html = new StringBuilder("<div style=\"font-family:sans-serif;font-size:12px\">");
        html.append("<div style=\"").append(h.healthy() ? "color:#2e7d32;font-weight:bold" : "font-weight:bold")
                .append(";margin:4px 0\">").append(Html.escape(head)).append("</div>");
        if (!fs.isEmpty()) {
            html.append("<table style=\"border-collapse:collapse;font-size:12px\"><thead><tr>");
            for (String c : new String[]{"severity", "rule", "finding", "evidence", "try"}) {
                html.append("<th style=\"text-align:left;padding:3px 8px;border-bottom:2px solid #999\">").append(c).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            int shown = Math.min(fs.size(), MAX_ROWS);
            for (int i = 0; i < shown; i++) {
                Finding f = fs.get(i);
                String bg = bg(f.severity()), fg = fg(f.severity());
                html.append("<tr style=\"background:").append(bg).append("\">")
                        .append("<td style=\"padding:3px 8px;color:").append(fg).append(";font-weight:bold;border-left:4px solid ")
                        .append(fg).append("\">").append(Html.escape(f.severity().label())).append("</td>")
                        .append(td(Html.escape(f.rule())))
                        .append(td(Html.escape(f.message())))
                        .append(td(Html.escape(where(f))))
                        .append(td(f.remedy().isEmpty() ? "" : isTrainFragment(f.remedy())
                                ? "<code style=\"white-space:nowrap\">" + Html.escape(remedyLine(f.remedy())) + "</code>"
                                : Html.escape(f.remedy())))
                        .append("</tr>");
                text.append("\n  [").append(f.severity().label()).append("] ").append(f.rule()).append(": ").append(f.message());
                if (!where(f).isEmpty()) text.append(" (").append(where(f)).append(")");
                if (!f.remedy().isEmpty()) text.append("\n      try: ").append(remedyLine(f.remedy()));
            }
            html.append("</tbody></table>");
            if (fs.size() > shown) {
                String more = "… " + (fs.size() - shown) + " more findings";
                html.append("<div style=\"color:#777\">").append(Html.escape(more)).append("</div>");
                text.append("\n  ").append(more);
            }
        }
        html.append("</div>");
        return Rich.html(html.toString(), text.toString());
    }

    /**
     * True when a remedy is a {@code %train} fragment (every word is {@code key=value}, e.g.
     * {@code lr=3e-4 clip=1.0}) and so is shown as copyable code; prose remedies are shown as text.
     */
    public static boolean isTrainFragment(String remedy) {
        String r = remedy == null ? "" : remedy.trim();
        return !r.isEmpty() && r.matches("(%[a-z]+\\s+)?[a-z_]+=\\S+(\\s+[a-z_]+=\\S+)*");
    }

    /** The remedy as shown: the {@code %train} keys to change, verbatim, trimmed. */
    static String remedyLine(String remedy) {
        return remedy.trim();
    }

    /** Evidence plus where it points (step/epoch) when the evidence does not already say so. */
    static String where(Finding f) {
        String e = f.evidence();
        String pos = f.step() >= 0 ? "step " + f.step() : f.epoch() >= 1 ? "epoch " + f.epoch() : "";
        if (pos.isEmpty() || e.contains(pos)) return e;
        return e.isEmpty() ? pos : e + "; " + pos;
    }

    private static String td(String inner) {
        return "<td style=\"padding:3px 8px;vertical-align:top\">" + inner + "</td>";
    }

    static String bg(Severity s) {
        return switch (s) {
            case INFO -> INFO_BG;
            case WARNING -> WARNING_BG;
            case PROBLEM -> PROBLEM_BG;
        };
    }

    static String fg(Severity s) {
        return switch (s) {
            case INFO -> INFO_FG;
            case WARNING -> WARNING_FG;
            case PROBLEM -> PROBLEM_FG;
        };
    }
}
