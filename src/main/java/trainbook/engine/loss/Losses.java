package trainbook.engine.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The losses {@code loss=} names: {@code ce} (softmax cross-entropy on logits, integer labels), {@code bce}
 * (sigmoid binary cross-entropy on one logit, numerically stable), {@code mse}, {@code mae}, {@code huber}
 * (δ = 1; DJL has none), and {@code custom} (a {@link TrainLoss}, a {@code BiFunction<NDArray, NDArray, NDArray>}
 * or a DJL {@link Loss} handed in as an object). Default by task: {@code ce} for classification, {@code mse} for
 * regression.
 */
public final class Losses {
    /** Valid names. */
    public static final List<String> VALID = List.of("ce", "bce", "mse", "mae", "huber");

    private Losses() {}

    /** The loss name to use: the given one (validated) or the task's default. */
    public static String resolveName(String loss, boolean classification) {
        if (loss == null || loss.isBlank() || loss.equals("auto")) return classification ? "ce" : "mse";
        String l = loss.trim().toLowerCase(Locale.ROOT);
        if (!VALID.contains(l)) {
            throw new IllegalArgumentException("loss '" + loss + "': unknown loss; valid: " + String.join(", ", VALID)
                    + " (or a custom loss object)");
        }
        return l;
    }

    /** Model outputs a loss needs: 1 for bce and regression, the class count for ce. */
    public static int outputs(String lossName, boolean classification, int numClasses) {
        if (lossName.equals("ce")) {
            if (!classification) {
                throw new IllegalArgumentException("loss 'ce' needs class labels but the data is a regression set;"
                        + " use loss=mse, mae or huber");
            }
            return numClasses;
        }
        if (lossName.equals("bce")) {
            if (classification && numClasses > 2) {
                throw new IllegalArgumentException("loss 'bce' is for two classes but the data has " + numClasses
                        + "; use loss=ce");
            }
            return 1;
        }
        if (classification) {
            throw new IllegalArgumentException("loss '" + lossName + "' is a regression loss but the data has class"
                    + " labels; use loss=ce (or bce for two classes)");
        }
        return 1;
    }

    /** A built-in loss by name ({@link #VALID}). */
    public static TrainLoss of(String name) {
        switch (name) {
            case "ce": return named("ce", Losses::crossEntropy);
            case "bce": return named("bce", Losses::binaryCrossEntropy);
            case "mse": return named("mse", Losses::mse);
            case "mae": return named("mae", Losses::mae);
            case "huber": return named("huber", (p, l) -> huber(p, l, 1.0));
            default:
                throw new IllegalArgumentException("loss '" + name + "': unknown loss; valid: " + String.join(", ", VALID));
        }
    }

    /**
     * Wraps a custom loss object: a {@link TrainLoss}, a {@code BiFunction<NDArray, NDArray, NDArray>}
     * ({@code (pred, label) -> loss}) or a DJL {@link Loss}. Non-scalar results are averaged.
     */
    @SuppressWarnings("unchecked")
    public static TrainLoss custom(Object o) {
        if (o instanceof TrainLoss t) return t;
        if (o instanceof Loss djl) {
            return named("custom:" + djl.getName(), (p, l) -> scalar(djl.evaluate(new NDList(l), new NDList(p))));
        }
        if (o instanceof BiFunction<?, ?, ?> f) {
            BiFunction<NDArray, NDArray, NDArray> g = (BiFunction<NDArray, NDArray, NDArray>) f;
            return named("custom", (p, l) -> scalar(g.apply(p, l)));
        }
        throw new IllegalArgumentException("loss object of type " + o.getClass().getName() + " is not supported;"
                + " hand in a TrainLoss, a BiFunction<NDArray, NDArray, NDArray> or a DJL Loss");
    }

    private static NDArray scalar(NDArray a) {
        return a.getShape().isScalar() ? a : a.mean();
    }

    static TrainLoss named(String name, TrainLoss f) {
        return new TrainLoss() {
            @Override public NDArray compute(NDArray pred, NDArray label) { return f.compute(pred, label); }
            @Override public String name() { return name; }
            @Override public String toString() { return name; }
        };
    }

    /** Softmax cross-entropy of logits {@code [B, C]} against class indices {@code [B]}. */
    public static NDArray crossEntropy(NDArray pred, NDArray label) {
        NDArray lab = label.getDataType() == DataType.INT64 ? label : label.toType(DataType.INT64, false);
        NDArray logp = pred.logSoftmax(1);
        return logp.get(new NDIndex().addAllDim().addPickDim(lab.reshape(-1))).neg().mean();
    }

    /** Binary cross-entropy of logits against 0/1 targets: max(x,0) − x·y + log(1 + e^−|x|). */
    public static NDArray binaryCrossEntropy(NDArray pred, NDArray label) {
        NDArray x = pred.reshape(-1);
        NDArray y = label.toType(x.getDataType(), false).reshape(-1);
        return x.maximum(0).sub(x.mul(y)).add(x.abs().neg().exp().add(1).log()).mean();
    }

    /** Mean squared error. */
    public static NDArray mse(NDArray pred, NDArray label) {
        return pred.sub(align(pred, label)).square().mean();
    }

    /** Mean absolute error. */
    public static NDArray mae(NDArray pred, NDArray label) {
        return pred.sub(align(pred, label)).abs().mean();
    }

    /**
     * Huber loss with threshold δ: ½d² where |d| ≤ δ, δ(|d| − ½δ) beyond, written as ½q² + δ(|d| − q) with
     * q = min(|d|, δ).
     */
    public static NDArray huber(NDArray pred, NDArray label, double delta) {
        NDArray a = pred.sub(align(pred, label)).abs();
        NDArray q = a.minimum(delta);
        return q.square().mul(0.5).add(a.sub(q).mul(delta)).mean();
    }

    private static NDArray align(NDArray pred, NDArray label) {
        NDArray l = label.getDataType() == pred.getDataType() ? label : label.toType(pred.getDataType(), false);
        if (!l.getShape().equals(pred.getShape()) && l.size() == pred.size()) l = l.reshape(pred.getShape());
        return l;
    }
}
