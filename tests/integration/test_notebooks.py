"""(a) execute every notebook in notebooks/ with nbclient: no error outputs, and the expected MIME types;
(b) execute the student version of every notebook with solution cells (tools/student.py, `./trainbook student`):
no error outputs, every exercise check prints a FAIL line with a hint, every claim check still prints PASS.

TRAINBOOK_NOTEBOOKS=02,03 limits both to the notebooks whose names start with those prefixes.

A notebook lists the MIME types its outputs must include in its metadata:
    "trainbook": {"expected_mime_types": ["image/png", "text/html"]}
"""
import glob
import os
import sys
import time
import unittest

import tbkernel as tb
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

NOTEBOOKS = sorted(glob.glob(os.path.join(tb.ROOT, "notebooks", "*.ipynb")))
# TRAINBOOK_NOTEBOOKS=02,03 runs only the notebooks whose names start with those prefixes (while writing one)
if os.environ.get("TRAINBOOK_NOTEBOOKS"):
    NOTEBOOKS = [p for p in NOTEBOOKS
                 if any(os.path.basename(p).startswith(x.strip()) for x in os.environ["TRAINBOOK_NOTEBOOKS"].split(","))]


def output_mime_types(nb):
    types = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") in ("display_data", "execute_result"):
                types.update(out.get("data", {}).keys())
            elif out.get("output_type") == "stream":
                types.add("stream/" + out.get("name", ""))
    return types


# the solution/check conventions and the PASS/FAIL rules live with `./trainbook student` (tools/student.py)
sys.path.insert(0, os.path.join(tb.ROOT, "tools"))
import student  # noqa: E402

exercise_failures = student.full_failures


EXECUTED_DIR = os.environ.get("TRAINBOOK_EXECUTED_DIR",
                              os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                           "build", "executed"))


class Notebooks(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "notebooks/ holds no .ipynb")

    @staticmethod
    def execute_notebook(nb, path):
        """Executes nb (read from path) in place with the Trainbook kernel; returns the seconds it took."""
        client = NotebookClient(nb, kernel_name=tb.KERNEL_NAME, timeout=900, startup_timeout=120,
                                allow_errors=True, resources={"metadata": {"path": os.path.dirname(path)}})
        t0 = time.monotonic()
        client.execute()
        return time.monotonic() - t0

    def test_every_notebook_executes_cleanly(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                tb.record("notebook " + os.path.basename(path), self.execute_notebook(nb, path))
                # keep the executed copy: the browser check (tests/browser) reuses it instead of running it again
                os.makedirs(EXECUTED_DIR, exist_ok=True)
                nbformat.write(nb, os.path.join(EXECUTED_DIR, os.path.basename(path)))
                self.assertEqual(student.errors(nb), [], "cells with errors (index, ename, evalue)")
                self.assertEqual(exercise_failures(nb), [], "checks that failed (cell index, line)")
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

    def test_every_student_version_fails_its_checks_with_hints(self):
        """Proof that each exercise check needs the lesson: without the solution it FAILs with a hint, nothing
        crashes, and the notebook's claims hold all the same."""
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            if not student.validate(nb, os.path.basename(path)):
                continue
            with self.subTest(student=os.path.basename(path)):
                nb = student.student_version(nb, os.path.basename(path))
                tb.record("student " + os.path.basename(path), self.execute_notebook(nb, path))
                self.assertEqual(student.errors(nb), [], "cells with errors (index, ename, evalue)")
                self.assertEqual(student.student_failures(nb), [], "checks breaking the student rules")


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
