package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void callsAreReadBackOnlyFromCellsOfNothingButMagics() {
        List<MagicCallTranspiler.Call> calls = MagicCallTranspiler.readBack(
                parser.resolveMagics("  %train epochs=2 \"a b\" label=ünï\n\n%noargs\n"));
        assertEquals(List.of(new MagicCallTranspiler.Call(false, "train", List.of("epochs=2", "a b", "label=ünï"), null),
                new MagicCallTranspiler.Call(false, "noargs", List.of(), null)), calls);
        assertEquals(List.of(new MagicCallTranspiler.Call(true, "keep", List.of("a=1"), "body \"line\"\n%two")),
                MagicCallTranspiler.readBack(parser.resolveMagics("%%keep a=1\nbody \"line\"\n%two")));
        // anything that is not only magic calls is compiled by JShell as before
        for (String cell : List.of("var run = %train epochs=1", "%train epochs=1\n// a note", "%echo a\nint x = 1;",
                "int y = 2;", "", "String s = \"50 %x\";")) {
            assertNull(MagicCallTranspiler.readBack(parser.resolveMagics(cell)), cell);
        }
    }
}
