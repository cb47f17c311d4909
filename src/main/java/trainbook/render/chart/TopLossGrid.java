package trainbook.render.chart;

import trainbook.engine.interpret.Interpretation;
import trainbook.render.Fmt;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The highest-loss images in a grid, each titled the way fastai's {@code plot_top_losses} reads:
 * {@code predicted/actual/loss/probability of the actual class}, misclassified titles in red. Drawn with Java2D
 * (no Swing window) and encoded as PNG.
 */
public final class TopLossGrid {
    static final int TILE = 112;
    static final int LABEL = 34;
    static final int PAD = 8;
    static final int HEADER = 42;

    private TopLossGrid() {}

    /** Grid columns for {@code n} images: 3 for up to 9 (3×3 as in fastai), else up to 6. */
    static int columns(int n) {
        return n <= 9 ? Math.max(1, Math.min(3, n)) : Math.min(6, (int) Math.ceil(Math.sqrt(n)));
    }

    /** The grid as an image at its logical size; null when the samples are not images or there are none. */
    public static BufferedImage image(Interpretation in) {
        return image(in, 1);
    }

    /**
     * The grid drawn at {@code scale}× its logical size (text, tiles and padding scaled alike, so the picture is the
     * same, only sharper: shown at the logical size, a 2× grid is crisp on high-DPI screens like the other charts);
     * null when the samples are not images or there are none.
     */
    public static BufferedImage image(Interpretation in, int scale) {
        if (scale < 1 || scale > 4) throw new IllegalArgumentException("scale=" + scale + " must be 1 to 4");
        List<Interpretation.TopLoss> tops = in.topLosses();
        long[] shape = in.sampleShape();
        if (!in.isImage() || tops.isEmpty() || shape.length != 3) return null;
        int ch = (int) shape[0], h = (int) shape[1], w = (int) shape[2];
        int cols = columns(tops.size()), rows = (tops.size() + cols - 1) / cols;
        int tileW = Math.max(TILE, 150), tileH = TILE + LABEL;
        int header = HEADER;
        int width = PAD + cols * (tileW + PAD), height = header + rows * (tileH + PAD) + PAD;
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(new Color(40, 40, 40));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(fit("top losses: " + in.run() + " (" + in.split() + ")", g.getFontMetrics(), width - 2 * PAD),
                    PAD, 17);
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
            g.setFont(small);
            g.setColor(new Color(90, 90, 90));
            g.drawString(fit("predicted/actual, loss/probability of actual, #index", g.getFontMetrics(),
                    width - 2 * PAD), PAD, 33);
            for (int t = 0; t < tops.size(); t++) {
                Interpretation.TopLoss tl = tops.get(t);
                int x0 = PAD + (t % cols) * (tileW + PAD), y0 = header + (t / cols) * (tileH + PAD);
                BufferedImage tile = tile(tl.sample(), ch, h, w);
                int side = Math.min(TILE, tileW);
                int dw = w >= h ? side : side * w / h, dh = h >= w ? side : side * h / w;
                g.drawImage(tile, x0 + (tileW - dw) / 2, y0, dw, dh, null);
                g.setFont(small);
                boolean wrong = tl.actual() != tl.predicted();
                g.setColor(wrong ? new Color(190, 30, 30) : new Color(40, 40, 40));
                FontMetrics fm = g.getFontMetrics();
                String l1 = fit(tl.predictedName() + "/" + tl.actualName(), fm, tileW);
                String l2 = fit(Fmt.val(tl.loss()) + "/" + String.format(java.util.Locale.ROOT, "%.2f", tl.probActual())
                        + "  #" + tl.index(), fm, tileW);
                g.drawString(l1, x0 + (tileW - fm.stringWidth(l1)) / 2, y0 + TILE + 14);
                g.drawString(l2, x0 + (tileW - fm.stringWidth(l2)) / 2, y0 + TILE + 28);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    /**
     * One sample as an image: values already in [0, 1] are shown as they are (pixel intensities), others scaled
     * from their own minimum to maximum. One channel is grey, three are RGB; other counts show the first channel.
     */
    static BufferedImage tile(float[] v, int ch, int h, int w) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            if (!Float.isFinite(f)) continue;
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        boolean unit = lo >= 0 && hi <= 1;
        double base = unit ? 0 : lo, span = unit ? 1 : (hi > lo ? hi - lo : 1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = level(v[i], base, span);
                int gr = ch == 3 ? level(v[plane + i], base, span) : r;
                int b = ch == 3 ? level(v[2 * plane + i], base, span) : r;
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return img;
    }

    private static int level(float f, double base, double span) {
        if (!Float.isFinite(f)) return 0;
        return (int) Math.max(0, Math.min(255, Math.round((f - base) / span * 255)));
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the top-loss grid as PNG", e);
        }
        return out.toByteArray();
    }
}
