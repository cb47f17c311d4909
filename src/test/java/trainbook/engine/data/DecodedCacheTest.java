package trainbook.engine.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodedCacheTest {
    @TempDir
    Path data;
    @TempDir
    Path cache;
    private String savedDir;
    private String savedEnabled;

    @BeforeEach
    void useTempCache() {
        savedDir = System.getProperty(DecodedCache.DIR_PROPERTY);
        savedEnabled = System.getProperty(DecodedCache.ENABLED_PROPERTY);
        System.setProperty(DecodedCache.DIR_PROPERTY, cache.toString());
        System.clearProperty(DecodedCache.ENABLED_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (savedDir == null) System.clearProperty(DecodedCache.DIR_PROPERTY);
        else System.setProperty(DecodedCache.DIR_PROPERTY, savedDir);
        if (savedEnabled == null) System.clearProperty(DecodedCache.ENABLED_PROPERTY);
        else System.setProperty(DecodedCache.ENABLED_PROPERTY, savedEnabled);
    }

    private static List<Path> copies(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".idx")).sorted().toList();
        }
    }

    private static float[] load(Path dir) {
        return Idx.load(dir, "train", "idx", "hint").rawX();
    }

    @Test
    void secondLoadReadsTheDecodedCopyWithTheSameValues() throws IOException {
        DataTest.writeIdx(data, "train", 40, true);
        int before = DecodedCache.DECODES.get();
        HostData first = Idx.load(data, "train", "idx", "hint");
        assertEquals(before + 2, DecodedCache.DECODES.get(), "images and labels decoded once");
        assertEquals(2, copies(cache).size(), "one decoded copy per gzip file");
        HostData second = Idx.load(data, "train", "idx", "hint");
        assertEquals(before + 2, DecodedCache.DECODES.get(), "the second load inflates nothing");
        assertArrayEquals(first.rawPixels(), second.rawPixels());
        assertArrayEquals(first.y(), second.y());
        assertArrayEquals(first.sampleShape(), second.sampleShape());
        // the copy is the decompressed IDX file itself
        byte[] img = Files.readAllBytes(copies(cache).get(0));
        assertEquals(16 + 40 * 16, img.length);
    }

    @Test
    void aChangedSourceIsDecodedAgainEvenWithTheSameSizeAndTime() throws IOException {
        DataTest.writeIdx(data, "train", 40, true);
        float[] old = load(data);
        Path images = data.resolve("train-images-idx3-ubyte.gz");
        FileTime time = Files.getLastModifiedTime(images);
        // same image count, other pixels: a new file with the old file's time
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(b);
        o.writeInt(2051);
        o.writeInt(40);
        o.writeInt(4);
        o.writeInt(4);
        for (int i = 0; i < 40 * 16; i++) o.writeByte(255 - i % 256);
        DataTest.write(images, b.toByteArray(), true);
        Files.setLastModifiedTime(images, time);
        int before = DecodedCache.DECODES.get();
        float[] now = load(data);
        assertEquals(before + 1, DecodedCache.DECODES.get(), "the changed images are decoded, the labels are not");
        assertEquals(255 / 255f, now[0], 0f);
        assertEquals(0f, old[0], 0f);
    }

    @Test
    void aDamagedCopyIsDecodedAgainAndRewritten() throws IOException {
        DataTest.writeIdx(data, "train", 40, true);
        float[] good = load(data);
        Path img = copies(cache).stream().filter(p -> p.getFileName().toString().startsWith("train-images"))
                .findFirst().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(100);
            f.write(0x5a); // one flipped byte: same length, wrong CRC
        }
        int before = DecodedCache.DECODES.get();
        assertArrayEquals(good, load(data), 0f);
        assertEquals(before + 1, DecodedCache.DECODES.get());
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(50); // torn write
        }
        assertArrayEquals(good, load(data), 0f);
        assertEquals(before + 2, DecodedCache.DECODES.get());
        assertArrayEquals(good, load(data), 0f);
        assertEquals(before + 2, DecodedCache.DECODES.get(), "the rewritten copy is used");
    }

    @Test
    void rawFilesAnUnwritableDirectoryAndTheSwitchLeaveLoadsWorking() throws IOException {
        DataTest.writeIdx(data, "train", 40, false);
        assertEquals(40 * 16, load(data).length);
        assertTrue(copies(cache).isEmpty(), "raw IDX files need no decoded copy");

        Path gz = Files.createDirectory(data.resolve("gz"));
        DataTest.writeIdx(gz, "train", 40, true);
        Path blocker = Files.writeString(cache.resolve("not-a-dir"), "x");
        System.setProperty(DecodedCache.DIR_PROPERTY, blocker.resolve("idx").toString());
        assertEquals(40 * 16, load(gz).length, "a cache that cannot be written is skipped");

        System.setProperty(DecodedCache.DIR_PROPERTY, cache.toString());
        System.setProperty(DecodedCache.ENABLED_PROPERTY, "false");
        assertEquals(null, DecodedCache.directory());
        int before = DecodedCache.DECODES.get();
        assertEquals(40 * 16, load(gz).length);
        assertEquals(before + 2, DecodedCache.DECODES.get());
        assertTrue(copies(cache).isEmpty(), "trainbook.idxCache=false writes nothing");
    }

    @Test
    void defaultDirectoryIsTheUserCache() {
        System.clearProperty(DecodedCache.DIR_PROPERTY);
        Path d = DecodedCache.directory();
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        assertEquals(base.resolve("trainbook").resolve("idx"), d);
    }
}
