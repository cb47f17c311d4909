package trainbook.reliability;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;
import trainbook.magic.MagicState;
import trainbook.magic.VariableBinder;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.CompareArgs;
import trainbook.magic.args.CompareParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;
import trainbook.magic.args.Token;
import trainbook.magic.args.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of hostile argument lines through the parsers of {@code %train}, {@code %lrfind} and {@code %compare}
 * (both the raw-line tokenizer and JJava's pre-split arguments): each is accepted into a spec whose values are in
 * their documented ranges, or rejected with a one-line {@link IllegalArgumentException} naming the magic. Nothing
 * else (no NullPointerException, NumberFormatException, StackOverflowError, ...).
 */
class ArgFuzzTest {
    static final int LINES = 4000;

    /** Notebook variables the binder can find: none of the right type. */
    private static final VariableBinder.Lookup VARS = VariableBinder.of(Map.of("net", "not a block", "data", 42,
            "x", List.of(1, 2)));

    @Test
    void everyLineIsAcceptedOrRejectedWithOneLine() {
        Fuzz fuzz = new Fuzz(20261121L);
        int accepted = 0, rejected = 0, cases = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            String line = fuzz.line();
            for (Magic magic : List.of(Magic.TRAIN, Magic.LRFIND, Magic.COMPARE)) {
                for (boolean presplit : new boolean[]{false, true}) {
                    cases++;
                    try {
                        check(magic, tokens(magic, line, presplit));
                        accepted++;
                    } catch (IllegalArgumentException e) {
                        String m = e.getMessage();
                        if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r")) {
                            failures.add(magic + " " + show(line) + " → message not one line: " + show(String.valueOf(m)));
                        } else if (e instanceof trainbook.magic.args.ArgException && !m.startsWith(magic.spelling() + ":")
                                && !m.startsWith("%")) {
                            failures.add(magic + " " + show(line) + " → message does not name the magic: " + show(m));
                        } else {
                            rejected++;
                        }
                    } catch (Throwable t) {
                        failures.add(magic + " " + show(line) + " → " + t);
                    }
                }
            }
        }
        System.out.println("[figure] fuzz (Java parsers): " + LINES + " lines, " + cases + " cases through %train,"
                + " %lrfind, %compare: " + accepted + " accepted, " + rejected + " rejected with one line, "
                + failures.size() + " other outcomes");
        assertTrue(failures.isEmpty(), failures.size() + " bad outcomes, e.g.\n" + String.join("\n",
                failures.subList(0, Math.min(15, failures.size()))));
        assertTrue(rejected > cases / 2, "most hostile lines are rejected");
        assertTrue(accepted > 0, "some lines are valid");
    }

    @Test
    void namedHostileInputsAreRejected() {
        String[] lines = {"epochs=0", "lr=nan", "lr=-1", "lr=1e309", "lr=", "epochs=2147483648", "batch=-5",
                "model=mlp(1,2", "target=\"abc", "as=../../x", "as=System.exit(0)", "data=$(rm -rf /)",
                "model=\"); System.exit(2); //", "dropout=1", "momentum=nan", "warmup=-1s", "epochs=1e3"};
        for (String line : lines) {
            try {
                check(Magic.TRAIN, tokens(Magic.TRAIN, line, false));
                throw new AssertionError("accepted: %train " + line);
            } catch (IllegalArgumentException e) {
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().startsWith("%train"), e.getMessage());
            }
        }
    }

    /** Tokens as the magics make them: tokenizer errors carry the magic's name, like every other argument error. */
    private static List<Token> tokens(Magic magic, String line, boolean presplit) {
        try {
            return presplit ? Tokenizer.fromArgs(Arrays.asList(line.trim().split("\\s+"))) : Tokenizer.tokenize(line);
        } catch (trainbook.magic.args.ArgException e) {
            throw e.withPrefix(magic.spelling());
        }
    }

    private static void check(Magic magic, List<Token> tokens) {
        if (magic == Magic.COMPARE) {
            CompareArgs c = CompareParser.parse(tokens);
            assertTrue(c.trials.size() <= CompareParser.MAX_TRIALS, "trials bounded");
            for (CompareArgs.Trial t : c.trials) checkSpec(t.args());
            return;
        }
        if (ArgParser.isHelp(tokens)) return;
        MagicArgs a = ArgParser.parse(magic, tokens);
        try {
            VariableBinder.bind(a, VARS);
            new trainbook.magic.NotebookSession().state().resolveLr(a.spec);
        } catch (trainbook.magic.args.ArgException e) {
            throw e.withPrefix(magic.spelling());
        }
        checkSpec(a);
    }

    /** An accepted spec holds values in their documented ranges. */
    private static void checkSpec(MagicArgs a) {
        TrainSpec s = a.spec;
        assertTrue(s.epochs() >= 1, "epochs ≥ 1");
        assertTrue(s.batch() >= 1, "batch ≥ 1");
        assertTrue(s.limit() == null || s.limit() >= 1, "limit ≥ 1");
        assertTrue(s.lrFromFinder() || (s.lr() > 0 && Double.isFinite(s.lr())), "lr > 0 and finite: " + s.lr());
        assertTrue(s.dropout() >= 0 && s.dropout() < 1, "dropout");
        assertTrue(s.momentum() == null || (s.momentum() >= 0 && s.momentum() < 1), "momentum");
        assertTrue(s.wd() >= 0 && Double.isFinite(s.wd()), "wd");
        assertTrue(s.maxTime() == null || (s.maxTime() > 0 && Double.isFinite(s.maxTime())), "max_time");
        assertTrue(s.warmupEpochs() >= 0 && Double.isFinite(s.warmupEpochs()) && s.warmupSteps() >= 0, "warmup");
        assertTrue(s.gamma() > 0 && s.gamma() <= 1, "gamma");
        assertTrue(s.clip() == null || (s.clip() > 0 && Double.isFinite(s.clip())), "clip");
        assertTrue(s.name() == null || s.name().matches("[A-Za-z_][A-Za-z0-9_]*"), "as is an identifier: " + s.name());
        if (a.magic == Magic.LRFIND) {
            assertTrue(a.lrfind.start > 0 && a.lrfind.start < a.lrfind.end && Double.isFinite(a.lrfind.end), "ramp");
            assertTrue(a.lrfind.steps >= 5, "steps");
        }
        assertEquals(a.variables.isEmpty() || s.modelObject() != null || s.dataObject() != null || s.lossObject() != null
                || s.valObject() != null || s.scheduleObject() != null, true, "variables bound");
    }

    private static String show(String s) {
        String t = s.length() > 120 ? s.substring(0, 120) + "…(" + s.length() + " chars)" : s;
        return "'" + t.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
