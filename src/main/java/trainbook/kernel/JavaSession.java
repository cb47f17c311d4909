package trainbook.kernel;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The kernel's JShell, started in the background: built with the kernel's execution control, given the class path
 * and {@link #STARTUP_IMPORTS}, then warmed up with one expression so the first cell finds the compiler loaded.
 * Every use waits for the start; an interrupt of the running cell ends such a wait.
 */
final class JavaSession {
    /** Statements run in JShell when the kernel starts. */
    static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.nio.file.*;",
            "import java.math.*;",
            "import static " + NotebookStatics.class.getName() + ".*;");
    /** What the warm-up evaluates: an expression that goes through analysis, compilation and a run. */
    static final String WARM_UP = "java.util.List.of(\"trainbook\").get(0).length() + 1";

    private static final Logger LOG = LoggerFactory.getLogger(JavaSession.class);

    /** JShell plus its source analysis. */
    private static final class Parts {
        final JShell shell;
        final SourceCodeAnalysis analysis;

        Parts(JShell shell) {
            this.shell = shell;
            this.analysis = shell.sourceCodeAnalysis();
        }
    }

    private final KernelExecutionControl control;
    private final UserCodeThread userThread;
    private final CellState cell;
    private final Supplier<? extends RuntimeException> interrupted;
    private final CompletableFuture<Parts> parts = new CompletableFuture<>();

    /** @param interrupted the error a wait ends with when the running cell is interrupted */
    JavaSession(KernelExecutionControl control, UserCodeThread userThread, CellState cell,
                Supplier<? extends RuntimeException> interrupted) {
        this.control = control;
        this.userThread = userThread;
        this.cell = cell;
        this.interrupted = interrupted;
    }

    /**
     * Builds JShell, adds the class path, runs the start-up imports and the warm-up (compiled and run on the
     * user-code thread, then dropped). Runs on the kernel's init thread while the kernel already answers.
     */
    void start() {
        long t0 = System.nanoTime();
        try {
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            JShell shell = JShell.builder()
                    .executionEngine(new KernelExecutionControl.Provider(control), Map.of())
                    .build();
            // JShell's loader delegate installs its class loader as this thread's context loader: hand it to the cells.
            userThread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
            Thread.currentThread().setContextClassLoader(before);
            Parts s = new Parts(shell);
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
            parts.complete(s);
            LOG.info("Java session ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException | Error e) {
            LOG.error("the Java session (JShell) could not start", e);
            parts.completeExceptionally(e);
        }
    }

    private void warmUp(Parts s) {
        if (!Boolean.parseBoolean(System.getProperty("trainbook.warmUp", "true"))) return;
        s.analysis.analyzeCompletion(WARM_UP + ";");
        for (SnippetEvent event : s.shell.eval(WARM_UP)) {
            control.takeResult(event.value());
            if (event.causeSnippet() == null && event.snippet() != null) s.shell.drop(event.snippet());
        }
        control.takeLastThrown();
    }

    /** The running JShell; waits for the start. */
    JShell shell() {
        return parts().shell;
    }

    /** JShell's source analysis (completeness, completion, documentation); waits for the start. */
    SourceCodeAnalysis analysis() {
        return parts().analysis;
    }

    private Parts parts() {
        Parts s = parts.getNow(null);
        return s != null ? s : await(parts);
    }

    /** The start itself, for waiting on it together with other start-up work. */
    CompletableFuture<?> started() {
        return parts;
    }

    /**
     * Waits at most {@code millis} for the start and {@code alsoWaitFor}; a start that failed counts as finished
     * (cells report it).
     *
     * @return false when the start is still running after {@code millis}
     */
    boolean awaitStarted(long millis, CompletableFuture<?> alsoWaitFor) throws InterruptedException {
        try {
            CompletableFuture.allOf(parts, alsoWaitFor).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            LOG.error("the Java session could not start; cells will report it: {}", e.getCause().toString());
        }
        return true;
    }

    /** Waits for {@code future}; an interrupt of the running cell ends the wait with "interrupted". */
    <T> T await(CompletableFuture<T> future) {
        while (true) {
            if (cell.interruptedWhileRunning()) throw interrupted.get();
            try {
                return future.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new IllegalStateException("the Java session could not start: " + cause, cause);
            }
        }
    }

    /** Closes JShell now, or when its start finishes. */
    void close() {
        parts.thenAccept(s -> {
            try {
                s.shell.close();
            } catch (RuntimeException e) {
                LOG.debug("closing JShell", e);
            }
        });
    }
}
