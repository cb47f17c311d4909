package trainbook.render;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderRichTest {

    @Test
    void escapeCoversMarkupAndQuotes() {
        assertEquals("&lt;b&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/b&gt;", Html.escape("<b>a & \"b\" 'c'</b>"));
        assertEquals("", Html.escape(null));
        assertEquals("plain", Html.escape("plain"));
        assertEquals("a&#xFFFD;b", Html.escape("a\u0001b"));
        assertEquals("3&#215; &#10003; &#128512;", Html.escape("3× ✓ 😀"));
    }

    @Test
    void richKeepsOrderAndTextAlwaysFirst() {
        Rich r = Rich.png(new byte[]{1, 2, 3}, "a chart").with(Rich.HTML, "<p>x</p>");
        assertEquals(List.of(Rich.TEXT, Rich.PNG, Rich.HTML), List.copyOf(r.mimeTypes()));
        assertEquals(Base64.getEncoder().encodeToString(new byte[]{1, 2, 3}), r.toJupyter().get(Rich.PNG));
        assertArrayEquals(new byte[]{1, 2, 3}, r.pngOrNull());
        assertThrows(IllegalArgumentException.class, () -> r.without(Rich.TEXT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.with("image/png", 42));
        assertTrue(e.getMessage().contains("Integer"), e.getMessage());
        assertFalse(r.without(Rich.HTML).has(Rich.HTML));
    }

    @Test
    void combineEmbedsImagesAsDataUrisAndJoinsText() throws Exception {
        Rich png = Rich.png(new byte[]{9, 9}, "png <one>");
        Rich svg = Rich.svg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>", "svg two");
        Rich txt = Rich.text("a & b");
        Rich html = Rich.html("<table><tr><td>x</td></tr></table>", "table three");
        Rich all = Rich.combine("Title <x>", List.of(png, svg, txt, html));
        String h = all.htmlOrNull();
        assertTrue(h.contains("src=\"data:image/png;base64,CQk=\""), h);
        assertTrue(h.contains("src=\"data:image/svg+xml;base64,"), h);
        assertTrue(h.contains("alt=\"png &lt;one&gt;\""), h);
        assertTrue(h.contains("<pre style=\"margin:0\">a &amp; b</pre>"), h);
        assertTrue(h.contains("Title &lt;x&gt;"));
        assertFalse(h.contains("<script"));
        Document d = Fixtures.xml(h);
        assertEquals(2, d.getElementsByTagName("img").getLength());
        assertEquals("Title <x>\n\npng <one>\n\nsvg two\n\na & b\n\ntable three", all.plain());
    }

    @Test
    void chartFormatParsesAndRejects() {
        assertEquals(ChartFormat.PNG, ChartFormat.parse(null));
        assertEquals(ChartFormat.SVG, ChartFormat.parse(" SVG "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChartFormat.parse("jpeg"));
        assertEquals("format='jpeg' is not a chart format: use png or svg", e.getMessage());
    }

    @Test
    void formatting() {
        assertEquals("1e-3", Fmt.num(0.001));
        assertEquals("–", Fmt.val(Double.NaN));
        assertEquals("0.5123", Fmt.val(0.51234));
        assertEquals("85.3%", Fmt.pct(0.853));
        assertEquals("3m 05s", Fmt.duration(185));
        assertEquals("1.5s", Fmt.duration(1.5));
        assertEquals("0:42", Fmt.clock(42));
        assertEquals("1:02:03", Fmt.clock(3723));
        assertEquals("?", Fmt.clock(Double.NaN));
    }

    @Test
    void progressTextAndHtml() throws Exception {
        Progress p = new Progress("base<1>", 2, 4, 50, 100, 42, 0.51234, 1e-3, Double.NaN);
        assertEquals(0.375, p.fraction(), 1e-12);
        String t = p.text();
        assertEquals("base<1> epoch 2/4 batch 50/100 [#########---------------]  38% ETA 0:42 loss 0.5123 lr 1e-3", t);
        assertFalse(t.contains("\n"));
        String h = p.html();
        assertTrue(h.contains("width:37.5%"), h);
        assertTrue(h.contains("base&lt;1&gt;"));
        Fixtures.xml(h);
        Progress done = new Progress(null, 4, 4, 100, 100, 0, 0.2, 1e-4, 0.3);
        assertEquals(1.0, done.fraction(), 1e-12);
        assertTrue(done.text().contains("[" + "#".repeat(Progress.BAR) + "] 100%"), done.text());
        assertTrue(done.text().contains("val 0.3"));
        assertEquals(30, Progress.eta(10, 0.25), 1e-9);
        assertTrue(Double.isNaN(Progress.eta(10, 0)));
        assertThrows(IllegalArgumentException.class, () -> new Progress("x", -1, 3, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void progressFromARunInProgress() {
        trainbook.engine.run.RunRecord r = Fixtures.run("p", 4, 10, 1e-3);
        // keep epoch 1 and 5 steps of epoch 2
        r.steps().subList(15, r.steps().size()).clear();
        r.epochs().subList(1, r.epochs().size()).clear();
        Progress p = Progress.of(r, 30);
        assertEquals(2, p.epoch());
        assertEquals(4, p.epochs());
        assertEquals(5, p.batch());
        assertEquals(10, p.batches());
        assertEquals(15 / 40.0, p.fraction(), 1e-12);
        assertEquals(30 * 25 / 15.0, p.etaSeconds(), 1e-9);
        assertEquals(r.steps().get(14).lr(), p.lr(), 1e-15);
        assertEquals(r.epochs().get(0).valLoss(), p.valLoss(), 1e-15);
        assertTrue(p.loss() > 0.3 && p.loss() < 2.7, "smoothed recent loss: " + p.loss());
        Progress empty = Progress.of(new trainbook.engine.run.RunRecord("e"), 0);
        assertTrue(empty.text().startsWith("e epoch 0/0 batch 0/?"), empty.text());
    }
}
