package trainbook.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files (gzip-compressed or raw): {@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}.
 * Pixels are scaled to [0, 1]; samples have shape {@code [1, rows, cols]}.
 */
public final class Idx {
    /** Where the Debian package dataset-fashion-mnist installs Fashion-MNIST. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    /** Conventional directory for MNIST. */
    public static final String MNIST_DIR = "/usr/share/datasets/mnist";

    static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Idx() {}

    /**
     * Loads one split ({@code train} or {@code t10k}) from a directory.
     *
     * @param dir   directory holding the IDX files
     * @param split {@code train} or {@code t10k}
     * @param name  data name recorded in the result
     * @param hint  what to install or pass when the files are missing, used in error messages
     * @throws IllegalArgumentException naming the missing or corrupt file
     */
    public static HostData load(Path dir, String split, String name, String hint) {
        Path images = find(dir, split + "-images-idx3-ubyte", hint);
        Path labels = find(dir, split + "-labels-idx1-ubyte", hint);
        int[] shape = new int[3];
        byte[] px = DecodedCache.read(images, 2051, shape);
        int[] lshape = new int[1];
        byte[] lb = DecodedCache.read(labels, 2049, lshape);
        if (shape[0] != lshape[0]) {
            throw new IllegalArgumentException("IDX files disagree: " + images + " has " + shape[0] + " images but "
                    + labels + " has " + lshape[0] + " labels (corrupt download? " + hint + ")");
        }
        int n = shape[0];
        float[] y = new float[n];
        int maxLabel = 0;
        for (int i = 0; i < n; i++) {
            y[i] = lb[i] & 0xff;
            maxLabel = Math.max(maxLabel, lb[i] & 0xff);
        }
        int classes = Math.max(10, maxLabel + 1);
        List<String> names = name.startsWith("fashion") ? FASHION_CLASSES : List.of();
        return HostData.ofPixels(name, px, 1 / 255f, new long[]{1, shape[1], shape[2]}, y, HostData.CLASSIFICATION,
                classes, names);
    }

    private static Path find(Path dir, String base, String hint) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) return raw;
        throw new IllegalArgumentException("missing IDX file " + gz + " (or " + raw + "): " + hint);
    }

    /** Reads an IDX file with the given magic number; fills dims and returns the payload. */
    static byte[] read(Path file, int magic, int[] dims) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            DataInputStream d = new DataInputStream(in);
            int m = d.readInt();
            if (m != magic) {
                throw new IllegalArgumentException("corrupt IDX file " + file + ": magic number " + m + ", expected "
                        + magic + " (re-install the data or point data=idx:DIR at a good copy)");
            }
            long total = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = d.readInt();
                if (dims[i] <= 0) throw new IllegalArgumentException("corrupt IDX file " + file + ": dimension " + dims[i]);
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("IDX file " + file + " is too large");
            byte[] data = new byte[(int) total];
            d.readFully(data);
            return data;
        } catch (EOFException e) {
            throw new IllegalArgumentException("corrupt IDX file " + file + ": truncated (re-install the data or"
                    + " point data=idx:DIR at a good copy)");
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException("corrupt IDX file " + file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }
}
