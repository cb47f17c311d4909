"""Chart outputs: each is a PNG with an interactive Vega-Lite spec beside it (compiled and rendered here with the
npm vega packages), and charts survive export: every chart a magic draws is its own image/png output (not only a data URI inside HTML),
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

import sys

import tbkernel as tb
import nbformat
from nbclient import NotebookClient

sys.path.insert(0, os.path.join(tb.ROOT, "tests", "vega"))
import packages as vega  # noqa: E402

SLOW = 300

# cell → charts it draws: %train the loss, LR and gradient-norm charts; %lrfind its range test; %compare of two
# runs that differ in lr: the loss and accuracy overlays and the parallel coordinates
CELLS = [
    ("%train data=blobs(n=120) model=linear epochs=2 limit=3 lr=1e-2 as=exp_a", 3),
    ("%train data=blobs(n=120) model=linear epochs=2 limit=3 lr=1e-1 live=false as=exp_b", 3),
    ("%lrfind data=blobs(n=200) model=linear batch=16 steps=20 start=1e-4 end=1", 1),
    ("%compare exp_a exp_b", 3),
    ("%train data=blobs(n=120) model=linear epochs=1 limit=3 live=false charts=static as=exp_s", 3),
    ("%interpret exp_a", 1),
]
STATIC = 4  # the cell with charts=static
COMPARE = 3  # the %compare cell: its first chart carries the linked view of all its charts
VEGALITE = "application/vnd.vegalite.v5+json"


def charts_of(cell):
    return [o for o in cell.outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]


def unit_views(spec):
    """The unit views of a concatenated and/or layered Vega-Lite spec."""
    out = []
    for k in ("vconcat", "hconcat", "concat"):
        for v in spec.get(k, []):
            out += unit_views(v)
    for v in spec.get("layer", []):
        out += unit_views(v)
    if "mark" in spec and "layer" not in spec:
        out.append(spec)
    return out


def title_of(spec):
    t = spec.get("title", "")
    return t["text"] if isinstance(t, dict) else t


def rows_of(spec, seen=None):
    """Inline data rows in a (possibly layered) Vega-Lite spec; layers with equal data count once (vega-lite
    compiles them into one data set)."""
    import json
    seen = {} if seen is None else seen
    values = spec.get("data", {}).get("values")
    if values is not None:
        seen[json.dumps(values, sort_keys=True)] = len(values)
    for k in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(k, []):
            rows_of(part, seen)
    return sum(seen.values())


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

    def test_4_interactive_specs_compile_and_render_with_vega(self):
        specs = []
        for i, cell in enumerate(self.nb.cells):
            for k, o in enumerate(charts_of(cell)):
                if i == STATIC:
                    self.assertNotIn(VEGALITE, o.data, "charts=static: the image only")
                    continue
                self.assertIn(VEGALITE, o.data, f"cell {i} chart {k}: a Vega-Lite spec beside the PNG")
                self.assertIsInstance(o.data[VEGALITE], dict, "the spec is a JSON object in the notebook")
                specs.append((f"cell{i}_chart{k}", o.data[VEGALITE]))
        self.assertEqual(len(specs), sum(n for _, n in CELLS) - CELLS[STATIC][1])
        out = os.path.join(self.work, "vega")
        results = vega.render(specs, out)
        for name, spec in specs:
            r = results[name]
            self.assertTrue(r["ok"], f"{name}: {r.get('error')}")
            self.assertEqual(r["rows"], rows_of(spec), f"{name}: every data row reaches the renderer")
            with open(os.path.join(out, name + ".svg"), encoding="utf-8") as f:
                svg = f.read()
            if name.startswith(f"cell{COMPARE}_") and name != f"cell{COMPARE}_chart0":
                # a further %compare chart: in Vega-Lite frontends a line pointing to the linked view
                self.assertEqual(spec["mark"]["type"], "text", name)
                self.assertIn("linked comparison view above", svg)
                continue
            if name.startswith(f"cell{len(CELLS) - 1}_"):
                self.assertEqual(r["items"].get("rect"), len(spec["data"]["values"]), f"{name}: a cell per class pair {r['items']}")
            else:
                self.assertGreater(r["items"].get("line", 0), 0, f"{name}: lines drawn {r['items']}")
                self.assertIn("mark-line", svg)
            self.assertIn(title_of(spec).split(" ")[0], svg, "the title is drawn")
        # marks that carry meaning: the best epoch on the loss chart, every suggestion on the range test,
        # one point per run and epoch in the overlays
        self.assertEqual(results["cell0_chart0"]["items"].get("rule"), 1, "best-epoch rule")
        lrfind = dict(specs)["cell2_chart0"]
        suggestions = [l for l in lrfind["layer"] if l["mark"]["type"] == "point"]
        self.assertEqual(results["cell2_chart0"]["items"].get("symbol"), len(suggestions[0]["data"]["values"]))
        # %compare: one linked view whose units all follow one run selection (a click or the legend picks the run)
        linked = dict(specs)[f"cell{COMPARE}_chart0"]
        views = unit_views(linked)
        self.assertEqual([v["name"] for v in views], ["loss", "acc", "parallel"])
        params = linked["params"]
        self.assertEqual([p["name"] for p in params], ["run", "hover"],
                         "a click selection and a hover selection, each declared once for every view")
        for p in params:
            self.assertEqual(p["select"]["fields"], ["run"])
            self.assertEqual(p["views"], ["loss", "acc", "parallel"], f"{p['name']}: the selection spans every view")
        self.assertEqual(params[0]["bind"], "legend")
        self.assertNotIn("bind", params[1], "the legend picks the clicked run, not the hovered one")
        for v in views:
            conditions = v["encoding"]["opacity"]["condition"]
            self.assertEqual(conditions[0]["param"], "run", f"{v['name']}: highlighted by the clicked run first")
            self.assertEqual(conditions[-1]["param"], "hover", f"{v['name']}: then by the hovered run")
            self.assertEqual(v["encoding"]["color"]["field"], "run")
        self.assertEqual(results[f"cell{COMPARE}_chart0"]["items"].get("symbol"),
                         sum(len(v["data"]["values"]) for v in views), "a point per run and epoch (and axis)")

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
