package trainbook.engine.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Builds the models that {@code model=} names:
 * <ul>
 *   <li>{@code linear} — flatten + one dense layer</li>
 *   <li>{@code mlp} or {@code mlp(h1,h2,...)} — flatten + dense hidden layers (default 256,128) with
 *       {@code act=}, optional {@code norm=batchnorm|layernorm} and {@code dropout=}</li>
 *   <li>{@code cnn} — conv32-conv64 (3×3, same padding, each followed by 2×2 max-pool) then dense128</li>
 *   <li>{@code lenet} — LeNet-5: conv6 5×5 (pad 2), avg-pool, conv16 5×5, avg-pool, dense120, dense84</li>
 * </ul>
 * Activation blocks are named after the activation ({@code relu}, {@code gelu}, ...) so probes can find them.
 */
public final class Models {
    /** Valid model names, for error messages. */
    /** The built-in model names ({@code mlp} also as {@code mlp(h1,h2,...)}). */
    public static final List<String> NAMES = List.of("linear", "mlp", "cnn", "lenet");
    public static final String VALID = "linear, mlp, mlp(h1,h2,...), cnn, lenet (or a DJL Block object)";
    /** Valid activation names. */
    public static final List<String> ACTIVATIONS = List.of("relu", "leakyrelu", "gelu", "tanh", "sigmoid");
    /** Activations that never decrease, so that they commute with max-pooling (GELU dips below zero). */
    static final List<String> MONOTONE = List.of("relu", "leakyrelu", "tanh", "sigmoid");
    /** Valid normalisation names. */
    public static final List<String> NORMS = List.of("none", "batchnorm", "layernorm");

    private Models() {}

    /**
     * Builds an uninitialised block.
     *
     * @param model       model name as in {@code model=}
     * @param act         activation name
     * @param dropout     dropout rate in [0, 1)
     * @param norm        none | batchnorm | layernorm
     * @param sampleShape shape of one input sample
     * @param outputs     number of outputs (classes, or 1)
     */
    public static Block build(String model, String act, double dropout, String norm, long[] sampleShape, int outputs) {
        Block b = buildRaw(model, act, dropout, norm, sampleShape, outputs);
        b.setInitializer(defaultInitializer(), Parameter.Type.WEIGHT);
        return b;
    }

