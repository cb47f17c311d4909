package trainbook.magic.args;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HelpTest {
    @Test
    void helpListsEveryKeyWithDefaultAndExample() {
        for (Magic m : new Magic[]{Magic.TRAIN, Magic.LRFIND, Magic.COMPARE}) {
            String h = Help.text(m);
            assertTrue(h.startsWith(m.spelling()), h);
            for (KeyDef k : Keys.of(m)) {
                String line = h.lines().filter(l -> l.trim().startsWith(k.name() + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError(m + " help lacks " + k.name()));
                assertTrue(line.contains(k.example()), line);
                assertTrue(line.contains("[" + (k.def().isEmpty() ? "none" : k.def()) + "]"), line);
            }
            for (KeyDef k : Keys.ALL) {
                if (!k.accepts(m)) {
                    assertTrue(h.lines().noneMatch(l -> l.trim().startsWith(k.name() + " ")), m + " help shows foreign key " + k.name());
                }
            }
        }
        assertTrue(Help.text(Magic.COMPARE).contains("augment=none|flip|flip,crop"));
        assertTrue(Help.text(Magic.LRFIND).contains("start=1e-6"));
    }
}
