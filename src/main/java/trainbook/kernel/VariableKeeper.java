package trainbook.kernel;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps notebook variables from being silently reset when JShell recompiles their declarations.
 *
 * <p>When a later snippet changes how an earlier declaration resolves (a new import, a redeclared class, ...), JShell
 * recompiles the dependent declarations ({@link SnippetEvent#causeSnippet()} is set). If a recompiled wrapper class
 * differs from the loaded one, JShell tries to redefine it; the in-process execution cannot redefine classes, so
 * JShell loads the wrapper under a new name instead, without running the initializer again: the variable then reads
 * its default value (null, 0, false). This keeper remembers which wrapper class holds each variable and, after such a
 * recompilation, copies the value from the old wrapper into the new one when it still fits the declared type; when it
 * does not (the type itself was replaced), it says so in a warning that names the variable and the cause.
 */
final class VariableKeeper {
    private final KernelExecutionControl control;
    /** Snippet id → where its variable lived after its last evaluation. */
    private final Map<String, KernelExecutionControl.VarHome> homes = new ConcurrentHashMap<>();

    VariableKeeper(KernelExecutionControl control) {
        this.control = control;
    }

    /**
     * Looks at the events of one {@code eval}: remembers where new variables live and restores variables that a
     * dependent recompilation reset.
     *
     * @return warnings for variables that were reset and could not be restored (empty when none)
     */
    List<String> afterEval(JShell shell, List<SnippetEvent> events) {
        List<String> warnings = new ArrayList<>();
        for (SnippetEvent event : events) {
            if (!(event.snippet() instanceof VarSnippet)) continue;
            VarSnippet var = (VarSnippet) event.snippet();
            if (event.status() != Snippet.Status.VALID) {
                if (!event.status().isActive()) homes.remove(var.id());
                continue;
            }
            KernelExecutionControl.VarHome before = homes.get(var.id());
            KernelExecutionControl.VarHome now = locate(shell, var);
            if (now == null) continue;
            homes.put(var.id(), now);
            if (event.causeSnippet() == null || before == null || before.equals(now)) continue;
            String warning = restore(var, event.causeSnippet(), before, now);
            if (warning != null) warnings.add(warning);
        }
        return warnings;
    }

    /**
     * Clears the value of a magic's result variable ({@code $N}). The magic call in a cell is an expression, so
     * JShell keeps its value in a temporary variable for the life of the kernel: every {@code %train}'s run and its
     * model would stay in memory, whatever the notebook's variables say. A user who wants the result keeps it with
     * {@code as=NAME} or {@code var r = %train ...}, which this leaves alone.
     */
    void forgetMagicResult(JShell shell, SnippetEvent event) {
        if (!(event.snippet() instanceof VarSnippet var)
                || var.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || !isMagicCall(var.source())) {
            return;
        }
        try {
            KernelExecutionControl.VarHome home = homes.get(var.id());
            if (home == null) home = locate(shell, var);
            if (home != null) control.field(home).set(null, null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // the value stays; nothing else depends on clearing it
        }
    }

    /** Whether a snippet is the call the kernel's magic transpiler writes for a line or cell magic. */
    static boolean isMagicCall(String source) {
        String s = source.strip();
        String call = MagicCallTranspiler.CALL_PREFIX;
        return s.startsWith(call + "lineMagic(") || s.startsWith(call + "cellMagic(");
    }

    /** Where {@code var} lives now, or null when JShell cannot read it. */
    private KernelExecutionControl.VarHome locate(JShell shell, VarSnippet var) {
        try {
            String key = shell.varValue(var);
            control.takeResult(key);
            return control.takeHome(key);
        } catch (RuntimeException e) {
            return null; // not readable now (JShell says why when the variable is used)
        }
    }

    /** Copies the value from the old wrapper into the new one; returns a warning when that cannot be done. */
    private String restore(VarSnippet var, Snippet cause, KernelExecutionControl.VarHome before,
                           KernelExecutionControl.VarHome now) {
        Object old;
        Field target;
        try {
            Field source = control.field(before);
            target = control.field(now);
            old = source.get(null);
            Object current = target.get(null);
            if (isDefault(old) || !isDefault(current)) return null; // nothing was lost
            if (!fits(target.getType(), source.getType(), old)) {
                return "warning: variable '" + var.name() + "' was reset to " + current + ": JShell recompiled '"
                        + firstLine(var.source()) + "' because of '" + firstLine(cause.source())
                        + "', and its old value (" + old.getClass().getName() + ") no longer fits the type "
                        + var.typeName() + "; run the cell that declares it again";
            }
            target.set(null, old);
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "warning: variable '" + var.name() + "' may have been reset: JShell recompiled '"
                    + firstLine(var.source()) + "' because of '" + firstLine(cause.source())
                    + "' and its value could not be carried over (" + e + "); run the cell that declares it again";
        }
    }

    /** Whether {@code value}, held by a field of type {@code oldType}, may go into a field of type {@code newType}. */
    private static boolean fits(Class<?> newType, Class<?> oldType, Object value) {
        if (newType.isPrimitive()) return newType == oldType;
        return newType.isInstance(value);
    }

    /** Null, or the default of a primitive field (what a fresh wrapper class holds). */
    static boolean isDefault(Object value) {
        if (value == null) return true;
        if (value instanceof Boolean) return !((Boolean) value);
        if (value instanceof Character) return (Character) value == '\0';
        if (value instanceof Double || value instanceof Float) {
            return Double.doubleToRawLongBits(((Number) value).doubleValue()) == 0L;
        }
        if (value instanceof Number) return ((Number) value).longValue() == 0L;
        return false;
    }

    private static String firstLine(String source) {
        String s = source.strip();
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl).stripTrailing() + " ..." : s;
    }
}
