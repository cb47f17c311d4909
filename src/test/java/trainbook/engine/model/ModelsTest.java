package trainbook.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ModelsTest {
    static Shape out(Block b, Shape in) {
        try (NDManager m = NDManager.newBaseManager()) {
            b.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            return b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().getShape();
        }
    }

    @Test
    void buildsEveryNamedModelWithTheRightOutputShape() {
        long[] img = {1, 28, 28};
        assertEquals(new Shape(4, 10), out(Models.build("linear", "relu", 0, "none", img, 10), new Shape(4, 1, 28, 28)));
        assertEquals(new Shape(4, 10), out(Models.build("mlp", "gelu", 0.2, "batchnorm", img, 10), new Shape(4, 1, 28, 28)));
        assertEquals(new Shape(4, 3), out(Models.build("mlp(8,8,8)", "tanh", 0, "layernorm", new long[]{5}, 3), new Shape(4, 5)));
        assertEquals(new Shape(4, 1), out(Models.build("mlp()", "sigmoid", 0, "none", new long[]{5}, 1), new Shape(4, 5)));
        assertEquals(new Shape(2, 10), out(Models.build("cnn", "relu", 0, "batchnorm", img, 10), new Shape(2, 1, 28, 28)));
        assertEquals(new Shape(2, 10), out(Models.build("lenet", "leakyrelu", 0, "none", img, 10), new Shape(2, 1, 28, 28)));
    }

    @Test
    void cnnPoolsBeforeAMonotoneActivationWithTheSameOutputs() {
        for (String act : new String[]{"relu", "leakyrelu", "tanh", "sigmoid", "gelu"}) {
            SequentialBlock b = (SequentialBlock) Models.build("cnn", act, 0, "none", new long[]{1, 28, 28}, 10);
            java.util.List<Block> kids = new java.util.ArrayList<>();
            for (var c : b.getChildren()) kids.add(c.getValue());
            boolean monotone = !act.equals("gelu");
            // conv, then pool and act in the order that is cheaper yet identical
            assertEquals(monotone, kids.get(1) instanceof ai.djl.nn.LambdaBlock && !Models.isActivation(kids.get(1), act), act);
            assertTrue(Models.isActivation(kids.get(monotone ? 2 : 1), act), act);
            try (NDManager m = NDManager.newBaseManager()) {
                Shape in = new Shape(3, 1, 28, 28);
                b.initialize(m, DataType.FLOAT32, in);
                NDArray x = m.randomNormal(in);
                ParameterStore ps = new ParameterStore(m, false);
                NDArray got = b.forward(ps, new NDList(x), false).singletonOrThrow();
                // the textbook order conv → act → pool, with the same children
                if (monotone) {
                    java.util.Collections.swap(kids, 1, 2);
                    java.util.Collections.swap(kids, 4, 5);
                }
                NDList h = new NDList(x);
                for (Block k : kids) h = k.forward(ps, h, false);
                NDArray want = h.singletonOrThrow();
                assertTrue(got.sub(want).abs().max().getFloat() < 1e-6f, act);
            }
        }
    }

    @Test
    void mlpHasTheRequestedLayers() {
        SequentialBlock b = (SequentialBlock) Models.build("mlp(256,128)", "relu", 0.5, "none", new long[]{784}, 10);
        // flatten, (linear, relu, dropout) × 2, linear
        assertEquals(8, b.getChildren().size());
        try (NDManager m = NDManager.newBaseManager()) {
            b.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            long count = 0;
            for (var p : b.getParameters()) count += p.getValue().getArray().size();
            assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, count);
        }
    }

    @Test
    void badNamesGiveOneLineErrorsListingValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.build("resnet", "relu", 0, "none", new long[]{4}, 2));
        assertTrue(e.getMessage().contains("'resnet'") && e.getMessage().contains("lenet"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build("mlp(64,x)", "relu", 0, "none", new long[]{4}, 2));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build("mlp", "swish", 0, "none", new long[]{4}, 2));
        assertTrue(e.getMessage().contains("'swish'") && e.getMessage().contains("gelu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.build("cnn", "relu", 0, "none", new long[]{4}, 2));
        assertTrue(e.getMessage().contains("mlp"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Models.build("mlp", "relu", 1.0, "none", new long[]{4}, 2));
        assertThrows(IllegalArgumentException.class, () -> Models.build("mlp", "relu", 0, "groupnorm", new long[]{4}, 2));
    }
}
