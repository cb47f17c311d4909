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

    private final MagicCallTranspiler transpiler = new MagicCallTranspiler();
    private final MagicParser recording = new MagicParser("(?<=(?:^|=))\\s*%", "%%", transpiler);

    private List<MagicCallTranspiler.Call> callsOf(String cell) {
        return transpiler.transpile(recording, cell).calls();
    }

    private static MagicCallTranspiler.Call line(String name, String... args) {
        return new MagicCallTranspiler.Call(false, name, List.of(args), null);
    }

    @Test
    void aCellOfTwoLineMagicsGivesTheirTwoCallsInOrder() {
        assertEquals(List.of(line("train", "epochs=2", "a b", "label=ünï"), line("noargs")),
                callsOf("  %train epochs=2 \"a b\" label=ünï\n\n%noargs\n"));
        assertEquals(List.of(line("a"), line("b", "x")), callsOf("%a\r\n\t\r\n%b x"));
    }

    @Test
    void theCodeIsTheSameAsTheParsersAndTheCallsAreWhatItWrote() {
        String cell = "%train epochs=2 \"a b\"\n%noargs";
        MagicCallTranspiler.Transpiled t = transpiler.transpile(recording, cell);
        assertEquals(parser.resolveMagics(cell), t.code());
        assertEquals(2, t.code().split(MagicCallTranspiler.CALL_PREFIX.replace(".", "\\."), -1).length - 1);
    }

    @Test
    void aCellMagicIsOneCallEvenWithMagicLinesInItsBody() {
        assertEquals(List.of(new MagicCallTranspiler.Call(true, "keep", List.of("a=1"), "body \"line\"\n%two")),
                callsOf("%%keep a=1\nbody \"line\"\n%two"));
    }

    @Test
    void aCellWithAnyJavaIsNotDispatchedDirectly() {
        for (String cell : List.of("var run = %train epochs=1", "%train epochs=1\n// a note", "%echo a\nint x = 1;",
                "int y = 2;", "", "  \n", "String s = \"50 %x\";", "String s = \"a =%x\";", "/*\n%echo a\n*/",
                "var r =\n%train epochs=1", "x = %a\n%b", "%a\n}")) {
            MagicCallTranspiler.Transpiled t = transpiler.transpile(recording, cell);
            assertNull(t.calls(), cell);
            assertEquals(parser.resolveMagics(cell), t.code(), "JShell gets the same code as before: " + cell);
        }
    }

    @Test
    void aHugeArgumentListIsOneCall() {
        String[] args = new String[20_000];
        for (int i = 0; i < args.length; i++) args[i] = "k" + i + "=" + i;
        List<MagicCallTranspiler.Call> calls = callsOf("%train " + String.join(" ", args));
        assertEquals(List.of(line("train", args)), calls);
    }

    @Test
    void aTranspilerUsedWithoutTranspileRecordsNothing() {
        recording.resolveMagics("%a\n%b"); // e.g. the parser used by other code: keeps no calls for the next cell
        assertEquals(List.of(line("c")), callsOf("%c"));
    }
}
