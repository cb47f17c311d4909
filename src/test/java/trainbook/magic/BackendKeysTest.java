package trainbook.magic;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.spark.SparkBackend;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * backend=, master=, parallel=, keep_params= in the default build (no Spark on the class path): every misuse is one line naming
 * the token, and nothing is saved. The Spark build's tests (src/spark/test) run the same keys on Spark.
 */
class BackendKeysTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() { MagicState.clear(); }

    private void compare(String line) {
        new CompareMagic(new RecordingContext(), System::nanoTime)
                .run(Tokenizer.tokenize(StudySweepTest.BASE + line + " runs=" + dir.toString().replace('\\', '/')));
    }

    @Test
    void misusedBackendKeysAreOneLineEachAndSaveNothing() throws Exception {
        MagicState.clear();
        String[][] cases = {
                {"lr=1e-3..1e-1 search=random trials=2 backend=spark study=b1", "Apache Spark is not on this kernel's class path;"
                        + " install the kernel with `./trainbook kernelspec --with-spark`"},
                {"lr=1e-3..1e-1 search=random trials=2 backend=ray", "unknown backend 'ray'"},
                {"lr=1e-3..1e-1 search=random trials=2 master=local[4]", "master=local[4] applies to backend=spark"},
                {"lr=1e-3..1e-1 search=random trials=2 parallel=4", "parallel=4 applies to backend=spark"},
                {"lr=1e-3..1e-1 search=random trials=2 backend=spark parallel=0", "parallel"},
                {"lr=1e-3..1e-1 search=random trials=2 backend=spark master=nowhere", "bad value 'nowhere' for master"},
                {"lr=1e-3..1e-1 search=random trials=2 keep_params=true", "keep_params=true applies to backend=spark"},
                {"lr=1e-3..1e-1 search=random trials=2 backend=spark keep_params=maybe", "keep_params"},
                {"lr=1e-3..1e-1 search=tpe backend=spark prune=asha study=b2", "Apache Spark is not on this kernel's class path"},
                {"lr=1e-3..1e-1 search=random trials=2 backend=spark parallel=2,4", "takes one value"},
        };
        for (String[] k : cases) {
            ArgException e = assertThrows(ArgException.class, () -> compare(k[0]), k[0]);
            assertTrue(e.getMessage().startsWith("%compare: "), e.getMessage());
            assertTrue(e.getMessage().contains(k[1]), k[0] + " → " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("studies")), "no study was saved");
        assertFalse(SparkBackend.available(), "the default build carries no Spark");
    }

    @Test
    void backendSparkParsesIntoAStudyWithItsMasterAndParallelism() {
        var c = trainbook.magic.args.CompareParser.parse("data=blobs(n=120) lr=1e-3,1e-2 backend=spark master=spark://10.0.0.5:7077 parallel=3 keep_params=true");
        assertEquals("spark", c.backend);
        assertTrue(c.keepParams, "keep_params=true asks the executors for the parameters");
        assertEquals("spark://10.0.0.5:7077", c.master);
        assertEquals(3, c.parallel);
        assertNotNull(c.space, "backend=spark runs the grid as a study");
        assertEquals(2, c.trialCount);
        var d = trainbook.magic.args.CompareParser.parse("data=blobs(n=120) lr=1e-3..1e-1 search=random trials=3 backend=spark");
        assertEquals("local[2]", d.master);
        assertEquals(2, d.parallel);
        assertFalse(d.keepParams, "by default only the run record travels");
        var local = trainbook.magic.args.CompareParser.parse("data=blobs(n=120) lr=1e-3,1e-2");
        assertEquals("local", local.backend);
        assertNull(local.space, "a grid without backend=spark stays a plain sweep");
    }

    @Test
    void aNotebookModelCannotTravelToSpark() {
        RecordingContext ctx = new RecordingContext();
        ctx.variables.put("net", new Object());
        ArgException e = assertThrows(ArgException.class, () -> new CompareMagic(ctx, System::nanoTime).run(Tokenizer.tokenize(
                "data=blobs(n=120) model=net epochs=1 lr=1e-3..1e-1 search=random trials=2 backend=spark runs=" + dir)));
        assertTrue(e.getMessage().contains("model=net is a notebook variable, which cannot travel to Spark executors"), e.getMessage());
    }
}
