package trainbook.engine.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every combination of the choices (and integer ranges), in order, first parameter slowest: trial k takes
 * combination k-1; after the last one the grid starts over. Float ranges have no grid.
 */
public final class GridSampler implements Sampler {
    @Override
    public Map<String, Object> sample(SearchSpace space, List<Trial> history, int number, Direction direction, Random rng) {
        long size = space.gridSize();
        if (size < 0) {
            String k = space.params().entrySet().stream().filter(e -> e.getValue() instanceof Param.FloatRange)
                    .map(e -> e.getKey() + "=" + e.getValue().describe()).findFirst().orElse("?");
            throw new IllegalArgumentException("search=grid needs listed values, but " + k
                    + " is a range: use search=random or search=tpe, or list values (e.g. lr=1e-3,1e-2)");
        }
        long index = Math.floorMod(number - 1L, size);
        List<String> keys = new ArrayList<>(space.params().keySet());
        Object[] vals = new Object[keys.size()];
        for (int i = keys.size() - 1; i >= 0; i--) {
            Param p = space.get(keys.get(i));
            long k = p instanceof Param.Choice c ? c.values().size() : ((Param.IntRange) p).hi() - ((Param.IntRange) p).lo() + 1;
            long at = index % k;
            index /= k;
            vals[i] = p instanceof Param.Choice c ? c.values().get((int) at) : ((Param.IntRange) p).lo() + at;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), vals[i]);
        return out;
    }

    @Override
    public String name() { return "grid"; }
}
