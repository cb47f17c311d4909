"""%compare backend=spark in a real Trainbook kernel built --with-spark (Spark in the kernel's JVM, local mode).

Checks what only a real kernel shows: the kernel.json's JVM options let Spark start, Spark's logging stays quiet
(no INFO flood: Trainbook's own one-line events only), a bad master is one line, and the kernel stays usable.
Run by tests/spark/run.sh with TRAINBOOK_SPEC_DIR pointing at the staged Spark kernelspec.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
import tbkernel  # noqa: E402  (sets JUPYTER_PATH first)

LINE = ("%compare data=blobs(n=120) model=mlp(8) epochs=2 batch=32 limit=2 threads=1 live=false"
        " lr=1e-3..1e-1 search=random trials=3 backend=spark master=local[2] parallel=2 study=k1")


def texts(outputs):
    out = []
    for m in outputs:
        c = m["content"]
        if m["msg_type"] == "stream":
            out.append(c["text"])
        elif m["msg_type"] in ("display_data", "update_display_data", "execute_result"):
            out.append(c["data"].get("text/plain", ""))
        elif m["msg_type"] == "error":
            out.append(c["ename"] + ": " + c["evalue"])
    return "\n".join(out)


class SparkKernelTest(tbkernel.KernelCase):
    LABEL = "spark kernel"

    def test_a_study_on_spark_in_the_kernel(self):
        # pruning's epoch reports go through the driver's report channel; keep_params brings the parameters back
        outputs = self.ok(LINE + " prune=asha min_epochs=1 eta=2 keep_params=true" + self.runs, timeout=600)
        text = texts(outputs)
        self.assertIn("study done: 3 trials", text)
        self.assertNotIn("unpruned", text, "every epoch report reached the driver")
        self.assertNotIn(" INFO ", text, "Spark's INFO logging reached the notebook")
        streams = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        spark_lines = [l for l in streams.splitlines() if "spark" in l.lower()]
        for line in spark_lines:
            self.assertTrue(line.startswith("spark: ") or line.startswith("%compare"), f"not one of Trainbook's lines: {line!r}")
        for i in (1, 2, 3):
            self.assertTrue(os.path.isfile(os.path.join(self.runs_dir, f"k1-t{i}", "run.json")), f"trial {i} saved")
            self.assertTrue(os.path.isfile(os.path.join(self.runs_dir, f"k1-t{i}", "params.bin")), f"trial {i}'s parameters")
        # the kernel stays usable, and a second study on Spark starts a fresh application
        self.assertEqual(tbkernel.result_text(self.ok("1 + 1")), "2")

    def test_a_bad_master_is_one_line_and_the_kernel_stays_usable(self):
        reply, outputs = tbkernel.execute(self.kc, LINE.replace("master=local[2]", "master=spark://127.0.0.1:1")
                                          .replace("study=k1", "study=k2") + self.runs, timeout=120)
        text = texts(outputs)
        self.assertIn("master=spark://127.0.0.1:1: no Spark master answers there", text)
        self.assertFalse(os.path.exists(os.path.join(self.runs_dir, "studies", "k2")), "nothing saved")
        reply, outputs = tbkernel.execute(self.kc, LINE.replace("master=local[2]", "master=nosuch://x")
                                          .replace("study=k1", "study=k3") + self.runs, timeout=120)
        text = texts(outputs)
        self.assertIn("master=nosuch://x: Spark refused it (Could not parse Master URL: 'nosuch://x')", text)
        self.assertNotIn("\tat ", text, "no stack trace in the notebook")
        self.assertFalse(os.path.exists(os.path.join(self.runs_dir, "studies", "k3")), "nothing saved")
        self.assertEqual(tbkernel.result_text(self.ok("2 + 2")), "4")


if __name__ == "__main__":
    unittest.main(verbosity=2)
