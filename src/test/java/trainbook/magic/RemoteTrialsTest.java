package trainbook.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.sweep.Objective;
import trainbook.engine.sweep.RemoteTrial;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.TrainTrial;
import trainbook.engine.sweep.TrialExecutor;
import trainbook.engine.sweep.TrialHandle;
import trainbook.magic.args.CompareArgs;
import trainbook.magic.args.CompareParser;
import trainbook.render.compare.Monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The driver side of {@code backend=spark} without a cluster: a trial without {@code study=} reserves its run folder
 * when it is prepared, and gives it back when the study drops the trial, unless something was saved there.
 */
class RemoteTrialsTest {
    @TempDir
    Path runs;

    @Test
    void aDroppedTrialGivesBackItsEmptyRunFolderButNeverOneWithSomethingSaved() throws Exception {
        CompareArgs c = CompareParser.parse("data=blobs(n=120) model=mlp(8) epochs=1 batch=32 limit=2 live=false"
                + " threads=1 lr=1e-3..1e-1 search=tpe trials=3 runs=" + runs);
        assertTrue(c.isStudy(), "a study: the remote trials' path");
        RemoteTrials trials = new RemoteTrials(new RecordingContext(), c, Monitor.parse(c.monitor), new HashMap<>(),
                line -> {});
        // as the Spark executor does: every trial of the batch prepared (its folder reserved) and sent; the first
        // comes back and is saved, the others never run (a worker without the PyTorch natives); the third's folder
        // got a file meanwhile, which must never be deleted
        Path[] kept = new Path[1];
        TrialExecutor spark = new TrialExecutor() {
            @Override
            public void execute(List<TrialHandle> batch, Objective objective) {
                RemoteTrials remote = (RemoteTrials) objective;
                List<RemoteTrial<TrainTrial.Result>> sent = batch.stream().map(remote::prepare).toList();
                batch.get(0).run(t -> remote.finish(t, sent.get(0).call(0, (step, data) -> false)));
                kept[0] = runs.resolve(((TrainTrial) sent.get(2)).spec().name());
                try {
                    Files.writeString(kept[0].resolve("notes.txt"), "written by someone else");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public int parallelism() { return 3; }
        };
        Study study = Study.builder().space(c.space).seed(1).executor(spark).build();
        study.optimize(trials, 3);
        assertEquals(1, study.finishedCount());
        String saved = study.trials().get(0).run();
        try (Stream<Path> folders = Files.list(runs)) {
            assertEquals(List.of(saved, kept[0].getFileName().toString()).stream().sorted().toList(),
                    folders.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the saved run and the folder holding a file stay; the dropped trial's empty folder is gone");
        }
        assertTrue(Files.isRegularFile(runs.resolve(saved).resolve("run.json")));
        assertTrue(Files.isRegularFile(kept[0].resolve("notes.txt")));
    }
}
