package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import trainbook.magic.args.Keys;
import trainbook.render.Rich;

import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link MagicContext} over a JJava {@link BaseKernel}: outputs go through the kernel's display stream, variables
 * are read with {@link BaseKernel#evalRaw(String)} and bound by evaluating
 * {@code var NAME = (TYPE) trainbook.magic.Bindings.take("KEY");} in the notebook's JShell.
 */
public final class KernelContext implements MagicContext {
    private final BaseKernel kernel;

    /** A context for magics running in {@code kernel}. */
    public KernelContext(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String display(Rich output) {
        DisplayData d = Displays.toDisplayData(output);
        String id = UUID.randomUUID().toString();
        d.setDisplayId(id);
        kernel.display(d);
        return id;
    }

    @Override
    public void update(String id, Rich output) {
        kernel.getIO().display.updateDisplay(id, Displays.toDisplayData(output));
    }

    @Override
    public Optional<Object> lookup(String name) {
        if (!Keys.isIdentifier(name)) return Optional.empty();
        try {
            Object v = kernel.evalRaw(name);
            return Optional.of(v == null ? VariableBinder.NULL : v);
        } catch (RuntimeException e) {
            return Optional.empty(); // not defined (compile error) or not a value
        }
    }

    @Override
    public String bind(String name, Object value) {
        String key = Bindings.put(value);
        String type = accessibleType(value);
        dropOldValue(name);
        try {
            kernel.evalRaw("var " + name + " = (" + type + ") trainbook.magic.Bindings.take(\"" + key + "\");");
            return null;
        } catch (RuntimeException e) {
            try {
                Bindings.take(key);
            } catch (IllegalStateException ignored) {
                // the snippet took it before failing
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return "could not bind '" + name + "' (" + msg + ")";
        }
    }

    /**
     * Clears the variable a new declaration is about to replace. JShell keeps the replaced declaration's class, and
     * with it the old value, for the life of the kernel: a run rebound by {@code as=} would never be collected (its
     * model never freed). Only this variable's reference goes; the object lives on if another variable holds it.
     */
    private void dropOldValue(String name) {
        Optional<Object> old = lookup(name);
        if (old.isEmpty() || old.get() == VariableBinder.NULL) return;
        try {
            kernel.evalRaw(name + " = null;");
        } catch (RuntimeException primitiveOrFinal) {
            // a primitive variable holds no object to free
        }
    }

    @Override
    public void note(String line) {
        kernel.getIO().out.println(line);
    }

    /** The most specific public, named class of {@code value} (walking up), or {@code Object}. */
    static String accessibleType(Object value) {
        if (value == null) return "Object";
        Class<?> c = value.getClass();
        while (c != null && (!Modifier.isPublic(c.getModifiers()) || c.getCanonicalName() == null)) c = c.getSuperclass();
        return c == null ? "Object" : c.getCanonicalName();
    }
}
