"""Charts survive export: every chart a magic draws is its own image/png output (not only a data URI inside HTML),
so `jupyter nbconvert --to markdown` and `--to latex` (which drop HTML outputs) extract one image file per chart.

Debian's nbconvert needs no TeX for --to latex (only --to pdf does); it needs pandoc only for markdown cells, so
the notebook here has code cells only.
"""
import base64
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import tbkernel as tb
import nbformat
from nbclient import NotebookClient

SLOW = 300

# cell → charts it draws: %train the loss, LR and gradient-norm charts; %lrfind its range test; %compare of two
# runs that differ in lr: the loss and accuracy overlays and the parallel coordinates
CELLS = [
    ("%train data=blobs(n=120) model=linear epochs=2 limit=3 lr=1e-2 as=exp_a", 3),
    ("%train data=blobs(n=120) model=linear epochs=2 limit=3 lr=1e-1 live=false as=exp_b", 3),
    ("%lrfind data=blobs(n=200) model=linear batch=16 steps=20 start=1e-4 end=1", 1),
    ("%compare exp_a exp_b", 3),
]


def charts_of(cell):
    return [o for o in cell.outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]


class Export(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="trainbook-export-")
        runs = " runs=" + os.path.join(cls.work, "runs")
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": tb.KERNEL_NAME, "display_name": "Java (Trainbook)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(code + (runs if not code.startswith("%lrfind") else ""))
                    for code, _ in CELLS]
        client = NotebookClient(nb, kernel_name=tb.KERNEL_NAME, timeout=SLOW, startup_timeout=120, allow_errors=True,
                                resources={"metadata": {"path": cls.work}})
        t0 = time.monotonic()
        client.execute()
        tb.record("export notebook", time.monotonic() - t0)
        cls.nb = nb
        cls.path = os.path.join(cls.work, "export.ipynb")
        nbformat.write(nb, cls.path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, True)

    def test_1_each_chart_is_a_png_output_shown_at_its_logical_size(self):
        for (code, want), cell in zip(CELLS, self.nb.cells):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            self.assertFalse(errors, f"{code!r}: {errors}")
            charts = charts_of(cell)
            self.assertEqual(len(charts), want, f"{code!r}: {len(charts)} image/png outputs")
            for o in charts:
                size = o.metadata.get("image/png", {})
                png = base64.b64decode(o.data["image/png"])
                width = int.from_bytes(png[16:20], "big")
                self.assertEqual(width, 2 * size["width"], "drawn at 2x, shown at the logical width")
                self.assertTrue(o.data.get("text/plain"), "every chart has a text form")
                self.assertNotIn("text/html", o.data, "a chart output is an image, not HTML")

    def convert(self, to, ext):
        out = os.path.join(self.work, "out-" + to)
        proc = subprocess.run(["timeout", "300", "/usr/bin/python3", "-m", "nbconvert", "--to", to, "--output-dir", out, self.path],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        with open(os.path.join(out, "export." + ext), encoding="utf-8") as f:
            text = f.read()
        images = sorted(n for n in os.listdir(os.path.join(out, "export_files")) if n.endswith(".png"))
        return text, images

    def test_2_markdown_export_extracts_one_image_per_chart(self):
        text, images = self.convert("markdown", "md")
        want = sum(n for _, n in CELLS)
        self.assertEqual(len(images), want, images)
        for name in images:
            self.assertIn("(export_files/" + name + ")", text)

    def test_3_latex_export_extracts_one_image_per_chart(self):
        text, images = self.convert("latex", "tex")
        want = sum(n for _, n in CELLS)
        self.assertEqual(len(images), want, images)
        for name in images:
            self.assertIn("{export_files/" + name + "}", text)


if __name__ == "__main__":
    unittest.main()
