package trainbook.engine.spark;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The way to Spark for code built without it: Spark and {@code SparkTrialExecutor} are only on the class path of
 * the {@code spark} build (Maven profile {@code -Pspark}, {@code ./trainbook kernelspec --with-spark}), so the
 * default kernel neither loads nor ships them. This class names the executor by reflection and turns its absence
 * into one line that says how to get it.
 */
public final class SparkBackend {
    /** The executor class, compiled from src/spark/java in the spark build only. */
    public static final String EXECUTOR = "trainbook.engine.spark.SparkTrialExecutor";
    /** Most trials in flight at once. */
    public static final int MAX_PARALLEL = 256;
    /** Where trials run when no master is given: Spark inside this JVM, two task slots. */
    public static final String DEFAULT_MASTER = "local[2]";
    static final String MISSING = "backend=spark: Apache Spark is not on this kernel's class path; install the kernel"
            + " with `./trainbook kernelspec --with-spark` (or build with `mvn -Pspark package`), or use backend=local";

    /**
     * What a driver JVM on Java 17+ must be started with for Spark (its own list, less the incubator module): the
     * Spark build's tests, the --with-spark kernelspec and the test cluster's JVMs use it; {@code main} prints it.
     */
    public static final java.util.List<String> JVM_OPTIONS = java.util.List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private SparkBackend() {}

    /** Prints {@link #JVM_OPTIONS}, one a line (the trainbook script writes them into the kernel.json). */
    public static void main(String[] args) {
        JVM_OPTIONS.forEach(System.out::println);
    }

    /** Whether the spark build is on the class path. */
    public static boolean available() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkBackend.class.getClassLoader());
            Class.forName(EXECUTOR, false, SparkBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Connects to {@code master} (local[N], spark://HOST:PORT, or any URL Spark accepts: yarn, k8s://…) and returns
     * an executor that runs up to {@code parallel} trials at once, one Spark task each. Close it to stop the
     * application (its executors end with it).
     *
     * @param conf   extra Spark settings (spark.* keys), applied last
     * @param events receives one line per cluster event (executor joined or lost, a task re-run)
     * @throws SparkSettingException   with one line when the URL is refused, the master cannot be reached or
     *                                  {@code parallel} is out of range
     * @throws IllegalArgumentException with one line when Spark is missing
     */
    public static SparkExecutor executor(String master, int parallel, Map<String, String> conf, Consumer<String> events) {
        if (master == null || master.isBlank() || master.chars().anyMatch(Character::isWhitespace)) {
            throw new SparkSettingException("master", "master='" + master + "': give a Spark master URL, e.g. master=local[2],"
                    + " master=spark://host:7077, master=yarn");
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new SparkSettingException("parallel", "parallel=" + parallel + ": expected 1.." + MAX_PARALLEL + " trials in flight");
        }
        if (!available()) throw new IllegalArgumentException(MISSING);
        try {
            Class<?> c = Class.forName(EXECUTOR);
            return (SparkExecutor) c.getMethod("create", String.class, int.class, Map.class, Consumer.class)
                    .invoke(null, master, parallel, conf == null ? Map.of() : conf, events == null ? (Consumer<String>) s -> {} : events);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("backend=spark: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(MISSING);
        }
    }
}
