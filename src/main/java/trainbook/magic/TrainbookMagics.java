package trainbook.magic;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.RunRecord;
import trainbook.magic.args.Tokenizer;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;

/**
 * The JJava {@link Extension} that installs Trainbook's magics — {@code %train}, {@code %lrfind}, {@code %compare},
 * {@code %doctor}, {@code %interpret} — and renderers for their results ({@link TrainedRun}, {@link RunRecord}, {@link LrFindResult},
 * {@link Comparison}) and for render's {@link Rich}. Registered in
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}, so Trainbook's kernel and a stock JJava kernel with
 * the jar on its class path both pick it up. The magics return nothing to the kernel (their outputs are shown and
 * their results bound as they run) and use only kernel API both kernels have ({@link KernelCompat}).
 */
public final class TrainbookMagics implements Extension {
    /** The line magics installed. */
    public static final java.util.List<String> NAMES = java.util.List.of("train", "lrfind", "compare", "doctor", "runs",
            "interpret");

    @Override
    public void install(BaseKernel kernel) {
        NotebookSession.of(kernel); // the kernel's session: its magics' state, bindings and engine workspace
        MagicsRegistry magics = kernel.getMagicsRegistry();
        magics.registerLineMagic("train", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(k, () -> new TrainMagic(new KernelContext(k), System::nanoTime).run(tokens("%train", args))));
        magics.registerLineMagic("lrfind", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(k, () -> new LrFindMagic(new KernelContext(k)).run(tokens("%lrfind", args))));
        magics.registerLineMagic("compare", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(k, () -> new CompareMagic(new KernelContext(k), System::nanoTime).run(tokens("%compare", args))));
        magics.registerLineMagic("doctor", (BaseKernel k, java.util.List<String> args) ->
                nothingBack(k, () -> new DoctorMagic(new KernelContext(k)).run(tokens("%doctor", args))));
        magics.registerLineMagic("runs", (BaseKernel k, java.util.List<String> args) ->
                nothingBack(k, () -> new RunsMagic(new KernelContext(k)).run(tokens("%runs", args))));
        magics.registerLineMagic("interpret", (BaseKernel k, java.util.List<String> args) ->
                cooperatively(k, () -> new InterpretMagic(new KernelContext(k)).run(tokens("%interpret", args))));
        registerRenderers(kernel.getRenderer());
    }

    /**
     * Runs a magic that drives engine loops as a {@link trainbook.engine.Cancellation#cooperative()} region of the
     * kernel's session: an interrupt stops its loop through the stop request, not by interrupting the thread
     * mid-display.
     */
    private static Object cooperatively(BaseKernel kernel, Runnable magic) throws Exception {
        NotebookSession session = NotebookSession.of(kernel);
        try (trainbook.engine.Workspace.Binding bound = session.workspace().bind();
             AutoCloseable stockInterrupts = KernelCompat.cooperativeInterrupts(kernel, session.workspace().cancellation());
             trainbook.engine.Cancellation.Scope ignored = session.workspace().cancellation().cooperative()) {
            magic.run();
            return null;
        }
    }

    /**
     * Runs a magic in the kernel's session and gives the kernel nothing back: the magic has shown its output and
     * bound its result ({@code as=NAME}) as it ran, and JJava 1.0-a7 and later display a magic's return value (the
     * report twice). The engine code it runs works in the session's workspace (a stock kernel's cell thread is
     * bound to none; in Trainbook's kernel the binding is already this one).
     */
    private static Object nothingBack(BaseKernel kernel, Runnable magic) {
        try (trainbook.engine.Workspace.Binding bound = NotebookSession.of(kernel).workspace().bind()) {
            magic.run();
            return null;
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
        renderer.createRegistration(TrainedRun.class).preferring(types)
                .register((r, ctx) -> Displays.renderInto(Views.run(r.record()), ctx));
        renderer.createRegistration(RunRecord.class).preferring(types)
                .register((r, ctx) -> Displays.renderInto(Views.run(r), ctx));
        renderer.createRegistration(LrFindResult.class).preferring(types)
                .register((r, ctx) -> Displays.renderInto(LrFindMagic.render(r, ChartFormat.PNG), ctx));
        renderer.createRegistration(trainbook.engine.interpret.Interpretation.class).preferring(types)
                .register((in, ctx) -> Displays.renderInto(InterpretMagic.render(in), ctx));
        renderer.createRegistration(Comparison.class).preferring(types)
                .register((c, ctx) -> Displays.renderInto(c.render(ChartFormat.PNG), ctx));
    }
}
