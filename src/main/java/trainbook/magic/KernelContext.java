package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import trainbook.magic.args.Keys;
import trainbook.render.Rich;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link MagicContext} over a JJava {@link BaseKernel}: outputs go through the kernel's display stream, variables
 * are read by evaluating their name ({@link KernelCompat#eval}) and bound by evaluating
 * {@code var NAME = (TYPE) trainbook.magic.Bindings.take("KEY");} in the notebook's JShell (the key names this
 * kernel's {@link NotebookSession}).
 */
public final class KernelContext implements MagicContext {
    private final BaseKernel kernel;
    private final NotebookSession session;

    /** A context for magics running in {@code kernel}, in the kernel's {@link NotebookSession}. */
    public KernelContext(BaseKernel kernel) {
        this.kernel = kernel;
        this.session = NotebookSession.of(kernel);
    }

    @Override
    public NotebookSession session() { return session; }

    /**
     * display id → how many outputs it stands for: a block of charts is sent as several outputs (see
     * {@link Displays#split}), the first under the id itself and the others under {@code id#k}.
     */
    private final java.util.Map<String, Integer> shown = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String display(Rich output) {
        String id = UUID.randomUUID().toString();
        List<DisplayData> parts = Displays.toDisplayDataList(output);
        for (int k = 0; k < parts.size(); k++) {
            DisplayData d = parts.get(k);
            kernel.display(KernelCompat.withDisplayId(d, partId(id, k)));
        }
        if (parts.size() > 1) shown.put(id, parts.size()); // a single output needs no entry (the usual case)
        return id;
    }

    /**
     * Replaces display {@code id}: its outputs are updated in place; outputs the new content has beyond the old
     * ones are shown now (after the cell's other outputs), and old outputs the new content lacks are emptied.
     */
    @Override
    public void update(String id, Rich output) {
        List<DisplayData> parts = Displays.toDisplayDataList(output);
        int before = shown.getOrDefault(id, 1);
        for (int k = 0; k < parts.size(); k++) {
            if (k < before) {
                kernel.getIO().display.updateDisplay(partId(id, k), parts.get(k));
            } else {
                kernel.display(KernelCompat.withDisplayId(parts.get(k), partId(id, k)));
            }
        }
        for (int k = parts.size(); k < before; k++) {
            DisplayData empty = new DisplayData();
            empty.putData("text/plain", "");
            kernel.getIO().display.updateDisplay(partId(id, k), empty);
        }
        if (Math.max(before, parts.size()) > 1) shown.put(id, Math.max(before, parts.size()));
    }

    static String partId(String id, int k) {
        return k == 0 ? id : id + "#" + k;
    }

    @Override
    public Optional<Object> lookup(String name) {
        if (!Keys.isIdentifier(name)) return Optional.empty();
        try {
            Object v = KernelCompat.eval(kernel, name);
            return Optional.of(v == null ? VariableBinder.NULL : v);
        } catch (RuntimeException e) {
            return Optional.empty(); // not defined (compile error) or not a value
        }
    }

    @Override
    public String bind(String name, Object value) {
        String key = session.bindings().put(value);
        String type = accessibleType(value);
        dropOldValue(name);
        try {
            KernelCompat.eval(kernel, "var " + name + " = (" + type + ") trainbook.magic.Bindings.take(\"" + key + "\");");
            return null;
        } catch (RuntimeException e) {
            try {
                session.bindings().takeOwn(key);
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
            KernelCompat.eval(kernel, name + " = null;");
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
