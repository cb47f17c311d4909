"""The magics through a real Trainbook kernel: %train, %lrfind, %compare and %doctor on tiny synthetic data, a
notebook-defined model and Tablesaw dataset, bad inputs (one-line errors, kernel stays alive), live displays updated
in place (no output flood), and variables bound in the notebook."""
import os
import shutil
import tempfile
import time
import unittest

import tbkernel as tb
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

SLOW = 300  # seconds for a training cell on a loaded 2-core machine


def displays(outputs):
    return [m for m in outputs if m["msg_type"] == "display_data"]


def updates(outputs):
    return [m for m in outputs if m["msg_type"] == "update_display_data"]


class Magics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="trainbook-magics-")
        cls.runs = " runs=" + os.path.join(cls.dir, "runs")
        cls.km = KernelManager(kernel_name=tb.KERNEL_NAME)
        t0 = time.monotonic()
        cls.km.start_kernel(cwd=cls.dir)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=tb.TIMEOUT * 2)
        tb.record("magics: kernel ready", time.monotonic() - t0)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.dir, True)

    def run_cell(self, code, timeout=tb.TIMEOUT):
        t0 = time.monotonic()
        reply, outputs = tb.execute(self.kc, code, timeout=timeout)
        tb.record("magics: " + code.split()[0], time.monotonic() - t0)
        return reply, outputs

    def ok(self, code, timeout=tb.TIMEOUT):
        reply, outputs = self.run_cell(code, timeout)
        errors = [m["content"]["evalue"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(reply["status"], "ok", f"{code!r} failed: {errors}")
        return outputs

    def value(self, expr):
        return tb.result_text(self.ok(expr))

    def error(self, code):
        reply, outputs = self.run_cell(code)
        self.assertEqual(reply["status"], "error", f"{code!r} should fail")
        err = [m for m in outputs if m["msg_type"] == "error"][0]["content"]
        self.assertLessEqual(len(err["traceback"]), 3, f"no stack trace for a user error: {err['traceback']}")
        self.assertNotIn("\n", err["evalue"])
        return err["evalue"]

    def test_1_bad_inputs_are_one_line_errors_and_the_kernel_lives_on(self):
        cases = {
            "%train epoch=3": "%train: unknown key 'epoch' (did you mean 'epochs'?)",
            "%train model=mpl": "%train: unknown model 'mpl' (did you mean 'mlp'?)",
            "%train opt=adma": "%train: unknown opt 'adma' (did you mean 'adam'?)",
            "%train lr=fast": "%train: bad value 'fast' for lr",
            "%train patience=2 val=none": "monitors val_loss but val=none",
            "%train warmup=1 warmup=500s": "warmup given both in epochs and in steps",
            "%lrfind steps=2": "%lrfind: bad value '2' for steps",
            "%compare run1 lr=1e-3,1e-2": "%compare: cannot mix saved runs",
            "%compare nosuchrun" + self.runs: "%compare: no saved run 'nosuchrun'",
            "%train metrics=acc,f2": "%train: unknown metric 'f2' in metrics=acc,f2 (did you mean 'f1'?)",
            "%train monitor=test_acc": "%train: unknown monitor 'test_acc'",
        }
        for code, expected in cases.items():
            with self.subTest(code=code):
                self.assertIn(expected, self.error(code))
        self.ok('String text = "hello";')
        self.assertIn("variable 'text' is a java.lang.String", self.error("%train data=text"))
        self.assertEqual(self.value("1 + 1"), "2")

    def test_2_help_lists_every_key(self):
        shown = displays(self.ok("%train --help"))
        self.assertEqual(len(shown), 1)
        data = shown[0]["content"]["data"]
        self.assertIn("text/html", data)
        for token in ("epochs=10", "sched=cosine", "warmup=1", "patience=3", "as=baseline", "dry=true"):
            self.assertIn(token, data["text/plain"])

    def test_3_notebook_model_and_table_train_live_and_bind(self):
        self.ok("import ai.djl.nn.*; import ai.djl.nn.core.*; import tech.tablesaw.api.*;")
        self.ok("var net = new SequentialBlock().add(Linear.builder().setUnits(8).build())"
                ".add(Activation.reluBlock()).add(Linear.builder().setUnits(2).build());")
        self.ok("var rnd = new Random(1); double[] x1 = new double[120], x2 = new double[120]; String[] lab = new String[120];"
                "for (int i = 0; i < 120; i++) { x1[i] = rnd.nextGaussian() + (i % 2) * 3; x2[i] = rnd.nextGaussian();"
                " lab[i] = i % 2 == 0 ? \"a\" : \"b\"; }"
                "Table tbl = Table.create(\"tbl\", DoubleColumn.create(\"x1\", x1), DoubleColumn.create(\"x2\", x2),"
                " StringColumn.create(\"label\", lab));")
        outputs = self.ok("%train model=net data=tbl target=label epochs=3 batch=16 as=tabrun" + self.runs, SLOW)
        shown = displays(outputs)
        self.assertEqual(len(shown), 2, "one progress line and one chart, updated in place")
        self.assertTrue(all(m["content"].get("transient", {}).get("display_id") for m in shown), "displays have ids")
        ids = {m["content"]["transient"]["display_id"] for m in shown}
        ups = updates(outputs)
        self.assertTrue(ups, "live updates")
        self.assertTrue(all(m["content"]["transient"]["display_id"] in ids for m in ups))
        final = [m for m in ups if "<img" in m["content"]["data"].get("text/html", "")]
        self.assertTrue(final, "the chart slot ends with the report (images in HTML)")
        self.assertIn("<table", final[-1]["content"]["data"]["text/html"])
        self.assertIn("bound to `tabrun`", tb.stream_text(outputs))
        self.assertIn(self.value("tabrun.record().name()"), ('tabrun', '"tabrun"'))
        self.assertEqual(self.value("tabrun.block() == net"), "true")
        again = self.ok("tabrun")
        result = [m for m in again if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("text/html", result, "a run renders itself again")
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "runs", "tabrun", "run.json")))

    def test_4_lrfind_then_lr_equals_lrfind(self):
        outputs = self.ok("%lrfind data=blobs(n=300) model=mlp(16) batch=16 steps=30 start=1e-4 end=1", SLOW)
        self.assertEqual(len(displays(outputs)), 1, "one output: a running line, then the result in its place")
        html = [m["content"]["data"].get("text/html", "") for m in updates(outputs)]
        self.assertTrue(any("<img" in h and "<table" in h for h in html), "chart and suggestions table")
        self.assertEqual(self.value("lrfind.suggested() > 0"), "true")
        self.ok("%train data=blobs(n=100) model=linear epochs=1 limit=2 lr=lrfind live=false as=fromfinder" + self.runs, SLOW)
        self.assertEqual(self.value("fromfinder.record().lrFinderSuggestion() == lrfind.suggested()"), "true")

    def test_5_sweep_then_compare_saved_then_doctor(self):
        outputs = self.ok("%compare data=blobs(n=100) model=linear epochs=1 limit=2 lr=1e-2,1e-1 as=sw" + self.runs, SLOW)
        self.assertEqual(len(displays(outputs)), 2, "one progress line and one live leaderboard")
        self.assertEqual(self.value("sw.runs().size()"), "2")
        for name in ("sw_1", "sw_2"):
            self.assertTrue(os.path.isfile(os.path.join(self.dir, "runs", name, "run.json")), name + " saved")
        shown = displays(self.ok("%compare sw_1 sw_2" + self.runs))
        self.assertIn("<table", shown[-1]["content"]["data"]["text/html"])
        self.assertEqual(self.value("comparison.runs().size()"), "2")
        shown = displays(self.ok("%doctor sw_1" + self.runs))
        self.assertIn("sw_1", shown[-1]["content"]["data"]["text/plain"])

    def test_7_metrics_per_epoch_and_monitor_val_f1(self):
        outputs = self.ok("%train data=blobs(n=300,classes=3) model=mlp(16) epochs=2 batch=32 lr=1e-2"
                          " metrics=acc,f1,precision,recall monitor=val_f1 patience=2 live=false as=metered" + self.runs, SLOW)
        text = "\n".join(m["content"]["data"].get("text/plain", "") for m in outputs
                         if m["msg_type"] in ("display_data", "update_display_data"))
        for key in ("val_f1", "val_precision", "val_recall"):
            self.assertIn(key, text, "the run table lists " + key)
        self.assertEqual(self.value("metered.metric(\"val_f1\") > 0.5"), "true")
        self.assertEqual(self.value("metered.history().columnNames().contains(\"val_f1\")"), "true")
        self.assertIn("does not fit this regression task; valid for regression: mae, rmse, r2",
                      self.error("%train data=linear(n=100) model=linear epochs=1 metrics=f1 live=false" + self.runs))

    def test_6_dry_run_trains_nothing(self):
        shown = displays(self.ok("%train data=blobs(n=200) epochs=3 sched=onecycle dry=true as=plan" + self.runs, SLOW))
        self.assertEqual(len(shown), 1)
        self.assertIn("dry run (no training)", shown[0]["content"]["data"]["text/plain"])
        self.assertFalse(os.path.exists(os.path.join(self.dir, "runs", "plan")))


