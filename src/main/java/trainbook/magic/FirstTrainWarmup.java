package trainbook.magic;

import trainbook.magic.args.ArgParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;
import trainbook.render.Warmup;

/**
 * What a fresh kernel's first {@code %train} does before its first batch that does not depend on the user's data,
 * done once in advance on the kernel's preload thread: parsing a {@code %train} line (0.12 s the first time, at
 * load 9 on the 2-core machine; nothing after) and drawing the progress line and live chart ({@link Warmup}).
 */
public final class FirstTrainWarmup {
    /** The line parsed: the shape of a first lesson's {@code %train}. */
    static final String LINE = "model=mlp(256,128) data=fashion-mnist epochs=1 lr=3e-3 val=none";

    private FirstTrainWarmup() {}

    /** Parses {@link #LINE} and draws the first live output; returns the parsed arguments. */
    public static MagicArgs run() {
        MagicArgs a = ArgParser.parse(Magic.TRAIN, LINE);
        Warmup.run();
        return a;
    }
}
