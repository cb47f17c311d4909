package trainbook.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Installs the kernel's extensions (the magics register themselves as one) in the background, so kernel_info is
 * answered at once; one extension failing is logged, kept for the first cell to show, and stops nothing else.
 */
final class KernelExtensions {
    private static final Logger LOG = LoggerFactory.getLogger(KernelExtensions.class);

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    private boolean failuresShown;

    /** Runs {@code installAll} on a daemon thread; {@link #ready()} completes when it is done, failed or not. */
    void installInBackground(Runnable installAll) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ready = done;
        Thread t = new Thread(() -> {
            try {
                installAll.run();
            } catch (RuntimeException | Error e) {
                LOG.error("installing extensions failed", e);
                failures.add("extensions: " + e);
            } finally {
                done.complete(null); // the kernel runs on without them; the first cell shows a failure
            }
        }, "trainbook-extensions");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Installs every {@link Extension} the loader's {@code META-INF/services} lists.
     *
     * @param install installs one extension in the kernel
     * @param forget  drops a half-installed extension from the kernel's list, by class name
     */
    void installAll(ClassLoader classLoader, Consumer<Extension> install, Consumer<String> forget) {
        Iterator<ServiceLoader.Provider<Extension>> providers =
                ServiceLoader.load(Extension.class, classLoader).stream().iterator();
        while (true) {
            String name = "?";
            try {
                if (!providers.hasNext()) break;
                ServiceLoader.Provider<Extension> provider = providers.next();
                name = provider.type().getName();
                install.accept(provider.get());
                LOG.info("installed extension {}", name);
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                LOG.warn("extension {} could not be installed: {}", name, e.toString());
                forget.accept(name);
                failures.add(name + ": " + e);
            }
        }
    }

    /** Completes when the background installation is over. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Extensions that failed to install, as "class: error". */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** The failures the first time it is asked (the first cell warns once), then nothing. */
    synchronized List<String> failuresToShow() {
        if (failuresShown || failures.isEmpty()) return List.of();
        failuresShown = true;
        return failures();
    }
}
