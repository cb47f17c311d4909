"""Trainbook as a library in the stock JJava kernel (../shared/jjava: an unmodified build of JJava's current source).

The kernelspec is unzipped into the temporary JUPYTER_PATH as kernel `jjava-stock`; Trainbook's jars come from
`./trainbook jars DIR --no-build` (the build must have run). In that kernel: notebook 01 with a `%classpath` cell
prepended, the live display (display ids + updates, the report shown once), `as=` binding, the renderers and display
helpers, one-line errors, the interrupt of a running %train, %lrfind / %compare / %doctor, and a `%maven` install
from a temporary file repository written by `./trainbook install --repo DIR`.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import zipfile
import xml.etree.ElementTree as ET

import tbkernel as tb
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

KERNEL = "jjava-stock"


def _find_zip():
    """$TRAINBOOK_JJAVA_ZIP, else shared/jjava/ beside the checkout or beside one of its parent folders (a CI clone
    may sit a level deeper than the working checkout)."""
    if os.environ.get("TRAINBOOK_JJAVA_ZIP"):
        return os.environ["TRAINBOOK_JJAVA_ZIP"]
    rel = os.path.join("shared", "jjava", "jjava-1.0-SNAPSHOT-kernelspec.zip")
    d = os.path.dirname(tb.ROOT)
    while True:
        if os.path.isfile(os.path.join(d, rel)):
            return os.path.join(d, rel)
        if os.path.dirname(d) == d:
            return os.path.join(os.path.dirname(tb.ROOT), rel)  # named in the error message
        d = os.path.dirname(d)


ZIP = _find_zip()
SLOW = 300
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def install_stock_kernelspec():
    if not os.path.isfile(ZIP):
        raise RuntimeError(f"no stock JJava kernelspec at {ZIP} (set TRAINBOOK_JJAVA_ZIP)")
    spec = os.path.join(tb.JUPYTER_PATH, "kernels", KERNEL)
    if not os.path.isfile(os.path.join(spec, "kernel.json")):
        os.makedirs(spec, exist_ok=True)
        with zipfile.ZipFile(ZIP) as z:
            z.extractall(spec)
    return spec


def write_jars(dest):
    out = subprocess.run([os.path.join(tb.ROOT, "trainbook"), "jars", dest, "--no-build"], capture_output=True,
                         text=True, timeout=300, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        raise RuntimeError("./trainbook jars failed: " + out.stdout + out.stderr)
    line = out.stdout.strip().splitlines()[-1]
    assert line == f"%classpath {os.path.abspath(dest)}/*.jar", line
    return line


def displays(outputs):
    return [m for m in outputs if m["msg_type"] == "display_data"]


def updates(outputs):
    return [m for m in outputs if m["msg_type"] == "update_display_data"]


def results(outputs):
    return [m for m in outputs if m["msg_type"] == "execute_result"]


class StockKernelCase(unittest.TestCase):
    """One stock JJava kernel with Trainbook's jars on its class path (%classpath)."""

    @classmethod
    def setUpClass(cls):
        install_stock_kernelspec()
        cls.dir = tempfile.mkdtemp(prefix="trainbook-stock-")
        cls.runs = " runs=" + os.path.join(cls.dir, "runs")
        cls.classpath = write_jars(os.path.join(cls.dir, "jars"))
        cls.km = KernelManager(kernel_name=KERNEL)
        t0 = time.monotonic()
        cls.km.start_kernel(cwd=cls.dir)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=tb.TIMEOUT * 2)
        tb.record("stock jjava: kernel ready", time.monotonic() - t0)
        reply, outputs = tb.execute(cls.kc, cls.classpath, timeout=SLOW)
        assert reply["status"] == "ok", [m["content"] for m in outputs]

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.dir, True)

    def ok(self, code, timeout=tb.TIMEOUT):
        reply, outputs = tb.execute(self.kc, code, timeout=timeout)
        errors = [m["content"]["evalue"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(reply["status"], "ok", f"{code!r} failed: {errors}")
        return outputs

    def value(self, expr):
        return tb.result_text(self.ok(expr))


class StockMagics(StockKernelCase):
    def test_1_train_one_live_display_updated_in_place_report_once_and_bound(self):
        outputs = self.ok("%train model=mlp(16) data=blobs(n=200) epochs=2 batch=16 as=r1" + self.runs, SLOW)
        shown = displays(outputs)
        ids = {m["content"].get("transient", {}).get("display_id") for m in shown}
        self.assertNotIn(None, ids, "every display has an id")
        progress_id, chart_id = (m["content"]["transient"]["display_id"] for m in shown[:2])
        ups = updates(outputs)
        self.assertTrue(ups, "live updates")
        self.assertEqual({m["content"]["transient"]["display_id"] for m in ups}, {progress_id, chart_id},
                         "only the progress line and the live chart are updated in place")
        final = [m for m in ups if m["content"]["transient"]["display_id"] == chart_id]
        self.assertIn("image/png", final[-1]["content"]["data"], "the live chart's slot ends with the loss chart")
        # the rest of the report follows once, as its own outputs (each chart an image, then the tables)
        self.assertTrue(any("<table" in m["content"]["data"].get("text/html", "") for m in shown[2:]), "the report")
        self.assertLessEqual(len(shown), 6, "a progress line, a chart slot and the report, not a flood")
        self.assertEqual(results(outputs), [], "the report is shown once (no execute_result of the magic's value)")
        self.assertIn("bound to `r1`", tb.stream_text(outputs))
        self.assertEqual(self.value("r1.record().name()"), "r1")
        again = results(self.ok("r1"))
        self.assertIn("text/html", again[0]["content"]["data"], "a bound run renders itself (Trainbook's renderer)")
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "runs", "r1", "run.json")))

    def test_2_help_and_one_line_errors(self):
        shown = displays(self.ok("%train --help"))
        self.assertIn("epochs", shown[0]["content"]["data"]["text/plain"])
        reply, outputs = tb.execute(self.kc, "%train model=nope data=blobs")
        self.assertEqual(reply["status"], "error")
        err = [m for m in outputs if m["msg_type"] == "error"][0]["content"]
        self.assertNotIn("\n", err["evalue"])
        self.assertIn("unknown model 'nope'", err["evalue"])
        self.assertEqual(self.value("1 + 1"), "2", "the kernel lives on")

    def test_3_notebook_variables_lrfind_compare_doctor(self):
        self.ok("import ai.djl.nn.*; import ai.djl.nn.core.*;")
        self.ok("var net = new SequentialBlock().add(Linear.builder().setUnits(8).build())"
                ".add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());")
        outputs = self.ok("%lrfind data=blobs(n=300) model=mlp(16) batch=16 steps=30 start=1e-4 end=1", SLOW)
        shown = displays(outputs)
        self.assertIn("running", shown[0]["content"]["data"]["text/plain"], "a running line that becomes the chart")
        self.assertLessEqual(len(shown), 3, "the running line, then the table and findings")
        self.assertEqual(self.value("lrfind.suggested() > 0"), "true")
        self.ok("%train model=net data=blobs(n=200) epochs=1 limit=4 lr=lrfind live=false as=vr" + self.runs, SLOW)
        self.assertEqual(self.value("vr.block() == net"), "true", "model= took the notebook's Block")
        self.assertEqual(self.value("vr.record().lrFinderSuggestion() == lrfind.suggested()"), "true")
        outputs = self.ok("%compare data=blobs(n=100) model=linear epochs=1 limit=2 lr=1e-2,1e-1 as=sw" + self.runs, SLOW)
        shown = displays(outputs)
        first_two = {m["content"]["transient"]["display_id"] for m in shown[:2]}
        self.assertTrue(all(m["content"]["transient"]["display_id"] in first_two for m in updates(outputs)),
                        "one progress line and one live leaderboard, updated in place")
        self.assertTrue(any("<table" in m["content"]["data"].get("text/html", "") for m in shown[1:]), "final ranking")
        self.assertEqual(results(outputs), [])
        self.assertEqual(self.value("sw.runs().size()"), "2")
        shown = displays(self.ok("%compare sw_1 sw_2" + self.runs))
        self.assertIn("<table", shown[-1]["content"]["data"]["text/html"])
        shown = displays(self.ok("%doctor sw_1" + self.runs))
        self.assertIn("sw_1", shown[-1]["content"]["data"]["text/plain"])

    def test_4_renderers_and_display_helpers(self):
        self.ok("import org.knowm.xchart.*; import tech.tablesaw.api.*;")
        chart = results(self.ok('var c = QuickChart.getChart("t", "x", "y", "s", new double[]{1, 2}, new double[]{3, 4}); c'))
        self.assertIn("image/png", chart[0]["content"]["data"])
        svg = displays(self.ok('display(c, "image/svg+xml");'))
        self.assertIn("<svg", svg[0]["content"]["data"]["image/svg+xml"])
        table = results(self.ok('Table.create("t", IntColumn.create("a", new int[]{1, 2, 3}))'))
        self.assertEqual(table[0]["content"]["data"]["text/html"].count("<tr"), 4, "header + 3 rows")
        html = results(self.ok('html("<b>bold</b>")'))
        self.assertEqual(html[0]["content"]["data"]["text/html"], "<b>bold</b>")
        outputs = self.ok('System.out.println("before"); clearOutput(); System.out.println("after");')
        kinds = [m["msg_type"] for m in outputs]
        self.assertIn("clear_output", kinds)
        self.assertEqual(tb.stream_text(outputs[kinds.index("clear_output"):]), "after\n")

    def test_5_interrupt_stops_the_run_and_its_report_still_appears(self):
        msg_id = self.kc.execute("%train model=mlp(64) data=blobs(n=2000) epochs=60 batch=8 as=stopped" + self.runs)
        outputs, reply, interrupted_at = [], None, None
        deadline = time.monotonic() + SLOW
        while reply is None and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.1)
                if msg["parent_header"].get("msg_id") == msg_id:
                    outputs.append(msg)
                    if interrupted_at is None and len(updates(outputs)) >= 3:
                        interrupted_at = time.monotonic()
                        self.km.interrupt_kernel()
            except Exception:
                pass
            try:
                msg = self.kc.get_shell_msg(timeout=0.05)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
            except Exception:
                pass
        self.assertIsNotNone(interrupted_at, "the run was interrupted while training")
        self.assertIsNotNone(reply, "the cell ended")
        tb.record("stock jjava: interrupt → cell done", time.monotonic() - interrupted_at)
        # collect what is left of the cell's output (until idle)
        t_end = time.monotonic() + 10
        while time.monotonic() < t_end:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                outputs.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
        errors = [m["content"]["evalue"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(reply["status"], "ok", f"the stopped run ends its cell normally; errors: {errors}")
        final = [m for m in displays(outputs) + updates(outputs) if "<table" in m["content"]["data"].get("text/html", "")]
        self.assertTrue(final, "the stopped run's report appears in the cell")
        self.assertTrue(any("interrupt" in m["content"]["data"]["text/plain"] for m in final),
                        [m["content"]["data"]["text/plain"][:200] for m in final])
        self.assertIn("bound to `stopped`", tb.stream_text(outputs))
        self.assertEqual(self.value("stopped.record().stopReason().label()"), "interrupted")
        self.assertEqual(self.value("1 + 1"), "2")


class StockNotebook(unittest.TestCase):
    maxDiff = None
    """notebooks/01-quickstart.ipynb in the stock kernel, with a first %classpath cell."""

    def test_quickstart_runs_green_with_a_classpath_cell(self):
        install_stock_kernelspec()
        tmp = tempfile.mkdtemp(prefix="trainbook-stock-nb-")
        try:
            line = write_jars(os.path.join(tmp, "jars"))
            path = os.path.join(tb.ROOT, "notebooks", "01-quickstart.ipynb")
            nb = nbformat.read(path, as_version=4)
            nb.cells.insert(0, nbformat.v4.new_code_cell(line))
            client = NotebookClient(nb, kernel_name=KERNEL, timeout=900, startup_timeout=120, allow_errors=True,
                                    resources={"metadata": {"path": tmp}})
            t0 = time.monotonic()
            client.execute()
            tb.record("stock jjava: notebook 01", time.monotonic() - t0)
            errors = [(i, out.get("ename"), out.get("evalue")) for i, cell in enumerate(nb.cells)
                      for out in cell.get("outputs", []) if out.get("output_type") == "error"]
            self.assertEqual(errors, [], "cells with errors (index, ename, evalue)")
            types = {k for cell in nb.cells for out in cell.get("outputs", [])
                     if out.get("output_type") in ("display_data", "execute_result") for k in out.get("data", {})}
            expected = set(nb.metadata.get("trainbook", {}).get("expected_mime_types", []))
            self.assertFalse(expected - types, f"outputs lack {sorted(expected - types)}")
        finally:
            shutil.rmtree(tmp, True)


class StockMaven(unittest.TestCase):
    """`./trainbook install --repo DIR` writes a publishable library; `%maven` loads it in the stock kernel."""

    def test_install_to_a_file_repository_then_maven_magic(self):
        install_stock_kernelspec()
        tmp = tempfile.mkdtemp(prefix="trainbook-stock-mvn-")
        km = None
        try:
            repo = os.path.join(tmp, "repo")
            out = subprocess.run([os.path.join(tb.ROOT, "trainbook"), "install", "--repo", repo], capture_output=True,
                                 text=True, timeout=900, stdin=subprocess.DEVNULL)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            lines = out.stdout.strip().splitlines()
            self.assertTrue(lines[-2].startswith("%mavenRepo trainbook file://"), lines[-2:])
            self.assertTrue(lines[-1].startswith("%maven org.trainbook:trainbook:"), lines[-1])
            art = [d for d in glob.glob(os.path.join(repo, "org", "trainbook", "trainbook", "*")) if os.path.isdir(d)]
            self.assertEqual(len(art), 1, "one version directory")
            files = os.listdir(art[0])
            for suffix in (".jar", ".pom", "-sources.jar", "-javadoc.jar"):
                self.assertTrue(any(f.endswith(suffix) and (suffix != ".jar" or "-sources" not in f and "-javadoc" not in f)
                                    for f in files), f"no *{suffix} in {files}")
            pom = ET.parse(glob.glob(os.path.join(art[0], "*.pom"))[0]).getroot()
            for tag in ("description", "url", "licenses/m:license/m:name", "scm/m:url"):
                self.assertTrue((pom.findtext("m:" + tag, namespaces=POM_NS) or "").strip(), f"POM lacks {tag}")
            shipped = {d.findtext("m:artifactId", namespaces=POM_NS): d.findtext("m:scope", namespaces=POM_NS) or "compile"
                       for d in pom.findall("m:dependencies/m:dependency", POM_NS)}
            for kernel_only in ("jjava-jupyter", "slf4j-simple"):
                self.assertIn(shipped.get(kernel_only), ("provided", "test"), f"{kernel_only}: {shipped.get(kernel_only)}")
            natives = [a for a in shipped if a.startswith("pytorch-native")]
            self.assertTrue(all(shipped[a] == "test" for a in natives), "natives are not a library dependency")

            km = KernelManager(kernel_name=KERNEL)
            km.start_kernel(cwd=tmp)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=tb.TIMEOUT * 2)
            reply, outputs = tb.execute(kc, lines[-2] + "\n" + lines[-1], timeout=SLOW)
            self.assertEqual(reply["status"], "ok", [m["content"] for m in outputs])
            reply, outputs = tb.execute(kc, "%train model=linear data=blobs(n=100) epochs=1 live=false as=fromrepo runs="
                                        + os.path.join(tmp, "runs"), timeout=SLOW)
            self.assertEqual(reply["status"], "ok", [m["content"] for m in outputs if m["msg_type"] == "error"])
            self.assertIn("bound to `fromrepo`", tb.stream_text(outputs))
            kc.stop_channels()
        finally:
            if km is not None:
                km.shutdown_kernel(now=True)
            shutil.rmtree(tmp, True)


if __name__ == "__main__":
    unittest.main()
