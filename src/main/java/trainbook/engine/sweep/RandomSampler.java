package trainbook.engine.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Independent uniform draws: uniform in a range's internal scale (its log for log ranges), uniform over choices. */
public final class RandomSampler implements Sampler {
    @Override
    public Map<String, Object> sample(SearchSpace space, List<Trial> history, int number, Direction direction, Random rng) {
        Map<String, Object> out = new LinkedHashMap<>();
        space.params().forEach((k, p) -> out.put(k, draw(p, rng)));
        return out;
    }

    /** One uniform draw of {@code p}. */
    static Object draw(Param p, Random rng) {
        if (p instanceof Param.Choice c) return c.values().get(rng.nextInt(c.values().size()));
        return p.external(p.low() + rng.nextDouble() * (p.high() - p.low()));
    }

    @Override
    public String name() { return "random"; }
}
