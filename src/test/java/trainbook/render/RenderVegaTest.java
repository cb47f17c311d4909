package trainbook.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import trainbook.engine.run.RunRecord;
import trainbook.render.chart.ChartKit;
import trainbook.render.chart.RunCharts;
import trainbook.render.chart.CompareVega;
import trainbook.render.chart.InterpretVega;
import trainbook.render.chart.StudyVega;
import trainbook.render.chart.VegaSpecs;
import trainbook.render.compare.Monitor;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The Vega-Lite specs as data: strict JSON, the chart's data down-sampled, zoom, tooltips and run highlighting. */
class RenderVegaTest {

    static JsonObject parse(String spec) {
        assertFalse(spec.contains("NaN") || spec.contains("Infinity"), "strict JSON");
        // the kernel sends specs through Gson, which drops null members: a null would silently change the chart
        assertFalse(spec.contains(":null"), "no null values: " + spec.substring(Math.max(0, spec.indexOf(":null") - 80),
                Math.max(0, spec.indexOf(":null") + 5)));
        JsonObject o = JsonParser.parseString(spec).getAsJsonObject();
        assertEquals("https://vega.github.io/schema/vega-lite/v5.json", o.get("$schema").getAsString());
        return o;
    }

    /** Every unit spec (layers flattened). */
    static List<JsonObject> units(JsonObject spec) {
        List<JsonObject> out = new ArrayList<>();
        if (spec.has("layer")) for (JsonElement e : spec.getAsJsonArray("layer")) out.addAll(units(e.getAsJsonObject()));
        else out.add(spec);
        return out;
    }

