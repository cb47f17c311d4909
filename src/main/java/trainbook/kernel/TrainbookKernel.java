package trainbook.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trainbook.Version;
import trainbook.engine.Cancellation;
import trainbook.magic.NotebookSession;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Trainbook's Jupyter kernel: Java cells run by an in-process JShell on one dedicated thread, so values stay real
 * objects ({@link #evalRaw(String)} gives a magic the object behind a notebook variable).
 *
 * <p>The kernel handles the requests and hands the work to its parts, as JJava's {@code JavaKernel} hands evaluation
 * to its {@code CodeEvaluator}: {@link JavaSession} (JShell's background start and warm-up), {@link CellEvaluator}
 * (running a cell, keeping imports and variables), {@link Tracebacks} (what a failure shows), {@link CodeAssist}
 * (completion, is_complete, inspect, {@code name?}), {@link KernelReplies} (replies the protocol wants otherwise
 * than the base sends them). Interrupts are cooperative first ({@link Cancellation}), then forced: the user thread
 * is interrupted, and stopped after {@link #STOP_GRACE_MILLIS}.
 */
public class TrainbookKernel extends BaseKernel {
    /**
     * How long interrupted code may take to react (an engine loop finishing its batch and saving the run) before its
     * thread is stopped: 3000 ms, or the system property {@code trainbook.stopGraceMillis}.
     */
    public static final long STOP_GRACE_MILLIS = Long.getLong("trainbook.stopGraceMillis", 3000L);
    /**
     * How much longer than {@link #STOP_GRACE_MILLIS} interrupted engine work that has seen the stop request
     * ({@link Cancellation#acknowledged()}) may take to save its run and show its report: 60000 ms, or the system
     * property {@code trainbook.stopReactingMillis}.
     */
    public static final long STOP_REACTING_MILLIS = Long.getLong("trainbook.stopReactingMillis", 60_000L);
    /** Statements run in JShell when the kernel starts. */
    public static final List<String> STARTUP_IMPORTS = JavaSession.STARTUP_IMPORTS;

    private static final Logger LOG = LoggerFactory.getLogger(TrainbookKernel.class);

    private final KernelIO kernelIO;
    private final UserCodeThread userThread;
    /** the stop requests of this kernel's cells: asked from the shell thread, read on the user thread */
    private final Cancellation stop;
    private final KernelExecutionControl control;
    private final CellState cell = new CellState();
    private final Tracebacks tracebacks;
    private final JavaSession session;
    private final CellEvaluator evaluator;
    private final CodeAssist assist;
    /** the transpiler of {@link #magicParser}, which keeps the magic calls it writes; null for another one */
    private final MagicCallTranspiler transpiler;
    /** Extensions installed in the background ({@link #onStartup()}); a cell waits for them (magics). */
    private final KernelExtensions extensionInstaller = new KernelExtensions();
    private final ExecutorService initExecutor;
    private final List<String> addedClasspath = new ArrayList<>();
    private volatile ShellReplyEnvironment currentEnv;

    /** A builder with Trainbook's defaults (name, version, magic syntax {@code %} and {@code %%}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainbookKernel}. */
    public static final class Builder extends BaseKernelBuilder<Builder, TrainbookKernel> {
        private Builder() {
            name("Trainbook");
            version(Version.VERSION);
            historyManager(new SessionHistory());
        }

        @Override
        public TrainbookKernel build() {
            KernelIO io = new KernelIO(buildJupyterIOEncoding());
            MagicTranspiler transpiler = magicTranspiler != null ? magicTranspiler : new MagicCallTranspiler();
            MagicParser parser = magicParser != null
                    ? magicParser
                    : new MagicParser("(?<=(?:^|=))\\s*%", "%%", transpiler);
            // magic-only cells run directly only from the calls our transpiler wrote for the kernel's parser
            MagicCallTranspiler calls =
                    magicParser == null && transpiler instanceof MagicCallTranspiler own ? own : null;
            return new TrainbookKernel(buildName(), buildVersion(), buildHistoryManager(), io, buildCommManager(),
                    buildRenderer(), parser, calls, buildMagicsRegistry(), buildExtensionsEnabled(),
                    buildErrorStyler());
        }
    }

    private TrainbookKernel(String name, String version, HistoryManager history, KernelIO io, CommManager comms,
                            Renderer renderer, MagicParser parser, MagicCallTranspiler transpiler,
                            MagicsRegistry magics, boolean extensionsEnabled, StringStyler errorStyler) {
        super(name, version, languageInfo(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/"),
                        new HelpLink("DJL", "https://javadoc.io/doc/ai.djl/api/latest/index.html")),
                history, io, comms, renderer, parser, magics, extensionsEnabled, errorStyler);
        this.kernelIO = io;
        this.transpiler = transpiler;
        NotebookSession notebook = NotebookSession.of(this); // its magics find the same session through this kernel
        this.stop = notebook.workspace().cancellation();
        this.userThread = new UserCodeThread(notebook.workspace());
        this.control = new KernelExecutionControl(userThread, cell::interrupted);
        this.tracebacks = new Tracebacks(errorStyler, this::getMagicsRegistry);
        this.session = new JavaSession(control, userThread, cell, () -> tracebacks.interrupted(false));
        this.evaluator = new CellEvaluator(session, control, tracebacks, cell);
        this.assist = new CodeAssist(session, control, () -> {
            session.await(extensionInstaller.ready());
            return getMagicsRegistry();
        });

        KernelRenderers.registerAll(getRenderer());
        ClasspathMagics.register(this);

        this.initExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trainbook-init");
            t.setDaemon(true);
            return t;
        });
        initExecutor.execute(session::start);
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    /**
     * Waits at most {@code millis} for the background start-up (Java session and extensions); a start that failed
     * counts as finished (cells report it).
     *
     * @return false when the start is still running after {@code millis}
     */
    boolean awaitStartup(long millis) throws InterruptedException {
        return session.awaitStarted(millis, extensionInstaller.ready());
    }

    /** Waits for the background start-up (Java session and extensions) to finish; a cell calls it before running. */
    void awaitStartup() {
        session.await(session.started());
        session.await(extensionInstaller.ready());
    }

    /*
     * ======================= evaluation =======================
     */

    /**
     * Evaluates a cell's code (magics resolved) and returns the value of its last expression as the real object,
     * or null when the cell ends with a statement or declaration. Magics call it from the cell's own thread (where
     * they run); called from another thread it waits until the running cell is done.
     *
     * @throws CellException for compile errors, exceptions thrown by the code and interrupts
     */
    @Override
    public Object evalRaw(String source) {
        boolean topLevel = !cell.running() && !userThread.isWorkerThread(); // not inside a request or a magic
        if (topLevel) cell.begin(0);
        try {
            if (topLevel) awaitStartup();
            return evaluator.eval(transpiler != null
                    ? transpiler.transpile(magicParser, source)
                    : MagicCallTranspiler.Transpiled.compiled(magicParser.resolveMagics(source)));
        } finally {
            if (topLevel) cell.end();
        }
    }

    /*
     * ======================= requests =======================
     */

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        int count = silent ? executionCount.get() : executionCount.getAndIncrement();

        env.setBusyDeferIdle();
        if (!silent) env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        kernelIO.attach(env, request.isStdinEnabled());
        System.setIn(kernelIO.stdin); // the base's stream fails on the first forged message; restored with the others
        currentEnv = env;
        cell.begin(silent ? 0 : count);
        stop.reset();
        try {
            Optional<String> help = CodeAssist.helpTarget(request.getCode());
            if (help.isPresent()) {
                DisplayData page = assist.inspect(help.get(), help.get().length(), true);
                if (page == null) throw tracebacks.noDocumentation(help.get());
                remember(request, count, "");
                env.defer().reply((ExecuteReply) new KernelReplies.PagedExecuteReply(count, page));
                return;
            }
            awaitStartup();
            for (String failure : extensionInstaller.failuresToShow()) {
                System.err.println("warning: extension " + failure);
            }
            DisplayData out = eval(request.getCode());
            flushOutput();
            if (out != null && !silent) env.publish(new PublishExecuteResult(count, out));
            remember(request, count, out == null ? "" : String.valueOf(out.getData(MIMEType.TEXT_PLAIN)));
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (Throwable e) {
            flushOutput();
            if (!(e instanceof CellException)) LOG.debug("cell failed in the kernel", e);
            CellException failure = tracebacks.of(e);
            ErrorReply error = new ErrorReply(failure.getErrorName(), failure.getMessage(), failure.getTraceback());
            error.setExecutionCount(count);
            env.publish(new PublishError(failure.getErrorName(), failure.getMessage(), failure.getTraceback()));
            remember(request, count, "");
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        } finally {
            cell.end();
            currentEnv = null;
            control.clearResults();
            kernelIO.detach(env);
        }
    }

    private void flushOutput() {
        kernelIO.out.flush();
        kernelIO.err.flush();
    }

    private void remember(ExecuteRequest request, int count, String output) {
        if (!request.isSilent() && request.shouldStoreHistory() && getHistoryManager() instanceof SessionHistory) {
            ((SessionHistory) getHistoryManager()).record(count, request.getCode(), output);
        }
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply((KernelInfoReply) new KernelReplies.OkKernelInfoReply(Header.PROTOCOL_VERISON, name, version,
                getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelReplies.TupleHistoryReply(KernelReplies.lookup(getHistoryManager(), message.getContent())));
    }

    /** Clears the current cell's output ({@code wait}: when the next output arrives). No-op outside a cell. */
    public void clearOutput(boolean wait) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) {
            flushOutput();
            env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    /**
     * Stops the running cell: asks engine loops to stop ({@link Cancellation#requestStop()}), interrupts the user
     * thread, and stops it after {@link #STOP_GRACE_MILLIS} if it is still running the same code.
     */
    @Override
    public void interrupt() {
        // also while the cell is still compiling: its code must then not start at all
        cell.interrupt();
        stop.requestStop();
        // an engine loop that saw the request is stopping (saving, drawing its report): let it finish. Code that
        // polls the request (a magic, an engine run) is not interrupted at once: an interrupt inside a display
        // update would fail the run instead of stopping it
        userThread.interruptCurrent(STOP_GRACE_MILLIS, stop::acknowledged, STOP_REACTING_MILLIS,
                !stop.isCooperative());
    }

    /*
     * ======================= start-up and extensions =======================
     */

    /**
     * Registers this kernel as the notebook's kernel and installs the extensions on the class path in the background
     * (they load the magics' classes, which must not delay kernel_info); a cell waits until they are installed.
     */
    @Override
    public void onStartup() {
        installNotebookKernel();
        if (extensionsEnabled) extensionInstaller.installInBackground(this::installDefaultExtensions);
    }

    /**
     * Installs every {@link Extension} the loader's {@code META-INF/services} lists (the magics register themselves
     * this way). One extension failing is logged and does not stop the others or the kernel.
     */
    @Override
    protected void installExtensions(ClassLoader classLoader) {
        extensionInstaller.installAll(classLoader, this::installExtension, extensions::remove);
    }

    /** Names of the installed extensions. */
    public Set<String> getInstalledExtensions() {
        return Set.copyOf(extensions.keySet());
    }

    /** Extensions that failed to install, as "class: error". */
    public List<String> getExtensionFailures() {
        return extensionInstaller.failures();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            if (userThread.isBusy()) interrupt();
            super.onShutdown(isRestarting);
        } finally {
            initExecutor.shutdown();
            session.close();
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        return tracebacks.of(e).getTraceback();
    }

    /*
     * ======================= classpath =======================
     */

    /**
     * Adds jars or class directories to what cells compile and run against.
     *
     * @param paths existing files or directories
     */
    public void addToClasspath(List<File> paths) {
        for (File f : paths) {
            if (!f.exists()) {
                throw new IllegalArgumentException("classpath entry '" + f + "' does not exist; give an existing jar or directory");
            }
            String path = f.getAbsolutePath();
            session.shell().addToClasspath(path);
            addedClasspath.add(path);
        }
    }

    /** The entries added with {@code %jars} / {@code %classpath}, in order. */
    public List<String> getAddedClasspath() {
        return List.copyOf(addedClasspath);
    }

    /*
     * ======================= code assistance =======================
     */

    @Override
    public ReplacementOptions complete(String code, int at) {
        return assist.complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        return assist.isComplete(code);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return assist.inspect(code, at, extraDetail);
    }

    /** Sources of the active snippets (declarations, imports, expressions kept by JShell), for tests. */
    List<String> activeSnippetSources() {
        return evaluator.activeSnippetSources();
    }

    /** True while notebook code is running. */
    boolean isExecuting() {
        return userThread.isBusy();
    }
}
