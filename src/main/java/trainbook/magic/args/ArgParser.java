package trainbook.magic.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Typed parsing of {@code %train} and {@code %lrfind} arguments into {@link MagicArgs}, with the cross-key checks
 * (conflicting or inapplicable keys). {@code %compare} is parsed by {@link CompareParser} on top of this.
 * Every error is an {@link ArgException} whose one-line message starts with the magic's name.
 */
public final class ArgParser {
    private ArgParser() {}

    /** True when the arguments ask for help ({@code --help}, {@code -h}, {@code help} or {@code ?}). */
    public static boolean isHelp(List<Token> tokens) {
        return tokens.stream().anyMatch(t -> t.positional()
                && (t.value().equals("--help") || t.value().equals("-h") || t.value().equals("help") || t.value().equals("?")));
    }

    /** Parses a raw argument line for {@code magic} (TRAIN or LRFIND). */
    public static MagicArgs parse(Magic magic, String line) {
        try {
            return parse(magic, Tokenizer.tokenize(line));
        } catch (ArgException e) {
            throw e.withPrefix(magic.spelling());
        }
    }

    /** Parses tokens for {@code magic} (TRAIN or LRFIND) and checks the combination. */
    public static MagicArgs parse(Magic magic, List<Token> tokens) {
        if (magic != Magic.TRAIN && magic != Magic.LRFIND) {
            throw new IllegalArgumentException("ArgParser.parse handles %train and %lrfind, not " + magic);
        }
        try {
            MagicArgs a = new MagicArgs(magic);
            for (Token t : tokens) apply(a, t);
            validate(a);
            return a;
        } catch (ArgException e) {
            throw e.withPrefix(magic.spelling());
        }
    }

    /**
     * Applies one {@code key=value} token: the key must exist and belong to the magic, must not be given twice,
     * and (outside %compare) must hold one value.
     */
    static void apply(MagicArgs a, Token t) {
        Magic magic = a.magic;
        if (t.positional()) {
            String w = t.value();
            KeyDef asKey = Keys.get(w.toLowerCase(Locale.ROOT));
            String hint = asKey != null && asKey.accepts(magic)
                    ? "did you mean " + (asKey.type().equals("bool") ? w + "=true" : asKey.example()) + "?"
                    : "write key=value, e.g. " + (magic == Magic.LRFIND ? "model=cnn" : "epochs=10");
            throw new ArgException(w, "unexpected word '" + w + "': " + magic + " takes key=value arguments; " + hint
                    + " (see " + magic + " --help)");
        }
        String key = t.key();
        KeyDef def = key(magic, key);
        String prev = a.given.get(def.name());
        if (prev != null) {
            if (def.name().equals("warmup") && prev.toLowerCase(Locale.ROOT).endsWith("s") != t.value().toLowerCase(Locale.ROOT).endsWith("s")) {
                throw new ArgException(t.raw(), "warmup given both in epochs and in steps ('warmup=" + prev + "' and '"
                        + t.raw() + "'): use one, e.g. warmup=1 (epochs) or warmup=500s (steps)");
            }
            throw new ArgException(t.raw(), "key '" + def.name() + "' given twice ('" + def.name() + "=" + prev + "' and '"
                    + t.raw() + "'): keep one" + (sweepable(def) && magic == Magic.TRAIN
                    ? "; to try both use %compare " + def.name() + "=" + prev + "," + t.value() : ""));
        }
        if (magic != Magic.COMPARE && !def.list() && hasTopLevel(t.value(), ',') && !def.name().equals("target")) {
            throw new ArgException(t.raw(), "'" + t.raw() + "' is a list: " + magic + " takes one " + def.name()
                    + " value; to try several use %compare " + t.raw());
        }
        a.given.put(def.name(), t.value());
        def.apply().apply(a, t.value());
    }

