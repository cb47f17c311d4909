package trainbook.engine.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-parameter gradient statistics at one step, ordered from the first layer to the last.
 *
 * @param step         global step
 * @param gradNorms    parameter name → L2 norm of its gradient
 * @param updateRatios parameter name → ||update|| / ||param|| for this step
 */
public record GradSample(int step, LinkedHashMap<String, Double> gradNorms, LinkedHashMap<String, Double> updateRatios) {
    public GradSample(int step, Map<String, Double> gradNorms, Map<String, Double> updateRatios) {
        this(step, new LinkedHashMap<>(gradNorms), new LinkedHashMap<>(updateRatios));
    }
}
