package trainbook.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel answers at once and finishes starting in the background; cells wait for what they need. */
class KernelStartupTest {
    private TrainbookKernel kernel;

    @AfterEach
    void stop() {
        if (kernel != null) kernel.onShutdown(false);
    }

    @Test
    void aCellSentRightAfterStartWaitsForTheSessionAndTheMagics() {
        kernel = TrainbookKernel.builder().build();
        kernel.onStartup(); // returns before the extensions are installed
        assertEquals(2, kernel.evalRaw("1 + 1"));
        assertTrue(kernel.getInstalledExtensions().contains("trainbook.magic.TrainbookMagics"),
                "installed: " + kernel.getInstalledExtensions() + ", failed: " + kernel.getExtensionFailures());
        assertTrue(kernel.getMagicsRegistry().getLineMagicNames().containsAll(List.of("train", "lrfind", "compare")));
        // the start-up imports are in effect
        assertEquals(List.of(1, 2), kernel.evalRaw("new ArrayList<>(List.of(1, 2))"));
    }

    @Test
    void theWarmUpLeavesNothingBehindInTheSession() {
        kernel = TrainbookKernel.builder().build();
        kernel.awaitStartup();
        List<String> active = kernel.activeSnippetSources();
        assertFalse(active.stream().anyMatch(src -> src.contains("trainbook\").get(0)")), "active: " + active);
        assertEquals(TrainbookKernel.STARTUP_IMPORTS.size(), active.size(), "active: " + active);
        assertTrue(kernel.isComplete("int x = 1;").equals(org.dflib.jjava.jupyter.kernel.BaseKernel.IS_COMPLETE_YES));
    }
}
