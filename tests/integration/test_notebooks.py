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


def output_text(out):
    """The text a reader sees of one output: a stream, or the text/plain of a result or display."""
    if out.get("output_type") == "stream":
        return out.get("text", "")
    return out.get("data", {}).get("text/plain", "") if out.get("output_type") in ("display_data", "execute_result") else ""


def exercise_failures(nb):
    """(cell index, line) of every exercise check that printed FAIL, and of every check cell (its source prints
    "PASS...") that printed no PASS line: a notebook whose own check fails must fail the test run."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = [line.strip() for out in cell.get("outputs", []) for line in output_text(out).splitlines()]
        found += [(i, line) for line in lines if line.startswith("FAIL")]
        if '"PASS' in cell.source and not any(line.startswith("PASS") for line in lines):
            found.append((i, "no PASS line from this check cell"))
    return found


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
                self.assertEqual(exercise_failures(nb), [], "exercise checks that failed (cell index, line)")
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


class ExerciseCheck(unittest.TestCase):
    """The FAIL check itself, on hand-made executed notebooks (no kernel needed)."""

    @staticmethod
    def nb(source, *texts):
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in texts]
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"), cell])

    def test_fail_lines_and_silent_checks_are_found(self):
        check = 'System.out.println(ok ? "PASS: fine" : "FAIL: val_acc 0.5 ≤ 0.9");'
        self.assertEqual(exercise_failures(self.nb(check, "PASS: fine\n")), [])
        self.assertEqual(exercise_failures(self.nb(check, "FAIL: val_acc 0.5 ≤ 0.9\n")),
                         [(1, "FAIL: val_acc 0.5 ≤ 0.9"), (1, "no PASS line from this check cell")])
        self.assertEqual(exercise_failures(self.nb(check)), [(1, "no PASS line from this check cell")])
        self.assertEqual(exercise_failures(self.nb("int x = 1;", "the word FAILURE inside a line\n")), [])


if __name__ == "__main__":
    unittest.main()
