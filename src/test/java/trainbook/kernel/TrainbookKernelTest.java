package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class TrainbookKernelTest {
    private static TrainbookKernel kernel;
    private static final List<String> magicThreads = new CopyOnWriteArrayList<>();
    private static final List<List<String>> magicArgs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        kernel = TrainbookKernel.builder().build();
        kernel.getMagicsRegistry().registerLineMagic("echo", (k, args) -> {
            magicThreads.add(Thread.currentThread().getName());
            magicArgs.add(args);
            return null;
        });
        kernel.getMagicsRegistry().registerLineMagic("make", (k, args) -> new StringBuilder(args.get(0)));
        kernel.getMagicsRegistry().registerLineMagic("bad", (k, args) -> {
            throw new IllegalArgumentException("bad value 'x'; use 1 or 2");
        });
        kernel.getMagicsRegistry().registerLineMagic("peek", (k, args) -> {
            Object value = k.evalRaw(args.get(0));
            magicArgs.add(List.of(String.valueOf(value), value.getClass().getName()));
            return null;
        });
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void expressionResultsAreRealObjects() {
        assertEquals(3, kernel.evalRaw("1 + 2"));
        DisplayData shown = kernel.eval("\"a\" + \"b\"");
        assertEquals("ab", shown.getData(MIMEType.TEXT_PLAIN));
        kernel.evalRaw("var sb = new StringBuilder(\"hi\");");
        Object first = kernel.evalRaw("sb");
        assertTrue(first instanceof StringBuilder);
        assertSame(first, kernel.evalRaw("sb"), "a bare variable name gives back the same object");
        assertSame(Cancellation.class, kernel.evalRaw("trainbook.engine.Cancellation.class"),
                "cells and magics share the kernel's classes (no duplicate class loading)");
    }

    @Test
    void lastSnippetDecidesTheResult() {
        assertEquals(6, kernel.evalRaw("int a = 2;\nint b = 3;\na * b"));
        assertNull(kernel.evalRaw("int c = 4;"));
        assertNull(kernel.evalRaw("System.out.print(\"\")"));
        assertNull(kernel.evalRaw("   \n// only a comment\n"));
        assertEquals(4, kernel.evalRaw("c"));
    }

    @Test
    void declarationsPersistAcrossCells() {
        kernel.evalRaw("int twice(int x) { return 2 * x; }");
        kernel.evalRaw("record P(int x, int y) {}");
        assertEquals(42, kernel.evalRaw("twice(new P(21, 0).x())"));
    }

    @Test
    void compileErrorsNameTheLineAndPosition() {
        CellException e = assertThrows(CellException.class,
                () -> kernel.evalRaw("int ok = 1;\nint bad = undefinedThing + 1;"));
        assertEquals("CompilationException", e.getErrorName());
        assertTrue(e.getMessage().contains("cannot find symbol"), e.getMessage());
        String trace = String.join("\n", e.getTraceback());
        assertTrue(trace.contains("line 2: int bad = undefinedThing + 1;"), trace);
        int caretLine = e.getTraceback().indexOf(e.getTraceback().stream()
                .filter(l -> l.startsWith("line 2")).findFirst().orElseThrow()) + 1;
        String caret = e.getTraceback().get(caretLine).replaceAll("\u001b\\[[0-9;]*m", "");
        assertEquals("line 2: int bad = ".length(), caret.indexOf('^'), "caret under the bad symbol");
    }

    @Test
    void incompleteCodeIsACompileError() {
        CellException e = assertThrows(CellException.class, () -> kernel.evalRaw("for (int i = 0; i < 3; i++) {"));
        assertEquals("CompilationException", e.getErrorName());
    }

    @Test
    void runtimeExceptionsKeepTheirNameAndATrimmedTrace() {
        CellException e = assertThrows(CellException.class,
                () -> kernel.evalRaw("void boom() {\n  throw new IllegalStateException(\"kaboom\");\n}\nboom();"));
        assertEquals("IllegalStateException", e.getErrorName());
        assertEquals("kaboom", e.getMessage());
        String trace = String.join("\n", e.getTraceback());
        assertTrue(trace.contains("java.lang.IllegalStateException"), trace);
        assertFalse(trace.contains("jdk.internal.reflect"), trace);
        assertFalse(trace.contains("trainbook.kernel"), trace);
        assertTrue(trace.contains("at boom() (line 2)"), trace);
        assertTrue(trace.contains("at cell code (line 4)"), trace);
    }

    @Test
    void lineMagicsRunOnTheUserThreadAndSeeNotebookObjects() {
        magicThreads.clear();
        magicArgs.clear();
        kernel.evalRaw("%echo one \"two words\"");
        assertEquals(List.of("one", "two words"), magicArgs.get(0));
        assertEquals("trainbook-user-code", magicThreads.get(0));

        kernel.evalRaw("var net = new ArrayList<>(List.of(1, 2, 3));");
        kernel.evalRaw("%peek net");
        assertEquals(List.of("[1, 2, 3]", "java.util.ArrayList"), magicArgs.get(1));
    }

    @Test
    void aMagicsResultIsNotKeptByJShellUnlessAssigned() {
        // JShell stores an expression's value in a temporary $N variable for the whole session: a magic's result
        // (a run and its model) would never be freed
        // the comment makes JShell compile the call (a cell of only magic lines is run without it: no $N at all)
        kernel.evalRaw("%make dropped\n// compiled");
        kernel.evalRaw("var kept = %make kept");
        int nulls = 0;
        for (int i = 1; i < 40; i++) {
            try {
                Object v = kernel.evalRaw("$" + i + " == null ? \"null\" : $" + i + ".toString()");
                if ("dropped".equals(v)) throw new AssertionError("$" + i + " still holds the magic's result");
                if ("null".equals(v)) nulls++;
            } catch (RuntimeException noSuchVariable) {
                // not a temporary variable of this session
            }
        }
        assertTrue(nulls >= 1, "the magic's temporary variable was found and cleared");
        assertEquals("kept", String.valueOf(kernel.evalRaw("kept")), "an assigned result stays");
    }

    @Test
    void magicErrorsAreOneLine() {
        CellException e = assertThrows(CellException.class, () -> kernel.evalRaw("%bad"));
        assertEquals("IllegalArgumentException", e.getErrorName());
        assertEquals("bad value 'x'; use 1 or 2", e.getMessage());
        CellException undefined = assertThrows(CellException.class, () -> kernel.evalRaw("%nosuchmagic a"));
        assertEquals("UndefinedMagicException", undefined.getErrorName());
        assertTrue(undefined.getMessage().contains("nosuchmagic"), undefined.getMessage());
    }

    @Test
    void aCellOfOnlyMagicLinesSkipsJShellButBehavesLikeTheCompiledCall() {
        magicThreads.clear();
        magicArgs.clear();
        List<String> snippets = kernel.activeSnippetSources();
        assertNull(kernel.evalRaw("%echo one \"two words\"\n\n%echo three"));
        assertEquals(List.of(List.of("one", "two words"), List.of("three")), magicArgs);
        assertEquals(List.of("trainbook-user-code", "trainbook-user-code"), magicThreads);
        assertEquals(snippets, kernel.activeSnippetSources(), "no snippet, no $N variable");
        // the same failures, traceback for traceback, as the call compiled by JShell (the comment forces that)
        kernel.getMagicsRegistry().registerLineMagic("oops", (k, args) -> {
            throw new AssertionError("not a magic's own failure");
        });
        for (String magic : List.of("%bad", "%nosuchmagic a", "%oops")) {
            CellException direct = assertThrows(CellException.class, () -> kernel.evalRaw(magic));
            CellException compiled = assertThrows(CellException.class, () -> kernel.evalRaw(magic + "\n// compiled"));
            assertEquals(compiled.getErrorName(), direct.getErrorName(), magic);
            assertEquals(compiled.getMessage(), direct.getMessage(), magic);
            assertEquals(compiled.getTraceback(), direct.getTraceback(), magic);
        }
        CellException bad = assertThrows(CellException.class, () -> kernel.evalRaw("%bad"));
        assertEquals("(in %bad)", bad.getTraceback().get(bad.getTraceback().size() - 1).strip(), "names the magic");
    }

    @Test
    void interruptStopsAMagicOnlyCell() throws Exception {
        kernel.getMagicsRegistry().registerLineMagic("nap", (k, args) -> {
            Thread.sleep(60_000);
            return null;
        });
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> kernel.evalRaw("%nap"));
        waitUntilBusy();
        kernel.interrupt();
        Exception e = assertThrows(Exception.class, () -> cell.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CellException, String.valueOf(e.getCause()));
        assertEquals("Interrupted", ((CellException) e.getCause()).getErrorName());
        stopOf(kernel).reset();
        magicArgs.clear();
        kernel.evalRaw("%echo after");
        assertEquals(List.of(List.of("after")), magicArgs, "the kernel runs magics after the interrupt");
    }

    @Test
    void notebookStaticsAreImported() {
        Object data = kernel.evalRaw("render(\"hello\")");
        assertTrue(data instanceof DisplayData);
        assertEquals("hello", ((DisplayData) data).getData(MIMEType.TEXT_PLAIN));
        // display() without a connected cell: still returns an id
        Object id = kernel.evalRaw("display(\"x\")");
        assertNull(id, "a cell ending in display(...) does not also show the id");
        Object kept = kernel.evalRaw("String shownId = display(\"x\"); shownId");
        assertTrue(kept instanceof String && !((String) kept).isBlank());
        assertTrue(CellEvaluator.isDisplayCall("display(chart, \"image/svg+xml\");"));
        assertFalse(CellEvaluator.isDisplayCall("displayAll(x)"));
        assertSame(kernel, BaseKernel.notebookKernel());
    }

    @Test
    void interruptStopsASleepingCellAndTheKernelStaysUsable() throws Exception {
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> kernel.evalRaw("Thread.sleep(60_000); 1"));
        waitUntilBusy();
        kernel.interrupt();
        Exception e = assertThrows(Exception.class, () -> cell.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CellException, String.valueOf(e.getCause()));
        assertEquals("Interrupted", ((CellException) e.getCause()).getErrorName());
        assertTrue(stopOf(kernel).stopRequested(), "engine loops see the cooperative stop flag");
        assertEquals(Boolean.TRUE, kernel.evalRaw("trainbook.engine.Cancellation.current().isRequested()"),
                "the kernel's cells work in its session's workspace");
        stopOf(kernel).reset();
        assertEquals(2, kernel.evalRaw("1 + 1"));
    }

    @Test
    void interruptStopsABusyLoop() throws Exception {
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(
                () -> kernel.evalRaw("long spins = 0; while (true) { spins++; }"));
        waitUntilBusy();
        kernel.interrupt();
        Exception e = assertThrows(Exception.class, () -> cell.get(30, TimeUnit.SECONDS));
        CellException cellError = (CellException) e.getCause();
        assertEquals("Interrupted", cellError.getErrorName());
        assertTrue(cellError.getMessage().contains("stopped"), cellError.getMessage());
        stopOf(kernel).reset();
        assertEquals("still alive", kernel.evalRaw("\"still\" + \" alive\""));
    }

    @Test
    void codeThatPollsTheStopRequestIsAskedToStopNotInterrupted() throws Exception {
        System.clearProperty("trainbook.test.interrupted");
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> kernel.evalRaw(
                "try (var c = trainbook.engine.Cancellation.current().cooperative()) {"
                        + " while (!trainbook.engine.Cancellation.current().isRequested()) Thread.onSpinWait();"
                        + " long t0 = System.nanoTime(); while (System.nanoTime() - t0 < 300_000_000L) Thread.onSpinWait();"
                        + " boolean i = Thread.currentThread().isInterrupted();"
                        + " trainbook.engine.Cancellation.current().stopRequested();"
                        + " System.setProperty(\"trainbook.test.interrupted\", String.valueOf(i)); } 1"));
        waitUntilBusy();
        kernel.interrupt();
        try {
            cell.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the kernel may report the cell as interrupted; what matters is how the code was asked to stop
        }
        assertEquals("false", System.getProperty("trainbook.test.interrupted"),
                "an engine loop sees the request without its thread being interrupted mid-display");
        assertFalse(stopOf(kernel).isCooperative(), "the region closed with the cell");
        stopOf(kernel).reset();
        assertEquals(2, kernel.evalRaw("1 + 1"));
    }

    /** Two kernels in one JVM: an interrupt of one kernel's cell asks nothing of the other's, which keeps working. */
    @Test
    void aSecondKernelInTheJvmHasItsOwnSessionAndIsNotStoppedByTheFirstsInterrupt() throws Exception {
        TrainbookKernel other = TrainbookKernel.builder().build();
        try {
            assertNotSame(trainbook.magic.NotebookSession.of(kernel), trainbook.magic.NotebookSession.of(other));
            assertSame(trainbook.magic.NotebookSession.of(other), trainbook.magic.NotebookSession.of(other));
            CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> kernel.evalRaw("Thread.sleep(60_000); 1"));
            waitUntilBusy();
            kernel.interrupt();
            assertThrows(Exception.class, () -> cell.get(30, TimeUnit.SECONDS));
            assertTrue(stopOf(kernel).isRequested());
            assertFalse(stopOf(other).isRequested(), "the other kernel's cells are not asked to stop");
            assertEquals(Boolean.FALSE, other.evalRaw("trainbook.engine.Cancellation.current().isRequested()"),
                    "engine code in the other kernel's cells sees no stop");
        } finally {
            stopOf(kernel).reset();
            try {
                other.onShutdown(false);
            } catch (IllegalStateException notTheNotebookKernel) {
                // JJava's base shuts down only the registered notebook kernel; ours still closes its JShell
            }
        }
    }

    /** The stop requests of {@code k}'s cells (its session's). */
    private static Cancellation stopOf(TrainbookKernel k) {
        return trainbook.magic.NotebookSession.of(k).workspace().cancellation();
    }

    private static void waitUntilBusy() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (busy()) {
                Thread.sleep(100);
                return;
            }
            Thread.sleep(20);
        }
        fail("the cell never started");
    }

    private static boolean busy() {
        return kernel.isExecuting();
    }

    @Test
    void isCompleteFollowsJShell() {
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("int x = 1;"));
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("int x = 1;\nx + 1"));
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("%echo a b"));
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("%%cell\nanything {"));
        String indent = kernel.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("    ", indent);
        assertEquals(BaseKernel.IS_COMPLETE_BAD, kernel.isComplete("int x = );"));
    }

    @Test
    void completionAndInspect() {
        String code = "int k = 1;\nMath.ma";
        ReplacementOptions options = kernel.complete(code, code.length());
        assertTrue(options.getReplacements().contains("max("), options.getReplacements().toString());
        assertEquals(code.length() - 2, options.getSourceStart());
        assertEquals(code.length(), options.getSourceEnd());

        ReplacementOptions magics = kernel.complete("%ec", 3);
        assertEquals(List.of("echo"), magics.getReplacements());
        assertEquals(1, magics.getSourceStart());

        for (int at : new int[]{6, 9}) {
            DisplayData doc = kernel.inspect("Math.max(1, 2)", at, false);
            assertNotNull(doc, "inspect at " + at);
            assertTrue(String.valueOf(doc.getData(MIMEType.TEXT_PLAIN)).contains("int Math.max(int a, int b)"));
        }
        kernel.evalRaw("int inspected = 12;");
        DisplayData var = kernel.inspect("inspected", 3, false);
        assertEquals("int inspected = 12", var.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void classpathMagicAddsCompiledClasses(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Greeter { public String hi() { return \"hi from jar\"; } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));

        kernel.evalRaw("%classpath " + classes);
        assertEquals("hi from jar", kernel.evalRaw("new demo.Greeter().hi()"));
        assertTrue(kernel.getAddedClasspath().contains(classes.toAbsolutePath().toString()));

        CellException missing = assertThrows(CellException.class, () -> kernel.evalRaw("%jars " + dir.resolve("nope/*.jar")));
        assertEquals("IllegalArgumentException", missing.getErrorName());
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        CellException notJar = assertThrows(CellException.class, () -> kernel.evalRaw("%jars " + src));
        assertTrue(notJar.getMessage().contains("not a .jar"), notJar.getMessage());
    }

    @Test
    void questionMarkAsksForHelp() {
        assertEquals(java.util.Optional.of("Math.max"), CodeAssist.helpTarget("Math.max?"));
        assertEquals(java.util.Optional.of("String.valueOf("), CodeAssist.helpTarget("  String.valueOf( ?\n"));
        assertTrue(CodeAssist.helpTarget("a ? b : c").isEmpty());
        assertTrue(CodeAssist.helpTarget("x > 0 ? 1 : 2;").isEmpty());
    }

    @Test
    void cellMagicsGetTheirBody() {
        List<String> bodies = new ArrayList<>();
        kernel.getMagicsRegistry().registerCellMagic("keep", (k, args, body) -> {
            bodies.add(args + "|" + body);
            return null;
        });
        kernel.evalRaw("%%keep a=1\nline one\nline two");
        assertEquals(List.of("[a=1]|line one\nline two"), bodies);
    }

    @Test
    void errorsThrownInsideLibraryCodeKeepTheLibraryFrames() {
        CellException e = assertThrows(CellException.class, () -> kernel.evalRaw("updateDisplay(\"\", 1)"));
        assertEquals("IllegalArgumentException", e.getErrorName());
        String trace = String.join("\n", e.getTraceback());
        assertTrue(trace.contains("NotebookStatics"), trace);
        assertTrue(trace.contains("at cell code (line 1)"), trace);
        assertFalse(trace.contains("UserCodeThread"), trace);
    }

    @Test
    void argumentSplittingForMagicsKeepsQuotes() {
        List<String> seen = new ArrayList<>();
        kernel.getMagicsRegistry().registerLineMagic("collect", (k, args) -> {
            seen.addAll(args);
            return null;
        });
        kernel.evalRaw("%collect model=mlp(256,128) lr=1e-3");
        assertEquals(List.of("model=mlp(256,128)", "lr=1e-3"), seen);
    }
}
