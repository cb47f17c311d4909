package trainbook.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.data.DataTest;
import trainbook.engine.data.Datasets;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.StopReason;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Two notebooks in one JVM (two kernels' workspaces) neither stop nor share each other's work. */
class WorkspaceTest {
    @TempDir
    Path dir;

    private TrainSpec blobs(String name) {
        return new TrainSpec().data("blobs(n=200,classes=3,features=2)").model("mlp(8)").epochs(2).batch(32)
                .lr(1e-2).name(name).threads(1).runsDir(dir.toString());
    }

    @Test
    void aStopAskedOfOneNotebookDoesNotStopTheOthersRun() {
        Workspace a = new Workspace();
        Workspace b = new Workspace();
        a.cancellation().requestStop(); // the user interrupts a cell of notebook A
        try (Workspace.Binding ignored = b.bind()) {
            assertSame(b.cancellation(), Cancellation.current());
            try (TrainedRun run = Trainbook.train(blobs("in_b"))) {
                assertEquals(StopReason.COMPLETED, run.record().stopReason(), "B trains to the end");
                assertEquals(2, run.record().epochs().size());
            }
        }
        assertFalse(Workspace.process().cancellation().isRequested());
        try (Workspace.Binding ignored = a.bind()) {
            try (TrainedRun run = Trainbook.train(blobs("in_a"))) {
                assertEquals(StopReason.INTERRUPTED, run.record().stopReason(), "A's next run takes its stop up");
                assertEquals(0, run.record().steps().size());
            }
        }
        assertSame(Workspace.process(), Workspace.current(), "closing the binding puts the thread back");
    }

    @Test
    void bindingsNestAndOnlyTheBindingThreadIsAffected() throws Exception {
        Workspace outer = new Workspace();
        Workspace inner = new Workspace();
        try (Workspace.Binding o = outer.bind()) {
            try (Workspace.Binding i = inner.bind()) {
                assertSame(inner, Workspace.current());
                Workspace[] seen = new Workspace[1];
                Thread t = new Thread(() -> seen[0] = Workspace.current());
                t.start();
                t.join();
                assertSame(Workspace.process(), seen[0], "another thread is bound to none");
            }
            assertSame(outer, Workspace.current());
        }
        assertSame(Workspace.process(), Workspace.current());
    }

    @Test
    void eachNotebookDecodesIntoItsOwnIdxCache() throws Exception {
        DataTest.writeIdx(dir, "train", 30, true);
        DataTest.writeIdx(dir, "t10k", 20, false);
        Workspace a = new Workspace();
        Workspace b = new Workspace();
        try (Workspace.Binding ignored = a.bind()) {
            Datasets.load(new TrainSpec().data("idx:" + dir));
        }
        assertEquals(2, a.idx().size(), "train and t10k decoded in A");
        assertEquals(0, b.idx().size(), "B has decoded nothing");
    }
}
