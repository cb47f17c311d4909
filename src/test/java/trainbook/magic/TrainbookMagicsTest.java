package trainbook.magic;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.Rich;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

class TrainbookMagicsTest {

    @Test
    void extensionIsRegisteredAsAService() {
        boolean found = false;
        for (Extension e : ServiceLoader.load(Extension.class)) found |= e instanceof TrainbookMagics;
        assertTrue(found, "META-INF/services lists TrainbookMagics");
    }

    private static RunRecord record(String name, double lr) {
        RunRecord r = new RunRecord(name).spec(Map.of("epochs", "2", "lr", Double.toString(lr), "opt", "adam"))
                .stepsPerEpoch(2).schedule(new double[]{lr, lr, lr, lr});
        int s = 0;
        for (int e = 1; e <= 2; e++) {
            for (int b = 0; b < 2; b++) r.steps().add(new StepRecord(s++, e, b, lr, 1.0 / s, 0.5, 1e-3, 3));
            r.epochs().add(new EpochRecord(e, 1.0 / e, 1.1 / e, 0.5, 0.5, lr, 0.1));
        }
        r.metrics().put("val_loss", 0.55);
        return r;
    }

    @Test
    void resultObjectsRenderThemselvesWithTextAndHtml() {
        Renderer renderer = new Renderer();
        TrainbookMagics.registerRenderers(renderer);

        DisplayData run = renderer.render(record("a", 1e-3));
        assertTrue(run.hasDataForType(MIMEType.TEXT_HTML));
        assertTrue(((String) run.getData(MIMEType.TEXT_PLAIN)).contains("a"));

        Comparison c = new Comparison(List.of(record("a", 1e-3), record("b", 1e-2)), "val_loss");
        DisplayData cmp = renderer.render(c);
        assertTrue(((String) cmp.getData(MIMEType.TEXT_HTML)).contains("<table"));
        assertFalse(((String) cmp.getData(MIMEType.TEXT_PLAIN)).isBlank());

        double[] lrs = new double[20], losses = new double[20];
        for (int i = 0; i < 20; i++) {
            lrs[i] = 1e-5 * Math.pow(10, i / 4.0);
            losses[i] = 2 - i * 0.05 + (i > 15 ? (i - 15) * 0.8 : 0);
        }
        LinkedHashMap<String, Double> sug = new LinkedHashMap<>();
        sug.put("valley", 1e-3);
        LrFindResult lr = new LrFindResult(lrs, losses, losses, sug, "valley", 1e-3, 1, trainbook.engine.lrfind.RangeStop.COMPLETED, "exp");
        DisplayData lrd = renderer.render(lr);
        assertTrue(((String) lrd.getData(MIMEType.TEXT_HTML)).contains("<img"));

        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        DisplayData rich = renderer.render(Rich.png(png, "a picture"));
        assertEquals(Base64.getEncoder().encodeToString(png), rich.getData(MIMEType.IMAGE_PNG));
        assertEquals("a picture", rich.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void accessibleTypeWalksUpToAPublicClass() {
        assertEquals("trainbook.engine.run.RunRecord", KernelContext.accessibleType(new RunRecord("x")));
        assertEquals("java.util.ArrayList", KernelContext.accessibleType(new java.util.ArrayList<String>() {}));
        assertEquals("java.lang.Object", KernelContext.accessibleType(new Object() {}));
        assertEquals("Object", KernelContext.accessibleType(null));
    }
}
