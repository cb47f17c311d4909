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
}
