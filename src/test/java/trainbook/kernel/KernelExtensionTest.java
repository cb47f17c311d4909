package trainbook.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class KernelExtensionTest {
    private static TrainbookKernel kernel;

    /** Registers a %probe magic, as the magics' extension does. */
    public static class Probe implements Extension {
        @Override
        public void install(BaseKernel k) {
            k.getMagicsRegistry().registerLineMagic("probe", (kk, args) -> "probed " + args);
        }
    }

    /** An extension whose install fails. */
    public static class Broken implements Extension {
        @Override
        public void install(BaseKernel k) {
            throw new IllegalStateException("cannot start");
        }
    }

    @BeforeAll
    static void start() {
        kernel = TrainbookKernel.builder().build();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void installsEveryServiceListedExtensionAndSurvivesABrokenOne(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/" + Extension.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, Broken.class.getName() + "\n" + Probe.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            kernel.installExtensions(loader);
        }
        assertTrue(kernel.getInstalledExtensions().contains(Probe.class.getName()));
        assertFalse(kernel.getInstalledExtensions().contains(Broken.class.getName()));
        assertTrue(kernel.getMagicsRegistry().getLineMagicNames().contains("probe"));
        assertEquals(1, kernel.getExtensionFailures().size());
        assertTrue(kernel.getExtensionFailures().get(0).contains("cannot start"));
        assertEquals("probed [a]", kernel.getMagicsRegistry().evalLineMagic(kernel, "probe", java.util.List.of("a")));
    }
}
