package trainbook.engine.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * Dead-ReLU probe: runs one probe batch through a {@link SequentialBlock} child by child (inference mode) and, after
 * each ReLU activation, measures the fraction of units that are zero for every sample of the batch. Keys are
 * {@code relu1}, {@code relu2}, ... in layer order; blocks that are not sequential give an empty map.
 */
public final class DeadUnits {
    private DeadUnits() {}

    /**
     * @param block  the model
     * @param x      probe batch (samples along axis 0)
     * @return ReLU layer → fraction of always-zero units
     */
    public static LinkedHashMap<String, Double> measure(Block block, NDArray x) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        if (!(block instanceof SequentialBlock)) return out;
        try (NDManager m = x.getManager().newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(m);
            ParameterStore ps = new ParameterStore(m, false);
            walk((SequentialBlock) block, new NDList(in), ps, out, m);
        }
        return out;
    }

    private static NDList walk(SequentialBlock seq, NDList in, ParameterStore ps, LinkedHashMap<String, Double> out,
                               NDManager m) {
        NDList cur = in;
        for (Pair<String, Block> child : seq.getChildren()) {
            Block b = child.getValue();
            if (b instanceof SequentialBlock s) {
                cur = walk(s, cur, ps, out, m);
                continue;
            }
            cur = b.forward(ps, cur, false);
            for (NDArray a : cur) a.attach(m);
            if (isRelu(b)) {
                NDArray a = cur.head();
                long bsz = a.getShape().get(0);
                NDArray flat = a.reshape(bsz, -1);
                double dead = flat.max(new int[]{0}).eq(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .mean().getFloat();
                out.put("relu" + (out.size() + 1), dead);
            }
        }
        return cur;
    }

    private static boolean isRelu(Block b) {
        return b instanceof LambdaBlock lb && lb.getName() != null && lb.getName().toLowerCase(Locale.ROOT).equals("relu");
    }
}
