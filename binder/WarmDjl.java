import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Runs one tiny PyTorch op through DJL so that the native libraries are unpacked into ~/.djl.ai at image build
 * time (binder/postBuild runs it with {@code java -cp "LIB/*" binder/WarmDjl.java}); the first notebook cell then
 * starts in seconds instead of unpacking ~450 MB.
 */
public class WarmDjl {
    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.arange(6f).reshape(2, 3);
            float sum = a.matMul(a.transpose()).sum().getFloat();
            if (Math.abs(sum - 83f) > 1e-4f) {
                throw new IllegalStateException("DJL warm-up computed " + sum + ", expected 83");
            }
            System.out.println("DJL " + engine.getEngineName() + " " + engine.getVersion() + " ready (check sum " + sum + ")");
        }
    }
}
