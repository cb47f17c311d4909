package trainbook.engine.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trainbook.engine.TrainSpec;
import trainbook.engine.grad.Gradients;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer, driven by a schedule with warmup and global-norm clipping, fits guide 001's linear regression
 * (y = 2·Σx + 3, 10 features) with a DJL Linear block.
 */
class OptimizersTrainTest {

    @ParameterizedTest(name = "{0} lr={1}")
    @CsvSource({"sgd,0.05", "momentum,0.02", "nesterov,0.02", "adam,0.2", "adamw,0.2", "rmsprop,0.1", "adagrad,1.0"})
    void fitsGuide001Regression(String opt, double lr) {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            NDArray x = root.randomNormal(new Shape(100, 10));
            NDArray y = x.sum(new int[]{1}, true).mul(2).add(3);
            Linear block = Linear.builder().setUnits(1).build();
            block.initialize(root, DataType.FLOAT32, new Shape(100, 10));
            PairList<String, Parameter> params = block.getParameters();
            ParameterStore ps = new ParameterStore(root, false);
            int steps = 150;
            Schedule sched = Schedules.warmup(Schedules.cosine(lr, lr / 100, steps - 10), 10);
            double first = Double.NaN, last = Double.NaN;
            try (UpdateRule o = Optimizers.create(new TrainSpec().opt(opt).wd(1e-4))) {
                for (int t = 0; t < steps; t++) {
                    try (NDManager step = root.newSubManager()) {
                        NDArray loss;
                        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                            NDArray xs = x.duplicate();
                            xs.attach(step);
                            NDArray pred = block.forward(ps, new NDList(xs), true).singletonOrThrow();
                            loss = pred.sub(y).square().mean();
                            gc.backward(loss);
                        }
                        double l = loss.getFloat();
                        if (t == 0) first = l;
                        last = l;
                        Gradients.clipByGlobalNorm(params, 50);
                        o.step(t, (float) sched.lr(t), params);
                    }
                }
            }
            assertTrue(last < first * 0.01, opt + ": loss " + first + " → " + last);
        }
    }
}
