package trainbook.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trainbook.Version;
import trainbook.engine.Cancellation;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trainbook's Jupyter kernel: Java cells run by an in-process JShell on one dedicated thread, so values stay real
 * objects ({@link #evalRaw(String)} gives a magic the object behind a notebook variable).
 *
 * <p>Beyond the base it adds: expression results (bare variable names too), compile errors with position, trimmed
 * stack traces, chart/table renderers, {@code %jars}/{@code %classpath}, completion, is_complete, inspect,
 * cooperative-then-forced interrupts ({@link Cancellation} plus thread interrupt, then {@code Thread.stop} after
 * {@link #STOP_GRACE_MILLIS}), and a kernel_info_reply with {@code status: ok}.
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
    public static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import java.math.*;",
            "import static " + NotebookStatics.class.getName() + ".*;");

    private static final Logger LOG = LoggerFactory.getLogger(TrainbookKernel.class);
    private static final String RED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";
    private static final Pattern HELP = Pattern.compile("^\\s*([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.]*\\(?)\\s*\\?\\s*$");
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%.*$");
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%{1,2})(\\w*)$");
    private static final Pattern DISPLAY_CALL = Pattern.compile("^(?:NotebookStatics\\.)?display\\(.*\\)\\s*;?$", Pattern.DOTALL);
    private static final Set<Snippet.SubKind> RESULT_KINDS = Set.of(
            Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
            Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);

    private final KernelIO kernelIO;
    private final UserCodeThread userThread;
    private final KernelExecutionControl control;
    private final VariableKeeper variables;
    /** JShell and its analysis, built in the background ({@link #startSession()}); every use waits for it. */
    private final CompletableFuture<Session> session = new CompletableFuture<>();
    /** Extensions installed in the background ({@link #onStartup()}); a cell waits for them (magics). */
    private volatile CompletableFuture<Void> extensionsReady = CompletableFuture.completedFuture(null);
    private final ExecutorService initExecutor;
    private final List<String> addedClasspath = new ArrayList<>();
    private final List<String> extensionFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean cellInterrupted;
    private volatile boolean cellRunning;
    private boolean extensionFailuresShown;
    private volatile int currentCell;
    private final Map<String, int[]> snippetOrigin = new java.util.concurrent.ConcurrentHashMap<>();
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
            MagicParser parser = magicParser != null
                    ? magicParser
                    : new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler());
            return new TrainbookKernel(buildName(), buildVersion(), buildHistoryManager(), io, buildCommManager(),
                    buildRenderer(), parser, buildMagicsRegistry(), buildExtensionsEnabled(), buildErrorStyler());
        }
    }

    private TrainbookKernel(String name, String version, HistoryManager history, KernelIO io, CommManager comms,
                            Renderer renderer, MagicParser parser, MagicsRegistry magics, boolean extensionsEnabled,
                            StringStyler errorStyler) {
        super(name,
                version,
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/"),
                        new HelpLink("DJL", "https://javadoc.io/doc/ai.djl/api/latest/index.html")),
                history,
                io,
                comms,
                renderer,
                parser,
                magics,
                extensionsEnabled,
                errorStyler);
        this.kernelIO = io;
        this.userThread = new UserCodeThread();
        this.control = new KernelExecutionControl(userThread, () -> cellInterrupted);
        this.variables = new VariableKeeper(control);

        KernelRenderers.registerAll(getRenderer());
        ClasspathMagics.register(this);

        this.initExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trainbook-init");
            t.setDaemon(true);
            return t;
        });
        initExecutor.execute(this::startSession);
    }

    /** JShell plus its source analysis. */
    private static final class Session {
        final JShell shell;
        final SourceCodeAnalysis analysis;

        Session(JShell shell) {
            this.shell = shell;
            this.analysis = shell.sourceCodeAnalysis();
        }
    }

    /**
     * Builds JShell, adds the class path, runs {@link #STARTUP_IMPORTS} and one warm-up expression (compiled and run
     * on the user-code thread, then dropped), so the first cell finds the compiler loaded and warm. Runs on the
     * {@code trainbook-init} thread while the kernel already answers kernel_info.
     */
    private void startSession() {
        long t0 = System.nanoTime();
        try {
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            JShell shell = JShell.builder()
                    .executionEngine(new KernelExecutionControl.Provider(control), Map.of())
                    .build();
            // JShell's loader delegate installs its class loader as this thread's context loader: hand it to the cells.
            userThread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
            Thread.currentThread().setContextClassLoader(before);
            Session s = new Session(shell);
            String classpath = System.getProperty("java.class.path", "");
            if (!classpath.isBlank()) shell.addToClasspath(classpath);
            for (String statement : STARTUP_IMPORTS) {
                for (SnippetEvent event : shell.eval(statement)) {
                    if (event.status() == Snippet.Status.REJECTED) {
                        LOG.warn("start-up statement rejected: {}", statement);
                    }
                }
            }
            warmUp(s);
            session.complete(s);
            LOG.info("Java session ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException | Error e) {
            LOG.error("the Java session (JShell) could not start", e);
            session.completeExceptionally(e);
        }
    }

    /** What {@link #warmUp} evaluates: an expression that goes through analysis, compilation and a run. */
    static final String WARM_UP = "java.util.List.of(\"trainbook\").get(0).length() + 1";

    private void warmUp(Session s) {
        if (!Boolean.parseBoolean(System.getProperty("trainbook.warmUp", "true"))) return;
        s.analysis.analyzeCompletion(WARM_UP + ";");
        for (SnippetEvent event : s.shell.eval(WARM_UP)) {
            control.takeResult(event.value());
            if (event.causeSnippet() == null && event.snippet() != null) s.shell.drop(event.snippet());
        }
        control.takeLastThrown();
    }

    /** The running JShell; waits for the background start ({@link #startSession()}). */
    private JShell shell() {
        return awaitSession().shell;
    }

    private SourceCodeAnalysis analysis() {
        return awaitSession().analysis;
    }

    private Session awaitSession() {
        Session s = session.getNow(null);
        return s != null ? s : await(session);
    }

    /**
     * Waits at most {@code millis} for the background start-up (Java session and extensions); a start that failed
     * counts as finished (cells report it).
     *
     * @return false when the start is still running after {@code millis}
     */
    boolean awaitStartup(long millis) throws InterruptedException {
        try {
            CompletableFuture.allOf(session, extensionsReady).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            LOG.error("the Java session could not start; cells will report it: {}", e.getCause().toString());
        }
        return true;
    }

    /** Waits for the background start-up (Java session and extensions) to finish; a cell calls it before running. */
    void awaitStartup() {
        awaitSession();
        await(extensionsReady);
    }

    /** Waits for {@code future}; an interrupt of the running cell ends the wait with "interrupted". */
    private <T> T await(CompletableFuture<T> future) {
        while (true) {
            if (cellRunning && cellInterrupted) throw interrupted(false);
            try {
                return future.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(false);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new IllegalStateException("the Java session could not start: " + cause, cause);
            }
        }
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
        boolean topLevel = !cellRunning && !userThread.isWorkerThread(); // not inside a request or a magic
        if (topLevel) {
            cellInterrupted = false;
            cellRunning = true;
        }
        try {
            if (topLevel) awaitStartup();
            String java = magicParser.resolveMagics(source);
            return evalJava(java);
        } finally {
            if (topLevel) cellRunning = false;
        }
    }

    private Object evalJava(String code) {
        Object last = null;
        String remaining = code;
        int offset = 0;
        while (!remaining.isBlank()) {
            if (cellInterrupted) throw interrupted(false);
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            SourceCodeAnalysis.Completeness completeness = info.completeness();
            if (completeness == SourceCodeAnalysis.Completeness.EMPTY) break;
            String snippetSource;
            String rest;
            if (completeness.isComplete()) {
                snippetSource = info.source();
                rest = info.remaining();
            } else {
                // incomplete or unparseable: hand the rest to JShell so the compiler reports the error
                snippetSource = remaining;
                rest = "";
            }
            last = evalSnippet(snippetSource, code, offset);
            offset += remaining.length() - rest.length();
            remaining = rest;
        }
        return last;
    }

    private Object evalSnippet(String snippetSource, String cellCode, int offset) {
        List<SnippetEvent> events = shell().eval(importOnOneLine(snippetSource));
        for (String warning : variables.afterEval(shell(), events)) System.err.println(warning);
        Object value = null;
        int firstCode = offset;
        while (firstCode < cellCode.length() && Character.isWhitespace(cellCode.charAt(firstCode))) firstCode++;
        int startLine = 1;
        for (int i = 0; i < firstCode && i < cellCode.length(); i++) if (cellCode.charAt(i) == '\n') startLine++;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) continue; // dependants re-evaluated because of this snippet
            Snippet snippet = event.snippet();
            snippetOrigin.put(snippet.id(), new int[]{currentCell, startLine});
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, snippetSource, cellCode, offset);
            }
            JShellException exception = event.exception();
            if (exception != null) {
                control.takeResult(event.value());
                throw runtimeError(exception);
            }
            Object result = control.takeResult(event.value());
            variables.forgetMagicResult(shell(), event);
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                warnUnresolved(snippet);
            }
            value = RESULT_KINDS.contains(snippet.subKind()) && !isDisplayCall(snippet.source()) ? result : null;
        }
        if (cellInterrupted) throw interrupted(false);
        return value;
    }

    /**
     * An import as JShell should see it: without the blank lines and comments before it. JShell copies every import's
     * source into the wrapper of every other snippet, so an import that starts with a line break (any import below
     * the first line of a cell) shifts the lines of all wrappers; JShell then recompiles the declarations that depend
     * on it, and a changed wrapper is reloaded under a new name with its variables reset to null (see
     * {@link VariableKeeper}). Sources that are not single-line imports are returned unchanged.
     */
    static String importOnOneLine(String source) {
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int nl = source.indexOf('\n', i);
                if (nl < 0) return source;
                i = nl + 1;
            } else if (source.startsWith("/*", i)) {
                int close = source.indexOf("*/", i + 2);
                if (close < 0) return source;
                i = close + 2;
            } else {
                break;
            }
        }
        String rest = source.substring(i).stripTrailing();
        boolean isImport = rest.startsWith("import") && rest.length() > 6 && Character.isWhitespace(rest.charAt(6));
        if (!isImport || rest.indexOf('\n') >= 0 || rest.indexOf('\r') >= 0) return source;
        return rest;
    }

    /** {@code display(x)} returns its display id; a cell ending with it should not also print the id. */
    static boolean isDisplayCall(String source) {
        return DISPLAY_CALL.matcher(source.strip()).matches();
    }

    private void warnUnresolved(Snippet snippet) {
        if (!(snippet instanceof DeclarationSnippet)) return;
        List<String> missing = shell().unresolvedDependencies((DeclarationSnippet) snippet).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            System.err.println("note: " + describe(snippet) + " cannot be used until "
                    + String.join(", ", missing) + " is defined");
        }
    }

    private static String describe(Snippet snippet) {
        String src = snippet.source().strip();
        int nl = src.indexOf('\n');
        return "'" + (nl >= 0 ? src.substring(0, nl) + " ..." : src) + "'";
    }

    private CellException compileError(Snippet snippet, String snippetSource, String cellCode, int offset) {
        List<Diag> errors = shell().diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        int base = offset;
        int at = snippetSource.indexOf(snippet.source());
        if (at > 0) base += at;
        List<String> lines = new ArrayList<>();
        String first = errors.isEmpty() ? "the snippet was rejected" : errors.get(0).getMessage(Locale.ROOT);
        lines.add(RED + "CompilationException: " + RESET + firstLine(first));
        for (Diag diag : errors) {
            long start = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
            long end = Math.max(diag.getEndPosition(), start + 1);
            int absStart = (int) Math.min(cellCode.length(), base + Math.max(0, start));
            int absEnd = (int) Math.min(cellCode.length(), base + end);
            int lineStart = cellCode.lastIndexOf('\n', Math.max(0, absStart - 1)) + 1;
            if (absStart == 0) lineStart = 0;
            int lineEnd = cellCode.indexOf('\n', absStart);
            if (lineEnd < 0) lineEnd = cellCode.length();
            int lineNo = 1;
            for (int i = 0; i < lineStart; i++) if (cellCode.charAt(i) == '\n') lineNo++;
            String line = cellCode.substring(lineStart, lineEnd);
            int caretFrom = absStart - lineStart;
            int caretTo = Math.max(caretFrom + 1, Math.min(absEnd, lineEnd) - lineStart);
            String prefix = "line " + lineNo + ": ";
            lines.add(prefix + line);
            lines.add(" ".repeat(prefix.length() + caretFrom) + RED + "^".repeat(caretTo - caretFrom) + RESET);
            for (String msgLine : diag.getMessage(Locale.ROOT).split("\\R")) lines.add("  " + msgLine);
        }
        return new CellException("CompilationException", firstLine(first), lines, null);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }

    private CellException runtimeError(JShellException exception) {
        Throwable real = control.takeLastThrown();
        if (exception instanceof UnresolvedReferenceException) {
            DeclarationSnippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            List<String> missing = shell().unresolvedDependencies(snippet).collect(Collectors.toList());
            String msg = describe(snippet) + " needs " + String.join(", ", missing) + ", which is not defined";
            return new CellException("UnresolvedReferenceException", msg,
                    List.of(RED + "UnresolvedReferenceException: " + RESET + msg), exception);
        }
        if (cellInterrupted) return interrupted(real instanceof ThreadDeath);

        // magics run inside the cell: show their error, not the wrapper's
        if (real instanceof RuntimeException && real.getCause() != null && real.getMessage() != null
                && real.getMessage().startsWith("Exception occurred while running ")) {
            Throwable cause = real.getCause();
            String magic = real.getMessage().replaceFirst("^Exception occurred while running (line|cell) magic '([^']*)'.*$", "$2");
            String msg = String.valueOf(cause.getMessage());
            List<String> lines = new ArrayList<>();
            lines.add(RED + cause.getClass().getSimpleName() + ": " + RESET + msg);
            if (!(cause instanceof IllegalArgumentException)) {
                lines.addAll(frames(cause.getStackTrace(), 12));
                lines.addAll(causes(cause));
            }
            lines.add("(in %" + magic + ")");
            return new CellException(cause.getClass().getSimpleName(), msg, lines, cause);
        }
        if (real instanceof UndefinedMagicException) {
            String msg = real.getMessage() + "; defined: line magics " + getMagicsRegistry().getLineMagicNames()
                    + ", cell magics " + getMagicsRegistry().getCellMagicNames();
            return new CellException("UndefinedMagicException", msg,
                    List.of(RED + "UndefinedMagicException: " + RESET + msg), real);
        }

        String className = real != null ? real.getClass().getName()
                : exception instanceof EvalException ? ((EvalException) exception).getExceptionClassName()
                : exception.getClass().getName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String msg = real != null ? real.getMessage() : exception.getMessage();
        List<String> lines = new ArrayList<>();
        lines.add(RED + className + RESET + (msg != null ? ": " + msg : ""));
        lines.addAll(frames(exception.getStackTrace(), 30));
        if (real != null) lines.addAll(causes(real));
        return new CellException(simple, msg == null ? "" : msg, lines, real != null ? real : exception);
    }

    /**
     * Stack frames down to the cell's own code: everything below the last cell frame (JShell marks those with a
     * {@code #id} file name) is reflection and kernel machinery. Without a cell frame (code run by a magic), the
     * trace is cut where the kernel's machinery starts.
     */
    List<String> frames(StackTraceElement[] trace, int max) {
        int end = trace.length;
        for (int i = trace.length - 1; i >= 0; i--) {
            String file = trace[i].getFileName();
            if (file != null && file.startsWith("#")) {
                end = i + 1;
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            StackTraceElement frame = trace[i];
            String cls = frame.getClassName();
            if (end == trace.length && (cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.")
                    || cls.startsWith("trainbook.kernel.KernelExecutionControl")
                    || cls.startsWith("trainbook.kernel.UserCodeThread")
                    || cls.startsWith("trainbook.kernel.TrainbookKernel")
                    || cls.startsWith("jdk.jshell.")
                    || cls.startsWith("org.dflib.jjava.jupyter.kernel.BaseNotebookStatics"))) {
                break;
            }
            if (lines.size() == max) {
                lines.add("    ...");
                break;
            }
            lines.add("    at " + formatFrame(frame));
        }
        return lines;
    }

    /**
     * JShell names cell code frames by snippet id (file {@code #12}, line within the snippet); say which cell and
     * line that is.
     */
    String formatFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            String id = file.substring(1);
            int[] origin = snippetOrigin.get(id);
            String where;
            if (origin == null) {
                where = "snippet " + id + (frame.getLineNumber() > 0 ? ", line " + frame.getLineNumber() : "");
            } else {
                int line = origin[1] + Math.max(1, frame.getLineNumber()) - 1;
                where = (origin[0] > 0 ? "cell [" + origin[0] + "], " : "") + "line " + line;
            }
            String method = frame.getMethodName();
            boolean cellBody = method == null || method.isEmpty() || method.equals("do_it$");
            return (cellBody ? "cell code" : method + "()") + " (" + where + ")";
        }
        return frame.toString();
    }

    private List<String> causes(Throwable t) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Throwable cause = t.getCause();
        while (cause != null && seen.add(cause)) {
            lines.add("Caused by: " + cause);
            lines.addAll(frames(cause.getStackTrace(), 6));
            cause = cause.getCause();
        }
        return lines;
    }

    private CellException interrupted(boolean forced) {
        String msg = forced
                ? "the cell was interrupted and stopped (it did not react within " + STOP_GRACE_MILLIS + " ms)"
                : "the cell was interrupted";
        return new CellException("Interrupted", msg, List.of(RED + "Interrupted: " + RESET + msg), null);
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
        currentCell = silent ? 0 : count;
        cellInterrupted = false;
        cellRunning = true;
        Cancellation.reset();
        try {
            Optional<String> help = helpTarget(request.getCode());
            if (help.isPresent()) {
                String target = help.get();
                DisplayData page = inspect(target, target.length(), true);
                if (page == null) {
                    throw new CellException("NoDocumentation", "no documentation found for '" + target + "'",
                            List.of(RED + "NoDocumentation: " + RESET + "no documentation found for '" + target
                                    + "'; try a class, method or variable name, e.g. Math.max?"), null);
                }
                remember(request, count, "");
                env.defer().reply((ExecuteReply) new PagedExecuteReply(count, page));
                return;
            }
            awaitStartup();
            if (!extensionFailuresShown && !extensionFailures.isEmpty()) {
                extensionFailuresShown = true;
                for (String failure : extensionFailures) System.err.println("warning: extension " + failure);
            }
            DisplayData out = eval(request.getCode());
            kernelIO.out.flush();
            kernelIO.err.flush();
            if (out != null && !silent) env.publish(new PublishExecuteResult(count, out));
            remember(request, count, out == null ? "" : String.valueOf(out.getData(MIMEType.TEXT_PLAIN)));
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (Throwable e) {
            kernelIO.out.flush();
            kernelIO.err.flush();
            CellException cell = e instanceof CellException ? (CellException) e : asCellException(e);
            ErrorReply error = new ErrorReply(cell.getErrorName(), cell.getMessage(), cell.getTraceback());
            error.setExecutionCount(count);
            env.publish(new PublishError(cell.getErrorName(), cell.getMessage(), cell.getTraceback()));
            remember(request, count, "");
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        } finally {
            cellRunning = false;
            currentEnv = null;
            currentCell = 0;
            control.clearResults();
            kernelIO.detach(env);
            cellInterrupted = false;
        }
    }

    /** For a cell {@code name?} (IPython's help syntax, never valid Java), the name to document. */
    static Optional<String> helpTarget(String code) {
        Matcher m = HELP.matcher(code);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private void remember(ExecuteRequest request, int count, String output) {
        if (!request.isSilent() && request.shouldStoreHistory() && getHistoryManager() instanceof SessionHistory) {
            ((SessionHistory) getHistoryManager()).record(count, request.getCode(), output);
        }
    }

    private CellException asCellException(Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        List<String> lines = new ArrayList<>();
        lines.add(RED + e.getClass().getName() + RESET + ": " + msg);
        lines.addAll(frames(e.getStackTrace(), 12));
        LOG.debug("cell failed in the kernel", e);
        return new CellException(e.getClass().getSimpleName(), msg, lines, e);
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply((KernelInfoReply) new OkKernelInfoReply(Header.PROTOCOL_VERISON, name, version,
                getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryManager manager = getHistoryManager();
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        if (!request.useRaw()) flags.add(HistoryManager.ResultFlag.TRANSFORMED_INPUT);
        List<HistoryEntry> entries = null;
        if (manager != null) {
            switch (request.getAccessType()) {
                case TAIL:
                    entries = manager.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
                    break;
                case RANGE:
                    HistoryRequest.Range range = (HistoryRequest.Range) request;
                    entries = manager.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
                    break;
                case SEARCH:
                    HistoryRequest.Search search = (HistoryRequest.Search) request;
                    if (search.filterUnique()) flags.add(HistoryManager.ResultFlag.UNIQUE);
                    entries = manager.search(search.getPattern(), search.getMaxReturnLength(), flags);
                    break;
                default:
                    break;
            }
        }
        env.reply(new TupleHistoryReply(entries == null ? List.of() : entries));
    }

    /**
     * A history_reply as the protocol wants it: {@code status} plus {@code [session, line, input]} (or
     * {@code [session, line, [input, output]]}) tuples. The base's reply has neither (its entries serialize as
     * objects).
     */
    static final class TupleHistoryReply implements ContentType<TupleHistoryReply> {
        @SuppressWarnings("unused") // serialized by Gson
        private final String status = "ok";
        private final List<List<Object>> history = new ArrayList<>();

        TupleHistoryReply(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), io));
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<TupleHistoryReply> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }

        List<List<Object>> tuples() {
            return history;
        }
    }

    /** An execute_reply that pages documentation ({@code name?}), as IPython's {@code ?} does. */
    static final class PagedExecuteReply extends ExecuteReply {
        @SuppressWarnings("unused") // serialized by Gson
        private final List<Map<String, Object>> payload;

        PagedExecuteReply(int count, DisplayData page) {
            super(count, Collections.emptyMap());
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("text/plain", page.getData(MIMEType.TEXT_PLAIN));
            this.payload = List.of(Map.of("source", "page", "data", data, "start", 0));
        }
    }

    /** The base's kernel_info_reply lacks {@code status}; the protocol (and the conformance suite) requires it. */
    static final class OkKernelInfoReply extends KernelInfoReply {
        @SuppressWarnings("unused") // serialized by Gson
        private final String status = "ok";

        OkKernelInfoReply(String protocolVersion, String name, String version, LanguageInfo info, String banner,
                          List<HelpLink> links) {
            super(protocolVersion, name, version, info, banner, links);
        }
    }

    /** Clears the current cell's output ({@code wait}: when the next output arrives). No-op outside a cell. */
    public void clearOutput(boolean wait) {
        ShellReplyEnvironment env = currentEnv;
        if (env != null) {
            kernelIO.out.flush();
            kernelIO.err.flush();
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
        if (cellRunning) cellInterrupted = true;
        Cancellation.requestStop();
        // an engine loop that saw the request is stopping (saving, drawing its report): let it finish. Code that
        // polls the request (a magic, an engine run) is not interrupted at once: an interrupt inside a display
        // update would fail the run instead of stopping it
        userThread.interruptCurrent(STOP_GRACE_MILLIS, Cancellation::acknowledged, STOP_REACTING_MILLIS,
                !Cancellation.isCooperative());
    }

    /**
     * Registers this kernel as the notebook's kernel and installs the extensions on the class path in the background
     * (they load the magics' classes, which must not delay kernel_info); a cell waits until they are installed.
     */
    @Override
    public void onStartup() {
        installNotebookKernel();
        if (!extensionsEnabled) return;
        CompletableFuture<Void> done = new CompletableFuture<>();
        extensionsReady = done;
        Thread t = new Thread(() -> {
            try {
                installDefaultExtensions();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                LOG.error("installing extensions failed", e);
                extensionFailures.add("extensions: " + e);
                done.complete(null); // the kernel runs on without them; the first cell shows the failure
            }
        }, "trainbook-extensions");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Installs every {@link Extension} the loader's {@code META-INF/services} lists (the magics register themselves
     * this way). One extension failing is logged and does not stop the others or the kernel.
     */
    @Override
    protected void installExtensions(ClassLoader classLoader) {
        ServiceLoader<Extension> loader = ServiceLoader.load(Extension.class, classLoader);
        Iterator<ServiceLoader.Provider<Extension>> providers = loader.stream().iterator();
        while (true) {
            String name = "?";
            try {
                if (!providers.hasNext()) break;
                ServiceLoader.Provider<Extension> provider = providers.next();
                name = provider.type().getName();
                installExtension(provider.get());
                LOG.info("installed extension {}", name);
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                LOG.warn("extension {} could not be installed: {}", name, e.toString());
                extensions.remove(name);
                extensionFailures.add(name + ": " + e);
            }
        }
    }

    /** Names of the installed extensions. */
    public Set<String> getInstalledExtensions() {
        return Set.copyOf(extensions.keySet());
    }

    /** Extensions that failed to install, as "class: error". */
    public List<String> getExtensionFailures() {
        return List.copyOf(extensionFailures);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        try {
            if (userThread.isBusy()) interrupt();
            super.onShutdown(isRestarting);
        } finally {
            initExecutor.shutdown();
            // closes JShell now, or when its background start finishes
            session.thenAccept(s -> {
                try {
                    s.shell.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing JShell", e);
                }
            });
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException) return ((CellException) e).getTraceback();
        return asCellException(e).getTraceback();
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
            shell().addToClasspath(path);
            addedClasspath.add(path);
        }
    }

    /** The entries added with {@code %jars} / {@code %classpath}, in order. */
    public List<String> getAddedClasspath() {
        return List.copyOf(addedClasspath);
    }

    /*
     * ======================= completion, is_complete, inspect =======================
     */

    /** Where the snippet containing position {@code at} starts. */
    private int snippetStart(String code, int at) {
        String prefix = code.substring(0, Math.min(at, code.length()));
        int start = 0;
        while (start < prefix.length()) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(prefix.substring(start));
            if (!info.completeness().isComplete() || info.remaining().isBlank()) break;
            start = prefix.length() - info.remaining().length();
        }
        return start;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        Matcher magic = MAGIC_PREFIX.matcher(code.substring(lineStart, at));
        if (magic.matches()) {
            await(extensionsReady);
            boolean cell = magic.group(1).length() == 2;
            Set<String> names = cell ? getMagicsRegistry().getCellMagicNames() : getMagicsRegistry().getLineMagicNames();
            List<String> matches = names.stream().filter(n -> n.startsWith(magic.group(2))).sorted()
                    .collect(Collectors.toList());
            return new ReplacementOptions(matches, at - magic.group(2).length(), at);
        }
        String java = MAGIC_LINE.matcher(code).replaceAll(m -> " ".repeat(m.group().length()));
        int start = snippetStart(java, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis().completionSuggestions(java.substring(start), at - start, anchor);
        Set<String> ordered = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> ordered.add(s.continuation()));
        suggestions.forEach(s -> ordered.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(ordered), start + anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) return IS_COMPLETE_YES;
        String remaining = MAGIC_LINE.matcher(code).replaceAll("");
        while (true) {
            if (remaining.isBlank()) return IS_COMPLETE_YES;
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case EMPTY:
                    return IS_COMPLETE_YES;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return indentFor(code);
                case UNKNOWN:
                default:
                    return IS_COMPLETE_BAD;
            }
        }
    }

    private static String indentFor(String code) {
        String[] lines = code.split("\\R", -1);
        String last = lines[lines.length - 1].isBlank() && lines.length > 1 ? lines[lines.length - 2] : lines[lines.length - 1];
        int n = 0;
        while (n < last.length() && Character.isWhitespace(last.charAt(n))) n++;
        String indent = last.substring(0, n);
        String trimmed = last.strip();
        if (trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.endsWith("->")) indent += "    ";
        return indent;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        at = Math.max(0, Math.min(at, code.length()));
        String java = MAGIC_LINE.matcher(code).replaceAll(m -> " ".repeat(m.group().length()));
        int start = snippetStart(java, at);
        List<SourceCodeAnalysis.Documentation> docs =
                analysis().documentation(java.substring(start), at - start, extraDetail);
        if (docs.isEmpty()) {
            // cursor on a method or constructor name: ask as if the call's parenthesis were open
            int end = at;
            while (end < java.length() && Character.isJavaIdentifierPart(java.charAt(end))) end++;
            if (end > start && Character.isJavaIdentifierPart(java.charAt(end - 1))) {
                String probe = java.substring(start, end) + "(";
                docs = analysis().documentation(probe, probe.length(), extraDetail);
            }
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            if (text.length() > 0) text.append("\n\n");
            text.append(doc.signature());
            if (extraDetail && doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append("\n").append(doc.javadoc());
            }
        }
        if (text.length() == 0) {
            Optional<String> variable = describeVariable(java, at);
            if (variable.isEmpty()) return null;
            text.append(variable.get());
        }
        return new DisplayData(text.toString());
    }

    private Optional<String> describeVariable(String code, int at) {
        int s = at;
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) s--;
        int e = at;
        while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) e++;
        if (s == e) return Optional.empty();
        String name = code.substring(s, e);
        return shell().variables()
                .filter(v -> v.name().equals(name) && shell().status(v).isActive())
                .reduce((a, b) -> b)
                .map((VarSnippet v) -> v.typeName() + " " + v.name() + " = " + variableText(v));
    }

    /** A variable's value as text (the execution control hands back the real object, see its varValue). */
    private String variableText(VarSnippet v) {
        String key = shell().varValue(v);
        control.takeHome(key);
        return KernelExecutionControl.text(control.takeResult(key));
    }

    /** Sources of the active snippets (declarations, imports, expressions kept by JShell), for tests. */
    List<String> activeSnippetSources() {
        JShell js = shell();
        return js.snippets().filter(sn -> js.status(sn).isActive()).map(Snippet::source).collect(Collectors.toList());
    }

    /** True while notebook code is running. */
    boolean isExecuting() {
        return userThread.isBusy();
    }

}
