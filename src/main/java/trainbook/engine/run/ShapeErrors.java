package trainbook.engine.run;

import java.util.regex.Pattern;

/**
 * Recognises a shape disagreement in an exception's message. PyTorch (through DJL) reports a model whose input
 * does not fit the data only as text (e.g. "mat1 and mat2 shapes cannot be multiplied (32x784 and 2x64)"), so the
 * engine reads that text once, where the exception is caught, and records a typed
 * {@link RunNote.Kind#SHAPE_MISMATCH} note; readers of the record go by the note's kind.
 */
public final class ShapeErrors {
    private ShapeErrors() {}

    /** Engine and PyTorch wordings of a shape disagreement. */
    private static final Pattern SHAPE = Pattern.compile(
            "(?is)(shape|size|dimension|features?|channels?|mat1).{0,80}?"
                    + "(mismatch|do(es)? not match|doesn't match|don't match|disagree|incompatible|cannot be multiplied"
                    + "|expected)|mismatch.{0,40}(shape|size|dimension)");

    /** Whether a message talks about a shape disagreement. */
    public static boolean isShapeMessage(String s) {
        return s != null && SHAPE.matcher(s).find();
    }

    /**
     * Adds a {@link RunNote.Kind#SHAPE_MISMATCH} note with the record's error when the error is a shape
     * disagreement and no such note is there yet: done when a run fails, and when an older record loads (those
     * kept the disagreement only in their error).
     */
    public static void noteFromError(RunRecord r) {
        if (!isShapeMessage(r.error())) return;
        if (r.notes().stream().anyMatch(n -> n.kind() == RunNote.Kind.SHAPE_MISMATCH)) return;
        r.notes().add(new RunNote(RunNote.Kind.SHAPE_MISMATCH, r.error()));
    }
}
