package trainbook.kernel;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A later cell must never silently reset a variable declared by an earlier one (notebook 09 lost {@code ringNet}).
 *
 * <p>The trigger, shown at JShell level by {@link #jshellItselfResetsAVariableWhenAnImportStartsWithALineBreak()}:
 * an import whose source starts with a line break (any import below a cell's first line, or after a comment) makes
 * JShell recompile the declarations that depend on it; the wrapper classes come out with shifted line numbers, the
 * in-process execution cannot redefine them, so JShell loads them under new names without running their
 * initializers, and the variables read null.
 */
class VariableResetTest {
    private static TrainbookKernel kernel;

    @BeforeAll
    static void start() {
        kernel = TrainbookKernel.builder().build();
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void jshellItselfResetsAVariableWhenAnImportStartsWithALineBreak() {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            VarSnippet s = (VarSnippet) shell.eval("String s = \"kept\";").get(0).snippet();
            assertEquals("\"kept\"", shell.varValue(s));

            // the same import on one line recompiles nothing that changes
            shell.eval("import java.io.*;");
            assertEquals("\"kept\"", shell.varValue(s));

            // an import starting with a line break (as the second line of a cell is handed over) resets s
            List<SnippetEvent> events = shell.eval("\nimport java.nio.*;");
            SnippetEvent dependent = events.stream().filter(e -> e.snippet() == s).findFirst().orElseThrow();
            assertNotNull(dependent.causeSnippet(), "s was recompiled because of the import");
            assertEquals(Snippet.Status.VALID, dependent.status());
            assertEquals("null", shell.varValue(s), "JShell loaded a fresh wrapper class: s is back to null");
        }
    }

    @Test
    void anImportBelowTheFirstLineOfACellKeepsEarlierVariables() {
        kernel.evalRaw("StringBuilder net = new StringBuilder(\"layers\");\n"
                + "System.out.println(net);");
        kernel.evalRaw("long steps = Long.parseLong(\"900\");\nfloat[] xs = new float[]{1f, 2f};");
        String err = stderrOf(() -> kernel.evalRaw("import java.util.concurrent.*;\n"
                + "import java.util.concurrent.atomic.*;\n\n"
                + "// a comment, then another import\n"
                + "import java.text.*;\n"
                + "int n = 3;"));
        assertEquals("layers", String.valueOf(kernel.evalRaw("net")));
        assertEquals(900L, kernel.evalRaw("steps"));
        assertArrayEquals(new float[]{1f, 2f}, (float[]) kernel.evalRaw("xs"));
        assertEquals("", err, "nothing was reset, so nothing to warn about");
        assertTrue(kernel.activeSnippetSources().contains("import java.util.concurrent.atomic.*;"),
                "the import reaches JShell without its leading line break");
    }

    @Test
    void aVariableResetByARecompilationGetsItsValueBack() {
        Object net = kernel.evalRaw("List<Integer> model = new ArrayList<>(List.of(64, 64, 3));\nint width = 64;");
        assertNull(net);
        Object before = kernel.evalRaw("model");
        // a line break inside the import (here in a comment) is left as it is: JShell reloads the dependants
        String err = stderrOf(() -> kernel.evalRaw("import /* patterns,\n   for parsing */ java.util.regex.*;"));
        assertSame(before, kernel.evalRaw("model"), "the same object, not a re-run initializer");
        assertEquals(64, kernel.evalRaw("width"));
        assertEquals("", err);
        assertEquals(List.of(64, 64, 3), kernel.evalRaw("model.stream().collect(Collectors.toList())"));
    }

    @Test
    void aVariableWhoseTypeWasReplacedIsNamedInAWarning() {
        kernel.evalRaw("class Layer { int units = 8; }");
        kernel.evalRaw("Layer layer = new Layer();");
        assertEquals(8, kernel.evalRaw("layer.units"));
        String err = stderrOf(() -> kernel.evalRaw("class Layer { int units = 16; String name = \"dense\"; }"));
        assertTrue(err.contains("variable 'layer' was reset to null"), err);
        assertTrue(err.contains("class Layer { int units = 16;"), "the warning names the cause: " + err);
        assertTrue(err.contains("run the cell that declares it again"), err);
        assertEquals(true, kernel.evalRaw("layer == null"));
    }

    @Test
    void onlySingleLineImportsAreRewritten() {
        assertEquals("import java.io.*;", CellEvaluator.importOnOneLine("\n\nimport java.io.*;"));
        assertEquals("import static java.lang.Math.max;",
                CellEvaluator.importOnOneLine("  // max\n/* and */ import static java.lang.Math.max;\n"));
        assertEquals("\nimport java\n  .io.*;", CellEvaluator.importOnOneLine("\nimport java\n  .io.*;"));
        assertEquals("\nint importance = 1;", CellEvaluator.importOnOneLine("\nint importance = 1;"));
        assertEquals("\nString s = \"a\";", CellEvaluator.importOnOneLine("\nString s = \"a\";"));
    }

    @Test
    void aBadImportBelowTheFirstLineIsStillReportedWhereItIs() {
        CellException e = assertThrows(CellException.class,
                () -> kernel.evalRaw("int fine = 1;\n\n  import no.such.pkg.Thing;"));
        assertEquals("CompilationException", e.getErrorName());
        String trace = String.join("\n", e.getTraceback());
        assertTrue(trace.contains("line 3:   import no.such.pkg.Thing;"), trace);
        int caretLine = e.getTraceback().indexOf(e.getTraceback().stream()
                .filter(l -> l.startsWith("line 3")).findFirst().orElseThrow()) + 1;
        String caret = e.getTraceback().get(caretLine).replaceAll("\u001b\\[[0-9;]*m", "");
        assertTrue(caret.indexOf('^') >= "line 3:   import ".length(), caret);
    }

    @Test
    void inspectShowsValuesAsJShellWritesThem() {
        kernel.evalRaw("String shownName = \"dense\";\nint[] shownSizes = {8, 2};");
        assertEquals("String shownName = \"dense\"",
                kernel.inspect("shownName", 2, false).getData(MIMEType.TEXT_PLAIN));
        assertEquals("int[] shownSizes = int[2] { 8, 2 }",
                kernel.inspect("shownSizes", 2, false).getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void defaultValuesAreRecognised() {
        assertTrue(VariableKeeper.isDefault(null));
        assertTrue(VariableKeeper.isDefault(0));
        assertTrue(VariableKeeper.isDefault(0.0));
        assertTrue(VariableKeeper.isDefault(false));
        assertTrue(VariableKeeper.isDefault('\0'));
        assertFalse(VariableKeeper.isDefault(-0.0), "-0.0 is a value a fresh field never holds");
        assertFalse(VariableKeeper.isDefault(1L));
        assertFalse(VariableKeeper.isDefault(""));
    }

    private static String stderrOf(Runnable cell) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            cell.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("SLF4J")).collect(Collectors.joining("\n"));
    }
}
