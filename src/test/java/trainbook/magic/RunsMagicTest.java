package trainbook.magic;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.data.DeviceCache;
import trainbook.engine.loop.TrainedRun;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Tokenizer;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunsMagicTest {
    @TempDir
    Path dir;
    /** the notebook the runs train in and %runs runs in */
    private final NotebookSession nb = new NotebookSession();

    @AfterEach
    void releaseEverything() {
        nb.workspace().liveRuns().releaseAll();
        DeviceCache.shared().releaseUnused();
    }

    private TrainedRun train(String name) {
        TrainSpec s = Trainbook.spec().model("mlp(16)").data("blobs(n=200)").epochs(1).batch(32);
        s.name(name);
        s.runsDir(dir.toString());
        s.threads(1);
        try (var bound = nb.workspace().bind()) { // as the kernel's cell thread is
            return Trainbook.train(s);
        }
    }

    private List<String> runs(RecordingContext ctx, String line) {
        return new RunsMagic(ctx).run(Tokenizer.tokenize(line));
    }

    @Test
    void listsTheRunsAndDataInMemoryAndReleasesThem() {
        nb.workspace().liveRuns().releaseAll();
        DeviceCache.shared().releaseUnused();
        int baseline = Devices.liveNDArrays();
        TrainedRun a = train("mem_a");
        TrainedRun b = train("mem_b");
        assertTrue(a.modelBytes() > 0);
        RecordingContext ctx = new RecordingContext(nb);
        assertEquals(List.of("mem_a", "mem_b"), runs(ctx, ""));
        assertEquals(List.of(), runs(new RecordingContext(new NotebookSession()), ""), "another notebook holds none of them");
        String shown = ctx.shown();
        assertTrue(shown.contains("2 runs in memory") && shown.contains("mem_b") && shown.contains("blobs"), shown);
        assertTrue(shown.contains("resident of"), shown);

        RecordingContext ctx2 = new RecordingContext(nb);
        assertEquals(List.of("mem_b"), runs(ctx2, "release mem_a"));
        assertTrue(a.isReleased() && !b.isReleased());
        IllegalStateException gone = assertThrows(IllegalStateException.class, a::block);
        assertTrue(gone.getMessage().contains("init=run:mem_a"), gone.getMessage());
        assertTrue(ctx2.shown().contains("released 1 run"), ctx2.shown());
        assertEquals("mem_a", a.record().name(), "the record stays");

        assertEquals(List.of(), runs(new RecordingContext(nb), "release all"));
        assertTrue(b.isReleased());
        assertEquals(baseline, Devices.liveNDArrays(), "every array of the two runs and their data freed");
    }

    @Test
    void badInputIsOneLineQuotingTheToken() {
        train("mem_c");
        ArgException unknown = assertThrows(ArgException.class, () -> runs(new RecordingContext(nb), "release mem_x"));
        assertTrue(unknown.getMessage().startsWith("%runs") && unknown.getMessage().contains("'mem_x'")
                && unknown.getMessage().contains("mem_c"), unknown.getMessage());
        ArgException verb = assertThrows(ArgException.class, () -> runs(new RecordingContext(nb), "relase all"));
        assertTrue(verb.getMessage().contains("'relase'") && verb.getMessage().contains("release"), verb.getMessage());
        assertThrows(ArgException.class, () -> runs(new RecordingContext(nb), "release"));
        assertThrows(ArgException.class, () -> runs(new RecordingContext(nb), "runs=x"));
        RecordingContext help = new RecordingContext(nb);
        assertEquals(List.of(), new RunsMagic(help).run(Tokenizer.tokenize("--help")));
        assertTrue(help.shown().contains("%runs release all"), help.shown());
    }

    @Test
    void aRunNobodyRefersToFreesItsModel() throws InterruptedException {
        nb.workspace().liveRuns().releaseAll();
        DeviceCache.shared().releaseUnused();
        int baseline = Devices.liveNDArrays();
        train("mem_dropped"); // not kept: as when a notebook variable is rebound
        DeviceCache.shared().releaseUnused();
        assertTrue(Devices.liveNDArrays() > baseline, "the model's parameters are alive until collected");
        for (int i = 0; i < 50 && Devices.liveNDArrays() > baseline; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(baseline, Devices.liveNDArrays(), "the Cleaner freed the unreachable model");
    }
}
