package trainbook.engine.sweep;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Picks the parameters of the next trial. A sampler holds no state between calls: everything it needs is the
 * space, the trials so far and a random source the study seeds from its seed and the trial number, so a study
 * draws the same trials again after a restart.
 */
@FunctionalInterface
public interface Sampler {
    /**
     * The parameters of trial {@code number} (from 1).
     *
     * @param history   every trial so far (samplers read the COMPLETE and PRUNED ones)
     * @param direction which values are better
     */
    Map<String, Object> sample(SearchSpace space, List<Trial> history, int number, Direction direction, Random rng);

    /** The name saved with a study: {@code grid}, {@code random}, {@code tpe}. */
    default String name() { return "custom"; }
}
