package trainbook.engine.data;

import org.junit.jupiter.api.Test;
import trainbook.engine.probe.DataProfiler;
import trainbook.engine.run.DataProfile;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class PixelSumsTest {
    private static HostData images(long seed, int n) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 784];
        r.nextBytes(px);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return HostData.ofPixels("img", px, 1 / 255f, new long[]{1, 28, 28}, y, HostData.CLASSIFICATION, 10, List.of());
    }

    @Test
    void aSecondFitAndProfileOnTheSameDataAreReadBackWithTheSameFigures() {
        HostData all = images(1, 300);
        HostData[] parts = all.split(0.1, 7);
        int hits = PixelSums.HITS.get();
        Normalizer first = Normalizer.fit(parts[0], false);
        DataProfile p1 = DataProfiler.profile("img", first.apply(parts[0]), parts[1].size(), true);
        assertEquals(hits, PixelSums.HITS.get(), "the first fit and profile compute");
        Normalizer again = Normalizer.fit(parts[0], false);
        DataProfile p2 = DataProfiler.profile("img", again.apply(parts[0]), parts[1].size(), true);
        assertEquals(hits + 2, PixelSums.HITS.get(), "the same pixels, rows and table: both read back");
        assertArrayEquals(first.mean(), again.mean(), 0.0);
        assertArrayEquals(first.std(), again.std(), 0.0);
        assertEquals(p1.inputMean(), p2.inputMean(), 0.0);
        assertEquals(p1.inputStd(), p2.inputStd(), 0.0);
        assertEquals(p1.inputMin(), p2.inputMin(), 0.0);
        assertEquals(p1.inputMax(), p2.inputMax(), 0.0);

        // other rows of the same pixels (all of them, the validation part): their own sums
        Normalizer whole = Normalizer.fit(all, false);
        Normalizer val = Normalizer.fit(parts[1], false);
        assertEquals(hits + 2, PixelSums.HITS.get());
        assertNotEquals(whole.mean()[0], first.mean()[0]);
        assertNotEquals(val.mean()[0], first.mean()[0]);
    }

    @Test
    void pixelsChangedInPlaceAreSummedAgainNotReadFromTheMemo() {
        HostData all = images(2, 200);
        Normalizer before = Normalizer.fit(all, false);
        DataProfile pb = DataProfiler.profile("img", before.apply(all), 0, true);
        byte[] px = all.rawPixels();
        java.util.Arrays.fill(px, 0, 784 * 50, (byte) 255); // a quarter of the images turned white
        int hits = PixelSums.HITS.get();
        Normalizer after = Normalizer.fit(all, false);
        assertEquals(hits, PixelSums.HITS.get(), "changed pixels: no answer from the memo");
        // the figures of the changed data, as a fresh copy of it (never seen by the memo) gives them
        HostData copy = HostData.ofPixels("img", px.clone(), 1 / 255f, new long[]{1, 28, 28}, all.y(),
                HostData.CLASSIFICATION, 10, List.of());
        Normalizer fresh = Normalizer.fit(copy, false);
        assertArrayEquals(fresh.mean(), after.mean(), 0.0);
        assertArrayEquals(fresh.std(), after.std(), 0.0);
        assertTrue(after.mean()[0] > before.mean()[0]);
        DataProfile pa = DataProfiler.profile("img", after.apply(all), 0, true);
        assertNotEquals(pb.inputMean(), pa.inputMean());
        assertEquals(DataProfiler.profile("img", fresh.apply(copy), 0, true).inputStd(), pa.inputStd(), 0.0);
    }

    @Test
    void theMemoCanBeTurnedOff() {
        HostData all = images(3, 50);
        Normalizer.fit(all, false);
        int hits = PixelSums.HITS.get();
        System.setProperty("trainbook.pixelSumsMemo", "false");
        try {
            Normalizer.fit(all, false);
        } finally {
            System.clearProperty("trainbook.pixelSumsMemo");
        }
        assertEquals(hits, PixelSums.HITS.get());
        Normalizer.fit(all, false);
        assertEquals(hits + 1, PixelSums.HITS.get());
    }
}
