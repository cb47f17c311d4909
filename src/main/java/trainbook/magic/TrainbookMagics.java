package trainbook.magic;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import trainbook.engine.loop.Run;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.RunRecord;
import trainbook.magic.args.Tokenizer;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;

/**
 * The JJava {@link Extension} that installs Trainbook's magics — {@code %train}, {@code %lrfind}, {@code %compare},
 * {@code %doctor} — and renderers for their results ({@link Run}, {@link RunRecord}, {@link LrFindResult},
 * {@link Comparison}) and for render's {@link Rich}. Registered in
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}, so Trainbook's kernel and a stock JJava kernel with
 * the jar on its class path both pick it up.
 */
public final class TrainbookMagics implements Extension {
    /** The line magics installed. */
    public static final java.util.List<String> NAMES = java.util.List.of("train", "lrfind", "compare", "doctor", "runs");

    @Override
    public void install(BaseKernel kernel) {
        MagicsRegistry magics = kernel.getMagicsRegistry();
        magics.registerLineMagic("train", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(() -> new TrainMagic(new KernelContext(k), System::nanoTime).run(tokens("%train", args))));
        magics.registerLineMagic("lrfind", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(() -> new LrFindMagic(new KernelContext(k)).run(tokens("%lrfind", args))));
        magics.registerLineMagic("compare", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(() -> new CompareMagic(new KernelContext(k), System::nanoTime).run(tokens("%compare", args))));
        magics.registerLineMagic("doctor", (BaseKernel k, java.util.List<String> args) ->
                new DoctorMagic(new KernelContext(k)).run(tokens("%doctor", args)));
        magics.registerLineMagic("runs", (BaseKernel k, java.util.List<String> args) ->
                new RunsMagic(new KernelContext(k)).run(tokens("%runs", args)));
        registerRenderers(kernel.getRenderer());
    }

    /**
     * Runs a magic that drives engine loops as a {@link trainbook.engine.Cancellation#cooperative()} region: an
     * interrupt stops its loop through the stop request, not by interrupting the thread mid-display.
     */
    private static <T> T cooperatively(java.util.function.Supplier<T> magic) {
        try (trainbook.engine.Cancellation.Scope ignored = trainbook.engine.Cancellation.cooperative()) {
            return magic.get();
        }
    }

    /** JJava's split arguments as tokens; a tokenizer error names the magic like every other argument error. */
    private static java.util.List<trainbook.magic.args.Token> tokens(String magic, java.util.List<String> args) {
        try {
            return Tokenizer.fromArgs(args);
        } catch (trainbook.magic.args.ArgException e) {
            throw e.withPrefix(magic);
        }
    }

    /** Renderers for the magics' result objects: each shows its full output again. */
    public static void registerRenderers(Renderer renderer) {
        MIMEType[] types = {MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN};
        renderer.createRegistration(Rich.class).preferring(types).supporting(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG)
                .register((r, ctx) -> Displays.renderInto(r, ctx));
        renderer.createRegistration(Run.class).preferring(types)
                .register((r, ctx) -> Displays.renderInto(Views.run(r.record()), ctx));
        renderer.createRegistration(RunRecord.class).preferring(types)
                .register((r, ctx) -> Displays.renderInto(Views.run(r), ctx));
        renderer.createRegistration(LrFindResult.class).preferring(types)
                .register((r, ctx) -> Displays.renderInto(LrFindMagic.render(r, ChartFormat.PNG), ctx));
        renderer.createRegistration(Comparison.class).preferring(types)
                .register((c, ctx) -> Displays.renderInto(c.render(ChartFormat.PNG), ctx));
    }
}
