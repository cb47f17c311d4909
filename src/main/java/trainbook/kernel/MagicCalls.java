package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;

import java.util.List;

/**
 * What a cell's magic lines become ({@link MagicCallTranspiler} writes calls to these methods into the Java code):
 * runs the magic from the notebook kernel's registry and reports a failure as a {@link MagicFailure} that names the
 * magic, so the traceback needs no parsing of messages.
 */
public final class MagicCalls {
    private MagicCalls() {}

    /** Runs line magic {@code name}; its result is the expression's value (e.g. {@code var run = %train ...}). */
    public static <T> T lineMagic(String name, List<String> args) {
        BaseKernel kernel = BaseKernel.notebookKernel();
        try {
            return kernel.getMagicsRegistry().evalLineMagic(kernel, name, args);
        } catch (UndefinedMagicException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicFailure(name, false, e);
        }
    }

    /** Runs cell magic {@code name} on {@code body}. */
    public static <T> T cellMagic(String name, List<String> args, String body) {
        BaseKernel kernel = BaseKernel.notebookKernel();
        try {
            return kernel.getMagicsRegistry().evalCellMagic(kernel, name, args, body);
        } catch (UndefinedMagicException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicFailure(name, true, e);
        }
    }
}
