"""(a) execute every notebook in notebooks/ with nbclient: no error outputs, and the expected MIME types.

A notebook lists the MIME types its outputs must include in its metadata:
    "trainbook": {"expected_mime_types": ["image/png", "text/html"]}
"""
import glob
import os
import time
import unittest

import tbkernel as tb
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

NOTEBOOKS = sorted(glob.glob(os.path.join(tb.ROOT, "notebooks", "*.ipynb")))


def output_mime_types(nb):
    types = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") in ("display_data", "execute_result"):
                types.update(out.get("data", {}).keys())
            elif out.get("output_type") == "stream":
                types.add("stream/" + out.get("name", ""))
    return types


EXECUTED_DIR = os.environ.get("TRAINBOOK_EXECUTED_DIR",
                              os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                           "build", "executed"))


class Notebooks(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "notebooks/ holds no .ipynb")

    def test_every_notebook_executes_cleanly(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                client = NotebookClient(nb, kernel_name=tb.KERNEL_NAME, timeout=900, startup_timeout=120,
                                        allow_errors=True, resources={"metadata": {"path": os.path.dirname(path)}})
                t0 = time.monotonic()
                client.execute()
                tb.record("notebook " + os.path.basename(path), time.monotonic() - t0)
                # keep the executed copy: the browser check (tests/browser) reuses it instead of running it again
                os.makedirs(EXECUTED_DIR, exist_ok=True)
                nbformat.write(nb, os.path.join(EXECUTED_DIR, os.path.basename(path)))
                errors = [(i, out.get("ename"), out.get("evalue"))
                          for i, cell in enumerate(nb.cells) for out in cell.get("outputs", [])
                          if out.get("output_type") == "error"]
                self.assertEqual(errors, [], "cells with errors (index, ename, evalue)")
                expected = set(nb.metadata.get("trainbook", {}).get("expected_mime_types", []))
                missing = expected - output_mime_types(nb)
                self.assertFalse(missing, f"outputs lack {sorted(missing)}")
                code_cells = [c for c in nb.cells if c.cell_type == "code"]
                self.assertTrue(all(c.get("execution_count") for c in code_cells), "every code cell ran")
                # what ./trainbook demo does next: the executed notebook must export to HTML with its images
                html, _ = HTMLExporter().from_notebook_node(nb)
                if "image/png" in expected:
                    self.assertIn("data:image/png;base64,", html)
                if "image/svg+xml" in expected:
                    self.assertIn("<svg", html)


if __name__ == "__main__":
    unittest.main()
