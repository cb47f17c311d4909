package trainbook.magic.args;

import java.util.Set;

/**
 * One row of the key table ({@link Keys#ALL}): everything known about a {@code key=value} argument.
 *
 * @param name    the key as typed
 * @param type    short type label for help (int, number, choice, bool, name|variable, list, ...)
 * @param def     the default, as shown in help
 * @param valid   what values are valid, as shown in help and error messages
 * @param example a complete example token, e.g. {@code epochs=10}
 * @param help    one line saying what the key does
 * @param magics  the magics that accept the key
 * @param list    true when one value is itself a comma list (augment, milestones): in a %compare sweep its
 *                alternatives are separated by {@code |} only
 * @param apply   parses a value and stores it into the arguments; throws {@link ArgException} on a bad value
 */
public record KeyDef(String name, String type, String def, String valid, String example, String help,
                     Set<Magic> magics, boolean list, Applier apply) {

    /** Parses one value into the arguments. */
    @FunctionalInterface
    public interface Applier {
        void apply(MagicArgs args, String value);
    }

    /** True when {@code magic} accepts this key. */
    public boolean accepts(Magic magic) { return magics.contains(magic); }

    /**
     * Starts the row of key {@code name}; each field is named where it is set, and {@link Builder#apply} ends the
     * row: {@code key("epochs").type("int").def("5").valid("≥ 1").example("epochs=10").help("...").magics(T)
     * .apply((a, v) -> ...)}.
     */
    public static Builder key(String name) { return new Builder(name); }

    /** A key table row being written (see {@link #key}). */
    public static final class Builder {
        private final String name;
        private String type, def, valid, example, help;
        private Set<Magic> magics;
        private boolean list;

        private Builder(String name) { this.name = name; }

        /** Short type label for help. */
        public Builder type(String type) { this.type = type; return this; }

        /** The default, as help shows it. */
        public Builder def(String def) { this.def = def; return this; }

        /** The valid values, as help and errors show them. */
        public Builder valid(String valid) { this.valid = valid; return this; }

        /** A complete example token. */
        public Builder example(String example) { this.example = example; return this; }

        /** One line saying what the key does. */
        public Builder help(String help) { this.help = help; return this; }

        /** The magics that accept the key. */
        public Builder magics(Set<Magic> magics) { this.magics = magics; return this; }

        /** One value is itself a comma list: sweep alternatives are separated by {@code |} only. */
        public Builder list() { this.list = true; return this; }

        /** Ends the row with the value parser. */
        public KeyDef apply(Applier apply) {
            return new KeyDef(name, type, def, valid, example, help, magics, list, apply);
        }
    }
}
