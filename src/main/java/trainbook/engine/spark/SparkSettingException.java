package trainbook.engine.spark;

/**
 * A Spark setting that cannot work ({@code master=}, {@code parallel=}), with the key it concerns, so that the magic
 * quotes the user's token for that key without reading the message.
 */
public final class SparkSettingException extends IllegalArgumentException {
    private final String key;

    /** @param key the setting's key, e.g. {@code master}; @param message one line that says why and what is valid */
    public SparkSettingException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key of the setting, e.g. {@code master} or {@code parallel}. */
    public String key() { return key; }
}
