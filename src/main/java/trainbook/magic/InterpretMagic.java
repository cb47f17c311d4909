package trainbook.magic;

import trainbook.engine.Trainbook;
import trainbook.engine.interpret.Interpretation;
import trainbook.engine.interpret.Interpreter;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.KeyDef;
import trainbook.magic.args.Keys;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;
import trainbook.magic.args.Suggest;
import trainbook.magic.args.Token;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code %interpret [RUN] [top=N] [split=val|test|train] [runs=DIR] [format=png|svg]}: evaluates a trained run's
 * model once on a split of its data and shows what it gets wrong (see {@link Views#interpret}). RUN is a notebook
 * variable holding a {@link TrainedRun} (bound by {@code %train}), or a saved run's name; without it, the last run
 * trained in this kernel. A saved run trained on notebook objects is interpreted through the variable
 * {@code %train} bound it to.
 */
public final class InterpretMagic {
    private final MagicContext ctx;

    /** A %interpret over {@code ctx}. */
    public InterpretMagic(MagicContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the magic; returns the interpretation, or null for help. */
    public Interpretation run(List<Token> tokens) {
        if (ArgParser.isHelp(tokens)) {
            ctx.display(HelpView.of(Magic.INTERPRET));
            return null;
        }
        try {
            return interpret(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.INTERPRET.spelling());
        } catch (java.util.concurrent.CancellationException e) {
            throw new ArgException(null, Magic.INTERPRET.spelling() + ": " + e.getMessage() + "; nothing is shown");
        } catch (IllegalArgumentException e) {
            // engine errors (no validation set, parameters missing, data gone) are one line like argument errors
            throw new ArgException(null, Magic.INTERPRET.spelling() + ": " + e.getMessage());
        }
    }

    private Interpretation interpret(List<Token> tokens) {
        MagicArgs a = new MagicArgs(Magic.INTERPRET);
        String name = null;
        List<String> valid = Keys.of(Magic.INTERPRET).stream().map(KeyDef::name).toList();
        for (Token t : tokens) {
            if (t.positional()) {
                name = t.onlyRun(name);
                continue;
            }
            KeyDef def = Keys.get(t.key());
            if (def == null || !def.accepts(Magic.INTERPRET)) {
                throw new ArgException(t.key(), "unknown key '" + t.key() + "'" + Suggest.didYouMean(t.key(), valid)
                        + "; %interpret takes [RUN] " + String.join(" ", valid.stream().map(k -> Keys.get(k).example()).toList()));
            }
            if (a.given.containsKey(def.name())) {
                throw new ArgException(t.raw(), "key '" + def.name() + "' given twice ('" + def.name() + "="
                        + a.given.get(def.name()) + "' and '" + t.raw() + "'): keep one");
            }
            a.given.put(def.name(), t.value());
            def.apply().apply(a, t.value());
        }
        int top = a.top == null ? Interpreter.DEFAULT_TOP : a.top;
        String split = a.split == null ? "val" : a.split;
        ChartFormat format = ChartFormat.parse(a.format);
        String dir = a.spec.runsDir();
        Interpretation in = resolveAndInterpret(name, dir, split, top);
        // charts=static (or the kernel-wide default): the images without their Vega-Lite specs
        StaticCharts.apply(ctx, a.charts).display(Views.interpret(in, format));
        return in;
    }

    private Interpretation resolveAndInterpret(String name, String dir, String split, int top) {
        RunStore store = Trainbook.runs(dir);
        if (name == null) {
            RunRecord last = ctx.session().state().lastRun();
            if (last == null) {
                List<String> names = store.names();
                throw new ArgException(null, "no run to interpret: train one with %train, or name one (saved runs: "
                        + (names.isEmpty() ? "none in " + store.dir() : String.join(", ", names)) + ")");
            }
            name = last.name();
            Optional<TrainedRun> live = boundRun(name);
            if (live.isPresent()) return Trainbook.interpret(live.get(), split, top);
            return Trainbook.interpret(name, dir, split, top);
        }
        // a variable first: `as=NAME` binds the run under the same name it is saved as
        Optional<Object> v = Keys.isIdentifier(name) ? ctx.lookup(name) : Optional.empty();
        if (v.isPresent() && v.get() instanceof TrainedRun r) return Trainbook.interpret(r, split, top);
        List<String> names = store.names();
        if (names.contains(name)) {
            RunRecord rec = store.load(name);
            if (objectTrained(rec)) {
                Optional<TrainedRun> live = boundRun(name);
                if (live.isPresent()) return Trainbook.interpret(live.get(), split, top);
            }
            return Trainbook.interpret(name, dir, split, top);
        }
        if (v.isPresent() && v.get() != VariableBinder.NULL) {
            throw new ArgException(name, "variable '" + name + "' is a " + v.get().getClass().getName()
                    + ", not a run: give a variable bound by %train or a saved run's name");
        }
        throw new ArgException(name, "no run '" + name + "'" + Suggest.didYouMean(name, names) + "; saved runs: "
                + (names.isEmpty() ? "none in " + store.dir() : String.join(", ", names)));
    }

    /** Whether the record names a notebook object for its model, data or validation set. */
    static boolean objectTrained(RunRecord rec) {
        for (String k : List.of("model", "data", "val")) {
            String s = rec.spec().get(k);
            if (s != null && s.startsWith("<")) return true;
        }
        return false;
    }

    /** The live run bound under {@code %train}'s variable for a run name (the name made an identifier). */
    private Optional<TrainedRun> boundRun(String runName) {
        List<String> candidates = new ArrayList<>();
        if (Keys.isIdentifier(runName)) candidates.add(runName);
        candidates.add(TrainMagic.identifier(runName));
        for (String c : candidates) {
            Optional<Object> v = ctx.lookup(c);
            if (v.isPresent() && v.get() instanceof TrainedRun r && r.record().name().equals(runName)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The compact pointer {@code %train} ends with; {@code target} is the variable or saved name to pass. */
    static String pointer(RunRecord rec, String target) {
        boolean classification = rec.data() != null && rec.data().isClassification();
        return "%interpret " + target + " shows " + (classification
                ? "its confusion matrix, per-class F1 and top losses"
                : "its predictions against the targets and the largest residuals");
    }

    /** As a rich output (for renderers). */
    static Rich render(Interpretation in) {
        return Views.interpret(in, ChartFormat.PNG);
    }
}