class MagicsNotebook(unittest.TestCase):
    """A notebook using all the magics, executed like a user would (nbclient): the saved outputs stay compact."""

    def test_notebook_with_every_magic(self):
        work = tempfile.mkdtemp(prefix="trainbook-magics-nb-")
        self.addCleanup(shutil.rmtree, work, True)
        cells = [
            "%train epochs=0",                                                           # 0: bad input
            "import ai.djl.nn.*; import ai.djl.nn.core.*; import tech.tablesaw.api.*;\n"
            "var net = new SequentialBlock().add(Linear.builder().setUnits(8).build())"
            ".add(Activation.reluBlock()).add(Linear.builder().setUnits(2).build());\n"
            "Table tbl = Table.create(\"tbl\", DoubleColumn.create(\"x\", IntStream.range(0, 80).mapToDouble(i -> i % 2 * 2 + i * 1e-3).toArray()),"
            " IntColumn.create(\"y\", IntStream.range(0, 80).map(i -> i % 2).toArray()));",  # 1: notebook model + data
            "%lrfind model=net data=tbl target=y batch=8 steps=20 start=1e-4 end=1",         # 2
            "%train model=net data=tbl target=y epochs=3 batch=8 as=nbrun",                  # 3
            "%compare data=blobs(n=90) model=linear epochs=3 limit=2 opt=sgd,adam as=nbsweep",  # 4 (same epochs: see report)
            "%compare nbrun nbsweep_1 nbsweep_2",                                            # 5
            "nbrun.record().name() + \" \" + lrfind.suggested() + \" \" + nbsweep.runs().size()",  # 6
        ]
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": tb.KERNEL_NAME, "display_name": "Java (Trainbook)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        client = NotebookClient(nb, kernel_name=tb.KERNEL_NAME, timeout=SLOW, startup_timeout=120, allow_errors=True,
                                resources={"metadata": {"path": work}})
        t0 = time.monotonic()
        client.execute()
        tb.record("magics notebook", time.monotonic() - t0)
        outs = [c.outputs for c in nb.cells]

        errors = [o for o in outs[0] if o.output_type == "error"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0].ename, "ArgException")
        self.assertTrue(errors[0].evalue.startswith("%train: bad value '0' for epochs"), errors[0].evalue)
        for i in range(1, 7):
            self.assertFalse([o for o in outs[i] if o.output_type == "error"], f"cell {i}: {cells[i]!r} failed: {outs[i]}")

        def rich(i):
            return [o for o in outs[i] if o.output_type in ("display_data", "execute_result")]

        self.assertTrue(any("<img" in o.data.get("text/html", "") for o in rich(2)), "lrfind chart")
        train = rich(3)
        self.assertEqual(len(train), 2, "a saved %train holds one progress line and one report, not a flood")
        self.assertIn("finished", train[0].data["text/plain"])
        self.assertIn("<img", train[1].data["text/html"])
        self.assertIn("<table", train[1].data["text/html"])
        self.assertEqual(len(rich(4)), 2, "a saved sweep holds one progress line and one comparison")
        self.assertIn("sweep done: 2 trials", rich(4)[0].data["text/plain"])
        self.assertIn("<table", rich(5)[-1].data["text/html"])
        result = rich(6)[0].data["text/plain"].strip('"')
        name, suggestion, trials = result.split()
        self.assertEqual(name, "nbrun")
        self.assertGreater(float(suggestion), 0)
        self.assertEqual(trials, "2")
        for o in rich(3) + rich(4) + rich(5):
            self.assertIn("text/plain", o.data, "every output has a text form")


if __name__ == "__main__":
    unittest.main()
