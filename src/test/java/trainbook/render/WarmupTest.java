package trainbook.render;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmupTest {
    @Test
    void drawsTheEmptyLiveChartTheFirstTrainDraws() throws IOException {
        Rich chart = Warmup.run();
        assertTrue(chart.isImage());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream((byte[]) chart.get(Rich.PNG)));
        assertNotNull(img, "a PNG that decodes");
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100, img.getWidth() + "x" + img.getHeight());
        assertTrue(chart.plain().startsWith("warm-up: 0 steps"), chart.plain());
    }
}
