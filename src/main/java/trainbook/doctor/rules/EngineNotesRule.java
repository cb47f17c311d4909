package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 14: the engine's capability notes and adjustments (e.g. mixed precision unavailable on CPU, clip_value
 * clamps each element) stated plainly as info findings, so nothing is changed silently. Shape complaints are left
 * to {@link ShapeMismatchRule}.
 */
public final class EngineNotesRule implements Rule {
    public static final String ID = "engine-note";

    @Override public String id() { return ID; }

    @Override public String description() { return "optimizer/engine capability notes and adjustments, stated plainly"; }

    @Override public List<Finding> check(RunRecord r) {
        List<Finding> out = new ArrayList<>();
        for (String note : r.notes()) {
            if (note == null || note.isBlank() || ShapeMismatchRule.isShapeMessage(note)) continue;
            String s = note.strip();
            s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
            if (!s.endsWith(".") && !s.endsWith("!") && !s.endsWith("?")) s = s + ".";
            out.add(Facts.general(Severity.INFO, ID, s, "engine note", ""));
        }
        return out;
    }
}
