package trainbook.kernel;

import java.util.List;

/**
 * A cell failed: a compile error, an exception thrown by the cell, an interrupt. Carries what Jupyter shows:
 * the error name, its value and the traceback lines.
 */
public class CellException extends RuntimeException {
    private final String errorName;
    private final List<String> traceback;

    /** @param errorName shown as {@code ename}; @param message {@code evalue}; @param traceback one entry a line */
    public CellException(String errorName, String message, List<String> traceback, Throwable cause) {
        super(message, cause);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    /** The error's name, e.g. {@code CompilationException} or {@code IllegalArgumentException}. */
    public String getErrorName() { return errorName; }

    /** The lines Jupyter prints for the error. */
    public List<String> getTraceback() { return traceback; }
}
