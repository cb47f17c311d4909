package trainbook.magic;

import trainbook.magic.args.Help;
import trainbook.magic.args.KeyDef;
import trainbook.magic.args.Keys;
import trainbook.magic.args.Magic;
import trainbook.render.Html;
import trainbook.render.Rich;

/** {@code --help} as an output: the text from {@link Help} plus an HTML table of the keys. */
public final class HelpView {
    private HelpView() {}

    /** Help for {@code magic}: usage and one row per key (key, default, valid values, example, meaning). */
    public static Rich of(Magic magic) {
        StringBuilder h = new StringBuilder("<div class=\"trainbook-help\" style=\"font-family:sans-serif\">");
        for (String u : Help.usage(magic)) h.append("<div><code>").append(Html.escape(u)).append("</code></div>");
        var keys = Keys.of(magic);
        if (!keys.isEmpty()) {
            h.append("<table style=\"border-collapse:collapse;margin-top:6px\"><thead><tr>")
                    .append("<th align=\"left\">key</th><th align=\"left\">default</th><th align=\"left\">valid</th>")
                    .append("<th align=\"left\">example</th><th align=\"left\">meaning</th></tr></thead><tbody>");
            for (KeyDef k : keys) {
                h.append("<tr><td><code>").append(Html.escape(k.name())).append("</code></td><td>")
                        .append(Html.escape(k.def().isEmpty() ? "none" : k.def())).append("</td><td>")
                        .append(Html.escape(k.valid())).append("</td><td><code>")
                        .append(Html.escape(k.example())).append("</code></td><td>")
                        .append(Html.escape(k.help())).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</div>");
        return Rich.html(h.toString(), Help.text(magic));
    }
}
