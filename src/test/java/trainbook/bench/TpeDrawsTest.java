package trainbook.bench;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** bench/tpe_draws.py's Java side: TPE's next point after a fixed history, drawn many times. */
class TpeDrawsTest {
    @TempDir
    Path dir;

    @Test
    void drawsConcentrateNearTheGoodTrialsOfTheHistory() throws Exception {
        // 20 points of [0,1]^2; the value is the distance to (0.8, 0.2), so the good group sits there
        StringBuilder x = new StringBuilder("["), y = new StringBuilder("[");
        java.util.Random r = new java.util.Random(5);
        double[][] pts = new double[20][];
        double[] val = new double[20];
        for (int i = 0; i < 20; i++) {
            double a = r.nextDouble(), b = r.nextDouble();
            pts[i] = new double[]{a, b};
            val[i] = Math.hypot(a - 0.8, b - 0.2);
            x.append(i == 0 ? "" : ",").append("[").append(a).append(",").append(b).append("]");
            y.append(i == 0 ? "" : ",").append(val[i]);
        }
        // γ(20) = 2: the two best points form the good group
        Integer[] order = new Integer[20];
        for (int i = 0; i < 20; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(val[p], val[q]));
        double[][] good = {pts[order[0]], pts[order[1]]};
        Files.writeString(dir.resolve("h.json"), "{\"x\":" + x + "],\"y\":" + y + "]}");
        TpeDraws.main(new String[]{dir.resolve("h.json").toString(), "200", dir.resolve("out.json").toString()});
        double[][] draws = new Gson().fromJson(Files.readString(dir.resolve("out.json")), double[][].class);
        assertEquals(200, draws.length);
        double[] near = new double[draws.length], spread = new double[20];
        for (int k = 0; k < draws.length; k++) {
            double[] d = draws[k];
            assertEquals(2, d.length);
            for (double v : d) assertTrue(v >= 0 && v <= 1, "inside the range: " + v);
            near[k] = Math.min(Math.hypot(d[0] - good[0][0], d[1] - good[0][1]), Math.hypot(d[0] - good[1][0], d[1] - good[1][1]));
        }
        for (int i = 0; i < 20; i++) {
            spread[i] = Math.min(Math.hypot(pts[i][0] - good[0][0], pts[i][1] - good[0][1]),
                    Math.hypot(pts[i][0] - good[1][0], pts[i][1] - good[1][1]));
        }
        java.util.Arrays.sort(near);
        java.util.Arrays.sort(spread);
        // most draws land close to a good point; the uniform history's points (good ones aside) lie much farther
        assertTrue(near[draws.length / 2] < 0.15, "median distance of the draws to the good group: " + near[draws.length / 2]);
        assertTrue(spread[10] > 2 * near[draws.length / 2], "history " + spread[10] + " vs draws " + near[draws.length / 2]);
        assertThrows(IllegalArgumentException.class, () -> TpeDraws.main(new String[]{"only-one"}));
    }
}
