package trainbook.engine.spark;

import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilled;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import trainbook.engine.Cancellation;
import trainbook.engine.sweep.Objective;
import trainbook.engine.sweep.RemoteObjective;
import trainbook.engine.sweep.RemoteTrial;
import trainbook.engine.sweep.TrialCannotRun;
import trainbook.engine.sweep.TrialExecutor;
import trainbook.engine.sweep.TrialHandle;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a study's trials as Spark tasks: one single-element job per trial, all in one job group (the cell's interrupt
 * cancels the group), each result handed to the study as it arrives, and the freed slot given at once to a new trial
 * sampled from every finished one ({@link TrialHandle#next}: asynchronous completion, no waiting for a batch). Spark does the scheduling,
 * re-runs a task whose executor was lost, and isolates trials in executor JVMs; Trainbook only sends
 * {@link RemoteTrial}s and turns what comes back into trial outcomes on the driver, where the study and its files
 * live.
 *
 * <p>While a task trains, each finished epoch goes to the driver through the {@link ReportChannel} and the
 * study's pruner answers it here, on the calling thread (pruning as in-process).
 *
 * <p>A trial's own exception travels back as its result (it fails that trial, like in-process) rather than failing
 * the task, so Spark re-runs only tasks lost to the cluster, never a trial that fails the same way every time. An
 * executor that cannot train at all ({@link TrialCannotRun}: no PyTorch natives) leaves the trial unended, so the
 * study drops it instead of recording a failure, and stops.
 *
 * <p>Create it through {@link SparkBackend#executor}; close it to stop the Spark application and its executors.
 */
public final class SparkTrialExecutor implements SparkExecutor {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final JavaSparkContext jsc;
    private final String master;
    private final int parallel;
    private final Consumer<String> events;
    private final ConcurrentLinkedQueue<String> pendingEvents = new ConcurrentLinkedQueue<>();
    private final Map<Integer, String> stageTrial = new ConcurrentHashMap<>();
    private final AtomicInteger rerunTasks = new AtomicInteger();
    private final AtomicInteger lostExecutors = new AtomicInteger();
    private final ReportChannel reports;
    private volatile boolean closed;

    private SparkTrialExecutor(JavaSparkContext jsc, String master, int parallel, Consumer<String> events, ReportChannel reports) {
        this.jsc = jsc;
        this.master = master;
        this.parallel = parallel;
        this.events = events;
        this.reports = reports;
        jsc.sc().addSparkListener(new Events());
    }

    /** See {@link SparkBackend#executor}. */
    public static SparkTrialExecutor create(String master, int parallel, Map<String, String> conf, Consumer<String> events) {
        SparkSetup.quietLogs();
        if (!Object.class.getModule().isOpen("sun.nio.ch", SparkTrialExecutor.class.getModule())) {
            throw new IllegalArgumentException("backend=spark: this JVM was started without Spark's --add-opens options"
                    + " (e.g. --add-opens=java.base/sun.nio.ch=ALL-UNNAMED); the `./trainbook kernelspec --with-spark` kernel has them");
        }
        SparkSetup.checkReachable(master);
        // defaults only: spark.* system properties (-Dspark.jars=… on the kernel, System.setProperty in a cell) win
        SparkConf sc = new SparkConf().setMaster(master).setIfMissing("spark.app.name", "trainbook-study")
                .setIfMissing("spark.ui.enabled", "false")
                // one core per executor and per task: a trial trains with one thread (TrainTrial), so cores are not oversubscribed
                .setIfMissing("spark.executor.cores", "1")
                .setIfMissing("spark.task.cpus", "1")
                .setIfMissing("spark.cores.max", String.valueOf(parallel))
                .setIfMissing("spark.executor.memory", "1g")
                .setIfMissing("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Djava.awt.headless=true")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (SparkSetup.loopback(master)) {
            sc.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.forEach(sc::set);
        JavaSparkContext jsc;
        try {
            jsc = new JavaSparkContext(sc);
        } catch (Exception | LinkageError e) { // SparkException is checked in Java's eyes though Scala throws it undeclared
            throw new SparkSettingException("master", "master=" + master + ": Spark refused it (" + SparkSetup.firstLine(e) + ");"
                    + " valid: local[N], spark://HOST:PORT, or a yarn/k8s URL with Spark's module for it on the class path");
        }
        ReportChannel reports;
        try {
            reports = reportChannel(jsc.getConf());
        } catch (java.io.IOException | RuntimeException e) {
            jsc.stop();
            throw new IllegalArgumentException("backend=spark: cannot listen for the trials' epoch reports on "
                    + jsc.getConf().get("spark.driver.host", "this host") + " port " + jsc.getConf().get(REPORT_PORT, "0")
                    + " (" + SparkSetup.firstLine(e) + "); set " + REPORT_PORT + " to a free port");
        }
        return new SparkTrialExecutor(jsc, master, parallel, events, reports);
    }

    /** Setting for the port of the driver's report channel (0, the default: any free port). */
    static final String REPORT_PORT = "spark.trainbook.report.port";

    /** On the driver's host and bind address, as Spark's own driver endpoints are, so executors reach it alike. */
    private static ReportChannel reportChannel(SparkConf conf) throws java.io.IOException {
        String host = conf.get("spark.driver.host", java.net.InetAddress.getLocalHost().getHostAddress());
        String bind = conf.contains("spark.driver.bindAddress") ? conf.get("spark.driver.bindAddress") : null;
        return new ReportChannel(bind, host, conf.getInt(REPORT_PORT, 0));
    }

    @Override
    public int parallelism() { return parallel; }

    @Override
    public String master() { return master; }

    /** Tasks Spark ran again because their first attempt was lost (executor gone, task failed). */
    public int rerunTasks() { return rerunTasks.get(); }

    /** Executors that left while this executor ran. */
    public int lostExecutors() { return lostExecutors.get(); }

    /** The Spark context (for tests and users who tune it). */
    public JavaSparkContext context() { return jsc; }

    @Override
    public void execute(List<TrialHandle> batch, Objective objective) {
        if (!(objective instanceof RemoteObjective<?> remote)) {
            throw new IllegalArgumentException("backend=spark runs trials in other JVMs: the objective must be a"
                    + " RemoteObjective (serializable trial work), not " + objective.getClass().getName());
        }
        runBatch(batch, remote);
    }

    private <R extends Serializable> void runBatch(List<TrialHandle> batch, RemoteObjective<R> objective) {
        String group = "trainbook-study-" + GROUPS.incrementAndGet();
        Map<TrialHandle, JavaFutureAction<List<Result>>> inflight = new LinkedHashMap<>();
        RuntimeException first = null;
        jsc.setJobGroup(group, "trainbook study trials", true);
        reports.stopAll(false);
        try {
            for (TrialHandle h : batch) {
                RuntimeException e = submit(h, objective, inflight);
                if (e != null && first == null) first = e;
            }
            while (!inflight.isEmpty()) {
                drainEvents();
                if (Cancellation.current().isRequested() || Thread.currentThread().isInterrupted()) {
                    cancel(group, inflight);
                    return; // the study drops the trials that did not end: a resumed study runs them again
                }
                for (var e : new ArrayList<>(inflight.entrySet())) {
                    if (!e.getValue().isDone()) continue;
                    inflight.remove(e.getKey());
                    RuntimeException failure = arrived(e.getKey(), e.getValue(), objective);
                    if (failure != null && first == null) first = failure;
                    // asynchronous completion: a freed slot takes the next trial, sampled from every finished one
                    // (after a failure none: in-process, a trial's exception ends the study too)
                    while (first == null) {
                        var next = e.getKey().next();
                        if (next.isEmpty()) break;
                        RuntimeException f = submit(next.get(), objective, inflight);
                        if (f == null) break;
                        first = f;
                    }
                }
                answerReports(inflight, objective);
            }
        } finally {
            reports.stopAll(true); // a task still running (cancelled, or after a failure) stops at its next epoch
            jsc.clearJobGroup();
            drainEvents();
        }
        if (first != null) throw first;
    }

    /**
     * Waits up to 50 ms for the tasks' epoch reports and answers each with the study's verdict, here on the cell's
     * thread (the study, its files and the leaderboard are not touched from the channel's threads).
     */
    private <R extends Serializable> void answerReports(Map<TrialHandle, JavaFutureAction<List<Result>>> inflight,
                                                        RemoteObjective<R> objective) {
        try {
            for (ReportChannel.Report r = reports.poll(50); r != null; r = reports.poll(0)) {
                int number = r.trial();
                TrialHandle h = inflight.keySet().stream().filter(x -> x.number() == number).findFirst().orElse(null);
                if (h == null) { // no longer this study's: stop it
                    r.verdict().complete(true);
                    continue;
                }
                boolean stop = false;
                try {
                    stop = objective.report(h, r.step(), r.data());
                } catch (RuntimeException e) {
                    events.accept("spark: trial " + r.trial() + "'s report of step " + r.step() + " was not understood ("
                            + SparkSetup.firstLine(e) + "); it goes on unpruned");
                } finally {
                    r.verdict().complete(stop);
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prepares a trial on this thread and sends it as a one-task job; a failure to prepare fails the trial. */
    private <R extends Serializable> RuntimeException submit(TrialHandle h, RemoteObjective<R> objective,
                                                            Map<TrialHandle, JavaFutureAction<List<Result>>> inflight) {
        RemoteTrial<R> work;
        try {
            work = objective.prepare(h);
        } catch (RuntimeException e) {
            h.fail(SparkSetup.firstLine(e));
            return e;
        }
        jsc.setJobDescription("trial " + h.number());
        inflight.put(h, jsc.parallelize(List.of(new Task(h.number(), work, reports.address())), 1).map(SparkTrialExecutor::runTask).collectAsync());
        return null;
    }

    @SuppressWarnings("unchecked")
    private <R extends Serializable> RuntimeException arrived(TrialHandle h, JavaFutureAction<List<Result>> f,
                                                              RemoteObjective<R> objective) {
        Result r;
        try {
            r = f.get().get(0);
        } catch (ExecutionException e) {
            String why = "Spark gave up on trial " + h.number() + ": " + SparkSetup.firstLine(e.getCause() == null ? e : e.getCause());
            h.fail(why);
            return new IllegalStateException(why, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (r.problem() != null) {
            events.accept("spark: trial " + h.number() + " ran unpruned: its epoch reports " + r.problem()
                    + "; let the workers reach the driver there (" + REPORT_PORT + " fixes the port)");
        }
        if (r.cannotRun()) {
            // not the trial's fault: left unended, the study drops it and runs that number again when resumed
            return new TrialCannotRun("trial " + h.number() + " cannot run on " + r.where() + ": " + r.error()
                    + "; the study is unchanged (rerun the same %compare once the workers are fixed)");
        }
        if (r.error() != null) {
            String why = "trial " + h.number() + " failed on " + r.where() + ": " + r.error();
            h.fail(why);
            return new IllegalStateException(why);
        }
        try {
            h.run(t -> objective.finish(t, (R) r.value()));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void cancel(String group, Map<TrialHandle, JavaFutureAction<List<Result>>> inflight) {
        reports.stopAll(true);
        jsc.cancelJobGroup(group);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (var f : inflight.values()) {
            while (!f.isDone() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        Thread.interrupted(); // the study and the saves after it must not fail on a stale interrupt flag
        Cancellation.current().requestStop();
        events.accept("spark: cancelled job group " + group + " (" + inflight.size() + " trial" + (inflight.size() == 1 ? "" : "s")
                + " in flight dropped; they run again when the study is resumed)");
    }

    private void drainEvents() {
        for (String s; (s = pendingEvents.poll()) != null; ) events.accept(s);
    }

    /** Stops the Spark application; its executors end with it. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            reports.close();
            jsc.stop();
        } finally {
            drainEvents();
        }
    }

    /**
     * Runs on an executor: the trial's own failure is its result, so Spark only re-runs lost tasks. The trial runs
     * in a {@linkplain Cancellation#task() task cancellation} of its own.
     */
    private static Result runTask(Task t) {
        TaskContext ctx = TaskContext.get();
        int cpus = ctx == null ? 0 : ctx.cpus();
        String where = host() + (ctx == null ? "" : " (attempt " + (ctx.attemptNumber() + 1) + ")");
        long t0 = System.nanoTime();
        // Spark ends a killed task by interrupting its thread, maybe after this JVM's notebook has moved on to its
        // next cell (local mode): the task's own cancellation keeps that interrupt from stopping the notebook's next run
        try (ReportChannel.Client reporter = new ReportChannel.Client(t.report(), t.number());
             Cancellation.Task own = Cancellation.task()) {
            try {
                Serializable v = t.work().call(cpus, reporter);
                return new Result(v, null, where, (System.nanoTime() - t0) / 1e9, reporter.problem(), false);
            } catch (TrialCannotRun e) {
                return new Result(null, SparkSetup.firstLine(e), where, (System.nanoTime() - t0) / 1e9, reporter.problem(), true);
            } catch (Throwable e) {
                return new Result(null, e.getClass().getSimpleName() + ": " + SparkSetup.firstLine(e), where,
                        (System.nanoTime() - t0) / 1e9, reporter.problem(), false);
            }
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "/pid " + ProcessHandle.current().pid();
        } catch (java.io.IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    /** One trial's work, and where it reports its epochs. */
    record Task(int number, RemoteTrial<?> work, ReportChannel.Address report) implements Serializable {}

    /**
     * What a task sends back: the trial's result, or its error (one line), where it ran, why its reports did not
     * reach the driver (null when they did or there were none), and whether the error is the executor's, not the
     * trial's ({@link TrialCannotRun}: e.g. no PyTorch natives there).
     */
    record Result(Serializable value, String error, String where, double seconds, String problem, boolean cannotRun)
            implements Serializable {}

    /** One line per cluster event, queued here and printed on the cell's thread. */
    private final class Events extends SparkListener {
        @Override
        public void onExecutorAdded(SparkListenerExecutorAdded e) {
            pendingEvents.add("spark: executor " + e.executorId() + " joined on " + e.executorInfo().executorHost()
                    + " (" + e.executorInfo().totalCores() + " core" + (e.executorInfo().totalCores() == 1 ? "" : "s") + ")");
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
            if (closed) return;
            lostExecutors.incrementAndGet();
            pendingEvents.add("spark: executor " + e.executorId() + " left (" + SparkSetup.firstLine(new RuntimeException(e.reason())) + ")");
        }

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
            if (d == null) return;
            scala.collection.Iterator<Object> it = e.stageIds().iterator();
            while (it.hasNext()) stageTrial.put((Integer) it.next(), d);
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            Object reason = e.reason();
            if (reason instanceof org.apache.spark.Success$ || reason instanceof TaskKilled) return;
            String what = stageTrial.getOrDefault(e.stageId(), "a task");
            String why = reason instanceof ExecutorLostFailure l ? "its executor " + l.execId() + " was lost"
                    : reason instanceof ExceptionFailure x ? x.className() + ": " + SparkSetup.firstLine(new RuntimeException(x.description()))
                    : String.valueOf(reason);
            rerunTasks.incrementAndGet();
            pendingEvents.add("spark: " + what + " failed on executor " + e.taskInfo().executorId() + " (" + why
                    + "): Spark runs it again");
        }
    }
}
