package trainbook.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns what went wrong in a cell into the {@link CellException} Jupyter shows: compile errors with the line and a
 * caret under the bad code, exceptions with the stack cut down to the cell's own frames (named by cell and line),
 * a magic's own error, interrupts. Error names are styled with the kernel's error styler.
 */
final class Tracebacks {
    /** Classes whose frames are kernel machinery: a trace without a cell frame is cut where they start. */
    private static final List<String> MACHINERY = List.of(
            "jdk.internal.reflect.", "java.lang.reflect.", "jdk.jshell.",
            KernelExecutionControl.class.getName(), UserCodeThread.class.getName(),
            TrainbookKernel.class.getName(), CellEvaluator.class.getName(), MagicCalls.class.getName(),
            "org.dflib.jjava.jupyter.kernel.BaseNotebookStatics");

    private final StringStyler styler;
    private final Supplier<MagicsRegistry> magics;
    /** JShell snippet id → {cell count, first line of the snippet in its cell}. */
    private final Map<String, int[]> snippetOrigin = new ConcurrentHashMap<>();

    Tracebacks(StringStyler styler, Supplier<MagicsRegistry> magics) {
        this.styler = styler;
        this.magics = magics;
    }

    /** Remembers where snippet {@code id} came from, so its frames name the cell and line. */
    void recordOrigin(String id, int cell, int startLine) {
        snippetOrigin.put(id, new int[]{cell, startLine});
    }

    /** The first traceback line: the error's name styled, then its message. */
    private String headline(String name, String message) {
        return styler.secondary(name + ": ") + message;
    }

    /**
     * A compile error: for each diagnostic the cell line it is on and a caret under its span.
     *
     * @param base where the rejected snippet starts in {@code cellCode}
     */
    CellException compileError(List<Problem> errors, String cellCode, int base) {
        String first = errors.isEmpty() ? "the snippet was rejected" : errors.get(0).message;
        List<String> lines = new ArrayList<>();
        lines.add(headline("CompilationException", firstLine(first)));
        for (Problem diag : errors) {
            long start = diag.start;
            long end = Math.max(diag.end, start + 1);
            int absStart = (int) Math.min(cellCode.length(), base + Math.max(0, start));
            int absEnd = (int) Math.min(cellCode.length(), base + end);
            int lineStart = absStart == 0 ? 0 : cellCode.lastIndexOf('\n', absStart - 1) + 1;
            int lineEnd = cellCode.indexOf('\n', absStart);
            if (lineEnd < 0) lineEnd = cellCode.length();
            int lineNo = 1;
            for (int i = 0; i < lineStart; i++) if (cellCode.charAt(i) == '\n') lineNo++;
            int caretFrom = absStart - lineStart;
            int caretTo = Math.max(caretFrom + 1, Math.min(absEnd, lineEnd) - lineStart);
            String prefix = "line " + lineNo + ": ";
            lines.add(prefix + cellCode.substring(lineStart, lineEnd));
            lines.add(" ".repeat(prefix.length() + caretFrom) + styler.secondary("^".repeat(caretTo - caretFrom)));
            for (String msgLine : diag.message.split("\\R")) lines.add("  " + msgLine);
        }
        return new CellException("CompilationException", firstLine(first), lines, null);
    }

    /** A compile error: the compiler's message and its span within the snippet. */
    static final class Problem {
        final String message;
        final long start;
        final long end;

        Problem(String message, long start, long end) {
            this.message = message;
            this.start = start;
            this.end = end;
        }

        static Problem of(Diag diag) {
            long start = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
            return new Problem(diag.getMessage(Locale.ROOT), start, diag.getEndPosition());
        }
    }

    /** A declaration was used before what it needs was defined. */
    CellException unresolved(String snippet, List<String> missing, Throwable cause) {
        String msg = snippet + " needs " + String.join(", ", missing) + ", which is not defined";
        return new CellException("UnresolvedReferenceException", msg,
                List.of(headline("UnresolvedReferenceException", msg)), cause);
    }

    /**
     * The cell's code threw: {@code real} is the exception itself (null when JShell could only describe it), a
     * magic's failure shows the magic's own error.
     */
    CellException thrown(JShellException exception, Throwable real) {
        if (real instanceof MagicFailure || real instanceof UndefinedMagicException) return magicCallFailed(real);
        return thrown(exception.getStackTrace(), exception, real);
    }

    /**
     * What a magic call run without JShell ({@link CellEvaluator}'s direct path) threw, reported as the same call
     * compiled by JShell would be: a {@link MagicFailure} as the magic's own error, an undefined magic with the
     * defined ones, anything else (an {@link Error}) as the class, message and the frames above the kernel.
     */
    CellException magicCallFailed(Throwable real) {
        if (real instanceof MagicFailure) return magicFailed((MagicFailure) real);
        if (real instanceof UndefinedMagicException) {
            String msg = real.getMessage() + "; defined: line magics " + magics.get().getLineMagicNames()
                    + ", cell magics " + magics.get().getCellMagicNames();
            return new CellException("UndefinedMagicException", msg, List.of(headline("UndefinedMagicException", msg)),
                    real);
        }
        return thrown(real.getStackTrace(), null, real);
    }

