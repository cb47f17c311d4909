package trainbook.engine.run;

import java.util.List;
import java.util.Locale;

/**
 * Reads the notes of records saved before notes had a kind (plain strings in {@code run.json}). The wording of
 * those versions is the only thing that tells their kinds apart, so this class holds the one place where a note's
 * text is matched: the sentence openings those versions used for settings, for a failed save, and for shape
 * disagreements ({@link ShapeErrors}). Notes written now carry their kind and never come here.
 */
public final class LegacyNotes {
    private LegacyNotes() {}

    /** Openings of the notes that repeated a setting, as the versions without kinds wrote them. */
    private static final List<String> SETTING_OPENINGS = List.of("validation:", "metrics:", "loss:", "schedule:",
            "limit:", "model:", "augmentation:", "warm start:", "gradient norms and update ratios are sampled");
    private static final String SAVE_FAILED_OPENING = "could not save the run: ";

    /** The note a plain string of an older record stands for. */
    public static RunNote note(String text) {
        String t = text == null ? "" : text;
        String lower = t.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith(SAVE_FAILED_OPENING)) return new RunNote(RunNote.Kind.SAVE_FAILED, t);
        if (ShapeErrors.isShapeMessage(t)) return new RunNote(RunNote.Kind.SHAPE_MISMATCH, t);
        if (SETTING_OPENINGS.stream().anyMatch(lower::startsWith)) return RunNote.setting(t);
        return RunNote.engine(t);
    }
}
