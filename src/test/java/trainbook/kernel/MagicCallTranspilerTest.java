package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Magic lines become calls to {@link MagicCalls}, which the kernel's parts recognise. */
class MagicCallTranspilerTest {
    private final MagicParser parser = new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicCallTranspiler());

    @Test
    void lineAndCellMagicsCallMagicCalls() {
        String line = parser.resolveMagics("var run = %train epochs=2 \"a b\"").strip();
        assertTrue(line.startsWith("var run =" + MagicCallTranspiler.CALL_PREFIX + "lineMagic("), line);
        assertTrue(VariableKeeper.isMagicCall(line.substring(line.indexOf('=') + 1)));
        String cell = parser.resolveMagics("%%keep a=1\nbody line").strip();
        assertTrue(VariableKeeper.isMagicCall(cell), cell);
        assertTrue(cell.contains("cellMagic("), cell);
    }

    @Test
    void aPercentInsideAStringIsText() {
        assertTrue(MagicCallTranspiler.insideString("String s = \"50 "));
        assertFalse(MagicCallTranspiler.insideString("String s = \"a\" + "));
        assertFalse(MagicCallTranspiler.insideString("String s = \"say \\\"hi\\\"\"; "));
    }
}