    private CellException thrown(StackTraceElement[] trace, JShellException exception, Throwable real) {
        String className = real != null ? real.getClass().getName()
                : exception instanceof EvalException ? ((EvalException) exception).getExceptionClassName()
                : exception.getClass().getName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String msg = real != null ? real.getMessage() : exception.getMessage();
        List<String> lines = new ArrayList<>();
        lines.add(styler.secondary(className) + (msg != null ? ": " + msg : ""));
        lines.addAll(frames(trace, 30));
        if (real != null) lines.addAll(causes(real));
        return new CellException(simple, msg == null ? "" : msg, lines, real != null ? real : exception);
    }

    /** A magic's error as the magic's own: bad input is one line, anything else keeps a short trace. */
    CellException magicFailed(MagicFailure failure) {
        Throwable cause = failure.getCause();
        String msg = String.valueOf(cause.getMessage());
        List<String> lines = new ArrayList<>();
        lines.add(headline(cause.getClass().getSimpleName(), msg));
        if (!(cause instanceof IllegalArgumentException)) {
            lines.addAll(frames(cause.getStackTrace(), 12));
            lines.addAll(causes(cause));
        }
        lines.add("(in %" + failure.magic() + ")");
        return new CellException(cause.getClass().getSimpleName(), msg, lines, cause);
    }

    /** The cell was interrupted; {@code forced}: its thread had to be stopped. */
    CellException interrupted(boolean forced) {
        String msg = forced
                ? "the cell was interrupted and stopped (it did not react within " + TrainbookKernel.STOP_GRACE_MILLIS
                + " ms)"
                : "the cell was interrupted";
        return new CellException("Interrupted", msg, List.of(headline("Interrupted", msg)), null);
    }

    /** {@code name?} found nothing to show. */
    CellException noDocumentation(String target) {
        return new CellException("NoDocumentation", "no documentation found for '" + target + "'",
                List.of(headline("NoDocumentation", "no documentation found for '" + target
                        + "'; try a class, method or variable name, e.g. Math.max?")), null);
    }

    /** Any failure as a cell error (a {@link CellException} stays as it is). */
    CellException of(Throwable e) {
        if (e instanceof CellException) return (CellException) e;
        if (e instanceof MagicFailure) return magicFailed((MagicFailure) e);
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        List<String> lines = new ArrayList<>();
        lines.add(styler.secondary(e.getClass().getName()) + ": " + msg);
        lines.addAll(frames(e.getStackTrace(), 12));
        return new CellException(e.getClass().getSimpleName(), msg, lines, e);
    }

    /**
     * Stack frames down to the cell's own code: everything below the last cell frame (JShell marks those with a
     * {@code #id} file name) is reflection and kernel machinery. Without a cell frame (code run by a magic), the
     * trace is cut where the kernel's machinery starts.
     */
    List<String> frames(StackTraceElement[] trace, int max) {
        int end = trace.length;
        for (int i = trace.length - 1; i >= 0; i--) {
            String file = trace[i].getFileName();
            if (file != null && file.startsWith("#")) {
                end = i + 1;
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (end == trace.length && isMachinery(trace[i].getClassName())) break;
            if (lines.size() == max) {
                lines.add("    ...");
                break;
            }
            lines.add("    at " + formatFrame(trace[i]));
        }
        return lines;
    }

    private static boolean isMachinery(String className) {
        for (String prefix : MACHINERY) if (className.startsWith(prefix)) return true;
        return false;
    }

    /**
     * JShell names cell code frames by snippet id (file {@code #12}, line within the snippet); say which cell and
     * line that is.
     */
    String formatFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) return frame.toString();
        String id = file.substring(1);
        int[] origin = snippetOrigin.get(id);
        String where;
        if (origin == null) {
            where = "snippet " + id + (frame.getLineNumber() > 0 ? ", line " + frame.getLineNumber() : "");
        } else {
            int line = origin[1] + Math.max(1, frame.getLineNumber()) - 1;
            where = (origin[0] > 0 ? "cell [" + origin[0] + "], " : "") + "line " + line;
        }
        String method = frame.getMethodName();
        boolean cellBody = method == null || method.isEmpty() || method.equals("do_it$");
        return (cellBody ? "cell code" : method + "()") + " (" + where + ")";
    }

    private List<String> causes(Throwable t) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable cause = t.getCause();
        while (cause != null && seen.add(cause)) {
            lines.add("Caused by: " + cause);
            lines.addAll(frames(cause.getStackTrace(), 6));
            cause = cause.getCause();
        }
        return lines;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
