package trainbook.doctor;

import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;

import java.util.List;

/**
 * One diagnosis rule over an LR range test's result ({@code %lrfind}). Same contract as {@link Rule}: pure,
 * never throws on short or odd curves, findings carry {@link #id()} and point at a ramp step (or -1).
 */
public interface LrFindRule {
    /** Stable id, e.g. {@code lrfind-never-fell}. */
    String id();

    /** One line for docs and help. */
    String description();

    /** The rule's findings for this range test; empty when it has nothing to say. */
    List<Finding> check(LrFindResult result);
}