    static List<JsonObject> rows(JsonObject unit) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : unit.getAsJsonObject("data").getAsJsonArray("values")) out.add(e.getAsJsonObject());
        return out;
    }

    static boolean hasParam(JsonObject spec, String name) {
        for (JsonObject u : units(spec)) {
            if (!u.has("params")) continue;
            for (JsonElement p : u.getAsJsonArray("params")) if (p.getAsJsonObject().get("name").getAsString().equals(name)) return true;
        }
        return false;
    }

    @Test
    void lossSpecCarriesTheRunsNumbersWithTooltipsAndZoom() {
        RunRecord r = Fixtures.runWithFindings();
        JsonObject spec = parse(VegaSpecs.loss(r));
        assertTrue(hasParam(spec, "zoom"), "zoom and pan");
        List<JsonObject> u = units(spec);
        JsonObject loss = u.get(0);
        List<JsonObject> rows = rows(loss);
        long perStep = rows.stream().filter(o -> o.get("series").getAsString().equals("per step")).count();
        assertEquals(r.steps().size(), perStep, "20 steps: no down-sampling needed");
        JsonObject val3 = rows.stream().filter(o -> o.get("series").getAsString().equals("val loss")
                && o.get("epoch").getAsInt() == 3).findFirst().orElseThrow();
        assertEquals(r.epochs().get(2).valLoss(), val3.get("value").getAsDouble(), 0.0, "exact value");
        assertTrue(loss.getAsJsonObject("encoding").has("tooltip"));
        String all = spec.toString();
        assertTrue(all.contains("exploding-gradients") && all.contains("overfitting"), "findings as points");
        assertTrue(all.contains("best epoch"), "best epoch rule");
        assertTrue(all.contains("\"orient\":\"right\""), "accuracy on a right-hand axis");
    }

    @Test
    void furtherMetricsShareTheRightHandAxis() {
        RunRecord r = Fixtures.run("m", 3, 4, 1e-3);
        List<trainbook.engine.run.EpochRecord> with = new ArrayList<>();
        for (var e : r.epochs()) {
            with.add(new trainbook.engine.run.EpochRecord(e.epoch(), e.trainLoss(), e.valLoss(), e.trainAcc(), e.valAcc(),
                    e.lr(), e.seconds(), java.util.Map.of("val_f1", 0.5 + 0.1 * e.epoch())));
        }
        r.epochs().clear();
        r.epochs().addAll(with);
        JsonObject spec = parse(VegaSpecs.loss(r));
        String all = spec.toString();
        assertTrue(all.contains("\"val f1\""), "val_f1 drawn");
        assertTrue(all.contains("0.8"), "its last value (0.5 + 0.1 * 3)");
    }

    @Test
    void longRunsAreDownSampledLikeThePng() {
        RunRecord r = Fixtures.run("long", 200, 3, 1e-3);
        JsonObject loss = units(parse(VegaSpecs.loss(r))).get(0);
        long perStep = rows(loss).stream().filter(o -> o.get("series").getAsString().equals("per step")).count();
        assertEquals(RunCharts.MAX_POINTS, perStep);
        JsonObject lr = units(parse(VegaSpecs.lr(r))).get(0);
        assertTrue(rows(lr).size() <= 2 * RunCharts.MAX_POINTS, "planned + applied");
        assertTrue(hasParam(parse(VegaSpecs.lr(r)), "zoom"));
        assertTrue(hasParam(parse(VegaSpecs.grad(r)), "zoom"));
    }

    @Test
    void epochAxesLabelWholeEpochsOnly() {
        for (int epochs : new int[]{1, 3, 17, 60, 200}) {
            RunRecord r = Fixtures.run("e" + epochs, epochs, 3, 1e-3);
            for (String spec : List.of(VegaSpecs.loss(r), VegaSpecs.live(r), CompareVega.overlay(List.of(r), "loss"))) {
                for (JsonObject u : units(parse(spec))) {
                    JsonObject x = u.getAsJsonObject("encoding").getAsJsonObject("x");
                    if (!x.has("axis")) continue;
                    JsonArray values = x.getAsJsonObject("axis").getAsJsonArray("values");
                    assertTrue(values.size() >= 2 && values.size() <= 9, epochs + " epochs: " + values);
                    for (JsonElement v : values) assertEquals(0, v.getAsDouble() % 1, 0.0, "whole epochs: " + values);
                    int step = values.get(1).getAsInt() - values.get(0).getAsInt(), last = values.get(values.size() - 1).getAsInt();
                    assertTrue(ChartLayoutTest.isOneTwoFive(step), "1-2-5 steps: " + values);
                    assertTrue(last <= epochs && last + step > epochs, epochs + " epochs covered by " + values);
                }
            }
        }
    }

    @Test
    void lrfindSpecMarksEverySuggestionOnALogAxis() {
        JsonObject spec = parse(VegaSpecs.lrfind(Fixtures.lrfind()));
        assertTrue(hasParam(spec, "zoom"));
        List<JsonObject> u = units(spec);
        assertEquals("log", u.get(0).getAsJsonObject("encoding").getAsJsonObject("x").getAsJsonObject("scale").get("type").getAsString());
        List<String> rules = new ArrayList<>();
        for (JsonObject o : rows(u.get(1))) rules.add(o.get("rule").getAsString());
        assertEquals(List.of("valley", "steep", "minimum/10", "slide"), rules);
        assertEquals(3e-3, rows(u.get(1)).get(0).get("lr").getAsDouble(), 0.0);
    }

    @Test
    void compareSpecsKeepEachRunsColourAndHighlightARun() {
        List<RunRecord> runs = ChartLayoutTest.compareRuns();
        for (String spec : List.of(CompareVega.overlay(runs, "loss"), CompareVega.overlay(runs, "acc"),
                CompareVega.parallel(runs, Monitor.parse("val_loss")))) {
            JsonObject o = parse(spec);
            assertTrue(hasParam(o, "run"), "a run can be highlighted");
            assertTrue(hasParam(o, CompareVega.HOVER_PARAM), "the opacity and width conditions name the hover selection");
            JsonObject color = units(o).get(0).getAsJsonObject("encoding").getAsJsonObject("color").getAsJsonObject("scale");
            JsonArray domain = color.getAsJsonArray("domain"), range = color.getAsJsonArray("range");
            for (int i = 0; i < runs.size(); i++) {
                assertEquals(runs.get(i).name(), domain.get(i).getAsString());
                java.awt.Color c = ChartKit.runColor(i);
                assertEquals(String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()), range.get(i).getAsString());
            }
        }
        JsonObject par = units(parse(CompareVega.parallel(runs, Monitor.parse("val_loss")))).get(0);
        assertTrue(rows(par).stream().anyMatch(o -> o.get("value").getAsString().equals("mlp(512,256,128)")),
                "the raw hyperparameter value in the tooltip");
    }

    /** Every unit view of a (possibly concatenated or layered) spec. */
    static List<JsonObject> views(JsonObject spec) {
        List<JsonObject> out = new ArrayList<>();
        for (String k : List.of("vconcat", "hconcat", "concat")) {
            if (spec.has(k)) for (JsonElement e : spec.getAsJsonArray(k)) out.addAll(views(e.getAsJsonObject()));
        }
        if (spec.has("layer")) for (JsonElement e : spec.getAsJsonArray("layer")) out.addAll(views(e.getAsJsonObject()));
        else if (spec.has("mark")) out.add(spec);
        return out;
    }

    @Test
    void compareViewsAreOneLinkedSpecSharingTheRunSelection() {
        List<RunRecord> runs = ChartLayoutTest.compareRuns();
        JsonObject spec = parse(CompareVega.linkedCompare(runs, Monitor.parse("val_loss"), true, true));
        JsonArray params = spec.getAsJsonArray("params");
        assertEquals(2, params.size(), "two shared selections at the top (click and hover): " + params);
        JsonObject hover = params.get(1).getAsJsonObject();
        assertEquals(CompareVega.HOVER_PARAM, hover.get("name").getAsString());
        assertEquals("mouseover", hover.getAsJsonObject("select").get("on").getAsString());
        assertEquals("mouseout", hover.getAsJsonObject("select").get("clear").getAsString());
        assertFalse(hover.getAsJsonObject("select").get("toggle").getAsBoolean(), "hovering never adds runs");
        assertFalse(hover.has("bind"), "the legend stays bound to the click selection alone");
        JsonObject run = params.get(0).getAsJsonObject();
        assertEquals(CompareVega.RUN_PARAM, run.get("name").getAsString());
        assertEquals("point", run.getAsJsonObject("select").get("type").getAsString());
        assertEquals("[\"run\"]", run.getAsJsonObject("select").get("fields").toString());
        assertEquals("click", run.getAsJsonObject("select").get("on").getAsString(), "clicks on marks select, not only the legend");
        assertEquals("legend", run.get("bind").getAsString());
        assertEquals(run.get("views").toString(), hover.get("views").toString(), "the hover spans every view too");
        List<JsonObject> vs = views(spec);
        assertEquals(3, vs.size(), "loss, accuracy, parallel coordinates");
        List<String> names = new ArrayList<>();
        for (JsonObject v : vs) {
            names.add(v.get("name").getAsString());
            JsonObject opacity = v.getAsJsonObject("encoding").getAsJsonObject("opacity");
            JsonArray conds = opacity.getAsJsonArray("condition");
            // order matters: the clicked run first, then "another run is clicked" (so a click wins), then the hover
            assertEquals(CompareVega.RUN_PARAM, conds.get(0).getAsJsonObject().get("param").getAsString(),
                    v.get("name") + ": opacity follows the shared click selection first");
            assertFalse(conds.get(0).getAsJsonObject().get("empty").getAsBoolean());
            assertEquals(1.0, conds.get(0).getAsJsonObject().get("value").getAsDouble());
            assertTrue(conds.get(1).getAsJsonObject().get("test").getAsString().contains(CompareVega.RUN_PARAM + "_store"));
            assertTrue(conds.get(1).getAsJsonObject().get("value").getAsDouble() < 0.5, "runs not clicked fade");
            assertEquals(CompareVega.HOVER_PARAM, conds.get(2).getAsJsonObject().get("param").getAsString(),
                    v.get("name") + ": then the hover");
            assertTrue(opacity.get("value").getAsDouble() < 1, "runs not hovered fade a little");
            assertTrue(opacity.get("value").getAsDouble() > conds.get(1).getAsJsonObject().get("value").getAsDouble(),
                    "less than runs not clicked, so a click and a hover look different");
            JsonArray width = v.getAsJsonObject("encoding").getAsJsonObject("strokeWidth").getAsJsonArray("condition");
            assertEquals(List.of(CompareVega.RUN_PARAM, CompareVega.HOVER_PARAM),
                    List.of(width.get(0).getAsJsonObject().get("param").getAsString(),
                            width.get(2).getAsJsonObject().get("param").getAsString()), "stroke width: click, then hover");
            assertFalse(v.getAsJsonObject("mark").has("strokeWidth"), "a mark strokeWidth would override the encoding");
            assertEquals("run", v.getAsJsonObject("encoding").getAsJsonObject("color").get("field").getAsString());
            if (v.has("params")) {
                for (JsonElement p : v.getAsJsonArray("params")) {
                    assertNotEquals(CompareVega.RUN_PARAM, p.getAsJsonObject().get("name").getAsString(), "declared once, at the top");
                }
            }
        }
        assertEquals(List.of("loss", "acc", "parallel"), names);
        assertEquals(names.toString(), run.get("views").toString().replace("\"", "").replace(",", ", "), "the selection spans every view");
        // each overlay zooms on its own scales: distinct parameter names
        assertEquals("zoom_loss", vs.get(0).getAsJsonArray("params").get(0).getAsJsonObject().get("name").getAsString());
        assertEquals("zoom_acc", vs.get(1).getAsJsonArray("params").get(0).getAsJsonObject().get("name").getAsString());
        // without accuracy: loss and parallel coordinates; a single run: one view with its own selection
        assertEquals(2, views(parse(CompareVega.linkedCompare(runs, Monitor.parse("val_loss"), false, true))).size());
        JsonObject one = parse(CompareVega.linkedCompare(runs.subList(0, 1), Monitor.parse("val_loss"), false, false));
        assertTrue(hasParam(one, CompareVega.RUN_PARAM) && hasParam(one, CompareVega.HOVER_PARAM) && hasParam(one, "zoom"));
    }

    @Test
    void compareOutputsCarryTheLinkedViewOnTheFirstChartAndPointToItFromTheOthers() {
        List<Rich> charts = Views.compare(ChartLayoutTest.compareRuns(), ChartFormat.PNG).outputs().stream()
                .filter(Rich::isImage).toList();
        assertEquals(3, charts.size());
        for (Rich c : charts) assertNotNull(c.pngOrNull(), "each chart stays its own PNG output: " + c.plain());
        JsonObject first = parse((String) charts.get(0).get(Rich.VEGALITE));
        assertEquals(3, views(first).size(), "the loss output's spec links all three views");
        for (Rich c : charts.subList(1, 3)) {
            JsonObject note = parse((String) c.get(Rich.VEGALITE));
            assertEquals("text", note.getAsJsonObject("mark").get("type").getAsString());
            assertTrue(note.toString().contains("linked comparison view above"), note.toString());
        }
    }

    @Test
    void studyChartsCarryEveryTrialWithWholeTrialTicks() {
        var study = RenderStudyTest.study();
        var trials = study.trials();
        JsonObject hist = parse(StudyVega.history(trials, "val_loss", trainbook.engine.sweep.Direction.MINIMIZE));
        List<JsonObject> u = units(hist);
        long scored = trials.stream().filter(t -> t.state() == trainbook.engine.sweep.TrialState.COMPLETE
                || t.state() == trainbook.engine.sweep.TrialState.PRUNED).count();
        assertEquals(scored, rows(u.get(1)).size(), "a point per complete or pruned trial");
        assertTrue(rows(u.get(1)).stream().anyMatch(o -> o.get("state").getAsString().equals("pruned")));
        JsonArray ticks = u.get(0).getAsJsonObject("encoding").getAsJsonObject("x").getAsJsonObject("axis").getAsJsonArray("values");
        for (JsonElement v : ticks) assertEquals(0, v.getAsDouble() % 1, 0.0, "whole trial numbers: " + ticks);
        double best = Double.POSITIVE_INFINITY;
        for (var t : trials) if (t.state() == trainbook.engine.sweep.TrialState.COMPLETE) best = Math.min(best, t.value());
        List<JsonObject> line = rows(u.get(0));
        assertEquals(best, line.get(line.size() - 1).get("value").getAsDouble(), 0.0, "best so far ends at the best");
        JsonObject lr = parse(StudyVega.slice(trials, "lr", RenderStudyTest.SPACE.params().get("lr"), "val_loss"));
        assertEquals("log", lr.getAsJsonObject("encoding").getAsJsonObject("x").getAsJsonObject("scale").get("type").getAsString());
        assertEquals(scored, lr.getAsJsonObject("data").getAsJsonArray("values").size());
        JsonObject opt = parse(StudyVega.slice(trials, "opt", RenderStudyTest.SPACE.params().get("opt"), "val_loss"));
        assertEquals("[\"sgd\",\"adam\"]", opt.getAsJsonObject("encoding").getAsJsonObject("x").get("sort").toString(),
                "choices in their order, by name");
    }

    @Test
    void interpretChartsCarryTheMatrixTheScatterAndTheTopLosses() {
        var in = RenderInterpretTest.images(9);
        JsonObject cm = parse(InterpretVega.confusion(in));
        List<JsonObject> cells = rows(cm);
        assertEquals(100, cells.size(), "10 × 10 cells");
        long total = 0;
        for (JsonObject c : cells) total += c.get("count").getAsLong();
        assertEquals(in.size(), total, "every sample counted once");
        JsonObject shirt = cells.stream().filter(c -> c.get("actual").getAsString().equals("Trouser")
                && c.get("predicted").getAsString().equals("Shirt")).findFirst().orElseThrow();
        assertEquals(in.count(1, 6), shirt.get("count").getAsLong());
        JsonObject tops = parse(InterpretVega.topLosses(in));
        List<JsonObject> items = rows(tops);
        assertEquals(9, items.size());
        assertTrue(items.get(0).get("url").getAsString().startsWith("data:image/png;base64,"), "inline image, no URL");
        assertEquals(in.topLosses().get(0).loss(), items.get(0).get("loss").getAsDouble(), 0.0);
        var reg = RenderInterpretTest.regression();
        JsonObject pva = parse(InterpretVega.predictedVsActual(reg));
        List<JsonObject> pts = rows(units(pva).get(0));
        assertEquals(50, pts.size());
        assertEquals(9, pts.get(17).get("residual").getAsDouble(), 1e-6);
        assertTrue(hasParam(pva, "zoom"));
    }

    @Test
    void everyChartOfAMagicCarriesASpecBesideItsImage() throws Exception {
        RunRecord r = Fixtures.runWithFindings();
        List<Rich> views = new ArrayList<>(Views.train(r, ChartFormat.PNG).outputs());
        views.addAll(Views.lrfind(Fixtures.lrfind(), ChartFormat.PNG).outputs());
        views.addAll(Views.compare(ChartLayoutTest.compareRuns(), ChartFormat.PNG).outputs());
        views.add(Views.live(r, ChartFormat.PNG));
        var study = RenderStudyTest.study();
        views.addAll(StudyViews.charts(study.trials(), RenderStudyTest.SPACE, "val_loss",
                trainbook.engine.sweep.Direction.MINIMIZE, ChartFormat.PNG).outputs());
        views.addAll(Views.interpret(RenderInterpretTest.images(9), ChartFormat.PNG).outputs());
        views.addAll(Views.interpret(RenderInterpretTest.regression(), ChartFormat.PNG).outputs());
        int charts = 0;
        for (Rich v : views) {
            if (!v.isImage()) continue;
            charts++;
            assertTrue(v.has(Rich.VEGALITE), v.plain());
            parse((String) v.get(Rich.VEGALITE));
        }
        // %train 3, %lrfind 1, %compare 3, live 1, study history + 2 slices, %interpret heat map + top-loss grid,
        // regression scatter
        assertEquals(3 + 1 + 3 + 1 + 3 + 2 + 1, charts);
        String dump = System.getProperty("trainbook.vegaDump");
        if (dump != null) {
            StringBuilder b = new StringBuilder("[");
            int k = 0;
            for (Rich v : views) {
                if (!v.has(Rich.VEGALITE)) continue;
                b.append(k == 0 ? "" : ",").append("{\"name\":\"spec").append(k++).append("\",\"spec\":").append(v.get(Rich.VEGALITE)).append('}');
            }
            java.nio.file.Files.writeString(java.nio.file.Path.of(dump), b.append(']').toString());
        }
        Rich stripped = Views.train(r, ChartFormat.PNG).withoutEverywhere(Rich.VEGALITE);
        assertTrue(stripped.outputs().stream().noneMatch(o -> o.has(Rich.VEGALITE)));
        assertEquals(3, stripped.outputs().stream().filter(o -> o.has(Rich.PNG)).count(), "the images stay");
    }
}
