package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.w3c.dom.Document;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class KernelRenderersTest {
    private Renderer renderer;

    @BeforeEach
    void setUp() {
        renderer = new Renderer();
        Image.registerAll(renderer);
        Text.registerAll(renderer);
        KernelRenderers.registerAll(renderer);
    }

    private static XYChart chart() {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("train", new double[]{1, 2, 3, 4}, new double[]{2.3, 1.1, 0.7, 0.5});
        return chart;
    }

    private static BufferedImage decodePng(Object base64) throws Exception {
        byte[] bytes = Base64.getDecoder().decode((String) base64);
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void chartRendersAsPngOfItsSize() throws Exception {
        DisplayData data = renderer.render(chart());
        assertTrue(data.hasDataForType(MIMEType.IMAGE_PNG));
        assertFalse(data.hasDataForType(MIMEType.IMAGE_SVG), "SVG only on request");
        BufferedImage png = decodePng(data.getData(MIMEType.IMAGE_PNG));
        assertEquals(320, png.getWidth());
        assertEquals(200, png.getHeight());
    }

    @Test
    void chartRendersAsSvgOnRequest() throws Exception {
        DisplayData data = renderer.renderAs(chart(), "image/svg+xml");
        String svg = (String) data.getData(MIMEType.IMAGE_SVG);
        assertNotNull(svg);
        assertTrue(svg.startsWith("<svg"), "no XML prolog: nbconvert embeds SVG inline");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
    }

    @Test
    void bufferedImageRendersAsPng() throws Exception {
        BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 2, 0xff0000);
        DisplayData data = renderer.render(img);
        BufferedImage back = decodePng(data.getData(MIMEType.IMAGE_PNG));
        assertEquals(7, back.getWidth());
        assertEquals(5, back.getHeight());
        assertEquals(0xff0000, back.getRGB(3, 2) & 0xffffff);
    }

    private static Table table(int rows) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn loss = DoubleColumn.create("loss");
        StringColumn note = StringColumn.create("note");
        for (int i = 0; i < rows; i++) {
            epoch.append(i + 1);
            loss.append(1.0 / (i + 1));
            note.append(i == 0 ? "<warm-up>" : "ok");
        }
        return Table.create("history", epoch, loss, note);
    }

    private static int count(String haystack, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void tableRendersAsHtmlWithAllRowsWhenSmall() {
        DisplayData data = renderer.render(table(3));
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertEquals(1 + 3, count(html, "<tr>"), "header row + 3 body rows");
        assertEquals(3, count(html, "<th style"));
        assertTrue(html.contains("&lt;warm-up&gt;"), "cells are escaped");
        assertFalse(html.contains("more rows"));
        String text = (String) data.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("epoch") && text.contains("loss"), text);
    }

    @Test
    void tableHtmlIsCappedAndSaysHowManyRowsAreHidden() {
        Table big = table(KernelRenderers.DEFAULT_MAX_ROWS + 25);
        String html = KernelRenderers.tableHtml(big, KernelRenderers.DEFAULT_MAX_ROWS);
        assertEquals(1 + KernelRenderers.DEFAULT_MAX_ROWS, count(html, "<tr>"), "header + capped rows");
        assertTrue(html.contains("25 more rows (75 in all)"), html);
        assertTrue(html.contains("75 rows &#215; 3 columns"), html);
        assertTrue(KernelRenderers.tableText(big, 10).contains("65 more rows (75 in all)"));
        assertThrows(IllegalArgumentException.class, () -> KernelRenderers.tableHtml(big, 0));
    }

    @Test
    void stringsStayText() {
        DisplayData data = renderer.render("plain");
        assertEquals("plain", data.getData(MIMEType.TEXT_PLAIN));
        DisplayData html = renderer.renderAs("<b>x</b>", "text/html");
        assertEquals("<b>x</b>", html.getData(MIMEType.TEXT_HTML));
    }
}
