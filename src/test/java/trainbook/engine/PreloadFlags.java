package trainbook.engine;

/** Lets tests in other packages reset the once-per-JVM "a run has started" flag of {@link Devices}. */
public final class PreloadFlags {
    private PreloadFlags() {}

    public static void forgetRunStarted() {
        Devices.forgetRunStarted();
    }
}
