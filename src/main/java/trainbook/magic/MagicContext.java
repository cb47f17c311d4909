package trainbook.magic;

import trainbook.render.Rich;

import java.util.Optional;

/**
 * What a magic needs from the notebook: show outputs (and update them in place by display id), look notebook
 * variables up, and bind results to notebook variables; and the notebook's {@link NotebookSession}. {@link KernelContext} implements it over a JJava kernel;
 * tests use an in-memory implementation.
 */
public interface MagicContext {
    /** Shows an output now and returns its display id (for {@link #update}). */
    String display(Rich output);

    /** Replaces the content of display {@code id}. */
    void update(String id, Rich output);

    /** The value of notebook variable {@code name} (possibly null), or empty when there is no such variable. */
    Optional<Object> lookup(String name);

    /**
     * Binds {@code value} to the notebook variable {@code name} (declaring or replacing it).
     *
     * @return null when bound, else a one-line reason it could not be bound
     */
    String bind(String name, Object value);

    /** A short note for the user (stderr-like, e.g. "saved run to runs/baseline"). */
    void note(String line);

    /** The notebook's session: what the magics remember between cells, and the engine's workspace. */
    NotebookSession session();
}
