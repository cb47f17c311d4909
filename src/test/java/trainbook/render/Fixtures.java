package trainbook.render;

import trainbook.engine.TrainSpec;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.Severity;
import trainbook.engine.run.Stamp;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;

/** Synthetic run records and structural parsing helpers for render tests. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * A finished classification run: {@code epochs} epochs of {@code spe} steps, loss decaying from ln 10, val loss
     * with a minimum at epoch {@code epochs-1}, grad norms sampled every 2 steps, cosine-like LR.
     */
    public static RunRecord run(String name, int epochs, int spe, double lr) {
        TrainSpec spec = new TrainSpec().name(name).epochs(epochs).lr(lr).sched("cosine");
        RunRecord r = new RunRecord(name).spec(spec.toMap());
        r.stepsPerEpoch(spe).warmupSteps(2);
        int total = epochs * spe;
        double[] plan = new double[total];
        for (int i = 0; i < total; i++) plan[i] = lr * 0.5 * (1 + Math.cos(Math.PI * i / total)) + lr / 100;
        r.schedule(plan);
        for (int e = 1; e <= epochs; e++) {
            for (int b = 0; b < spe; b++) {
                int s = (e - 1) * spe + b;
                double loss = 2.3 * Math.exp(-0.15 * s) + 0.3 + 0.05 * Math.sin(7 * s);
                double g = s % 2 == 0 ? 1.0 + 0.1 * Math.cos(s) : Double.NaN;
                r.steps().add(new StepRecord(s, e, b, plan[s], loss, g, s % 2 == 0 ? 1e-3 : Double.NaN, 3.0));
            }
            double tl = 2.3 * Math.exp(-0.15 * e * spe) + 0.3;
            double vl = 0.5 + 0.02 * (e - (epochs - 1)) * (e - (epochs - 1));
            r.epochs().add(new EpochRecord(e, tl, vl, 0.6 + 0.05 * e, 0.55 + 0.04 * e, plan[e * spe - 1], 1.5));
        }
        r.status(RunStatus.FINISHED).stopReason(StopReason.COMPLETED).bestEpoch(Math.max(1, epochs - 1));
        EpochRecord last = r.epochs().get(epochs - 1);
        r.metrics().put("train_loss", last.trainLoss());
        r.metrics().put("val_loss", last.valLoss());
        r.metrics().put("val_acc", last.valAcc());
        r.seconds(1.5 * epochs);
        r.stamp(new Stamp(42, "0.35.1", "2.7.1", "cpu()", 2, "17.0.9", "Linux amd64", "0.1.0", "2026-11-21T12:00:00Z"));
        r.data(new DataProfile("fashion-mnist", "classification", 10, new long[]{1, 28, 28}, 600, 100, 0, 1, 0.28,
                0.35, 0, 0, 9, new long[]{60, 60, 60, 60, 60, 60, 60, 60, 60, 60}, 4.5, 8.25, true, true));
        return r;
    }

    /** Like {@link #run} with findings pointing at a step and at an epoch, plus one without a position. */
    public static RunRecord runWithFindings() {
        RunRecord r = run("sick<run>", 4, 5, 0.1);
        r.findings().add(new Finding(Severity.PROBLEM, "exploding-gradients", "Gradient norm spiked to 40x its median.",
                "step 7: norm 40.1 vs median 1.0", "clip=1.0", 7, -1));
        r.findings().add(new Finding(Severity.WARNING, "overfitting", "Validation loss rises while training loss falls.",
                "from epoch 3", "patience=2 wd=1e-4", -1, 3));
        r.findings().add(new Finding(Severity.INFO, "engine-note", "Mixed precision is not available on CPU.", "", "", -1, -1));
        return r;
    }

    /** A range-test result over 40 log-spaced LRs with a valley near 1e-2 and divergence at the end. */
    public static LrFindResult lrfind() {
        int n = 40;
        double[] lrs = new double[n], losses = new double[n], sm = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = 1e-6 * Math.pow(10, 6.0 * i / (n - 1));
            double x = Math.log10(lrs[i]);
            losses[i] = 2.3 - 1.2 / (1 + Math.exp(-(x + 3.5) * 3)) + Math.max(0, x + 1) * 4 + 0.03 * Math.sin(5 * i);
        }
        double avg = 0, pow = 1;
        for (int i = 0; i < n; i++) {
            avg = 0.98 * avg + 0.02 * losses[i];
            pow *= 0.98;
            sm[i] = avg / (1 - pow);
        }
        LinkedHashMap<String, Double> sug = new LinkedHashMap<>();
        sug.put("valley", 3e-3);
        sug.put("steep", 5e-4);
        sug.put("minimum/10", 1e-3);
        sug.put("slide", 2.5e-3);
        return new LrFindResult(lrs, losses, sm, sug, "valley", 3e-3, 3, trainbook.engine.lrfind.RangeStop.DIVERGED, "exp");
    }

    /** Parses markup as XML (our HTML is well-formed by construction). */
    public static Document xml(String s) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Rows of the first HTML table in {@code html}: each row's cell texts (tags stripped, entities decoded). */
    public static List<List<String>> rows(String html, String cellTag) {
        List<List<String>> out = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(html);
        Pattern cell = Pattern.compile("<" + cellTag + "[^>]*>(.*?)</" + cellTag + ">", Pattern.DOTALL);
        while (tr.find()) {
            Matcher c = cell.matcher(tr.group(1));
            List<String> row = new ArrayList<>();
            while (c.find()) row.add(text(c.group(1)));
            if (!row.isEmpty()) out.add(row);
        }
        return out;
    }

    public static String text(String html) {
        String t = html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'");
        Matcher m = Pattern.compile("&#(\\d+);").matcher(t);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(new String(Character.toChars(Integer.parseInt(m.group(1))))));
        m.appendTail(b);
        return b.toString().replace("&amp;", "&").trim();
    }
}
