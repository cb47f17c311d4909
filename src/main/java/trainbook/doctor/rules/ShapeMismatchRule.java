package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rule 11e: the model's input size disagrees with the data's sample shape, as the engine reports in a
 * {@link RunNote.Kind#SHAPE_MISMATCH} note (e.g. a notebook-built block for 784 features fed 3-channel images).
 */
public final class ShapeMismatchRule implements Rule {
    public static final String ID = "shape-mismatch";

    @Override public String id() { return ID; }

    @Override public String description() { return "model input size disagrees with the data's sample shape"; }

    @Override public List<Finding> check(RunRecord r) {
        List<String> texts = shapeNotes(r);
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

    /** The texts of the run's {@link RunNote.Kind#SHAPE_MISMATCH} notes (the engine's messages), in order. */
    static List<String> shapeNotes(RunRecord r) {
        List<String> out = new ArrayList<>();
        for (RunNote n : r.notes()) if (n != null && n.kind() == RunNote.Kind.SHAPE_MISMATCH) out.add(n.text());
        return out;
    }
}
