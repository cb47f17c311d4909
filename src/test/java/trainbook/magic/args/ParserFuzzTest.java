package trainbook.magic.args;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random argument lines (seeded) built from key names, values and punctuation: the parsers either succeed or throw
 * an {@link ArgException} with one line that names the magic — never another exception.
 */
class ParserFuzzTest {
    private static final List<String> PIECES = List.of("=", ",", "|", "(", ")", "'", "\"", "\\", "..", " ", " ", " ",
            "1", "0", "-1", "1e-3", "0.5", "2s", "none", "off", "true", "lrfind", "split=", "run:", "csv:", "mlp(",
            "blobs(n=", "x", "é", "\t", "all", "last=", "search=random", "trials=");

    private static String line(Random rnd) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(8);
        List<String> keys = Keys.names();
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(3) > 0) b.append(keys.get(rnd.nextInt(keys.size()))).append('=');
            int m = 1 + rnd.nextInt(3);
            for (int j = 0; j < m; j++) b.append(PIECES.get(rnd.nextInt(PIECES.size())));
            b.append(' ');
        }
        return b.toString();
    }

    private static void check(String prefix, String line, Consumer<String> parser) {
        try {
            parser.accept(line);
        } catch (ArgException e) {
            assertFalse(e.getMessage().contains("\n"), "one line for: " + line + " → " + e.getMessage());
            assertTrue(e.getMessage().startsWith(prefix + ": "), "prefixed: " + e.getMessage());
        } catch (RuntimeException e) {
            fail("'" + line + "' threw " + e, e);
        }
    }

    @Test
    void hugeSweepsAreRefusedOrSampledWithoutOverflow() {
        StringBuilder b = new StringBuilder();
        String[] keys = {"lr", "wd", "momentum", "dropout", "gamma", "batch", "epochs", "seed", "clip", "limit", "threads", "grad_every"};
        for (String k : keys) {
            b.append(k).append('=');
            boolean fraction = k.equals("momentum") || k.equals("dropout") || k.equals("gamma");
            for (int v = 1; v <= 60; v++) b.append(v == 1 ? "" : ",").append(fraction ? String.valueOf(v / 100.0) : String.valueOf(v));
            b.append(' ');
        }
        b.append("opt=sgd sched=step ");
        ArgException e = assertThrows(ArgException.class, () -> CompareParser.parse(b.toString()));
        assertTrue(e.getMessage().contains("a grid of too many trials"), e.getMessage());
        CompareArgs c = CompareParser.parse(b + "search=random trials=5");
        assertEquals(5, c.trials.size());
    }

    @Test
    void randomLinesFailOnlyWithOneLineArgErrors() {
        Random rnd = new Random(20261121);
        for (int i = 0; i < 3000; i++) {
            String l = line(rnd);
            check("%train", l, s -> ArgParser.parse(Magic.TRAIN, s));
            check("%lrfind", l, s -> ArgParser.parse(Magic.LRFIND, s));
            check("%compare", l, CompareParser::parse);
        }
    }
}