    /** The definition of {@code key} for {@code magic}, or an error naming the valid keys. */
    static KeyDef key(Magic magic, String key) {
        KeyDef def = Keys.get(key);
        if (def == null) {
            KeyDef lower = Keys.get(key.toLowerCase(Locale.ROOT).replace('-', '_'));
            List<String> valid = Keys.of(magic).stream().map(KeyDef::name).toList();
            String hint = lower != null && lower.accepts(magic)
                    ? " (did you mean '" + lower.name() + "'?)" : Suggest.didYouMean(key, valid);
            throw new ArgException(key, "unknown key '" + key + "'" + hint + "; " + magic + " keys: " + String.join(", ", valid));
        }
        if (!def.accepts(magic)) {
            String owners = def.magics().stream().map(Magic::spelling).collect(Collectors.joining(", "));
            String extra = magic == Magic.LRFIND && (key.equals("epochs") || key.equals("limit")) ? "; the ramp length is steps=N"
                    : magic == Magic.LRFIND && key.equals("lr") ? "; the ramp is start=... end=..." : "";
            throw new ArgException(key, "key '" + key + "' does not apply to " + magic + " (it is a key of " + owners + ")" + extra
                    + "; " + magic + " keys: " + Keys.of(magic).stream().map(KeyDef::name).collect(Collectors.joining(", ")));
        }
        return def;
    }

    private static boolean sweepable(KeyDef def) {
        return def.accepts(Magic.COMPARE) && !CompareParser.NOT_SWEPT.contains(def.name());
    }

    /** True when {@code c} occurs outside parentheses. */
    static boolean hasTopLevel(String v, char c) {
        return splitTopLevel(v, c).size() > 1;
    }

    /** Splits at {@code c} outside parentheses; keeps empty parts. */
    static List<String> splitTopLevel(String v, char c) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : v.toCharArray()) {
            if (ch == '(') depth++;
            if (ch == ')') depth--;
            if (ch == c && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * Cross-key checks: keys that only apply with another key's value, and combinations that cannot work.
     */
    public static void validate(MagicArgs a) {
        var s = a.spec;
        if (a.magic == Magic.LRFIND) {
            if (!(a.lrfind.start < a.lrfind.end)) {
                throw new ArgException("end=" + a.given.getOrDefault("end", "10"), "the ramp must go up: start="
                        + trainbook.engine.TrainSpec.num(a.lrfind.start) + " is not below end=" + trainbook.engine.TrainSpec.num(a.lrfind.end)
                        + ", e.g. start=1e-6 end=1");
            }
        }
        // data / target
        boolean dataVar = a.variables.containsKey("data");
        if (a.has("target") && !dataVar && !s.data().startsWith("csv:")) {
            throw new ArgException("target=" + s.target(), "target=" + s.target() + " applies to data=csv:PATH or a Table variable,"
                    + " not data=" + s.data() + " (whose labels are built in)");
        }
        if (s.data().startsWith("csv:") && s.target() == null) {
            throw new ArgException("data=" + s.data(), "data=" + s.data() + " needs target=COL naming the label column, e.g. target=label");
        }
        // keys that act only with a certain optimizer, schedule or other key: the engine's table decides
        for (var e : a.given.entrySet()) {
            String problem = trainbook.engine.KeyScope.problem(e.getKey(), e.getValue(), s);
            if (problem != null) throw new ArgException(e.getKey() + "=" + e.getValue(), problem);
        }
        if (a.magic == Magic.LRFIND) return;
        if (a.has("final") && !s.lrFromFinder() && s.finalLr() != null && s.finalLr() > s.lr()) {
            throw new ArgException("final=" + a.given.get("final"), "final=" + a.given.get("final")
                    + " is above lr=" + trainbook.engine.TrainSpec.num(s.lr()) + ": the schedule would raise the LR; use a final below lr");
        }
        boolean noVal = "none".equals(s.val());
        if (noVal && s.monitor().startsWith("val_") && (s.patience() != null || a.has("monitor"))) {
            String tok = s.patience() != null ? "patience=" + s.patience() : "monitor=" + s.monitor();
            throw new ArgException(tok, tok + " monitors " + s.monitor() + " but val=none: set monitor=train_loss or give"
                    + " validation data, e.g. val=split=0.1");
        }
    }
}
