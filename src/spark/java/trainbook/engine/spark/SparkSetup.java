package trainbook.engine.spark;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** What the driver checks and sets before it starts a Spark context, and how Spark's errors become one line. */
final class SparkSetup {
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private SparkSetup() {}

    /** spark://HOST:PORT[,HOST:PORT…]: fail in seconds, not after Spark's minute of retries, when no master answers. */
    static void checkReachable(String master) {
        if (!master.startsWith("spark://")) return;
        String why = null;
        for (String hp : master.substring("spark://".length()).split(",")) {
            int colon = hp.lastIndexOf(':');
            if (colon <= 0) return; // Spark names the malformed URL itself
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                return;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hp.substring(0, colon), port), CONNECT_TIMEOUT_MS);
                return;
            } catch (java.io.IOException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new SparkSettingException("master", "master=" + master + ": no Spark master answers there (" + why
                + "); start it (spark-class org.apache.spark.deploy.master.Master) or check the host and port");
    }

    static boolean loopback(String master) {
        return master.startsWith("local") || master.startsWith("spark://127.0.0.1") || master.startsWith("spark://localhost");
    }

    /** Spark logs through the kernel's SLF4J binding: only its errors get through; events come as one line each. */
    static void quietLogs() {
        for (String pkg : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty", "org.apache.commons")) {
            String key = "org.slf4j.simpleLogger.log." + pkg;
            if (System.getProperty(key) == null) System.setProperty(key, "error");
        }
        // a context that cannot start logs the cause with its stack trace; create() reports it as one line instead
        String init = "org.slf4j.simpleLogger.log.org.apache.spark.SparkContext";
        if (System.getProperty(init) == null) System.setProperty(init, "off");
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().lines().findFirst().orElse(m).strip();
    }
}
