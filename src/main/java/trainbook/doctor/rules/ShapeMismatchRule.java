package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rule 11e: the model's input size disagrees with the data's sample shape, as reported by the engine in the
 * run's error or notes (e.g. a notebook-built block for 784 features fed 3-channel images).
 */
public final class ShapeMismatchRule implements Rule {
    public static final String ID = "shape-mismatch";
    /** Engine and PyTorch wordings of a shape disagreement. */
    static final Pattern SHAPE = Pattern.compile(
            "(?is)(shape|size|dimension|features?|channels?|mat1).{0,80}?"
                    + "(mismatch|do(es)? not match|doesn't match|don't match|disagree|incompatible|cannot be multiplied"
                    + "|expected)|mismatch.{0,40}(shape|size|dimension)");

    @Override public String id() { return ID; }

    @Override public String description() { return "model input size disagrees with the data's sample shape"; }

    /** Whether a message talks about a shape disagreement. */
    public static boolean isShapeMessage(String s) {
        return s != null && SHAPE.matcher(s).find();
    }

    @Override public List<Finding> check(RunRecord r) {
        List<String> texts = new ArrayList<>();
        if (isShapeMessage(r.error())) texts.add(r.error());
        for (String note : r.notes()) if (isShapeMessage(note)) texts.add(note);
        if (texts.isEmpty()) return List.of();
        DataProfile d = r.data();
        String shape = d != null && d.sampleShape() != null ? Arrays.toString(d.sampleShape()) : null;
        String first = texts.get(0).strip();
        int nl = first.indexOf('\n');
        if (nl > 0) first = first.substring(0, nl);
        if (first.length() > 300) first = first.substring(0, 300) + "…";
        return List.of(Facts.general(Severity.PROBLEM, ID,
                "The model's input does not fit the data" + (shape != null ? " (one sample has shape " + shape + ")" : "")
                        + ".",
                first,
                shape != null ? "build the model for inputs of shape " + shape + ", or pick data that matches it"
                        : "make the model's input size match the data's features"));
    }
}
