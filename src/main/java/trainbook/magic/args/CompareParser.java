package trainbook.magic.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code %compare}'s two forms.
 *
 * <pre>
 *   %compare RUN [RUN ...] | all | last=N  [format=svg] [monitor=val_acc]   compare saved runs
 *   %compare key=v1,v2 [key=v3|v4 ...] [search=grid|random] [trials=N] [other keys]   run a sweep, then compare
 * </pre>
 *
 * <p><b>Which commas separate sweep alternatives.</b> A value is split into alternatives at every {@code |}, and,
 * for keys holding one scalar value, also at every comma outside parentheses: {@code lr=1e-3,1e-2},
 * {@code model=mlp(512,256),cnn} (the comma inside {@code mlp(...)} belongs to the model). For the list-valued keys
 * {@code augment} and {@code milestones} commas always belong to the value, so their alternatives are separated by
 * {@code |} only: {@code augment=none|flip|flip,crop} is three trials, {@code augment=flip,crop} is one setting.
 *
 * <p>{@code search=grid} (default) runs the cartesian product in the order given (first key slowest);
 * {@code search=random trials=N} [8] runs N distinct combinations drawn with {@code seed}. With
 * {@code search=random} a numeric key may also take a range {@code lo..hi} ({@code lr=1e-4..1e-2}), sampled per
 * trial: log-uniform when {@code 0 < lo} and {@code hi/lo ≥ 10}, else uniform; integer keys rounded. Every trial keeps the
 * base seed, so trials differ only in the swept keys. At most {@link #MAX_TRIALS} trials.
 */
public final class CompareParser {
    private CompareParser() {}

    /** Largest number of trials a sweep may expand into. */
    public static final int MAX_TRIALS = trainbook.engine.sweep.Study.MAX_TRIALS;
    /** Default number of trials for search=tpe (its first 10 are random). */
    public static final int DEFAULT_TPE_TRIALS = 20;
    /** Default number of trials for search=random. */
    public static final int DEFAULT_RANDOM_TRIALS = 8;
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("([^,|()]+?)\\.\\.([^,|()]+)");

    /** Keys that cannot take several values in a sweep. */
    public static final Set<String> NOT_SWEPT = Set.of("as", "live", "dry", "format", "charts", "search", "trials", "last",
            "target", "runs", "prune", "min_epochs", "eta", "study", "multivariate",
            "backend", "master", "parallel", "keep_params");
    /** Keys that go with the saved-runs form. */
    public static final Set<String> SAVED_KEYS = Set.of("last", "format", "charts", "monitor", "as", "runs");

    /** Parses a raw argument line. */
    public static CompareArgs parse(String line) {
        try {
            return parse(Tokenizer.tokenize(line));
        } catch (ArgException e) {
            throw e.withPrefix(Magic.COMPARE.spelling());
        }
    }

    /** Parses tokens into saved-run or sweep form. */
    public static CompareArgs parse(List<Token> tokens) {
        try {
            return doParse(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.COMPARE.spelling());
        }
    }

    private static CompareArgs doParse(List<Token> tokens) {
        CompareArgs c = new CompareArgs();
        List<String> words = new ArrayList<>();
        List<Token> keyed = new ArrayList<>();
        for (Token t : tokens) {
            if (t.positional()) words.add(t.value());
            else keyed.add(t);
        }
        boolean hasLast = keyed.stream().anyMatch(t -> t.key().equals("last"));
        if (!words.isEmpty() || hasLast) return parseSaved(c, words, keyed);
        return parseSweep(c, keyed);
    }

    private static CompareArgs parseSaved(CompareArgs c, List<String> words, List<Token> keyed) {
        c.mode = CompareArgs.Mode.SAVED;
        MagicArgs scratch = new MagicArgs(Magic.COMPARE);
        List<String> sweepKeys = new ArrayList<>();
        for (Token t : keyed) {
            KeyDef def = ArgParser.key(Magic.COMPARE, t.key());
            if (SAVED_KEYS.contains(def.name())) {
                ArgParser.apply(scratch, t);
            } else {
                sweepKeys.add(t.raw());
            }
        }
        if (!sweepKeys.isEmpty()) {
            String runs = words.isEmpty() ? "last=" + scratch.last : String.join(" ", words);
            throw new ArgException(sweepKeys.get(0), "cannot mix saved runs (" + runs + ") with sweep keys ("
                    + String.join(" ", sweepKeys) + "): use either %compare RUN ... | all | last=N, or %compare key=v1,v2 ...;"
                    + " with saved runs only format=, charts=, monitor=, runs= and as= apply");
        }
        c.format = scratch.format;
        c.charts = scratch.charts;
        c.monitor = scratch.spec.monitor;
        c.as = scratch.spec.name;
        c.last = scratch.last;
        c.runsDir = scratch.spec.runsDir;
        Set<String> seen = new LinkedHashSet<>();
        for (String w : words) {
            if (w.equalsIgnoreCase("all")) {
                c.all = true;
            } else if (w.startsWith("-")) {
                throw new ArgException(w, "unknown option '" + w + "'; %compare takes run names, all, last=N, or sweep keys (see %compare --help)");
            } else if (!seen.add(w)) {
                throw new ArgException(w, "run '" + w + "' listed twice");
            }
        }
        c.runs.addAll(seen);
        int forms = (c.all ? 1 : 0) + (c.last != null ? 1 : 0) + (c.runs.isEmpty() ? 0 : 1);
        if (forms > 1) {
            String tok = c.all ? "all" : "last=" + c.last;
            throw new ArgException(tok, "give one of: run names, all, or last=N (got " + describeSaved(c) + ")");
        }
        return c;
    }

    private static String describeSaved(CompareArgs c) {
        List<String> p = new ArrayList<>(c.runs);
        if (c.all) p.add("all");
        if (c.last != null) p.add("last=" + c.last);
        return String.join(" ", p);
    }

    private static CompareArgs parseSweep(CompareArgs c, List<Token> keyed) {
        c.mode = CompareArgs.Mode.SWEEP;
        MagicArgs base = new MagicArgs(Magic.COMPARE);
        LinkedHashMap<String, Token> sweptTokens = new LinkedHashMap<>();
        for (Token t : keyed) {
            KeyDef def = ArgParser.key(Magic.COMPARE, t.key());
            String scale = scalePrefix(t.value());
            java.util.regex.Matcher range = RANGE.matcher(t.value().substring(scale.length()));
            boolean numeric = def.type().startsWith("number") || def.type().startsWith("int");
            if (range.matches() && numeric && !def.list()) {
                addRange(c, def, t, range.group(1), range.group(2), base, sweptTokens, scale);
                continue;
            }
            List<String> alts = alternatives(def, t.value());
            if (alts.size() == 1) {
                if (sweptTokens.containsKey(def.name())) {
                    throw new ArgException(t.raw(), "key '" + def.name() + "' given twice ('" + sweptTokens.get(def.name()).raw()
                            + "' and '" + t.raw() + "'): keep one");
                }
                ArgParser.apply(base, t);
                continue;
            }
            addAlternatives(c, def, t, alts, base, sweptTokens);
        }
        if (c.swept.isEmpty()) {
            String given = String.join(" ", keyed.stream().map(Token::raw).toList());
            throw new ArgException(null, "nothing to compare" + (given.isEmpty() ? "" : " in '" + given + "' (one value per key)")
                    + ": give saved run names, all or last=N, or sweep a key with several values,"
                    + " e.g. %compare lr=1e-3,1e-2 opt=sgd,adam");
        }
        c.base = base;
        c.format = base.format;
        c.charts = base.charts;
        c.monitor = base.spec.monitor;
        c.as = base.spec.name;
        c.runsDir = base.spec.runsDir;
        c.search = base.search;
        boolean study = c.search.equals("tpe") || base.study != null || !base.prune.equals("none") || base.backend.equals("spark");
        SweepStudy.checkBackend(base);
        checkSearchKeys(c, base);
        if (study) return SweepStudy.plan(c, base);
        if (!c.ranges.isEmpty()) return SweepTrials.sampleRanges(c, base);
        return SweepTrials.expand(c, base);
    }

    /** A key listed with several values: each checked alone, none empty or repeated, before anything runs. */
    private static void addAlternatives(CompareArgs c, KeyDef def, Token t, List<String> alts, MagicArgs base,
                                        LinkedHashMap<String, Token> sweptTokens) {
        if (NOT_SWEPT.contains(def.name())) {
            throw new ArgException(t.raw(), "'" + t.raw() + "': " + def.name() + " takes one value; sweepable keys are "
                    + String.join(", ", sweepable()));
        }
        if (sweptTokens.containsKey(def.name()) || base.has(def.name())) {
            throw new ArgException(t.raw(), "key '" + def.name() + "' given twice: list every value in one token, e.g. "
                    + def.name() + "=v1,v2");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String alt : alts) {
            if (alt.isEmpty()) {
                throw new ArgException(t.raw(), "empty value in '" + t.raw() + "': separate values with "
                        + (def.list() ? "|, e.g. " + def.name() + "=none|flip|flip,crop" : "commas, e.g. " + def.name() + "=v1,v2"));
            }
            if (!distinct.add(alt)) throw new ArgException(t.raw(), "value '" + alt + "' listed twice in '" + t.raw() + "'");
            // check the value alone, so a bad one is reported before anything runs
            ArgParser.apply(new MagicArgs(Magic.COMPARE), new Token(def.name(), alt, def.name() + "=" + alt));
        }
        sweptTokens.put(def.name(), t);
        c.swept.put(def.name(), new ArrayList<>(distinct));
    }

    /** Keys that apply only to some searches or pruners, given without them: one line that says what to add. */
    private static void checkSearchKeys(CompareArgs c, MagicArgs base) {
        if (base.has("min_epochs") && base.prune.equals("none")) {
            throw new ArgException("min_epochs=" + base.minEpochs, "min_epochs=" + base.minEpochs
                    + " applies to pruning: add prune=median or prune=asha");
        }
        if (base.has("eta") && !base.prune.equals("asha")) {
            throw new ArgException("eta=" + base.eta, "eta=" + base.eta + " applies to prune=asha (successive halving)"
                    + (base.prune.equals("median") ? "; prune=median has no eta" : ": add prune=asha"));
        }
        if (base.has("multivariate") && !c.search.equals("tpe")) {
            throw new ArgException("multivariate=" + base.given().get("multivariate"), "multivariate="
                    + base.given().get("multivariate") + " applies to search=tpe (the Parzen estimators): add search=tpe");
        }
        if (base.has("trials") && c.search.equals("grid")) {
            throw new ArgException("trials=" + base.trials, "trials=" + base.trials + " applies to search=random: add search=random"
                    + " (search=grid runs every combination)");
        }
        if (!c.ranges.isEmpty() && c.search.equals("grid")) {
            String k = c.ranges.keySet().iterator().next();
            String tok = k + "=" + c.swept.get(k).get(0);
            throw new ArgException(tok, tok + " is a range: ranges are sampled, so add search=random or search=tpe (trials=N),"
                    + " or list values for a grid, e.g. " + k + "=v1,v2");
        }
    }

    /** {@code log:} or {@code lin:} at the start of a range value (any case), else "". */
    private static String scalePrefix(String v) {
        String l = v.toLowerCase(java.util.Locale.ROOT);
        return l.startsWith("log:") || l.startsWith("lin:") ? v.substring(0, 4) : "";
    }

    /**
     * The arguments of study trial {@code number}: the shared keys plus the sampled values; named
     * {@code STUDY-tN} with study=, {@code AS_N} with as=, else automatically.
     */
    public static MagicArgs trialArgs(CompareArgs c, int number, java.util.Map<String, Object> params) {
        MagicArgs trial = c.base.copy();
        LinkedHashMap<String, String> varied = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            Object v = e.getValue();
            String text = v instanceof Double d ? trainbook.engine.TrainSpec.num(d) : String.valueOf(v);
            varied.put(e.getKey(), text);
            ArgParser.apply(trial, new Token(e.getKey(), text, e.getKey() + "=" + text));
        }
        trial.spec.name = c.study != null ? c.study + "-t" + number : c.as == null ? null : c.as + "_" + number;
        try {
            ArgParser.validate(trial);
        } catch (ArgException e) {
            throw new ArgException(e.token(), "trial " + number + " (" + describe(varied) + "): " + e.getMessage());
        }
        return trial;
    }

    /** {@code lo..hi} of a numeric key: checked like single values, lo below hi. */
    private static void addRange(CompareArgs c, KeyDef def, Token t, String lo, String hi, MagicArgs base,
                                 LinkedHashMap<String, Token> sweptTokens, String scale) {
        if (NOT_SWEPT.contains(def.name())) {
            throw new ArgException(t.raw(), "'" + t.raw() + "': " + def.name() + " takes one value; sweepable keys are "
                    + String.join(", ", sweepable()));
        }
        if (sweptTokens.containsKey(def.name()) || base.has(def.name())) {
            throw new ArgException(t.raw(), "key '" + def.name() + "' given twice: give one range or one list");
        }
        double[] r = new double[2];
        String[] ends = {lo.trim(), hi.trim()};
        for (int i = 0; i < 2; i++) {
            ArgParser.apply(new MagicArgs(Magic.COMPARE), new Token(def.name(), ends[i], def.name() + "=" + ends[i]));
            try {
                r[i] = Double.parseDouble(ends[i]);
            } catch (NumberFormatException e) {
                throw new ArgException(t.raw(), "range '" + t.raw() + "' needs numbers at both ends, e.g. " + def.name() + "=1e-4..1e-2");
            }
        }
        if (r[0] == r[1]) {
            throw new ArgException(t.raw(), "range '" + t.raw() + "' is empty: give two different ends, low first (e.g. "
                    + def.name() + "=1e-4..1e-1)");
        }
        if (!(r[0] < r[1])) {
            throw new ArgException(t.raw(), "range '" + t.raw() + "' must go up: " + ends[0] + " is not below " + ends[1]);
        }
        String text = scale.toLowerCase(java.util.Locale.ROOT) + ends[0] + ".." + ends[1];
        try {
            trainbook.engine.sweep.SearchSpace.of().add(def.name(), text, def.type().startsWith("int"));
        } catch (IllegalArgumentException e) {
            throw new ArgException(t.raw(), "'" + t.raw() + "': " + e.getMessage());
        }
        sweptTokens.put(def.name(), t);
        c.ranges.put(def.name(), new double[]{r[0], r[1], scale.isEmpty() ? -1 : scale.equalsIgnoreCase("log:") ? 1 : 0});
        c.swept.put(def.name(), List.of(text));
    }

    /** The alternatives of one value under the splitting rule (see the class comment). */
    public static List<String> alternatives(KeyDef def, String value) {
        List<String> out = new ArrayList<>();
        for (String part : ArgParser.splitTopLevel(value, '|')) {
            if (def.list()) out.add(part.trim());
            else for (String p : ArgParser.splitTopLevel(part, ',')) out.add(p.trim());
        }
        return out;
    }

    /** The keys that can be swept, in table order. */
    public static List<String> sweepable() {
        return Keys.of(Magic.COMPARE).stream().map(KeyDef::name).filter(k -> !NOT_SWEPT.contains(k)).toList();
    }

    /** {@code lr=1e-3 opt=sgd}. */
    public static String describe(java.util.Map<String, String> varied) {
        StringBuilder b = new StringBuilder();
        for (var e : varied.entrySet()) {
            if (b.length() > 0) b.append(' ');
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
