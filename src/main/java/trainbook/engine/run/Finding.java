package trainbook.engine.run;

/**
 * One diagnosis of a run, produced by the doctor and stored in the run record.
 *
 * @param severity how serious
 * @param rule     stable rule id, e.g. {@code initial-loss}
 * @param message  one sentence a learner can read
 * @param evidence the numbers behind it (values, step or epoch)
 * @param remedy   the {@code %train} change to try, e.g. {@code lr=3e-4 clip=1.0}; empty when none applies
 * @param step     global step the finding points at, or -1
 * @param epoch    epoch (1-based) the finding points at, or -1
 */
public record Finding(Severity severity, String rule, String message, String evidence, String remedy,
                      int step, int epoch) {
    public Finding {
        if (severity == null || rule == null || message == null) {
            throw new IllegalArgumentException("severity, rule and message are required");
        }
        evidence = evidence == null ? "" : evidence;
        remedy = remedy == null ? "" : remedy;
    }
}
