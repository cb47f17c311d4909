package trainbook.engine.loop;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;
import trainbook.engine.Workspace;
import trainbook.engine.probe.StartupTimes;
import trainbook.engine.store.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class TrainWarmupTest {
    private static long entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return -1;
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void runsOneStepAndLeavesNothingAUserCouldSee() throws IOException {
        Path runs = RunStore.of(new TrainSpec()).dir();
        long before = entries(runs);
        StartupTimes lastBefore = StartupTimes.last();
        int live = Workspace.process().liveRuns().list().size();
        String[] threadNames = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted()
                .toArray(String[]::new);

        trainbook.engine.PreloadFlags.forgetRunStarted(); // another test class's run in this JVM must not skip it
        assertEquals(1, TrainWarmup.run(), "one training step through the engine's own loop");

        assertEquals(before, entries(runs), "nothing saved under " + runs);
        assertSame(lastBefore, StartupTimes.last(), "the warm-up's first batch is not the user's");
        assertEquals(live, Workspace.process().liveRuns().list().size(), "%runs lists no warm-up run");
        assertEquals(0, Workspace.process().cancellation().isCooperative() ? 1 : 0);
        assertFalse(java.util.Arrays.stream(threadNames).anyMatch(n -> n.contains("warmup")));
    }

    @Test
    void stopsBeforeItStartsWhenAskedTo() {
        assertEquals(0, TrainWarmup.run(() -> true));
        int[] asked = {0};
        // asked before the data and again before the step: stopping at the second skips the step
        assertEquals(0, TrainWarmup.run(() -> asked[0]++ > 0));
        assertEquals(2, asked[0]);
    }

    @Test
    void theWarmUpDataAreImageBytesAsTheIdxReaderMakesThem() {
        var h = TrainWarmup.pixels(20, 1);
        assertNotNull(h.rawPixels());
        assertTrue(h.isImage());
        assertEquals(784, h.sampleSize());
        assertEquals(10, h.numClasses());
    }
}
