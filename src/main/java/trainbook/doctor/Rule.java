package trainbook.doctor;

import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;

import java.util.List;

/**
 * One diagnosis rule over a finished (or failed) run: a pure function of the record's fields, no DJL calls.
 *
 * <p>Contract: {@link #check} never modifies the record, never throws on a record with missing parts (no steps,
 * no data profile, no epochs: the rule stays silent), and returns findings whose {@code rule} is {@link #id()}.
 * On a healthy run it returns no finding of severity warning or problem.
 */
public interface Rule {
    /** Stable id, e.g. {@code initial-loss}; used in findings, docs and {@code %doctor}. */
    String id();

    /** One line for docs and help: what the rule looks for. */
    String description();

    /** The rule's findings for this run; empty when it has nothing to say. */
    List<Finding> check(RunRecord run);
}
