package trainbook.magic;

import trainbook.doctor.Doctor;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Help;
import trainbook.magic.args.KeyDef;
import trainbook.magic.args.Keys;
import trainbook.magic.args.Magic;
import trainbook.magic.args.Suggest;
import trainbook.magic.args.Token;
import trainbook.render.Rich;
import trainbook.render.table.FindingsView;

import java.util.List;
import java.util.Optional;

/**
 * {@code %doctor [RUN] [runs=DIR]}: diagnoses a run again and shows the findings. RUN is a saved run's name or a
 * notebook variable holding a run; without it, the last run trained in this kernel (else the newest saved one).
 */
public final class DoctorMagic {
    private final MagicContext ctx;

    /** A %doctor over {@code ctx}. */
    public DoctorMagic(MagicContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the magic; returns the findings, or null for help. */
    public List<Finding> run(List<Token> tokens) {
        if (trainbook.magic.args.ArgParser.isHelp(tokens)) {
            ctx.display(Rich.text(Help.text(Magic.DOCTOR) + "\n" + Doctor.help()));
            return null;
        }
        try {
            return diagnose(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.DOCTOR.spelling());
        }
    }

    private List<Finding> diagnose(List<Token> tokens) {
        String name = null;
        String dir = null;
        for (Token t : tokens) {
            if (t.positional()) {
                name = t.onlyRun(name);
                continue;
            }
            KeyDef def = Keys.get(t.key());
            if (def == null || !def.accepts(Magic.DOCTOR)) {
                throw new ArgException(t.key(), "unknown key '" + t.key() + "'" + Suggest.didYouMean(t.key(), List.of("runs"))
                        + "; %doctor takes [RUN] [runs=DIR]");
            }
            dir = t.value();
        }
        RunStore store = Trainbook.runs(dir);
        RunRecord rec = resolve(name, store);
        List<Finding> findings = Diagnosis.run(rec);
        if (store.exists(rec.name())) store.save(rec, null);
        ctx.display(Rich.combine(Doctor.summaryLine(rec, findings), List.of(FindingsView.render(rec.name(), findings))));
        return findings;
    }

    private RunRecord resolve(String name, RunStore store) {
        if (name == null) {
            RunRecord last = ctx.session().state().lastRun();
            if (last != null) return last;
            List<RunRecord> all = store.loadAll();
            if (all.isEmpty()) {
                throw new ArgException(null, "no run to explain: train one with %train, or name a saved run (none in "
                        + store.dir() + ")");
            }
            return all.get(all.size() - 1);
        }
        List<String> names = store.names();
        if (names.contains(name)) return store.load(name);
        Optional<Object> v = Keys.isIdentifier(name) ? ctx.lookup(name) : Optional.empty();
        if (v.isPresent()) {
            if (v.get() instanceof TrainedRun r) return r.record();
            if (v.get() instanceof RunRecord r) return r;
            throw new ArgException(name, "variable '" + name + "' is a " + v.get().getClass().getName()
                    + ", not a run: give a saved run's name or a variable bound by %train");
        }
        throw new ArgException(name, "no saved run '" + name + "'" + Suggest.didYouMean(name, names)
                + "; saved runs: " + (names.isEmpty() ? "none in " + store.dir() : String.join(", ", names)));
    }
}
