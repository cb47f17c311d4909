package trainbook.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a cell's Java code (magics already turned into calls) snippet by snippet in JShell, the way JJava's
 * {@code CodeEvaluator} does for its kernel: keeps the imports and variables that JShell's recompilation would
 * otherwise reset ({@link VariableKeeper}), records where each snippet came from for tracebacks, and returns the
 * value of the cell's last expression as the real object.
 */
final class CellEvaluator {
    private static final Pattern DISPLAY_CALL =
            Pattern.compile("^(?:NotebookStatics\\.)?display\\(.*\\)\\s*;?$", Pattern.DOTALL);
    private static final Set<Snippet.SubKind> RESULT_KINDS = Set.of(
            Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
            Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);

    /** Whether cells of only magic calls skip JShell ({@link #evalDirect}); {@code -Dtrainbook.directMagics=false} */
    static final boolean DIRECT_MAGICS = !"false".equals(System.getProperty("trainbook.directMagics"));

    private final JavaSession session;
    private final KernelExecutionControl control;
    private final VariableKeeper variables;
    private final Tracebacks tracebacks;
    private final CellState cell;

    CellEvaluator(JavaSession session, KernelExecutionControl control, Tracebacks tracebacks, CellState cell) {
        this.session = session;
        this.control = control;
        this.variables = new VariableKeeper(control);
        this.tracebacks = tracebacks;
        this.cell = cell;
    }

    /**
     * Evaluates a cell (its magics already transpiled) and returns the value of its last snippet when that is an
     * expression, else null. A cell that is nothing but magic calls runs them directly ({@link #evalDirect}).
     *
     * @throws CellException for compile errors, exceptions thrown by the code and interrupts
     */
    Object eval(MagicCallTranspiler.Transpiled cell) {
        if (DIRECT_MAGICS && cell.calls() != null) return evalDirect(cell.calls());
        return eval(cell.code());
    }

    /**
     * Evaluates {@code code} in JShell and returns the value of its last snippet when that is an expression, else
     * null.
     *
     * @throws CellException for compile errors, exceptions thrown by the code and interrupts
     */
    Object eval(String code) {
        Object last = null;
        String remaining = code;
        int offset = 0;
        while (!remaining.isBlank()) {
            if (cell.interrupted()) throw tracebacks.interrupted(false);
            SourceCodeAnalysis.CompletionInfo info = session.analysis().analyzeCompletion(remaining);
            SourceCodeAnalysis.Completeness completeness = info.completeness();
            if (completeness == SourceCodeAnalysis.Completeness.EMPTY) break;
            String snippetSource;
            String rest;
            if (completeness.isComplete()) {
                snippetSource = info.source();
                rest = info.remaining();
            } else {
                // incomplete or unparseable: hand the rest to JShell so the compiler reports the error
                snippetSource = remaining;
                rest = "";
            }
            last = evalSnippet(snippetSource, code, offset);
            offset += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    /**
     * A cell of only magic calls, run without JShell: compiling the call took 0.2-0.3 s of a fresh kernel's first
     * {@code %train} on the loaded 2-core machine (and its trailing {@code {}} as much again), a compile that
     * decides nothing. Everything else is as for the compiled call: the user-code thread (interrupt, stop,
     * context class loader), the kernel's output capture and display context (set up around {@link #eval}),
     * interrupt checks between calls, and the same tracebacks ({@link Tracebacks#magicCallFailed}). The cell's
     * value is null, as the compiled call's trailing {@code {}} makes it; no {@code $N} variable is made (the
     * compiled path clears its value anyway, {@link VariableKeeper#forgetMagicResult}).
     * {@code -Dtrainbook.directMagics=false} compiles them as before.
     */
    private Object evalDirect(List<MagicCallTranspiler.Call> calls) {
        for (MagicCallTranspiler.Call call : calls) {
            if (cell.interrupted()) throw tracebacks.interrupted(false);
            try {
                control.runDirect(call::run);
            } catch (Throwable e) {
                if (cell.interrupted()) throw tracebacks.interrupted(e instanceof ThreadDeath);
                throw tracebacks.magicCallFailed(e);
            }
        }
        if (cell.interrupted()) throw tracebacks.interrupted(false);
        return null;
    }

    private Object evalSnippet(String snippetSource, String cellCode, int offset) {
        JShell shell = session.shell();
        List<SnippetEvent> events = shell.eval(importOnOneLine(snippetSource));
        for (String warning : variables.afterEval(shell, events)) System.err.println(warning);
        int startLine = lineOf(cellCode, offset);
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue; // dependants re-evaluated because of this snippet
            Snippet snippet = event.snippet();
            tracebacks.recordOrigin(snippet.id(), cell.count(), startLine);
            if (event.status() == Snippet.Status.REJECTED) {
                List<Tracebacks.Problem> errors = shell.diagnostics(snippet).filter(Diag::isError)
                        .map(Tracebacks.Problem::of).collect(Collectors.toList());
                int at = snippetSource.indexOf(snippet.source());
                throw tracebacks.compileError(errors, cellCode, offset + Math.max(0, at));
            }
            JShellException exception = event.exception();
            if (exception != null) {
                control.takeResult(event.value());
                throw runtimeError(shell, exception);
            }
            Object result = control.takeResult(event.value());
            variables.forgetMagicResult(shell, event);
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                warnUnresolved(shell, snippet);
            }
            value = RESULT_KINDS.contains(snippet.subKind()) && !isDisplayCall(snippet.source()) ? result : null;
        }
        if (cell.interrupted()) throw tracebacks.interrupted(false);
        return value;
    }

