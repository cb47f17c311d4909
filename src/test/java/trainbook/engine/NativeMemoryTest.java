package trainbook.engine;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NativeMemoryTest {
    @Test
    void glibcAcceptsTheSettingsOnceBeforeTheEngineLoads() {
        Devices.threads(); // loads the engine; Devices' initialiser applies the settings first
        boolean optedOut = "default".equalsIgnoreCase(System.getenv("TRAINBOOK_MALLOC"));
        // CI and these machines run Debian (glibc): the settings must have been taken there
        assertEquals(Platform.isLinux() && !optedOut, NativeMemory.isTuned());
        assertEquals(NativeMemory.isTuned(), NativeMemory.tune(), "a second call gives the first answer");
    }

    @Test
    void settingsAreGlibcsParameterNumbersAndSizes() {
        assertEquals(-1, NativeMemory.M_TRIM_THRESHOLD);
        assertEquals(-2, NativeMemory.M_TOP_PAD);
        assertEquals(-3, NativeMemory.M_MMAP_THRESHOLD);
        // glibc refuses an mmap threshold above HEAP_MAX_SIZE / 2 (32 MB on 64-bit)
        assertTrue(NativeMemory.MMAP_THRESHOLD <= 32 << 20);
    }
}
