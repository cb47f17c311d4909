package trainbook.render;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import trainbook.engine.run.RunRecord;
import trainbook.render.compare.Monitor;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderViewsTest {

    @Test
    void trainViewHasFigureTableAndDiagnosis() throws Exception {
        RunRecord r = Fixtures.runWithFindings();
        Rich v = Views.train(r, ChartFormat.PNG);
        assertEquals(List.of(Rich.TEXT, Rich.HTML), List.copyOf(v.mimeTypes()));
        Document d = Fixtures.xml(v.htmlOrNull());
        NodeList imgs = d.getElementsByTagName("img");
        assertEquals(3, imgs.getLength());
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = imgs.item(i).getAttributes().getNamedItem("src").getNodeValue();
            assertTrue(src.startsWith("data:image/png;base64,"));
            byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
            assertNotNull(ImageIO.read(new ByteArrayInputStream(png)));
        }
        assertEquals(2, d.getElementsByTagName("table").getLength(), "run table + findings");
        String text = v.plain();
        assertTrue(text.contains("sick<run> — stopped: completed (epoch 4/4)"), text);
        assertTrue(text.contains("hyperparameters and results"));
        assertTrue(text.contains("[problem] exploding-gradients"));
        assertFalse(v.htmlOrNull().contains("sick<run>"), "names are escaped in HTML");
    }

    @Test
    void lrfindAndCompareViewsAndLive() throws Exception {
        Rich lf = Views.lrfind(Fixtures.lrfind(), ChartFormat.SVG);
        Document d = Fixtures.xml(lf.htmlOrNull());
        assertEquals(1, d.getElementsByTagName("img").getLength());
        assertTrue(lf.htmlOrNull().contains("data:image/svg+xml;base64,"));
        assertTrue(lf.plain().contains("Suggested lr=3e-3"));

        List<RunRecord> runs = List.of(Fixtures.run("a", 3, 3, 1e-3), Fixtures.run("b", 3, 3, 1e-2));
        Rich cmp = Views.compare(runs, Monitor.VAL_LOSS, ChartFormat.PNG);
        Document c = Fixtures.xml(cmp.htmlOrNull());
        assertEquals(2, c.getElementsByTagName("img").getLength(), "overlay + parallel coordinates");
        assertEquals(2, c.getElementsByTagName("table").getLength(), "leaderboard + importance");
        assertTrue(cmp.plain().contains("leaderboard: 2 runs"));
        assertTrue(cmp.plain().contains("hyperparameter importance"));

        Rich single = Views.compare(List.of(runs.get(0)), Monitor.VAL_LOSS, ChartFormat.PNG);
        assertEquals(1, Fixtures.xml(single.htmlOrNull()).getElementsByTagName("img").getLength());

        Rich live = Views.live(runs.get(0), ChartFormat.PNG);
        assertEquals(List.of(Rich.TEXT, Rich.PNG), List.copyOf(live.mimeTypes()));
        assertTrue(live.plain().startsWith("a: 9 steps, 3/3 epochs"), live.plain());
        assertThrows(IllegalArgumentException.class, () -> Views.compare(List.of(), Monitor.VAL_LOSS, ChartFormat.PNG));
    }
}
