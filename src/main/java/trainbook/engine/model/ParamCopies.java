package trainbook.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a model's parameters, for putting weights back later: early stopping keeps the best epoch's weights,
 * the LR range test restores the weights it started from (bit for bit).
 */
public final class ParamCopies {
    private ParamCopies() {}

    /** Copies every initialised parameter into {@code into} (null for uninitialised ones), in block order. */
    public static List<NDArray> snapshot(PairList<String, Parameter> params, NDManager into) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : params) {
            Parameter par = p.getValue();
            if (!par.isInitialized()) {
                out.add(null);
                continue;
            }
            NDArray c = par.getArray().duplicate();
            c.attach(into);
            out.add(c);
        }
        return out;
    }

    /** Writes copies made by {@link #snapshot} back into the same parameters, in place. */
    public static void restore(PairList<String, Parameter> params, List<NDArray> saved) {
        for (int i = 0; i < params.size(); i++) {
            NDArray b = saved.get(i);
            if (b != null) b.copyTo(params.get(i).getValue().getArray());
        }
    }
}
