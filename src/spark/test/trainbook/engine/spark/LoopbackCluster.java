package trainbook.engine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a Master and N Workers (1 core each), every one a separate JVM
 * under {@code timeout}, on free ports, with a minimal SPARK_HOME whose jars/ links this test's class path (Workers
 * launch executors from it). {@link #close} kills every process it started and their children (executors), and a
 * shutdown hook does the same if the test JVM ends first.
 */
public final class LoopbackCluster implements AutoCloseable {
    /** Longest any cluster process may live (seconds): a hung test cannot leave it behind for long. */
    static final int LIFETIME_S = 900;
    private final Path home;
    private final String classPath;
    private final String classDirs;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final int masterPort, masterUiPort;
    private final Thread hook = new Thread(this::killAll, "loopback-cluster-stop");

    public LoopbackCluster(int workerCount) throws IOException, InterruptedException {
        home = Files.createTempDirectory("trainbook-spark-home");
        Files.createDirectories(home.resolve("jars"));
        List<String> dirs = new ArrayList<>();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : cp.split(java.io.File.pathSeparator)) {
            if (e.isBlank()) continue;
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = home.resolve("jars").resolve(p.getFileName());
                if (!Files.exists(link)) Files.createSymbolicLink(link, p.toAbsolutePath());
            } else if (Files.isDirectory(p)) {
                dirs.add(p.toAbsolutePath().toString());
            }
        }
        classDirs = String.join(java.io.File.pathSeparator, dirs);
        classPath = home.resolve("jars") + "/*" + (dirs.isEmpty() ? "" : java.io.File.pathSeparator + classDirs);
        Runtime.getRuntime().addShutdownHook(hook);
        masterPort = freePort();
        masterUiPort = freePort();
        processes.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort))));
        waitFor(() -> reachable(masterPort), 60, "the Spark master to listen on port " + masterPort);
        for (int i = 0; i < workerCount; i++) startWorker();
        waitFor(() -> aliveWorkers() == workerCount, 90, workerCount + " workers to register");
    }

    /** spark://127.0.0.1:PORT */
    public String master() { return "spark://127.0.0.1:" + masterPort; }

    /** What a driver must set so executors find Trainbook's classes (the test class path's folders). */
    public java.util.Map<String, String> driverConf() {
        return java.util.Map.of("spark.executor.extraClassPath", classDirs, "spark.executor.memory", "512m");
    }

    /** Starts one more Worker (1 core, 1 GiB for executors). */
    public void startWorker() throws IOException {
        int n = workers.size() + 1;
        Path work = Files.createDirectories(home.resolve("work-" + n));
        Process w = start("worker-" + n, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "1", "--memory", "1g", "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
                "--work-dir", work.toString(), master()));
        workers.add(w);
        processes.add(w);
    }

    /** The workers' JVMs (under their timeout processes), in start order. */
    public List<ProcessHandle> workerJvms() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) w.toHandle().children().filter(c -> c.info().command().orElse("").endsWith("java")).forEach(out::add);
        return out;
    }

    /** Executor JVMs running under any worker. */
    public List<ProcessHandle> executorJvms() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.toHandle().descendants().filter(d -> d.info().arguments().map(a -> String.join(" ", a))
                    .orElse("").contains("CoarseGrainedExecutorBackend")).forEach(out::add);
        }
        return out;
    }

    /** The worker JVM whose executor has Spark id {@code executorId}, if any. */
    public Optional<ProcessHandle> workerOfExecutor(String executorId) {
        for (ProcessHandle w : workerJvms()) {
            boolean runs = w.descendants().anyMatch(d -> {
                List<String> a = List.of(d.info().arguments().orElse(new String[0]));
                int i = a.indexOf("--executor-id");
                return i >= 0 && i + 1 < a.size() && a.get(i + 1).equals(executorId);
            });
            if (runs) return Optional.of(w);
        }
        return Optional.empty();
    }

    /** Workers the master counts as alive (its /json page), -1 when it does not answer. */
    public int aliveWorkers() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(r.body());
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The folder holding the cluster's logs and SPARK_HOME. */
    public Path home() { return home; }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("timeout", "-s", "KILL", String.valueOf(LIFETIME_S),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath));
        cmd.addAll(SparkBackend.JVM_OPTIONS);
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13"); // else every executor launch fails: "Cannot find any build directories"
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOG_DIR", home.toString());
        return pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void waitFor(java.util.function.BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
            Thread.sleep(200);
        }
    }

    private synchronized void killAll() {
        for (Process p : processes) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops every process of the cluster (executors included) and deletes SPARK_HOME (links and logs). */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs anyway
        }
        if (System.getenv("TRAINBOOK_KEEP_SPARK_LOGS") != null) return;
        try (var s = Files.walk(home)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
