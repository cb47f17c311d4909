package trainbook.engine.store;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** {@code run.json} is strict JSON (non-finite numbers as strings), and records written before that still load. */
class StrictJsonTest {
    static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY, NINF = Double.NEGATIVE_INFINITY;
    /** A bare NaN / Infinity token where a JSON value starts: what a strict reader rejects. */
    static final Pattern BARE = Pattern.compile("[:\\[,]\\s*-?(NaN|Infinity)\\b");

    @TempDir
    Path dir;

    /** The sample record with NaN and ±∞ in every kind of place a double lives. */
    static RunRecord nonFinite(String name) {
        RunRecord r = RunStoreTest.sample(name);
        r.metrics().put("val_loss", NAN);
        r.metrics().put("train_loss", INF);
        r.metrics().put("val_acc", NINF);
        r.metrics().put("test_acc", 0.875);
        r.epochs().add(new EpochRecord(2, INF, NAN, NINF, 0.5, 1e-3, 0.25));
        r.steps().add(new StepRecord(2, 2, 0, 1e-3, INF, NAN, NINF, 3.0));
        r.steps().add(new StepRecord(3, 2, 1, NAN, NINF, INF, NAN, 2.5));
        r.gradSamples().add(new GradSample(2, Map.of("w", INF), Map.of("w", NAN)));
        r.deadUnits().put("relu2", NAN);
        r.schedule(new double[]{1e-3, NAN, INF, NINF});
        r.lrFinderSuggestion(NINF);
        return r;
    }

    @Test
    void nonFiniteValuesRoundTripThroughTheStore() {
        RunStore store = new RunStore(dir);
        RunRecord r = nonFinite("nonfinite");
        store.save(r, null);
        RunRecord back = store.load("nonfinite");
        assertEquals(r.metrics(), back.metrics()); // Double.equals: NaN equals NaN, +∞ and −∞ differ
        assertEquals(r.epochs(), back.epochs());   // record equality compares doubles bit-wise too
        assertEquals(r.steps(), back.steps());
        assertEquals(r.gradSamples(), back.gradSamples());
        assertEquals(r.deadUnits(), back.deadUnits());
        assertArrayEquals(r.schedule(), back.schedule());
        assertEquals(NINF, back.lrFinderSuggestion());
        assertEquals(INF, back.steps().get(2).loss());
        assertEquals(NINF, back.steps().get(3).loss());
        assertTrue(Double.isNaN(back.metric("val_loss")));
    }

    @Test
    void savedRecordIsStrictJsonWithNonFiniteNumbersAsStrings() throws Exception {
        RunStore store = new RunStore(dir);
        store.save(nonFinite("strict"), null);
        String json = Files.readString(dir.resolve("strict").resolve(RunStore.RECORD), StandardCharsets.UTF_8);
        assertFalse(BARE.matcher(json).find(), "bare NaN/Infinity token in run.json");
        JsonReader strict = new JsonReader(new StringReader(json));
        strict.setStrictness(Strictness.STRICT);
        JsonObject o = JsonParser.parseReader(strict).getAsJsonObject();
        JsonObject metrics = o.getAsJsonObject("metrics");
        assertEquals("NaN", metrics.get("val_loss").getAsString());
        assertEquals("Infinity", metrics.get("train_loss").getAsString());
        assertEquals("-Infinity", metrics.get("val_acc").getAsString());
        JsonElement acc = metrics.get("test_acc");
        assertTrue(acc.getAsJsonPrimitive().isNumber(), "finite values stay numbers");
        assertEquals(0.875, acc.getAsDouble());
        assertEquals("-Infinity", o.getAsJsonArray("schedule").get(3).getAsString());
    }

    @Test
    void recordsWithBareNanFromOlderVersionsStillLoad() throws Exception {
        RunRecord r = nonFinite("legacy");
        // exactly how records were written before: Gson with serializeSpecialFloatingPointValues
        String old = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create().toJson(r);
        assertTrue(old.contains(": NaN") && old.contains(": Infinity") && old.contains(": -Infinity"), "legacy file has bare tokens");
        Path f = dir.resolve("legacy").resolve(RunStore.RECORD);
        Files.createDirectories(f.getParent());
        Files.writeString(f, old, StandardCharsets.UTF_8);
        RunStore store = new RunStore(dir);
        RunRecord back = store.load("legacy");
        assertEquals(r.metrics(), back.metrics());
        assertEquals(r.epochs(), back.epochs());
        assertEquals(r.steps(), back.steps());
        assertArrayEquals(r.schedule(), back.schedule());
        assertEquals(1, store.loadAll().size());
        assertTrue(store.warnings().isEmpty(), store.warnings().toString());
        // saving it again rewrites it strictly
        store.save(back, null);
        assertFalse(BARE.matcher(Files.readString(f, StandardCharsets.UTF_8)).find());
    }

    @Test
    void nullReadsAsNanForPrimitivesAndStaysNullWhenBoxed() {
        var gson = StrictJson.gson();
        EpochRecord e = gson.fromJson("{\"epoch\":1,\"trainLoss\":null,\"valLoss\":\"nan\",\"trainAcc\":\"inf\","
                + "\"valAcc\":\"-inf\",\"lr\":1e-3,\"seconds\":\"2.5\"}", EpochRecord.class);
        assertTrue(Double.isNaN(e.trainLoss()));
        assertTrue(Double.isNaN(e.valLoss()));
        assertEquals(INF, e.trainAcc());
        assertEquals(NINF, e.valAcc());
        assertEquals(2.5, e.seconds());
        Double boxed = gson.fromJson("null", Double.class);
        assertNull(boxed);
        assertEquals("[\"NaN\",null,1.5]", StrictJson.builder().create().toJson(new Double[]{NAN, null, 1.5}));
    }

    @Test
    void aWordWhereANumberBelongsIsAnErrorNamingIt() {
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> StrictJson.gson().fromJson("{\"epoch\":1,\"trainLoss\":\"lots\"}", EpochRecord.class));
        assertTrue(e.getMessage().contains("\"lots\""), e.getMessage());
    }
}
