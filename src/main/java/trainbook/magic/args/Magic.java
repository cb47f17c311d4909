package trainbook.magic.args;

/** The magics that take {@code key=value} arguments. */
public enum Magic {
    TRAIN("%train"), LRFIND("%lrfind"), COMPARE("%compare"), DOCTOR("%doctor"), RUNS("%runs");

    private final String spelling;

    Magic(String spelling) { this.spelling = spelling; }

    /** As typed in a cell, e.g. {@code %train}. */
    public String spelling() { return spelling; }

    @Override
    public String toString() { return spelling; }
}
