package trainbook.render;

/**
 * HTML helpers for notebook outputs. Every string that comes from a run record, a spec or a user goes through
 * {@link #escape(String)} before it lands in markup. Output is also well-formed XML (attributes quoted, void
 * elements self-closed) so tests can parse it and so it survives every notebook front end's sanitiser.
 */
public final class Html {
    private Html() {}

    /**
     * Escapes {@code & < > " '} for use in element content and in double-quoted attributes, writes every
     * non-ASCII character as a numeric reference (so the markup survives any page encoding) and replaces control
     * characters; null → "".
     */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int n = Character.charCount(c);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r == null && c < 0x20 && c != '\n' && c != '\t' && c != '\r') r = "&#xFFFD;";
            if (r == null && c > 0x7E) r = "&#" + c + ";";
            if (r != null) {
                if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
                b.append(r);
            } else if (b != null) {
                b.appendCodePoint(c);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    /** {@code <tag style="...">escaped text</tag>}. */
    public static String el(String tag, String style, String text) {
        return "<" + tag + (style == null || style.isEmpty() ? "" : " style=\"" + escape(style) + "\"") + ">"
                + escape(text) + "</" + tag + ">";
    }
}
