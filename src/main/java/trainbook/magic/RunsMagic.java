package trainbook.magic;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.data.DeviceCache;
import trainbook.engine.loop.LiveRuns;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.probe.ProcessMemory;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Help;
import trainbook.magic.args.Magic;
import trainbook.magic.args.Suggest;
import trainbook.magic.args.Token;
import trainbook.render.Rich;
import trainbook.render.table.TableView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code %runs}: what this kernel holds in memory — the runs whose models are alive (bound to variables, or not yet
 * collected), the data sets on the device, and the kernel's resident memory against its limit.
 * {@code %runs release NAME} frees one run's model (its record and saved files stay), {@code %runs release all}
 * every run's model and the cached data no run uses.
 */
public final class RunsMagic {
    private final MagicContext ctx;

    /** A %runs over {@code ctx}. */
    public RunsMagic(MagicContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the magic; returns the runs still held afterwards (none for help). */
    public List<String> run(List<Token> tokens) {
        if (trainbook.magic.args.ArgParser.isHelp(tokens)) {
            ctx.display(Rich.text(Help.text(Magic.RUNS)));
            return List.of();
        }
        try {
            return dispatch(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.RUNS.spelling());
        }
    }

    private List<String> dispatch(List<Token> tokens) {
        List<String> words = new ArrayList<>();
        for (Token t : tokens) {
            if (!t.positional()) {
                throw new ArgException(t.key(), "unknown key '" + t.key() + "'; %runs takes no keys: %runs, or"
                        + " %runs release NAME|all");
            }
            words.add(t.value());
        }
        if (words.isEmpty()) return show(null);
        if (!words.get(0).toLowerCase(Locale.ROOT).equals("release")) {
            throw new ArgException(words.get(0), "unknown action '" + words.get(0) + "'"
                    + Suggest.didYouMean(words.get(0), List.of("release")) + "; valid: %runs, %runs release NAME|all");
        }
        if (words.size() != 2) {
            throw new ArgException(words.size() < 2 ? "release" : words.get(2),
                    "%runs release takes one run name or 'all', e.g. %runs release all");
        }
        return release(words.get(1));
    }

    private List<String> release(String what) {
        long before = ProcessMemory.rssBytes();
        long modelBytes = 0;
        int n;
        if (what.equalsIgnoreCase("all")) {
            for (TrainedRun r : ctx.session().workspace().liveRuns().list()) modelBytes += r.modelBytes();
            n = ctx.session().workspace().liveRuns().releaseAll();
        } else {
            List<String> names = new ArrayList<>();
            for (TrainedRun r : ctx.session().workspace().liveRuns().list()) {
                names.add(r.record().name());
                if (r.record().name().equals(what)) modelBytes += r.modelBytes();
            }
            if (!names.contains(what)) {
                throw new ArgException(what, "no run '" + what + "' in memory" + Suggest.didYouMean(what, names)
                        + "; held now: " + (names.isEmpty() ? "none" : String.join(", ", names) + ", or all"));
            }
            n = ctx.session().workspace().liveRuns().release(what);
        }
        long data = DeviceCache.shared().releaseUnused();
        // a run released by hand may leave Java wrappers whose native memory the collector alone returns
        System.gc();
        long after = ProcessMemory.rssBytes();
        String line = "released " + n + " run" + (n == 1 ? "" : "s") + " (" + mb(modelBytes) + " of models)"
                + (data > 0 ? " and " + mb(data) + " of cached data" : "")
                + (before > 0 && after > 0 ? "; kernel RSS " + mb(before) + " → " + mb(after) : "")
                + ". Records and saved runs stay: %doctor, %compare and init=run:NAME still work.";
        return show(line);
    }

    private List<String> show(String headline) {
        // runs whose variables were rebound are unreachable but still listed until a collection notices
        System.gc();
        List<TrainedRun> runs = ctx.session().workspace().liveRuns().list();
        StringColumn name = StringColumn.create("run"), status = StringColumn.create("status"),
                model = StringColumn.create("model in memory");
        List<String> names = new ArrayList<>();
        long models = 0;
        for (TrainedRun r : runs) {
            name.append(r.record().name());
            status.append(String.valueOf(r.record().status()).toLowerCase(Locale.ROOT));
            long b = r.modelBytes();
            models += b;
            model.append(mb(b));
            names.add(r.record().name());
        }
        StringColumn dName = StringColumn.create("data"), dDevice = StringColumn.create("device"),
                dSize = StringColumn.create("size");
        IntColumn dUsers = IntColumn.create("runs using it");
        long data = 0;
        for (DeviceCache.Info i : DeviceCache.shared().entries()) {
            dName.append(i.name());
            dDevice.append(i.device());
            dSize.append(mb(i.bytes()));
            dUsers.append(i.users());
            data += i.bytes();
        }
        ProcessMemory.Limit limit = ProcessMemory.limit();
        long rss = ProcessMemory.rssBytes();
        String summary = (headline == null ? "" : headline + "\n")
                + "kernel memory: " + (rss > 0 ? mb(rss) : "unknown") + " resident of " + mb(limit.bytes()) + " ("
                + limit.source() + "); " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " in memory ("
                + mb(models) + " of models), " + mb(data) + " of data on the device (kept for the next run up to "
                + mb(DeviceCache.shared().budgetBytes()) + " unused). Free with %runs release NAME or %runs release all.";
        List<Rich> parts = new ArrayList<>();
        parts.add(Rich.text(summary));
        if (!runs.isEmpty()) {
            parts.add(TableView.of(Table.create("runs in memory", name, status, model)).caption("runs in memory").render());
        }
        if (data > 0) {
            parts.add(TableView.of(Table.create("data on the device", dName, dDevice, dSize, dUsers))
                    .caption("data on the device").render());
        }
        ctx.display(Rich.combine(parts));
        return names;
    }

    static String mb(long bytes) {
        double m = bytes / 1048576.0;
        return (m >= 10 || m == 0 ? String.valueOf(Math.round(m)) : String.format(Locale.ROOT, "%.1f", m)) + " MB";
    }
}
