package trainbook.render;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;
import trainbook.render.table.FindingsView;
import trainbook.render.table.Health;
import trainbook.render.table.LrFindTable;
import trainbook.render.table.RunTables;
import trainbook.render.table.TableView;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderTablesTest {

    static Table numbers(int n) {
        StringColumn k = StringColumn.create("key");
        DoubleColumn v = DoubleColumn.create("value");
        for (int i = 0; i < n; i++) {
            k.append("k<" + i + ">");
            v.append(i / 3.0);
        }
        return Table.create("t", k, v);
    }

    @Test
    void rowCapInHtmlAndText() throws Exception {
        TableView tv = TableView.of(numbers(12)).caption("cap & more").maxRows(5);
        String html = tv.html();
        Fixtures.xml(html);
        assertEquals(List.of(List.of("key", "value")), Fixtures.rows(html, "th"));
        List<List<String>> rows = Fixtures.rows(html, "td");
        assertEquals(5, rows.size());
        assertEquals(List.of("k<0>", "0"), rows.get(0));
        assertEquals(List.of("k<1>", "0.3333"), rows.get(1));
        assertTrue(Fixtures.text(html).contains("… 7 more rows (12 in all)"));
        assertTrue(html.contains("&#8230; 7 more rows"), "non-ASCII as numeric references");
        assertTrue(html.contains("k&lt;1&gt;"));
        String text = tv.text();
        String[] lines = text.split("\n");
        assertEquals("cap & more", lines[0]);
        assertTrue(lines[1].startsWith("key"));
        assertTrue(lines[2].startsWith("---"));
        assertEquals(3 + 5 + 1, lines.length, text);
        assertTrue(lines[lines.length - 1].contains("7 more rows"));
        assertTrue(lines[4].endsWith("0.3333"));
        assertEquals(5, tv.shownRows());
        assertThrows(IllegalArgumentException.class, () -> tv.maxRows(0));
        TableView all = TableView.of(numbers(3));
        assertEquals(3, Fixtures.rows(all.html(), "td").size());
        assertFalse(all.html().contains("more row"));
    }

    @Test
    void runSummaryHasHyperparametersResultsTimeAndStamp() throws Exception {
        RunRecord r = Fixtures.run("base", 3, 4, 3e-3);
        r.note(RunNote.Kind.ENGINE, "clip_value clamps each element");
        TableView tv = RunTables.summary(r);
        String html = tv.html();
        Fixtures.xml(html);
        List<List<String>> rows = Fixtures.rows(html, "td");
        assertTrue(rows.stream().allMatch(row -> row.size() == 3));
        assertTrue(rows.contains(List.of("hyperparameter", "lr", "3e-3")), rows.toString());
        assertTrue(rows.contains(List.of("hyperparameter", "sched", "cosine")));
        assertTrue(rows.contains(List.of("hyperparameter", "model", "mlp")), "essential keys shown even at default");
        assertFalse(rows.stream().anyMatch(row -> row.get(1).equals("momentum")), "compact form hides defaults");
        assertTrue(rows.contains(List.of("result", "val_acc", "67.0%")), rows.toString());
        assertTrue(rows.contains(List.of("result", "best epoch", "2")));
        assertTrue(rows.contains(List.of("result", "epochs", "3/3")));
        assertTrue(rows.contains(List.of("time", "total", "4.5s")));
        assertTrue(rows.contains(List.of("stamp", "djl / pytorch", "0.35.1 / 2.7.1")));
        assertTrue(rows.contains(List.of("note", "", "clip_value clamps each element")));
        assertTrue(tv.text().contains("stamp           started"), tv.text());
        assertTrue(RunTables.summary(r, true).table().rowCount() > tv.table().rowCount());
        assertEquals("3e-3", RunTables.pairs(r).get("hyperparameter.lr"));
    }

    @Test
    void lrFindTableAgreementAndConfidence() throws Exception {
        TableView tv = LrFindTable.table(Fixtures.lrfind());
        List<List<String>> rows = Fixtures.rows(tv.html(), "td");
        assertEquals(4, rows.size());
        assertEquals(List.of("rule", "lr", "agrees with 3e-3", "confidence"), Fixtures.rows(tv.html(), "th").get(0));
        assertEquals(List.of("valley (chosen rule)", "3e-3", "yes", "3/4 rules"), rows.get(0));
        assertEquals(List.of("steep", "5e-4", "no (6× lower)", "2/4 rules"), rows.get(1));
        assertEquals(List.of("minimum/10", "1e-3", "yes", "4/4 rules"), rows.get(2));
        assertTrue(tv.text().contains("suggested lr=3e-3 (valley; 3/4 rules agree"), tv.text());
        TableView other = LrFindTable.table(Fixtures.lrfind(), 1e-1);
        assertTrue(Fixtures.rows(other.html(), "td").stream().allMatch(r -> r.get(2).startsWith("no")));
    }

    @Test
    void findingsListColoursSortsAndOffersRemedy() throws Exception {
        RunRecord r = Fixtures.runWithFindings();
        Rich f = FindingsView.render(r.name(), r.findings());
        String html = f.htmlOrNull();
        Fixtures.xml(html);
        List<List<String>> rows = Fixtures.rows(html, "td");
        assertEquals(3, rows.size());
        assertEquals("problem", rows.get(0).get(0));
        assertEquals("warning", rows.get(1).get(0));
        assertEquals("info", rows.get(2).get(0));
        assertEquals("clip=1.0", rows.get(0).get(4));
        assertTrue(html.contains(">clip=1.0</code>"));
        assertTrue(FindingsView.isTrainFragment("lr=3e-4 clip=1.0"));
        assertTrue(FindingsView.isTrainFragment("%lrfind steps=50"));
        assertFalse(FindingsView.isTrainFragment("resample or weight the classes"));
        assertFalse(FindingsView.isTrainFragment(""));
        Rich prose = FindingsView.render("x", List.of(new Finding(Severity.WARNING, "class-imbalance", "m.", "", "resample the classes", -1, -1)));
        assertFalse(prose.htmlOrNull().contains("<code"), "prose remedies are not code");
        assertEquals("resample the classes", Fixtures.rows(prose.htmlOrNull(), "td").get(0).get(4));
        assertTrue(html.contains(FindingsView.PROBLEM_BG) && html.contains(FindingsView.WARNING_BG) && html.contains(FindingsView.INFO_BG));
        assertEquals("from epoch 3", rows.get(1).get(3), "position already in the evidence");
        assertEquals("step 7: norm 40.1 vs median 1.0", rows.get(0).get(3));
        assertTrue(html.contains("sick&lt;run&gt;"));
        String text = f.plain();
        assertTrue(text.startsWith("doctor: 1 problem, 1 warning, 1 note in sick<run>"), text);
        assertTrue(text.contains("[problem] exploding-gradients: Gradient norm spiked"));
        assertTrue(text.contains("try: patience=2 wd=1e-4"));
    }

    @Test
    void healthyRunIsOneLine() {
        Rich ok = FindingsView.render("base", List.of());
        assertEquals("✓ healthy run: the doctor found no warnings or problems in base.", ok.plain());
        assertFalse(ok.htmlOrNull().contains("<table"));
        Rich info = FindingsView.render("base", List.of(new Finding(Severity.INFO, "note", "CPU only.", "", "", -1, -1)));
        assertTrue(info.plain().startsWith("✓ healthy run"));
        Rich pos = FindingsView.render("x", List.of(new Finding(Severity.WARNING, "w", "m.", "loss 3.2", "", 12, -1)));
        assertEquals("loss 3.2; step 12", Fixtures.rows(pos.htmlOrNull(), "td").get(0).get(3));
        assertEquals(1, Fixtures.rows(info.htmlOrNull(), "td").size());
    }

    @Test
    void healthLabels() {
        assertEquals("healthy", Health.of(List.of()).label());
        Finding w = new Finding(Severity.WARNING, "a", "m", "", "", -1, -1);
        Finding p = new Finding(Severity.PROBLEM, "b", "m", "", "", -1, -1);
        Finding i = new Finding(Severity.INFO, "c", "m", "", "", -1, -1);
        assertEquals("healthy (1 info)", Health.of(List.of(i)).label());
        assertEquals("warning (2)", Health.of(List.of(w, w, i)).label());
        assertEquals("problem (1) +2 warnings", Health.of(List.of(w, p, w)).label());
        assertEquals(Severity.PROBLEM, Health.of(List.of(w, p)).worst());
    }
}