    /**
     * PyTorch's default weight initialisation for dense and convolution layers, U(−1/√fan_in, 1/√fan_in), so the
     * initial loss of a classifier sits near ln(classes) as the guides expect (DJL's default Xavier is twice as
     * wide). Biases start at zero.
     */
    public static XavierInitializer defaultInitializer() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
    }

    private static Block buildRaw(String model, String act, double dropout, String norm, long[] sampleShape, int outputs) {
        String m = model == null ? "mlp" : model.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout '" + dropout + "': expected a rate in [0, 1), e.g. dropout=0.2");
        }
        String a = act == null ? "relu" : act.trim().toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(a)) {
            throw new IllegalArgumentException("act '" + act + "': unknown activation; valid: " + String.join(", ", ACTIVATIONS));
        }
        String n = norm == null ? "none" : norm.trim().toLowerCase(Locale.ROOT);
        if (!NORMS.contains(n)) {
            throw new IllegalArgumentException("norm '" + norm + "': valid: " + String.join(", ", NORMS));
        }
        if (m.equals("linear")) {
            return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(outputs).build());
        }
        if (m.equals("mlp") || m.startsWith("mlp(")) {
            return mlp(hidden(model, m), a, dropout, n, outputs);
        }
        if (m.equals("cnn") || m.equals("lenet")) {
            if (sampleShape.length != 3) {
                throw new IllegalArgumentException("model '" + model + "' needs image samples of shape C×H×W; this data"
                        + " has samples of shape " + java.util.Arrays.toString(sampleShape) + " — use model=mlp");
            }
            return m.equals("cnn") ? cnn(a, dropout, n, outputs) : lenet(a, n, outputs);
        }
        throw new IllegalArgumentException("model '" + model + "': unknown model; valid: " + VALID);
    }

    private static int[] hidden(String raw, String m) {
        if (m.equals("mlp")) return new int[]{256, 128};
        if (!m.endsWith(")")) throw new IllegalArgumentException("model '" + raw + "': missing ')', e.g. mlp(256,128)");
        String inner = m.substring(4, m.length() - 1);
        if (inner.isEmpty()) return new int[0];
        String[] parts = inner.split(",");
        int[] h = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                h[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model '" + raw + "': hidden size '" + parts[i]
                        + "' is not a whole number, e.g. mlp(256,128)");
            }
            if (h[i] < 1) throw new IllegalArgumentException("model '" + raw + "': hidden size '" + parts[i] + "' must be ≥ 1");
        }
        return h;
    }

    /** A multilayer perceptron. */
    public static SequentialBlock mlp(int[] hidden, String act, double dropout, String norm, int outputs) {
        SequentialBlock b = new SequentialBlock();
        b.add(Blocks.batchFlattenBlock());
        for (int h : hidden) {
            b.add(Linear.builder().setUnits(h).build());
            addNorm(b, norm, false);
            b.add(activation(act));
            if (dropout > 0) b.add(Dropout.builder().optRate((float) dropout).build());
        }
        b.add(Linear.builder().setUnits(outputs).build());
        return b;
    }

    private static SequentialBlock cnn(String act, double dropout, String norm, int outputs) {
        SequentialBlock b = new SequentialBlock();
        boolean poolFirst = MONOTONE.contains(act);
        for (int filters : new int[]{32, 64}) {
            b.add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build());
            addNorm(b, norm, true);
            // max-pooling commutes with a non-decreasing activation: act(max(x)) = max(act(x)). Pooling first
            // gives the same outputs and gradients while the activation and its backward touch a quarter of
            // the elements (measured: see the README's benchmark section)
            if (!poolFirst) b.add(activation(act));
            b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            if (poolFirst) b.add(activation(act));
        }
        b.add(Blocks.batchFlattenBlock());
        b.add(Linear.builder().setUnits(128).build());
        addNorm(b, norm, false);
        b.add(activation(act));
        if (dropout > 0) b.add(Dropout.builder().optRate((float) dropout).build());
        b.add(Linear.builder().setUnits(outputs).build());
        return b;
    }

    private static SequentialBlock lenet(String act, String norm, int outputs) {
        SequentialBlock b = new SequentialBlock();
        b.add(Conv2d.builder().setFilters(6).setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).build());
        addNorm(b, norm, true);
        b.add(activation(act));
        b.add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        b.add(Conv2d.builder().setFilters(16).setKernelShape(new Shape(5, 5)).build());
        addNorm(b, norm, true);
        b.add(activation(act));
        b.add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        b.add(Blocks.batchFlattenBlock());
        b.add(Linear.builder().setUnits(120).build());
        b.add(activation(act));
        b.add(Linear.builder().setUnits(84).build());
        b.add(activation(act));
        b.add(Linear.builder().setUnits(outputs).build());
        return b;
    }

    private static void addNorm(SequentialBlock b, String norm, boolean conv) {
        if (norm.equals("batchnorm")) {
            b.add(BatchNorm.builder().build());
        } else if (norm.equals("layernorm")) {
            b.add(conv ? LayerNorm.builder().axis(1, 2, 3).build() : LayerNorm.builder().build());
        }
    }

    /** A named activation block: relu, leakyrelu (slope 0.01), gelu, tanh, sigmoid. */
    public static Block activation(String act) {
        Function<NDList, NDList> f;
        switch (act) {
            case "relu": f = Activation::relu; break;
            case "leakyrelu": f = l -> Activation.leakyRelu(l, 0.01f); break;
            case "gelu": f = Activation::gelu; break;
            case "tanh": f = Activation::tanh; break;
            case "sigmoid": f = Activation::sigmoid; break;
            default:
                throw new IllegalArgumentException("act '" + act + "': unknown activation; valid: " + String.join(", ", ACTIVATIONS));
        }
        return new LambdaBlock(f, act);
    }

    /** Whether a block is one of the activation blocks built here with the given name. */
    public static boolean isActivation(Block b, String act) {
        return b instanceof LambdaBlock lb && act.equals(lb.getName());
    }

    /** Names of the hidden sizes parsed from {@code mlp(...)}, for descriptions. */
    public static List<Integer> hiddenSizes(String model) {
        String m = model.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        List<Integer> l = new ArrayList<>();
        if (m.equals("mlp") || m.startsWith("mlp(")) for (int h : hidden(model, m)) l.add(h);
        return l;
    }
}
