package trainbook.engine.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import trainbook.engine.data.DeviceData;
import trainbook.engine.metrics.MetricAccumulator;

import java.util.List;

import static trainbook.engine.loop.TrainingSession.EVAL_BATCH;

/**
 * One evaluation pass of a session's model over a data set, in inference mode ({@link TrainingSession#evaluate}): each
 * batch is reduced on the device to a few numbers that feed a {@link MetricAccumulator}.
 */
final class EvalPass {
    private EvalPass() {}

    static TrainingSession.Evaluation run(TrainingSession s, DeviceData d, List<String> metrics) {
        if (d == null || d.size() == 0) return TrainingSession.Evaluation.none(metrics);
        MetricAccumulator acc = new MetricAccumulator(s.classification, s.binary ? 2 : s.numClasses, metrics);
        double lossSum = 0;
        int n = d.size();
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            if (d == s.test) s.testBatches++;
            try (NDManager sm = s.dataManager.newSubManager()) {
                NDArray xb = d.xRange(sm, from, to);
                NDArray yb = d.yRange(sm, from, to);
                NDArray pred = s.block.forward(s.ps, new NDList(xb), false).singletonOrThrow();
                lossSum += s.loss.compute(pred, yb).getFloat() * (double) (to - from);
                if (s.classification) {
                    long[] labels = yb.reshape(-1).toType(DataType.INT64, false).toLongArray();
                    NDArray predicted = s.binary ? pred.reshape(-1).gt(0).toType(DataType.INT64, false) : pred.argMax(1);
                    acc.addClasses(labels, predicted.toType(DataType.INT64, false).toLongArray());
                    if (acc.wantsTop5() && !s.binary) {
                        // rank of the true class = number of classes scored above it
                        NDArray truth = pred.gather(yb.reshape(-1, 1).toType(DataType.INT64, false), 1);
                        acc.addTop5Hits(pred.gt(truth).sum(new int[]{1}).lt(5).sum().getLong());
                    }
                } else {
                    NDArray y = yb.reshape(-1).toType(DataType.FLOAT32, false);
                    NDArray e = y.sub(pred.reshape(-1));
                    float[] sums = NDArrays.stack(new NDList(e.abs().sum(), e.square().sum(), y.sum(), y.square().sum()))
                            .toFloatArray();
                    acc.addRegression(sums[0], sums[1], sums[2], sums[3], to - from);
                }
            }
        }
        return new TrainingSession.Evaluation(lossSum / n, s.classification ? acc.value("acc") : Double.NaN, acc.values());
    }
}
