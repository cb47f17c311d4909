package trainbook.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point named in kernel.json: {@code java -cp LIB/* trainbook.kernel.KernelMain CONNECTION_FILE}.
 */
public final class KernelMain {
    /**
     * Delay after the parent dies or a shutdown starts before the JVM is halted if it has not exited: 3000 ms, or the
     * system property {@code trainbook.haltAfterMillis} (the CDS warm-up run raises it: the JVM writes its class
     * archive while exiting).
     */
    static final long HALT_AFTER_MILLIS = Long.getLong("trainbook.haltAfterMillis", 3000L);

    private KernelMain() {}

    /** Starts the kernel on the connection file given as the only argument and runs until shutdown. */
    public static void main(String[] args) throws Exception {
        configureLogging();
        if (args.length != 1) {
            System.err.println("usage: java -cp 'LIB/*' " + KernelMain.class.getName() + " CONNECTION_FILE");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("connection file '" + connectionFile + "' does not exist; Jupyter passes it as {connection_file}");
            System.exit(2);
        }
        Logger log = LoggerFactory.getLogger(KernelMain.class);
        long t0 = System.nanoTime();

        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        ParentWatchdog.parentToWatch(System.getenv("JPY_PARENT_PID"))
                .ifPresent(parent -> ParentWatchdog.start(parent, 500, () -> exit(0)));

        TrainbookKernel kernel = TrainbookKernel.builder().build();
        kernel.onStartup(); // installs every Extension on the classpath (ServiceLoader)

        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        // The sockets (heartbeat included) are served at once, but kernel_info, which tells a client the kernel is
        // ready, is answered once JShell is built and warm and the extensions are in: the first cell then runs at
        // once instead of waiting for the compiler (./trainbook bench measures the first cell; see the README).
        // The wait is bounded; a slower start answers anyway and cells wait for the rest.
        ShellHandler<KernelInfoRequest> info = connection.getHandler(MessageType.KERNEL_INFO_REQUEST);
        java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
        if (Preload.ON) Preload.start(ready);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, (env, msg) -> {
            awaitWarmStart(kernel, log);
            info.handle(env, msg);
            ready.complete(null);
        });
        connection.connect();
        int guarded = guardChannelLoops();
        log.info("kernel ready in {} ms ({} channel loops guarded)", (System.nanoTime() - t0) / 1_000_000, guarded);

        connection.waitUntilClose();
        exit(0);
    }

    /** Longest wait for the warm JShell before kernel_info is answered: {@code trainbook.readyWaitMillis}, default 8000. */
    static final long READY_WAIT_MILLIS = Long.getLong("trainbook.readyWaitMillis", 8000L);

    private static volatile boolean warmWaitDone;

    /** Waits once, at most {@link #READY_WAIT_MILLIS}, for the kernel's background start; later calls return at once. */
    static void awaitWarmStart(TrainbookKernel kernel, Logger log) {
        if (READY_WAIT_MILLIS <= 0 || warmWaitDone) return;
        warmWaitDone = true;
        try {
            if (!kernel.awaitStartup(READY_WAIT_MILLIS)) {
                log.warn("Java session not ready after {} ms; answering kernel_info now, the first cell will wait for it",
                        READY_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes every channel loop survive a message it cannot read (a bad HMAC signature throws out of the base's read
     * loop and would kill the channel): the error is logged and the message dropped.
     *
     * @return how many loops were guarded
     */
    static int guardChannelLoops() {
        Logger log = LoggerFactory.getLogger("trainbook.kernel.channels");
        AtomicInteger count = new AtomicInteger();
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t instanceof Loop)
                .map(t -> (Loop) t)
                .forEach(loop -> {
                    loop.onError(error -> {
                        log.warn("{}: dropped a message: {}: {}", loop.getName(),
                                error.getClass().getSimpleName(), error.getMessage());
                        return 50;
                    });
                    count.incrementAndGet();
                });
        return count.get();
    }

    /** Exits the JVM; halts it if exiting hangs (e.g. a stuck shutdown hook). */
    static void exit(int status) {
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException ignored) {
                // fall through
            }
            Runtime.getRuntime().halt(status);
        }, "trainbook-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(status);
    }

    private static void configureLogging() {
        // the kernel swaps System.out/err per cell; slf4j-simple must keep writing to the real stderr
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.log.trainbook.kernel.KernelMain", "info");
    }
}