    /** The line of the first code (not white space) at or after {@code offset}, counted from 1. */
    static int lineOf(String cellCode, int offset) {
        int firstCode = offset;
        while (firstCode < cellCode.length() && Character.isWhitespace(cellCode.charAt(firstCode))) firstCode++;
        int line = 1;
        for (int i = 0; i < firstCode && i < cellCode.length(); i++) if (cellCode.charAt(i) == '\n') line++;
        return line;
    }

    private CellException runtimeError(JShell shell, JShellException exception) {
        Throwable real = control.takeLastThrown();
        if (exception instanceof UnresolvedReferenceException) {
            DeclarationSnippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            List<String> missing = shell.unresolvedDependencies(snippet).collect(Collectors.toList());
            return tracebacks.unresolved(describe(snippet), missing, exception);
        }
        if (cell.interrupted()) return tracebacks.interrupted(real instanceof ThreadDeath);
        return tracebacks.thrown(exception, real);
    }

    /**
     * An import as JShell should see it: without the blank lines and comments before it. JShell copies every import's
     * source into the wrapper of every other snippet, so an import that starts with a line break (any import below
     * the first line of a cell) shifts the lines of all wrappers; JShell then recompiles the declarations that depend
     * on it, and a changed wrapper is reloaded under a new name with its variables reset to null (see
     * {@link VariableKeeper}). Sources that are not single-line imports are returned unchanged.
     */
    static String importOnOneLine(String source) {
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int nl = source.indexOf('\n', i);
                if (nl < 0) return source;
                i = nl + 1;
            } else if (source.startsWith("/*", i)) {
                int close = source.indexOf("*/", i + 2);
                if (close < 0) return source;
                i = close + 2;
            } else {
                break;
            }
        }
        String rest = source.substring(i).stripTrailing();
        boolean isImport = rest.startsWith("import") && rest.length() > 6 && Character.isWhitespace(rest.charAt(6));
        if (!isImport || rest.indexOf('\n') >= 0 || rest.indexOf('\r') >= 0) return source;
        return rest;
    }

    /** {@code display(x)} returns its display id; a cell ending with it should not also print the id. */
    static boolean isDisplayCall(String source) {
        return DISPLAY_CALL.matcher(source.strip()).matches();
    }

    private static void warnUnresolved(JShell shell, Snippet snippet) {
        if (!(snippet instanceof DeclarationSnippet)) return;
        List<String> missing = shell.unresolvedDependencies((DeclarationSnippet) snippet).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            System.err.println("note: " + describe(snippet) + " cannot be used until "
                    + String.join(", ", missing) + " is defined");
        }
    }

    private static String describe(Snippet snippet) {
        String src = snippet.source().strip();
        int nl = src.indexOf('\n');
        return "'" + (nl >= 0 ? src.substring(0, nl) + " ..." : src) + "'";
    }

    /** Sources of the active snippets (declarations, imports, expressions kept by JShell), for tests. */
    List<String> activeSnippetSources() {
        JShell js = session.shell();
        return js.snippets().filter(sn -> js.status(sn).isActive()).map(Snippet::source).collect(Collectors.toList());
    }
}
