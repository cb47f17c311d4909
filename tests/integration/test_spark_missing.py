"""%compare backend=spark in the default kernel, which carries no Spark (issue 15, item 4: missing Spark).

The study that exists stays as it was, the refusal is one line naming backend=spark and how to get Spark, and the
kernel goes on: the same study continues in-process. (The --with-spark kernel is tested by tests/spark/run.sh.)
"""
import os
import unittest

import tbkernel

LINE = ("%compare data=blobs(n=120) model=mlp(8) epochs=1 batch=32 limit=2 threads=1 live=false"
        " lr=1e-3..1e-1 search=random study=nospark")


def study_files(runs_dir):
    d = os.path.join(runs_dir, "studies", "nospark")
    files = {}
    for f in sorted(os.listdir(d)):
        with open(os.path.join(d, f)) as fh:
            files[f] = fh.read()
    return files


class SparkMissingTest(tbkernel.KernelCase):
    LABEL = "no spark"

    def test_backend_spark_without_spark_is_one_line_and_the_study_and_kernel_go_on(self):
        self.ok(LINE + " trials=2" + self.runs, timeout=300)
        before = study_files(self.runs_dir)
        reply, outputs = tbkernel.execute(self.kc, LINE + " trials=3 backend=spark" + self.runs, timeout=120)
        errors = [m["content"]["evalue"] for m in outputs if m["msg_type"] == "error"]
        text = "\n".join(errors) + tbkernel.stream_text(outputs, "stderr") + tbkernel.stream_text(outputs)
        self.assertIn("backend=spark: Apache Spark is not on this kernel's class path", text)
        self.assertIn("./trainbook kernelspec --with-spark", text)
        self.assertNotIn("\tat ", text, "no stack trace in the notebook")
        self.assertEqual(before, study_files(self.runs_dir), "the study is as it was")
        outputs = self.ok(LINE + " trials=3" + self.runs, timeout=300)
        self.assertEqual(3, len([f for f in study_files(self.runs_dir) if f.startswith("trial-")]))
        self.assertEqual(tbkernel.result_text(self.ok("1 + 1")), "2")


if __name__ == "__main__":
    unittest.main(verbosity=2)
