package trainbook.kernel;

import trainbook.engine.Workspace;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread on which all notebook code runs.
 *
 * <p>Callers hand it work with {@link #call(Callable)} and block until it is done; a call made from the thread itself
 * (a magic evaluating a notebook variable) runs directly. {@link #interruptCurrent(long)} interrupts the running task
 * and, when the task ignores the interrupt for the grace period, stops the thread with {@code Thread.stop} (still
 * available on JDK 17). The thread survives a stop and is replaced if it ever dies.
 */
final class UserCodeThread {
    private final BlockingQueue<FutureTask<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong taskSeq = new AtomicLong();
    private final Object lock = new Object();
    private volatile Thread worker;
    private volatile boolean running;
    private volatile long runningTask;
    private volatile ClassLoader contextLoader;
    private final Workspace workspace;

    /** A worker whose engine code works in {@code workspace} (the kernel's: its stop requests, its data). */
    UserCodeThread(Workspace workspace) {
        this.workspace = workspace;
        startWorker();
    }

    /** Sets the context class loader the worker uses (JShell's class loader, so cells' classes are visible). */
    void setContextClassLoader(ClassLoader loader) {
        contextLoader = loader;
        Thread t = worker;
        if (t != null) t.setContextClassLoader(loader);
    }

    /** True while a task is running on the worker. */
    boolean isBusy() { return running; }

    /** True when the calling thread is the worker. */
    boolean isWorkerThread() { return Thread.currentThread() == worker; }

    private void startWorker() {
        synchronized (lock) {
            Thread t = new Thread(this::loop, "trainbook-user-code");
            t.setDaemon(true);
            if (contextLoader != null) t.setContextClassLoader(contextLoader);
            worker = t;
            t.start();
        }
    }

    private void loop() {
        workspace.bind(); // for the thread's life: it runs this kernel's cells only
        while (true) {
            try {
                FutureTask<?> task = queue.take();
                Thread.interrupted(); // a stale interrupt must not reach the next cell (or the compiler)
                runningTask = taskSeq.incrementAndGet();
                running = true;
                try {
                    task.run();
                } finally {
                    running = false;
                    Thread.interrupted();
                }
            } catch (InterruptedException ignored) {
                // an interrupt that arrived between tasks: nothing to stop
            } catch (Throwable t) {
                // a ThreadDeath that landed outside user code; keep serving
                running = false;
            }
        }
    }

    /**
     * Runs {@code work} on the worker and returns its result; exceptions thrown by the work propagate unchanged
     * (checked ones included).
     */
    <T> T call(Callable<T> work) throws Exception {
        if (isWorkerThread()) return work.call();
        Thread t = worker;
        if (t == null || !t.isAlive()) startWorker();
        FutureTask<T> task = new FutureTask<>(work);
        queue.add(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception) throw (Exception) cause;
                    if (cause instanceof Error) throw (Error) cause;
                    throw e;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Interrupts the running task; if it is still the same task after {@code graceMillis}, stops the thread
     * (repeated a few times in case the code catches {@code ThreadDeath}). Returns at once.
     */
    void interruptCurrent(long graceMillis) {
        interruptCurrent(graceMillis, () -> false, 0, true);
    }

    /**
     * Like {@link #interruptCurrent(long)}, but while {@code reacting} says the code has seen the request and is
     * winding down (an engine loop saving its run and drawing its report), the stop waits up to
     * {@code reactingMillis} more. With {@code interruptNow} false the thread is interrupted only when the grace
     * period is over (the code polls a stop request of its own).
     */
    void interruptCurrent(long graceMillis, java.util.function.BooleanSupplier reacting, long reactingMillis,
                          boolean interruptNow) {
        if (!running) return;
        Thread t = worker;
        long task = runningTask;
        if (interruptNow) t.interrupt();
        Thread stopper = new Thread(() -> stopIfStillRunning(t, task, graceMillis, reacting, reactingMillis),
                "trainbook-interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    @SuppressWarnings({"removal", "deprecation"})
    private void stopIfStillRunning(Thread t, long task, long graceMillis, java.util.function.BooleanSupplier reacting,
                                    long reactingMillis) {
        try {
            Thread.sleep(graceMillis);
            if (running && runningTask == task && worker == t && !reacting.getAsBoolean()) t.interrupt();
            long until = System.nanoTime() + reactingMillis * 1_000_000L;
            while (running && runningTask == task && worker == t && reacting.getAsBoolean()
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            for (int attempt = 0; attempt < 5 && running && runningTask == task && worker == t; attempt++) {
                t.stop();
                Thread.sleep(500);
            }
        } catch (InterruptedException ignored) {
            // kernel shutting down
        } catch (UnsupportedOperationException e) {
            // JDK 20+: Thread.stop is gone; only code that checks for interrupts can be stopped
            System.err.println("trainbook: the running cell ignores interrupts and this JDK cannot force-stop it; "
                    + "restart the kernel to stop it");
        }
    }
}
