"""Faults through a live kernel: an OutOfMemoryError in a cell (reported; the kernel stays usable), a corrupt run file
(%compare and %doctor name it and use the others), a runs directory that cannot be written (%train still trains and
shows, with a warning), a missing data file (a one-line error naming it), NaN in the middle of a run (stops, saved as
non_finite, diagnosis shown)."""
import json
import os
import unittest

import rel

SMALL_HEAP = rel.add_kernelspec("trainbook-rel-small-heap", ["-Xmx384m"])


class OutOfMemory(unittest.TestCase):
    def test_oom_in_a_cell_is_reported_and_the_kernel_stays_usable(self):
        k = rel.Kernel(SMALL_HEAP)
        try:
            k.ok("int before = 41;")
            reply, outputs = k.run("var hog = new ArrayList<long[]>(); while (true) hog.add(new long[1 << 20]);",
                                   timeout=rel.SLOW)
            self.assertEqual(reply["status"], "error")
            self.assertIn("OutOfMemoryError", reply["ename"] + " " + reply["evalue"] + " "
                          + " ".join(e["evalue"] for e in rel.errors_of(outputs)))
            k.ok("hog = null; System.gc();")
            self.assertEqual(k.value("before + 1"), "42", "the kernel is usable after an OutOfMemoryError")
            reply, _ = k.run("long[] huge = new long[Integer.MAX_VALUE];")
            self.assertEqual(reply["status"], "error")
            self.assertIn("OutOfMemoryError", reply["ename"] + reply["evalue"])
            self.assertEqual(k.value('"still " + (before + 1)'), "still 42")
            self.assertTrue(rel.heartbeat_answers(k.kc), "the heartbeat answers after the OutOfMemoryErrors")
            rel.figure("OutOfMemoryError in a cell (-Xmx384m)", "reported, kernel usable")
        finally:
            k.close()


class RunFaults(rel.KernelCase):

    def test_1_corrupt_run_file_is_named_and_the_others_load(self):
        k = self.k
        for name in ("ok1", "ok2", "bad"):
            k.ok(f"%train data=blobs(n=64) model=linear epochs=1 limit=2 batch=16 live=false as={name}" + self.R,
                 timeout=rel.SLOW)
        path = os.path.join(k.runs, "bad", "run.json")
        with open(path, "r+") as f:
            text = f.read()
            f.seek(0)
            f.write(text[: len(text) // 3])
            f.truncate()
        outputs = k.ok("%compare ok1 ok2" + self.R, timeout=rel.SLOW)
        self.assertIn("ok1", rel.displays_text(outputs))
        reply, outputs = k.run("%compare ok1 bad" + self.R)
        self.assertEqual(reply["status"], "error")
        self.assertIn("bad", reply["evalue"])
        self.assertIn("corrupt", reply["evalue"])
        self.assertNotIn("\n", reply["evalue"])
        reply, outputs = k.run("%doctor bad" + self.R)
        self.assertEqual(reply["status"], "error")
        self.assertIn(os.path.join("bad", "run.json"), reply["evalue"])
        outputs = k.ok("%compare last=5" + self.R, timeout=rel.SLOW)
        shown = rel.displays_text(outputs)
        self.assertIn("ok1", shown)
        self.assertIn("ok2", shown)
        self.assertIn(os.path.join("bad", "run.json"), shown, "the skipped record is named")
        self.assertTrue(k.alive())

    def test_2_unwritable_runs_directory_still_trains_and_shows(self):
        k = self.k
        blocked = os.path.join(k.dir, "blocked")
        with open(blocked, "w") as f:
            f.write("a file where the runs directory should be (unwritable even for root)")
        outputs = k.ok("%train data=blobs(n=64) model=linear epochs=2 batch=16 as=ro runs=" + blocked,
                       timeout=rel.SLOW)
        shown = rel.displays_text(outputs)
        charts = [m for m in outputs if m["msg_type"] in ("display_data", "update_display_data")
                  and "image/png" in m["content"]["data"]]
        self.assertTrue(charts, "the report's charts are shown")
        self.assertIn("run ro: hyperparameters and results", shown, "and its table")
        self.assertIn("not saved", shown)
        self.assertEqual(k.value("ro.record().epochs().size()"), "2", "trained and bound")

    def test_3_missing_data_file_names_it(self):
        missing = os.path.join(self.k.dir, "nowhere")
        reply, outputs = self.k.run(f"%train data=idx:{missing} model=linear epochs=1" + self.R)
        self.assertEqual(reply["status"], "error")
        self.assertIn(os.path.join(missing, "train-images-idx3-ubyte"), reply["evalue"])
        self.assertNotIn("\n", reply["evalue"])
        self.assertLessEqual(len(rel.errors_of(outputs)[0]["traceback"]), 3, "no stack trace for a user error")

    def test_4_nan_mid_run_stops_saved_as_non_finite_with_diagnosis(self):
        k = self.k
        k.ok("import ai.djl.nn.*; import ai.djl.nn.core.*; import ai.djl.ndarray.*;")
        k.ok("int[] calls = {0};")
        k.ok("var nanNet = new SequentialBlock().add(Linear.builder().setUnits(8).build())"
             ".add(Activation.reluBlock()).add(Linear.builder().setUnits(2).build())"
             ".add(new LambdaBlock(x -> ++calls[0] > 12 ? new NDList(x.singletonOrThrow().mul(Float.NaN)) : x));")
        outputs = k.ok("%train model=nanNet data=blobs(n=160,classes=2) epochs=5 batch=16 as=nanrun" + self.R,
                       timeout=rel.SLOW)
        with open(os.path.join(k.runs, "nanrun", "run.json")) as f:
            rec = json.load(f)
        self.assertEqual(rec["stopReason"], "NON_FINITE")
        self.assertTrue(5 <= len(rec["steps"]) < 45, f"stopped mid-run ({len(rec['steps'])} steps)")
        self.assertTrue(rec["findings"], "diagnosed")
        shown = rel.displays_text(outputs)
        self.assertIn("non_finite", shown)
        self.assertIn(rec["findings"][0]["message"][:20], shown, "the diagnosis is shown")
        rel.figure("NaN mid-run: stopped after steps", len(rec["steps"]))


if __name__ == "__main__":
    unittest.main()
