package trainbook.magic;

import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.LrFindSpec;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;
import trainbook.magic.args.Token;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;
import trainbook.render.table.FindingsView;

import java.util.List;

/**
 * {@code %lrfind key=value ...}: the LR range test. Shows loss against LR with every suggestion, the suggestions
 * table and the doctor's findings; binds the result to {@code lrfind} and remembers the suggestion for
 * {@code lr=lrfind}.
 */
public final class LrFindMagic {
    /** The notebook variable the result is bound to. */
    public static final String VARIABLE = "lrfind";

    private final MagicContext ctx;

    /** A %lrfind over {@code ctx}. */
    public LrFindMagic(MagicContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the magic; returns the result, or null for help. */
    public LrFindResult run(List<Token> tokens) {
        try {
            return doRun(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.LRFIND.spelling());
        }
    }

    private LrFindResult doRun(List<Token> tokens) {
        if (ArgParser.isHelp(tokens)) {
            ctx.display(HelpView.of(Magic.LRFIND));
            return null;
        }
        MagicArgs a = ArgParser.parse(Magic.LRFIND, tokens);
        MagicContext charts = StaticCharts.apply(ctx, a.charts);
        if (charts != ctx) return new LrFindMagic(charts).doRun(tokens); // charts=static: the same magic, images only
        VariableBinder.bind(a, ctx::lookup);
        LrFindSpec l = a.lrfind;
        ChartFormat format = ChartFormat.parse(a.format);
        String ramp = "LR range test: " + l.steps + " steps, lr " + TrainSpec.num(l.start) + " → " + TrainSpec.num(l.end)
                + " (" + l.mode + ")";
        // one output: with live=true a line while the test runs, replaced by the chart, table and findings
        String id = a.spec.live() ? ctx.display(Rich.text(ramp + " — running…")) : null;
        LrFindResult r;
        try {
            r = Trainbook.lrfind(a.spec, l.start, l.end, l.steps, l.mode);
        } catch (RuntimeException | Error e) {
            if (id != null) ctx.update(id, Rich.text(ramp + " — failed: " + e.getMessage()));
            throw e;
        }
        ctx.session().state().lastLrFind(r, MagicState.setup(a.spec));
        if (id != null) ctx.update(id, render(r, format));
        else ctx.display(render(r, format));
        String failed = ctx.bind(VARIABLE, r);
        if (failed != null) ctx.note(failed);
        return r;
    }

    /** Chart, suggestions table and findings. */
    static Rich render(LrFindResult r, ChartFormat format) {
        Rich diagnosis;
        try {
            List<Finding> findings = Diagnosis.lrfind(r);
            diagnosis = FindingsView.render("lrfind", findings);
        } catch (RuntimeException e) {
            // a fault in a rule must not hide the range test itself
            diagnosis = Rich.text("the doctor could not diagnose this range test: " + e);
        }
        return Rich.combine(List.of(Views.lrfind(r, format), diagnosis));
    }
}
