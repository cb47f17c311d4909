package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Tracebacks alone: styled by the styler it is given, cut to the cell's frames, magics' errors as their own. */
class TracebacksTest {
    private final MagicsRegistry registry = new MagicsRegistry();
    /** A styler whose mark is visible: secondary text comes out as {@code <<text} plus the reset code. */
    private final Tracebacks tracebacks = new Tracebacks(new StringStyler("", "<<", "", i -> ""), () -> registry);

    private static String plain(String styled) {
        return styled.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    @Test
    void namesAreStyledByTheKernelsStyler() {
        CellException e = tracebacks.interrupted(false);
        assertEquals("Interrupted", e.getErrorName());
        assertTrue(e.getTraceback().get(0).startsWith("<<Interrupted: "), e.getTraceback().toString());
        assertEquals("<<Interrupted: \u001b[0mthe cell was interrupted", e.getTraceback().get(0));
        assertTrue(tracebacks.interrupted(true).getMessage().contains("did not react within"));
    }

    @Test
    void aCompileErrorPointsAtItsSpanOnItsLine() {
        String cell = "int ok = 1;\nint bad = nope + 1;";
        int snippetStart = cell.indexOf("int bad");
        Tracebacks.Problem diag = new Tracebacks.Problem("cannot find symbol\n  symbol: variable nope", 10, 14);
        CellException e = tracebacks.compileError(List.of(diag), cell, snippetStart);
        assertEquals("CompilationException", e.getErrorName());
        assertEquals("cannot find symbol", e.getMessage());
        List<String> lines = e.getTraceback();
        assertEquals("line 2: int bad = nope + 1;", lines.get(1));
        String caret = plain(lines.get(2)).replace("<<", "");
        assertEquals("line 2: int bad = ".length(), caret.indexOf('^'));
        assertEquals("^^^^", caret.strip());
        assertEquals("    symbol: variable nope", lines.get(4));
    }

    @Test
    void aMagicsFailureShowsTheMagicsOwnError() {
        CellException oneLine = tracebacks.of(new MagicFailure("train", false,
                new IllegalArgumentException("unknown key 'lrr'; did you mean 'lr'?")));
        assertEquals("IllegalArgumentException", oneLine.getErrorName());
        assertEquals("unknown key 'lrr'; did you mean 'lr'?", oneLine.getMessage());
        assertEquals(2, oneLine.getTraceback().size(), "bad input is one line plus the magic's name");
        assertEquals("(in %train)", oneLine.getTraceback().get(1));

        CellException withTrace = tracebacks.of(new MagicFailure("compare", false,
                new IllegalStateException("store broken", new java.io.IOException("disk full"))));
        String trace = String.join("\n", withTrace.getTraceback());
        assertTrue(trace.contains("Caused by: java.io.IOException: disk full"), trace);
        assertTrue(trace.endsWith("(in %compare)"), trace);
    }

    @Test
    void anUndefinedMagicListsTheDefinedOnes() {
        registry.registerLineMagic("train", (k, args) -> null);
        CellException e = tracebacks.thrown(null, new UndefinedMagicException("trian", true));
        assertEquals("UndefinedMagicException", e.getErrorName());
        assertTrue(e.getMessage().contains("line magics [train]"), e.getMessage());
    }

    @Test
    void framesStopAtTheLastCellFrameAndNameTheCellAndLine() {
        tracebacks.recordOrigin("7", 3, 5);
        StackTraceElement[] trace = {
                new StackTraceElement("lib.Thing", "work", "Thing.java", 10),
                new StackTraceElement("REPL.$JShell$7", "helper", "#7", 2),
                new StackTraceElement("REPL.$JShell$7", "do_it$", "#7", 1),
                new StackTraceElement("jdk.internal.reflect.X", "invoke", "X.java", 1),
                new StackTraceElement(KernelExecutionControl.class.getName(), "invoke", "K.java", 1)};
        List<String> frames = tracebacks.frames(trace, 30);
        assertEquals(List.of("    at lib.Thing.work(Thing.java:10)", "    at helper() (cell [3], line 6)",
                "    at cell code (cell [3], line 5)"), frames);
        assertEquals("cell code (snippet 9, line 4)",
                tracebacks.formatFrame(new StackTraceElement("R", "do_it$", "#9", 4)));
    }

    @Test
    void withoutACellFrameTheTraceEndsWhereTheKernelStarts() {
        StackTraceElement[] trace = {
                new StackTraceElement("trainbook.magic.TrainMagic", "run", "TrainMagic.java", 40),
                new StackTraceElement(MagicCalls.class.getName(), "lineMagic", "MagicCalls.java", 20),
                new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1)};
        assertEquals(List.of("    at trainbook.magic.TrainMagic.run(TrainMagic.java:40)"), tracebacks.frames(trace, 30));
        StackTraceElement[] deep = new StackTraceElement[20];
        for (int i = 0; i < deep.length; i++) deep[i] = new StackTraceElement("a.B", "m" + i, "B.java", i);
        List<String> cut = tracebacks.frames(deep, 5);
        assertEquals(6, cut.size());
        assertEquals("    ...", cut.get(5));
    }
}
