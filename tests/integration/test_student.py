"""`./trainbook student` (tools/student.py) without a kernel: the solution/check conventions, the student
transformation, the PASS/FAIL rules over executed notebooks, and the script itself."""
import os
import subprocess
import sys
import tempfile
import unittest

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import student  # noqa: E402

SOLUTION = "%train model=mlp(32) data=spirals(n=600) opt=adam lr=1e-2 as=mine"
PLACEHOLDER = "// pick an optimizer and LR; hint: read the comparison above\ntrainbook.engine.loop.TrainedRun mine = null;"
CHECK = ('System.out.println(mine != null && mine.metric("val_acc") > 0.9 ? "PASS: val_acc above 0.9"\n'
         '    : "FAIL: no run above 0.9 — hint: compare optimizers first");')
CLAIM = 'System.out.println(ok ? "PASS: the doctor flags oscillation" : "FAIL: no oscillation finding");'


def code(source, tags=(), exercise=None, *texts):
    cell = nbformat.v4.new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    if exercise is not None:
        cell.metadata["trainbook"] = {"exercise": exercise}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in texts]
    if texts:
        cell.execution_count = 1
    return cell


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# lesson"), *cells])


def exercise_notebook():
    return notebook(code("int x = 1;", (), None, "1\n"),
                    code(CLAIM, (), None, "PASS: the doctor flags oscillation\n"),
                    code(SOLUTION, ("solution",), PLACEHOLDER, "trained\n"),
                    nbformat.v4.new_markdown_cell("Now check it:"),
                    code(CHECK, ("check",), None, "PASS: val_acc above 0.9\n"))


class Validate(unittest.TestCase):
    def test_a_well_formed_exercise_passes(self):
        self.assertEqual(student.validate(exercise_notebook(), "x.ipynb"), [3])
        self.assertEqual(student.validate(notebook(code("int x = 1;")), "x.ipynb"), [])

    def assertRefused(self, nb, *words):
        with self.assertRaises(student.NotebookError) as e:
            student.validate(nb, "x.ipynb")
        for w in ("x.ipynb",) + words:
            self.assertIn(w, str(e.exception))

    def test_a_solution_without_placeholder_is_refused(self):
        self.assertRefused(notebook(code(SOLUTION, ("solution",)), code(CHECK, ("check",))),
                           "cell 1", "metadata.trainbook.exercise")
        self.assertRefused(notebook(code(SOLUTION, ("solution",), "  \n"), code(CHECK, ("check",))),
                           "metadata.trainbook.exercise")

    def test_a_placeholder_that_is_the_answer_is_refused(self):
        self.assertRefused(notebook(code(SOLUTION, ("solution",), SOLUTION + "\n"), code(CHECK, ("check",))),
                           "equals the solution")

    def test_a_solution_must_be_followed_by_its_check(self):
        self.assertRefused(notebook(code(SOLUTION, ("solution",), PLACEHOLDER)), "no code cell", "'check'")
        self.assertRefused(notebook(code(SOLUTION, ("solution",), PLACEHOLDER), code(CHECK), code(CHECK, ("check",))),
                           "cell 2", "'check'")

    def test_a_markdown_solution_is_refused(self):
        cell = nbformat.v4.new_markdown_cell("answer")
        cell.metadata["tags"] = ["solution"]
        self.assertRefused(notebook(cell, code(CHECK, ("check",))), "markdown cell")


