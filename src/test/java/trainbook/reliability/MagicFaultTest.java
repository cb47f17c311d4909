package trainbook.reliability;

import trainbook.magic.RecordingContext;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Devices;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.store.RunStore;
import trainbook.magic.TrainMagic;
import trainbook.magic.args.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code %train} under faults, run as the kernel runs it but without one: a runs directory that cannot be written
 * (training still runs and shows, with a warning), NaN appearing mid-run (stops, saved as non_finite, diagnosis
 * shown), missing and truncated data files (a one-line error naming the file).
 */
class MagicFaultTest {
    @TempDir
    Path tmp;

    private TrainedRun train(RecordingContext nb, String args) {
        return new TrainMagic(nb, System::nanoTime).run(Tokenizer.tokenize(args));
    }

    @Test
    void unwritableRunsDirectoryStillTrainsAndShowsWithAWarning() throws Exception {
        Path runs = tmp.resolve("runs");
        Files.writeString(runs, "a file where the runs directory should be"); // unwritable even for root
        RecordingContext nb = new RecordingContext();
        try (TrainedRun run = train(nb, "data=blobs(n=96) model=linear epochs=2 batch=16 live=false as=ro runs=" + runs)) {
            assertEquals(2, run.record().epochs().size(), "training ran");
            assertEquals(StopReason.COMPLETED, run.record().stopReason());
            assertFalse(nb.displays.isEmpty(), "the report is shown");
            String shown = nb.shown();
            assertTrue(shown.contains("could not save"), "a warning says the run was not saved: " + nb.notes);
            org.junit.jupiter.api.Assertions.assertNotNull(run.record().saveError(), "the record says it was not saved, and why");
            assertTrue(nb.notes.stream().anyMatch(n -> n.contains("was not saved (" + run.record().saveError() + ")")),
                    nb.notes.toString());
            assertTrue(nb.variables.get("ro") instanceof TrainedRun, "the run is bound all the same");
        }
    }

    @Test
    void nanMidRunStopsSavesAsNonFiniteAndShowsTheDiagnosis() {
        AtomicInteger calls = new AtomicInteger();
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build())
                .add(new LambdaBlock(x -> calls.incrementAndGet() > 12
                        ? new NDList(x.singletonOrThrow().mul(Float.NaN)) : x));
        RecordingContext nb = new RecordingContext();
        nb.variables.put("net", net);
        Path runs = tmp.resolve("runs");
        trainbook.engine.data.DeviceCache.shared().releaseUnused();
        int before = Devices.liveNDArrays();
        try (TrainedRun run = train(nb, "data=blobs(n=160,classes=2) model=net epochs=5 batch=16 live=false as=nanrun runs=" + runs)) {
            RunRecord r = run.record();
            assertEquals(StopReason.NON_FINITE, r.stopReason());
            assertTrue(r.steps().size() >= 5 && r.steps().size() < 5 * 9, "stopped mid-run at step " + r.steps().size());
            assertTrue(Double.isNaN(r.steps().get(r.steps().size() - 1).loss()));
            assertFalse(r.findings().isEmpty(), "diagnosed");
            RunRecord saved = new RunStore(runs).load("nanrun");
            assertEquals(StopReason.NON_FINITE, saved.stopReason(), "saved as non_finite");
            assertEquals(r.steps().size(), saved.steps().size(), "with its partial history");
            String shown = nb.shown();
            assertTrue(shown.contains("non_finite") || shown.contains("non-finite") || shown.contains("NaN"),
                    "the stop is shown");
            assertTrue(shown.contains(r.findings().get(0).message().substring(0, 20)), "the diagnosis is shown");
        }
        // the notebook's model keeps its parameters (the user still holds `net`); nothing else stays alive once the
        // shared data cache lets go of the data set it keeps for a next run
        trainbook.engine.data.DeviceCache.shared().releaseUnused();
        int kept = net.getParameters().size();
        assertTrue(Devices.liveNDArrays() <= before + kept, "live NDArrays " + Devices.liveNDArrays() + " > "
                + before + " + " + kept + " parameters of the notebook model");
    }

    @Test
    void missingAndTruncatedDataFilesGiveOneLineErrorsNamingTheFile() throws Exception {
        Path dir = tmp.resolve("idx");
        Files.createDirectories(dir);
        TinyIdx.write(dir, 40, 10);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertOneLineNaming("data=idx:" + dir + " model=linear epochs=1 live=false runs=" + tmp.resolve("r"),
                "t10k-labels-idx1-ubyte");

        TinyIdx.write(dir, 40, 10);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] all = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(all, all.length / 2));
        assertOneLineNaming("data=idx:" + dir + " model=linear epochs=1 live=false runs=" + tmp.resolve("r"),
                "train-images-idx3-ubyte");

        assertOneLineNaming("data=csv:" + tmp.resolve("nope.csv") + " target=label model=linear epochs=1 live=false runs="
                + tmp.resolve("r"), "nope.csv");
        // refused before training: no run of any name was saved (the folder may not even exist)
        assertEquals(List.of(), new RunStore(tmp.resolve("r").toString()).names(), "runs saved for refused data");
        assertFalse(Files.exists(tmp.resolve("r").resolve("linear-adam-1e-3-1")));
    }

    private void assertOneLineNaming(String args, String file) {
        RecordingContext nb = new RecordingContext();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(nb, args));
        assertTrue(e.getMessage().contains(file), "names " + file + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
