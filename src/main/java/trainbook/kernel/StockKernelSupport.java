package trainbook.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import trainbook.magic.KernelCompat;

/**
 * The part of Trainbook's kernel that a stock JJava kernel gets when it loads Trainbook's jars ({@code %classpath},
 * {@code %maven}): the chart and table renderers ({@link KernelRenderers}: XChart charts as PNG or SVG, Tablesaw
 * tables as HTML) and the display helpers {@code html(...)} and {@code clearOutput()} of {@link NotebookStatics}.
 * Listed in {@code META-INF/services/org.dflib.jjava.jupyter.Extension} beside the magics
 * ({@link trainbook.magic.TrainbookMagics}), and the imports Trainbook's kernel starts with, so that the course
 * notebooks run unchanged. In Trainbook's own kernel it does nothing: the kernel has all of this from its start.
 *
 * <p>Only {@code html} and {@code clearOutput} are imported: JJava has its own {@code display}, {@code render} and
 * {@code updateDisplay} statics, and importing Trainbook's on top would make every such call ambiguous.
 */
public final class StockKernelSupport implements Extension {
    /**
     * What a stock kernel's Java session imports when the extension is installed: the packages Trainbook's kernel
     * imports at start (course notebooks use {@code IntStream}, {@code Collectors}, ... unqualified) and the two
     * helpers.
     */
    public static final java.util.List<String> IMPORTS = java.util.stream.Stream.concat(
            TrainbookKernel.STARTUP_IMPORTS.stream().filter(i -> !i.contains(NotebookStatics.class.getName())),
            java.util.stream.Stream.of(
                    "import static " + NotebookStatics.class.getName() + ".html;",
                    "import static " + NotebookStatics.class.getName() + ".clearOutput;"))
            .collect(java.util.stream.Collectors.toUnmodifiableList());

    @Override
    public void install(BaseKernel kernel) {
        if (kernel instanceof TrainbookKernel) return;
        KernelRenderers.registerAll(kernel.getRenderer());
        for (String imp : IMPORTS) {
            try {
                KernelCompat.eval(kernel, imp);
            } catch (RuntimeException e) {
                // the helpers stay reachable qualified (trainbook.kernel.NotebookStatics.html); say why not unqualified
                kernel.getIO().err.println("Trainbook: could not import the display helpers (" + imp + "): " + e.getMessage());
            }
        }
    }
}
