package trainbook.engine.spark;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Masters Spark cannot use: one line each, before anything runs. */
class SparkBackendTest {
    @Test
    void badMastersAreOneLineEach() {
        SparkBackend.JVM_OPTIONS.forEach(o -> assertTrue(o.startsWith("--add-opens=") || o.startsWith("-D"), o));
        IllegalArgumentException unreachable = assertThrows(IllegalArgumentException.class,
                () -> SparkBackend.executor("spark://127.0.0.1:1", 2, Map.of(), null));
        assertTrue(unreachable.getMessage().startsWith("master=spark://127.0.0.1:1: no Spark master answers there"), unreachable.getMessage());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SparkBackend.executor("nosuch://x", 2, Map.of(), null));
        assertTrue(refused.getMessage().startsWith("master=nosuch://x: Spark refused it (Could not parse Master URL: 'nosuch://x')"),
                refused.getMessage());
        for (IllegalArgumentException e : List.of(unreachable, refused)) {
            assertFalse(e.getMessage().contains("\n"));
            assertEquals("master", ((SparkSettingException) e).key(), "the magic quotes the master= token by this key");
        }
        SparkSettingException parallel = assertThrows(SparkSettingException.class,
                () -> SparkBackend.executor("local[2]", 0, Map.of(), null));
        assertTrue(parallel.getMessage().startsWith("parallel=0: expected 1..256"), parallel.getMessage());
        assertEquals("parallel", parallel.key());
    }


    @Test
    void aSecondApplicationInTheSameJvmIsOneLine() {
        try (SparkTrialExecutor first = (SparkTrialExecutor) SparkBackend.executor("local[1]", 1, Map.of(), null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkBackend.executor("local[1]", 1, Map.of(), null));
            assertTrue(e.getMessage().startsWith("master=local[1]: Spark refused it (Only one SparkContext"), e.getMessage());
            assertEquals(1, first.parallelism());
        }
    }
}
