package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rule 14: the engine's capability notes and adjustments (e.g. mixed precision unavailable on CPU, clip_value
 * clamps each element, inputs standardised, early stopping moved to train_loss) stated plainly as info findings,
 * so nothing is changed silently. Notes that merely echo the configuration ({@link #ECHO_PREFIXES}) are not
 * repeated; shape complaints are left to {@link ShapeMismatchRule}.
 */
public final class EngineNotesRule implements Rule {
    public static final String ID = "engine-note";

    @Override public String id() { return ID; }

    @Override public String description() { return "optimizer/engine capability notes and adjustments, stated plainly"; }

    /**
     * Notes that only echo the configuration the user chose (shown with the run's settings anyway), not a
     * capability limit or an adjustment: these are not repeated as findings. Any other note is stated.
     */
    static final List<String> ECHO_PREFIXES = List.of("validation:", "metrics:", "loss:", "schedule:", "limit:", "model:",
            "augmentation:", "warm start:", "gradient norms and update ratios are sampled");

    /** Whether a note merely echoes the configuration. */
    static boolean isEcho(String note) {
        String n = note.strip().toLowerCase(Locale.ROOT);
        return ECHO_PREFIXES.stream().anyMatch(n::startsWith);
    }

    @Override public List<Finding> check(RunRecord r) {
        List<Finding> out = new ArrayList<>();
        for (String note : r.notes()) {
            if (note == null || note.isBlank() || ShapeMismatchRule.isShapeMessage(note) || isEcho(note)) continue;
            String s = note.strip();
            s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
            if (!s.endsWith(".") && !s.endsWith("!") && !s.endsWith("?")) s = s + ".";
            out.add(Facts.general(Severity.INFO, ID, s, "engine note", ""));
        }
        return out;
    }
}
