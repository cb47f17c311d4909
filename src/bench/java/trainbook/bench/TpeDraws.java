package trainbook.bench;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.TpeSampler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Trainbook's side of bench/tpe_draws.py: the point TPE picks next after a fixed history, drawn many times (one
 * random stream per draw), so its distribution can be set beside Optuna's on the same history. Reads
 * {@code {"x": [[x0..x5], ...], "y": [...]}} (points of [0, 1]^6 and their values, minimised) and writes a JSON
 * array of draws.
 *
 * <pre>java -cp target/classes:target/lib/* trainbook.bench.TpeDraws HISTORY.json DRAWS OUT.json</pre>
 */
public final class TpeDraws {
    private TpeDraws() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("usage: TpeDraws HISTORY.json DRAWS OUT.json");
        JsonObject h = new Gson().fromJson(Files.readString(Path.of(args[0])), JsonObject.class);
        int draws = Integer.parseInt(args[1]);
        JsonArray xs = h.getAsJsonArray("x"), ys = h.getAsJsonArray("y");
        int dims = xs.get(0).getAsJsonArray().size();
        SearchSpace space = SearchSpace.of();
        for (int i = 0; i < dims; i++) space.floatRange("x" + i, 0, 1);
        // replay the history through a study, so the trials are exactly what a study would hold
        Study study = Study.builder().space(space).sampler((sp, hist, number, dir, rng) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            JsonArray row = xs.get(number - 1).getAsJsonArray();
            for (int i = 0; i < dims; i++) m.put("x" + i, row.get(i).getAsDouble());
            return m;
        }).build();
        for (int t = 0; t < xs.size(); t++) study.ask().complete(ys.get(t).getAsDouble());
        TpeSampler tpe = new TpeSampler();
        double[][] out = new double[draws][dims];
        for (int k = 0; k < draws; k++) {
            Map<String, Object> m = tpe.sample(space, study.trials(), xs.size() + 1, Direction.MINIMIZE, new Random(1000L + k));
            for (int i = 0; i < dims; i++) out[k][i] = (Double) m.get("x" + i);
        }
        Files.writeString(Path.of(args[2]), new Gson().toJson(out));
    }
}
