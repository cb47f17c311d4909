package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import trainbook.engine.Cancellation;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kernel API that works the same in every JJava-based kernel Trainbook runs in: Trainbook's own kernel (built on
 * {@code jjava-jupyter 1.0-a6}) and the stock JJava kernel (current source, after 1.0-a8), whose API differs in ways
 * that break code compiled against a6:
 * <ul>
 *   <li>{@code DisplayData.setDisplayId} returns {@code void} in a6 and {@code DisplayData} since a7, so a call
 *       compiled against either fails with {@link NoSuchMethodError} in the other. {@link #withDisplayId} writes the
 *       {@code display_id} transient entry, which both versions read.</li>
 *   <li>{@code BaseKernel.evalRaw} is deprecated for removal; its replacement {@code evalBuilder(src).eval()} does not
 *       exist in a6. {@link #eval} uses the builder when the kernel has it.</li>
 *   <li>Neither exposes "clear this cell's output" to extensions; {@link #clearOutput} publishes the message on the
 *       display stream's current reply environment.</li>
 *   <li>JJava's interrupt cancels the cell at once (the cell ends while the magic is still running, so its report
 *       would be lost); {@link #cooperativeInterrupts} turns it into a stop request for the duration of a magic.</li>
 * </ul>
 * Everything reflective here degrades to the plain behaviour when the kernel lacks what it looks for.
 */
public final class KernelCompat {
    /** The transient key Jupyter uses for display ids (both JJava versions read it from {@link DisplayData}). */
    public static final String DISPLAY_ID = "display_id";
    /** How long a JJava interrupt waits for a magic to take up the stop request before cancelling the cell. */
    static final long STOP_GRACE_MILLIS = 3000;
    /** How long a magic waits for JJava to record its cell as running (see {@link #stopFirst}). */
    static final long CELL_ENTRY_WAIT_MILLIS = 2000;
    /** How much longer, after interrupting the magic's thread, before the cell is cancelled. */
    static final long STOP_REACTING_MILLIS = 60_000;

    private KernelCompat() {}

    /** Gives {@code data} the display id {@code id} (returns {@code data}). */
    public static DisplayData withDisplayId(DisplayData data, String id) {
        data.putTransientData(DISPLAY_ID, id);
        return data;
    }

    /**
     * Evaluates {@code source} in the kernel's Java session and returns the value of its last expression: through
     * {@code evalBuilder(source).eval()} where the kernel has it (JJava after 1.0-a8), else through {@code evalRaw}.
     * Magics are not resolved: callers pass plain Java.
     */
    @SuppressWarnings("deprecation")
    public static Object eval(BaseKernel kernel, String source) {
        Method builder = method(kernel.getClass(), "evalBuilder", String.class);
        if (builder == null) return kernel.evalRaw(source);
        try {
            Object b = builder.invoke(kernel, source);
            Method eval = b == null ? null : method(b.getClass(), "eval");
            if (eval == null) return kernel.evalRaw(source);
            return eval.invoke(b);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            return kernel.evalRaw(source);
        }
    }

    /**
     * Clears the running cell's output ({@code wait}: when the next output arrives). Returns false when the kernel
     * has no cell to clear (nothing is running) or its display stream could not be reached.
     */
    public static boolean clearOutput(BaseKernel kernel, boolean wait) {
        Object env = field(kernel.getIO().display, "env");
        if (env == null) return false;
        kernel.getIO().out.flush();
        kernel.getIO().err.flush();
        Method publish = method(env.getClass(), "publish", PublishClearOutput.class);
        if (publish == null) return false;
        try {
            publish.invoke(env, wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * For the duration of the returned handle, an interrupt of the cell in a stock JJava kernel asks engine loops
     * to stop ({@code stop}'s {@link Cancellation#requestStop()}) instead of cancelling the cell: the run stops at its next batch
     * and its report still appears in the cell ({@link StopFirst} says what happens when nothing takes the request
     * up). In other kernels (Trainbook's kernel already interrupts this way) the handle does nothing.
     */
    public static AutoCloseable cooperativeInterrupts(BaseKernel kernel, Cancellation stop) {
        Map<String, Future<Object>> running = runningCells(kernel);
        if (running == null) return () -> {};
        stop.reset(); // a stock kernel does not clear stop requests between cells
        return stopFirst(running, stop);
    }

    /**
     * Replaces the running (not done) cell in JJava's map of running cells by a {@link StopFirst} until the handle
     * is closed; the original goes back then. Called on the magic's own thread.
     */
    static AutoCloseable stopFirst(Map<String, Future<Object>> running, Cancellation stop) {
        String id = null;
        Future<Object> cell = null;
        // JJava submits the cell to its executor and then records it: the magic may start before the entry exists
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CELL_ENTRY_WAIT_MILLIS);
        while (cell == null) {
            for (Map.Entry<String, Future<Object>> e : running.entrySet()) {
                if (!e.getValue().isDone()) {
                    id = e.getKey();
                    cell = e.getValue();
                }
            }
            if (cell != null || System.nanoTime() >= until) break;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (cell == null) return () -> {};
        StopFirst stopFirst = new StopFirst(cell, Thread.currentThread(), stop);
        if (!running.replace(id, cell, stopFirst)) return () -> {};
        String key = id;
        Future<Object> original = cell;
        return () -> {
            stopFirst.open = false;
            running.replace(key, stopFirst, original);
        };
    }

    /**
     * JJava's map of running cells (id → the Future the kernel waits on and cancels on interrupt), reached through
     * {@code JavaKernel.getEvaluator()}, its {@code execControl} and that control's {@code running} field; null in
     * kernels without it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Future<Object>> runningCells(BaseKernel kernel) {
        Method getEvaluator = method(kernel.getClass(), "getEvaluator");
        if (getEvaluator == null) return null;
        try {
            Object evaluator = getEvaluator.invoke(kernel);
            Object control = evaluator == null ? null : field(evaluator, "execControl");
            Object running = control == null ? null : field(control, "running");
            return running instanceof Map ? (Map<String, Future<Object>>) running : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stands in for a running cell's Future: {@code cancel} requests a cooperative stop first. If no engine loop
     * takes the request up within {@link #STOP_GRACE_MILLIS}, the magic's thread is interrupted (loops read that as
     * a stop too, and the run still reports); if that is not taken up within {@link #STOP_REACTING_MILLIS} either,
     * the cell is cancelled as JJava would have done at once. The Trainbook kernel follows the same steps.
     */
    static final class StopFirst implements Future<Object> {
        private final Future<Object> cell;
        private final Thread magic;
        private final Cancellation stop;
        volatile boolean open = true;

        StopFirst(Future<Object> cell, Thread magic, Cancellation stop) {
            this.cell = cell;
            this.magic = magic;
            this.stop = stop;
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            if (!open) return cell.cancel(mayInterrupt);
            stop.requestStop();
            Thread grace = new Thread(() -> {
                try {
                    if (waitForStop(STOP_GRACE_MILLIS)) return;
                    magic.interrupt();
                    if (waitForStop(STOP_REACTING_MILLIS)) return;
                    cell.cancel(mayInterrupt);
                } catch (InterruptedException e) {
                    // the kernel is shutting down
                }
            }, "trainbook-interrupt-grace");
            grace.setDaemon(true);
            grace.start();
            return true;
        }

        /** Waits until the magic has ended or an engine loop has seen the stop; true if one of them happened. */
        private boolean waitForStop(long millis) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (open && !stop.acknowledged() && System.nanoTime() < until) Thread.sleep(20);
            return !open || stop.acknowledged();
        }

        @Override
        public boolean isCancelled() {
            return cell.isCancelled();
        }

        @Override
        public boolean isDone() {
            return cell.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return cell.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return cell.get(timeout, unit);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... params) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(name) || m.getParameterCount() != params.length) continue;
                boolean fits = true;
                for (int i = 0; i < params.length; i++) fits &= m.getParameterTypes()[i].isAssignableFrom(params[i]);
                if (!fits) continue;
                try {
                    m.setAccessible(true);
                    return m;
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Object field(Object owner, String name) {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