class StudentVersion(unittest.TestCase):
    def test_solutions_become_exercises_without_the_answer(self):
        nb = exercise_notebook()
        out = student.student_version(nb, "x.ipynb")
        self.assertEqual(len(out.cells), len(nb.cells))
        ex = out.cells[3]
        self.assertEqual(ex.cell_type, "code")
        self.assertEqual(ex.source, PLACEHOLDER)
        self.assertEqual(ex.metadata["tags"], ["exercise"])
        self.assertNotIn("trainbook", ex.metadata)
        self.assertNotIn("opt=adam", nbformat.writes(out), "the answer leaked into the student version")
        self.assertTrue(all(c.outputs == [] and c.execution_count is None
                            for c in out.cells if c.cell_type == "code"), "outputs cleared")
        self.assertEqual([c.source for i, c in enumerate(out.cells) if i != 3],
                         [c.source for i, c in enumerate(nb.cells) if i != 3], "other cells unchanged")
        self.assertEqual(nb.cells[3].source, SOLUTION, "the full notebook is left alone")
        nbformat.validate(out)

    def test_other_tags_and_metadata_survive(self):
        nb = notebook(code(SOLUTION, ("solution", "keep"), PLACEHOLDER), code(CHECK, ("check",)))
        nb.cells[1].metadata["trainbook"]["other"] = 1
        ex = student.student_version(nb).cells[1]
        self.assertEqual(ex.metadata["tags"], ["exercise", "keep"])
        self.assertEqual(ex.metadata["trainbook"], {"other": 1})

    def test_write_students_writes_only_notebooks_with_exercises(self):
        with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as out:
            nbformat.write(exercise_notebook(), os.path.join(src, "a.ipynb"))
            nbformat.write(notebook(code("int x = 1;")), os.path.join(src, "b.ipynb"))
            written = student.write_students(os.path.join(out, "students"), src)
            self.assertEqual(written, [os.path.join(out, "students", "a.ipynb")])
            self.assertEqual(nbformat.read(written[0], as_version=4).cells[3].source, PLACEHOLDER)
            with self.assertRaises(student.NotebookError) as e:
                student.write_students(src, src)
            self.assertIn("overwrite the solutions", str(e.exception))

    def test_a_bad_notebook_stops_before_anything_is_written(self):
        with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as out:
            nbformat.write(exercise_notebook(), os.path.join(src, "a.ipynb"))
            nbformat.write(notebook(code(SOLUTION, ("solution",))), os.path.join(src, "b.ipynb"))
            with self.assertRaises(student.NotebookError) as e:
                student.write_students(out, src)
            self.assertIn("b.ipynb", str(e.exception))
            self.assertEqual(os.listdir(out), [])

    def test_the_script_and_the_trainbook_command(self):
        with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as out:
            nbformat.write(exercise_notebook(), os.path.join(src, "a.ipynb"))
            for argv in ([sys.executable, os.path.join(ROOT, "tools", "student.py")],
                         [os.path.join(ROOT, "trainbook"), "student"]):
                p = subprocess.run(argv + [out, "--notebooks", src], capture_output=True, text=True, timeout=120)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn(os.path.join(out, "a.ipynb"), p.stdout)
            p = subprocess.run([os.path.join(ROOT, "trainbook"), "student", "--help"],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0)
            self.assertIn("solution", p.stdout)
            p = subprocess.run([os.path.join(ROOT, "trainbook"), "student"], capture_output=True, text=True,
                               timeout=60)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("DIR", p.stderr)

    def test_the_course_notebooks_follow_the_conventions(self):
        import glob
        for path in sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb"))):
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                for i in student.validate(nb, os.path.basename(path)):
                    self.assertTrue(nb.cells[i].metadata["trainbook"]["exercise"].strip())


class Rules(unittest.TestCase):
    """What the executed notebooks must print: full versions PASS everywhere; student versions FAIL with a hint in
    every exercise check and PASS in every claim check."""

    def test_full_version(self):
        self.assertEqual(student.full_failures(exercise_notebook()), [])
        nb = exercise_notebook()
        nb.cells[5].outputs[0].text = "FAIL: no run above 0.9 — hint: compare optimizers first\n"
        self.assertEqual(student.full_failures(nb), [(5, "FAIL: no run above 0.9 — hint: compare optimizers first"),
                                                     (5, "no PASS line from this check cell")])
        nb.cells[2].outputs = []
        self.assertIn((2, "no PASS line from this check cell"), student.full_failures(nb))

    def test_a_tagged_check_without_pass_in_its_source_still_counts(self):
        nb = notebook(code('System.out.println(verdict);', ("check",), None, "ok\n"))
        self.assertEqual(student.full_failures(nb), [(1, "no PASS line from this check cell")])

    def test_student_version(self):
        nb = exercise_notebook()
        nb.cells[5].outputs[0].text = "FAIL: no run above 0.9 — hint: compare optimizers first\n"
        self.assertEqual(student.student_failures(nb), [])

    def test_a_student_check_that_passes_or_has_no_hint_is_caught(self):
        nb = exercise_notebook()   # its check printed PASS: the check does not need the lesson
        self.assertEqual(student.student_failures(nb),
                         [(5, "the exercise check passed without the solution: PASS: val_acc above 0.9"),
                          (5, "no 'FAIL ... hint: ...' line from this exercise check")])
        nb.cells[5].outputs[0].text = "FAIL: val_acc 0.5\n"
        self.assertEqual(student.student_failures(nb),
                         [(5, "no 'FAIL ... hint: ...' line from this exercise check (printed 'FAIL: val_acc 0.5')")])
        nb.cells[5].outputs = []
        self.assertEqual(student.student_failures(nb), [(5, "no 'FAIL ... hint: ...' line from this exercise check")])

    def test_a_claim_that_fails_in_the_student_version_is_caught(self):
        nb = exercise_notebook()
        nb.cells[5].outputs[0].text = "FAIL: x — hint: y\n"
        nb.cells[2].outputs[0].text = "FAIL: no oscillation finding\n"
        self.assertEqual(student.student_failures(nb), [(2, "claim check failed: FAIL: no oscillation finding"),
                                                        (2, "no PASS line from this claim check")])

    def test_errors_and_display_text_are_read(self):
        nb = exercise_notebook()
        nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="CompilationException", evalue="bad",
                                                      traceback=[])]
        nb.cells[2].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "PASS: shown"},
                                                      execution_count=1)]
        self.assertEqual(student.errors(nb), [(1, "CompilationException", "bad")])
        self.assertEqual(student.full_failures(nb), [])


if __name__ == "__main__":
    unittest.main()
