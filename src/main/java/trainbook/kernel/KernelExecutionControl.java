package trainbook.kernel;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * JShell execution in this JVM: snippets run on the {@link UserCodeThread} and their values stay real objects.
 *
 * <p>{@link #invoke(Method)} stores the value a snippet produced under a fresh key and hands JShell that key as the
 * snippet's "value string"; the kernel takes the object back with {@link #takeResult(String)}. The last exception a
 * snippet threw is kept as the real object for error reports.
 */
final class KernelExecutionControl extends DirectExecutionControl {
    private static final String KEY_PREFIX = "trainbook-result-";

    private final UserCodeThread userThread;
    private final BooleanSupplier interrupted;
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final Map<String, VarHome> homes = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Throwable lastThrown;

    KernelExecutionControl(UserCodeThread userThread, BooleanSupplier interrupted) {
        this.userThread = userThread;
        this.interrupted = interrupted;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (interrupted.getAsBoolean()) {
            // the interrupt came while the snippet was compiling: do not start it
            throw new InterruptedException("the cell was interrupted before this code started");
        }
        Object value = userThread.call(() -> doitMethod.invoke(null));
        String key = KEY_PREFIX + keys.incrementAndGet();
        if (value != null) results.put(key, value);
        return key;
    }

    /**
     * Runs {@code work} where snippets run (the user-code thread), without JShell: the kernel's direct path for a
     * cell of only magic calls. An interrupt stops it as it stops a snippet ({@link #stop()}).
     */
    <T> T runDirect(java.util.concurrent.Callable<T> work) throws Exception {
        if (interrupted.getAsBoolean()) {
            throw new InterruptedException("the cell was interrupted before this code started");
        }
        return userThread.call(work);
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        lastThrown = cause;
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected String throwConvertedOtherException(Throwable ex) throws RunException, InternalException {
        lastThrown = ex;
        return super.throwConvertedOtherException(ex);
    }

    /**
     * JShell asks for a variable's value: like {@link #invoke(Method)}, the real object is stored under a fresh key
     * (take it with {@link #takeResult(String)}) and so is where the variable lives ({@link #takeHome(String)}).
     */
    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        VarHome home = new VarHome(className, varName);
        Object value;
        try {
            value = field(home).get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InternalException("cannot read variable " + varName + " of " + className + ": " + e);
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        if (value != null) results.put(key, value);
        homes.put(key, home);
        return key;
    }

    /** Removes and returns where the variable read under {@code key} lives (null for none). */
    VarHome takeHome(String key) {
        return key == null ? null : homes.remove(key);
    }

    /** The static field that holds a notebook variable (JShell keeps each one in its snippet's wrapper class). */
    Field field(VarHome home) throws ClassNotFoundException, NoSuchFieldException {
        Field field = findClass(home.className()).getDeclaredField(home.varName());
        field.setAccessible(true); // the wrapper class itself is not public
        return field;
    }

    /** A value as JShell shows it (strings quoted, arrays listed). */
    static String text(Object value) {
        return valueString(value);
    }

    /** Where a notebook variable lives: a public static field of a JShell wrapper class. */
    record VarHome(String className, String varName) {
    }

    /** Removes and returns the object stored under {@code key} (null for none or for a non-key string). */
    Object takeResult(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) return null;
        return results.remove(key);
    }

    /** Returns and clears the last exception thrown by a snippet. */
    Throwable takeLastThrown() {
        Throwable t = lastThrown;
        lastThrown = null;
        return t;
    }

    /** Forgets every stored value (after a top-level cell). */
    void clearResults() {
        results.clear();
        homes.clear();
    }

    @Override
    public void stop() {
        userThread.interruptCurrent(TrainbookKernel.STOP_GRACE_MILLIS);
    }

    /** A provider that hands JShell one pre-built control. */
    static final class Provider implements ExecutionControlProvider {
        private final KernelExecutionControl control;

        Provider(KernelExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "trainbook-in-process";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
