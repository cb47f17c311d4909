package trainbook.reliability;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes a tiny MNIST-shaped IDX data set (raw, not gzipped): 28×28 images, labels 0–9. */
final class TinyIdx {
    private TinyIdx() {}

    static void write(Path dir, int train, int test) throws IOException {
        Random rnd = new Random(5);
        for (String split : new String[]{"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(split + "-images-idx3-ubyte")))) {
                out.writeInt(0x803);
                out.writeInt(n);
                out.writeInt(28);
                out.writeInt(28);
                byte[] px = new byte[n * 28 * 28];
                rnd.nextBytes(px);
                out.write(px);
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(split + "-labels-idx1-ubyte")))) {
                out.writeInt(0x801);
                out.writeInt(n);
                for (int i = 0; i < n; i++) out.writeByte(i % 10);
            }
        }
    }
}
