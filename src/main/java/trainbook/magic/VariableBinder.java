package trainbook.magic;

import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import tech.tablesaw.api.Table;
import trainbook.engine.schedule.Schedule;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Keys;
import trainbook.magic.args.MagicArgs;
import trainbook.magic.args.Suggest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the values the parser marked as notebook variables ({@link MagicArgs#variables}) to real objects and
 * checks their types: {@code model} → DJL {@link Block}; {@code data}, {@code val} → DJL {@link Dataset} or
 * Tablesaw {@link Table} (a Table needs {@code target=} naming one of its columns); {@code loss} → DJL {@link Loss};
 * {@code sched} → {@link Schedule}.
 * A name that is neither a known name nor a variable, or a variable of the wrong type, is an {@link ArgException}
 * quoting it and listing what is valid.
 */
public final class VariableBinder {
    private VariableBinder() {}

    /** Looks a notebook variable up by name. */
    @FunctionalInterface
    public interface Lookup {
        /** The variable's value ({@link #NULL} for null), or empty when no such variable exists. */
        Optional<Object> find(String name);
    }

    /** A lookup over a plain map (tests, the Java API). */
    public static Lookup of(Map<String, ?> vars) {
        return name -> vars.containsKey(name) ? Optional.of(box(vars.get(name))) : Optional.empty();
    }

    private static Object box(Object o) { return o == null ? NULL : o; }

    /** What a {@link Lookup} returns for a variable that exists and holds null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() { return "null"; }
    };

    /** Resolves every variable of {@code args} in place (sets the spec's {@code *Object} fields). */
    public static void bind(MagicArgs args, Lookup lookup) {
        for (Map.Entry<String, String> e : args.variables.entrySet()) {
            String key = e.getKey();
            String name = e.getValue();
            Optional<Object> found = lookup.find(name);
            if (found.isEmpty()) throw unknown(key, name);
            Object v = found.get();
            if (v == NULL || v == null) {
                throw new ArgException(name, "variable '" + name + "' for " + key + " is null: expected " + expected(key));
            }
            switch (key) {
                case "model" -> {
                    if (!(v instanceof Block)) throw wrongType(key, name, v);
                    args.spec.modelObject(v);
                }
                case "data" -> {
                    checkData(key, name, v, args);
                    args.spec.dataObject(v);
                }
                case "val" -> {
                    checkData(key, name, v, args);
                    args.spec.valObject(v);
                }
                case "loss" -> {
                    if (!(v instanceof Loss)) throw wrongType(key, name, v);
                    args.spec.lossObject(v);
                }
                case "sched" -> {
                    if (!(v instanceof Schedule)) throw wrongType(key, name, v);
                    args.spec.scheduleObject(v);
                }
                default -> throw new IllegalStateException("no variable binding for key " + key);
            }
        }
    }

    private static void checkData(String key, String name, Object v, MagicArgs args) {
        if (v instanceof Table t) {
            String target = args.spec.target();
            List<String> cols = t.columnNames();
            if (target == null) {
                throw new ArgException(name, key + "=" + name + " is a Tablesaw Table: add target=COL naming the label column;"
                        + " columns: " + String.join(", ", cols));
            }
            if (!cols.contains(target)) {
                throw new ArgException("target=" + target, "target=" + target + " is not a column of " + name
                        + Suggest.didYouMean(target, cols) + "; columns: " + String.join(", ", cols));
            }
            if (t.columnCount() < 2) {
                throw new ArgException(name, key + "=" + name + " has only the target column: it needs at least one feature column");
            }
            return;
        }
        if (v instanceof Dataset) {
            if (key.equals("data") && args.has("target")) {
                throw new ArgException("target=" + args.spec.target(), "target=" + args.spec.target() + " applies to a Tablesaw Table,"
                        + " but " + name + " is a DJL Dataset (" + v.getClass().getSimpleName() + ") that brings its own labels");
            }
            return;
        }
        throw wrongType(key, name, v);
    }

    private static String expected(String key) {
        return switch (key) {
            case "model" -> "a DJL Block (ai.djl.nn.Block)";
            case "data", "val" -> "a DJL Dataset (ai.djl.training.dataset.Dataset) or a Tablesaw Table";
            case "loss" -> "a DJL Loss (ai.djl.training.loss.Loss)";
            case "sched" -> "a trainbook.engine.schedule.Schedule (e.g. Schedules.lambdaEpoch(e -> ...))";
            default -> "?";
        };
    }

    private static ArgException wrongType(String key, String name, Object v) {
        return new ArgException(name, "variable '" + name + "' is a " + v.getClass().getName() + ", but " + key
                + "= needs " + expected(key));
    }

    private static ArgException unknown(String key, String name) {
        List<String> names = new ArrayList<>();
        String valid;
        switch (key) {
            case "model" -> {
                names.addAll(List.of("linear", "mlp", "cnn", "lenet"));
                valid = String.join(", ", Keys.MODELS);
            }
            case "data" -> {
                names.addAll(Keys.dataCandidates());
                valid = String.join(", ", Keys.DATA);
            }
            case "val" -> {
                names.addAll(Keys.dataCandidates());
                names.add("none");
                valid = "split=F, none, " + String.join(", ", Keys.DATA);
            }
            case "loss" -> {
                names.addAll(Keys.LOSSES);
                valid = String.join(", ", Keys.LOSSES);
            }
            case "sched" -> {
                names.addAll(Keys.SCHEDS);
                valid = String.join(", ", Keys.SCHEDS);
            }
            default -> valid = "";
        }
        return new ArgException(name, "unknown " + key + " '" + name + "'" + Suggest.didYouMean(name, names)
                + ": neither a " + key + " name nor a notebook variable; valid: " + valid + ", or a variable holding "
                + expected(key));
    }
}
