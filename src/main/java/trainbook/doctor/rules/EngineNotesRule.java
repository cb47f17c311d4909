package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 14: the engine's capability notes and adjustments (e.g. mixed precision unavailable on CPU, clip_value
 * clamps each element, inputs standardised, early stopping moved to train_loss) stated plainly as info findings,
 * so nothing is changed silently. Notes of kind {@link RunNote.Kind#SETTING} only repeat the configuration (shown
 * with the run's settings anyway) and are not repeated; shape notes are left to {@link ShapeMismatchRule}.
 */
public final class EngineNotesRule implements Rule {
    public static final String ID = "engine-note";

    @Override public String id() { return ID; }

    @Override public String description() { return "optimizer/engine capability notes and adjustments, stated plainly"; }

    /** Whether the doctor states a note of this kind as a finding. */
    static boolean stated(RunNote.Kind kind) {
        return kind == RunNote.Kind.ENGINE || kind == RunNote.Kind.SAVE_FAILED;
    }

    @Override public List<Finding> check(RunRecord r) {
        List<Finding> out = new ArrayList<>();
        for (RunNote note : r.notes()) {
            if (note == null || note.text().isBlank() || !stated(note.kind())) continue;
            String s = note.text().strip();
            s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
            if (!s.endsWith(".") && !s.endsWith("!") && !s.endsWith("?")) s = s + ".";
            out.add(Facts.general(Severity.INFO, ID, s, "engine note", ""));
        }
        return out;
    }
}
