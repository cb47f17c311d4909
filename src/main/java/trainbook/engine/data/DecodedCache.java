package trainbook.engine.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * Decompressed copies of gzip'd IDX files in the user's cache directory, so a fresh kernel reads Fashion-MNIST's
 * 47 MB of training images instead of inflating 26 MB of gzip (about 0.2 s of the first batch's latency here).
 *
 * <p>A cached copy is the decompressed file byte for byte. It is found by a name made from the source's absolute
 * path, size and modification time and the gzip trailer's CRC-32 and length of the decompressed data, and is used
 * only when its length and its CRC-32 equal that trailer's: a changed source (even one copied over with the same
 * size and time) or a torn or damaged copy is decoded again and rewritten. Nothing here can fail a load: a cache
 * that cannot be read or written is skipped.
 *
 * <p>Where: {@value #DIR_PROPERTY} when set, else {@code $XDG_CACHE_HOME/trainbook/idx}, else
 * {@code ~/.cache/trainbook/idx}. {@code -D}{@value #ENABLED_PROPERTY}{@code =false} turns it off.
 */
public final class DecodedCache {
    /** System property: the directory for decoded copies (default: the user cache directory, see the class doc). */
    public static final String DIR_PROPERTY = "trainbook.idxCacheDir";
    /** System property: {@code false} decodes every time and writes nothing. */
    public static final String ENABLED_PROPERTY = "trainbook.idxCache";
    private static final Logger LOG = LoggerFactory.getLogger(DecodedCache.class);
    /** gzip inflations done by this process (tests tell a cache hit from a decode with it). */
    static final AtomicInteger DECODES = new AtomicInteger();

    private DecodedCache() {}

    /** The cache directory in use now, or null when the cache is off. */
    public static Path directory() {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true").trim())) return null;
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) return Path.of(dir.trim());
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("trainbook").resolve("idx");
    }

    /** What a gzip file says about its content: its trailer's CRC-32 and length (mod 2³²), or null when not gzip. */
    private record Trailer(long crc, long size) {}

    /**
     * The payload of IDX file {@code file} (magic {@code magic}; {@code dims} filled), from the cached decoded copy
     * when it is valid, else decoded and cached.
     */
    static byte[] read(Path file, int magic, int[] dims) {
        Path dir = directory();
        Trailer t = dir == null ? null : trailer(file);
        if (t == null) {
            if (isGzip(file)) DECODES.incrementAndGet();
            return Idx.read(file, magic, dims);
        }
        Path copy = dir.resolve(name(file, t));
        byte[] cached = readCopy(copy, t, magic, dims);
        if (cached != null) return cached;
        DECODES.incrementAndGet();
        byte[] data = Idx.read(file, magic, dims);
        writeCopy(dir, copy, magic, dims, data);
        return data;
    }

    private static boolean isGzip(Path file) {
        try (var in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    /** The gzip trailer of {@code file}, or null when it is not gzip or cannot be read (the decode then reports it). */
    private static Trailer trailer(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            if (len < 18) return null;
            ByteBuffer head = ByteBuffer.allocate(2);
            ch.read(head, 0);
            if ((head.get(0) & 0xff) != 0x1f || (head.get(1) & 0xff) != 0x8b) return null;
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (tail.hasRemaining()) {
                if (ch.read(tail, len - 8 + tail.position()) < 0) return null;
            }
            return new Trailer(tail.getInt(0) & 0xffffffffL, tail.getInt(4) & 0xffffffffL);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String name(Path file, Trailer t) {
        String key;
        try {
            key = file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|"
                    + Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS) + "|" + t.crc() + "|" + t.size();
        } catch (IOException e) {
            key = file.toAbsolutePath().normalize() + "|" + t.crc() + "|" + t.size();
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            String base = file.getFileName().toString().replaceAll("\\.gz$", "").replaceAll("[^A-Za-z0-9._-]", "_");
            return base + "-" + HexFormat.of().formatHex(h, 0, 12) + ".idx";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The payload of a valid cached copy, or null (missing, wrong length, wrong CRC, wrong header). */
    private static byte[] readCopy(Path copy, Trailer t, int magic, int[] dims) {
        if (!Files.isRegularFile(copy)) return null;
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "r")) {
            long len = f.length();
            int headerLen = 4 + 4 * dims.length;
            if ((len & 0xffffffffL) != t.size() || len < headerLen) return null;
            byte[] header = new byte[headerLen];
            f.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header); // IDX is big-endian
            if (h.getInt() != magic) return null;
            long total = 1;
            int[] d = new int[dims.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = h.getInt();
                if (d[i] <= 0) return null;
                total *= d[i];
            }
            if (total != len - headerLen || total > Integer.MAX_VALUE) return null;
            byte[] data = new byte[(int) total];
            f.readFully(data);
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(data);
            if (crc.getValue() != t.crc()) {
                LOG.info("decoded copy {} does not match its source; decoding again", copy);
                return null;
            }
            System.arraycopy(d, 0, dims, 0, d.length);
            return data;
        } catch (IOException | RuntimeException e) {
            LOG.debug("decoded copy {} unreadable: {}", copy, e.toString());
            return null;
        }
    }

    /** Writes the decoded file next to its final name, then moves it there, so a reader never sees half of it. */
    private static void writeCopy(Path dir, Path copy, int magic, int[] dims, byte[] data) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, copy.getFileName().toString(), ".part");
            ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
            header.putInt(magic);
            for (int d : dims) header.putInt(d);
            header.flip();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (header.hasRemaining()) ch.write(header);
                // in 1 MB pieces: the JDK copies a heap buffer through a temporary direct one of the same size and
                // keeps it for the thread, which for the whole array would be 47 MB held for good
                for (int off = 0; off < data.length; off += 1 << 20) {
                    ByteBuffer body = ByteBuffer.wrap(data, off, Math.min(1 << 20, data.length - off));
                    while (body.hasRemaining()) ch.write(body);
                }
            }
            try {
                Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | RuntimeException e) {
            LOG.info("decoded IDX copy not cached in {}: {}", dir, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover .part file is never read
                }
            }
        }
    }
}
