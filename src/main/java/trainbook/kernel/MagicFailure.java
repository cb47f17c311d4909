package trainbook.kernel;

/**
 * A magic run from a cell failed: carries the magic's name and what it threw, so the traceback can show the magic's
 * own error instead of the call that the magic parser wrote into the cell.
 */
public final class MagicFailure extends RuntimeException {
    private final String magic;
    private final boolean cellMagic;

    MagicFailure(String magic, boolean cellMagic, Throwable cause) {
        super((cellMagic ? "%%" : "%") + magic + " failed: " + cause, cause);
        this.magic = magic;
        this.cellMagic = cellMagic;
    }

    /** The magic's name, without {@code %}. */
    public String magic() {
        return magic;
    }

    /** True for a cell magic ({@code %%name}). */
    public boolean isCellMagic() {
        return cellMagic;
    }
}
