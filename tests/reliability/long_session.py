"""Long session (run with --long): 30 consecutive small %train runs in one kernel. The kernel's resident memory grows
by less than 50 MB over the 30 runs (after a warm-up), and DJL's live NDArray count (a cheap cell expression,
trainbook.engine.Devices.liveNDArrays()) is back to its baseline once the runs' results are released.

TRAINBOOK_REL_GC="-XX:+UseParallelGC ..." runs the session with other GC options (in place of the kernelspec's
-XX:+UseSerialGC), to compare: with ParallelGC the heap kept growing (RSS +213 MB for +11 MB of live heap), and G1
on a busy machine doubled its heap after a few Fashion-MNIST runs (RSS +200 MB, touched a region at a time)."""
import os
import time
import unittest

import rel

RUNS = 30
WARMUP = 3
RSS_LIMIT_MB = 50.0
LIVE = "trainbook.engine.Devices.liveNDArrays()"
HEAP = ("System.gc(); Runtime.getRuntime().totalMemory() / 1048576.0 + \" \" + "
        "(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0")


class LongSession(unittest.TestCase):
    def test_thirty_train_runs(self):
        gc = os.environ.get("TRAINBOOK_REL_GC")
        name = rel.add_kernelspec("trainbook-rel-gc", gc.split(), drop=("-XX:+UseSerialGC",)) if gc else rel.KERNEL
        k = rel.Kernel(name)
        try:
            self.run_session(k)
        finally:
            k.close()

    def train(self, k, i):
        # each run replaces the notebook variable `r`; the previous Run is closed first, as a notebook would
        k.ok("if (r != null) { r.close(); r = null; }")
        k.ok(f"%train data=blobs(n=400) model=mlp(32) epochs=2 batch=32 as=r{i}" + self.R, timeout=rel.SLOW)
        k.ok(f"r = r{i}; r{i} = null;")

    def run_session(self, k):
        self.R = " runs=" + k.runs
        k.ok("trainbook.engine.loop.TrainedRun r = null;")
        for i in range(WARMUP):
            self.train(k, i)
        k.ok("if (r != null) { r.close(); r = null; } System.gc();")
        time.sleep(1)
        base_live = int(k.value(LIVE))
        base_committed, base_used = map(float, k.value(HEAP).split())
        base_rss = rel.rss_mb(k.pid)
        rel.figure("long session: baseline RSS", round(base_rss, 1), "MB")
        rel.figure("long session: baseline live NDArrays", base_live)
        t0 = time.monotonic()
        samples = []
        for i in range(WARMUP, WARMUP + RUNS):
            self.train(k, i)
            samples.append(rel.rss_mb(k.pid))
        k.ok("if (r != null) { r.close(); r = null; } System.gc();")
        time.sleep(1)
        live = int(k.value(LIVE))
        committed, used = map(float, k.value(HEAP).split())
        rel.figure("long session: Java heap used after GC, growth", round(used - base_used, 1), "MB")
        rel.figure("long session: Java heap committed, growth", round(committed - base_committed, 1), "MB")
        rss = rel.rss_mb(k.pid)
        rel.figure("long session: runs", RUNS)
        rel.figure("long session: time", round(time.monotonic() - t0, 1), "s")
        rel.figure("long session: RSS growth over 30 runs", round(rss - base_rss, 1), "MB")
        rel.figure("long session: RSS max during the runs", round(max(samples), 1), "MB")
        rel.figure("long session: live NDArrays after (baseline " + str(base_live) + ")", live)
        self.assertEqual(live, base_live, "DJL's live NDArray count is back to its baseline")
        self.assertLess(rss - base_rss, RSS_LIMIT_MB, "RSS growth over 30 runs")
        self.assertTrue(k.alive())


if __name__ == "__main__":
    unittest.main()
