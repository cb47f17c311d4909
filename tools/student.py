"""Student versions of the course notebooks, and the rules their executed outputs must follow (issue 19 item 5).

A solution cell is a code cell tagged "solution" whose metadata.trainbook.exercise holds the student's version of
the cell (a placeholder with a hint). The next code cell after it is the exercise check, tagged "check": it prints
"PASS ..." when the exercise is solved and "FAIL: ... hint: ..." otherwise. Other cells that print "PASS are claim
checks: they assert what the notebook says about its own results and must pass in both versions.

    python3 tools/student.py OUT_DIR [--notebooks SRC_DIR]

writes OUT_DIR/NAME.ipynb for every notebook of SRC_DIR (default: notebooks/) that has solution cells. The rule
functions (full_failures, student_failures) are what tests/integration/test_notebooks.py applies to executed copies.
"""
import argparse
import copy
import glob
import os
import sys

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION, CHECK, EXERCISE = "solution", "check", "exercise"


class NotebookError(ValueError):
    """A notebook that breaks the solution/check conventions; the message names the notebook and the cell."""


def tags(cell):
    return list(cell.get("metadata", {}).get("tags", []))


def exercise_source(cell):
    return cell.get("metadata", {}).get("trainbook", {}).get(EXERCISE)


def validate(nb, name="notebook"):
    """Raises NotebookError unless every solution cell is a code cell with a string metadata.trainbook.exercise
    (different from the solution) and the next code cell after it is tagged "check". Returns the solution cells'
    indices."""
    found = []
    for i, cell in enumerate(nb.cells):
        if SOLUTION not in tags(cell):
            continue
        where = f"{name}: cell {i} (tagged '{SOLUTION}')"
        if cell.cell_type != "code":
            raise NotebookError(f"{where} is a {cell.cell_type} cell; only code cells can be solutions")
        if CHECK in tags(cell):
            raise NotebookError(f"{where} is also tagged '{CHECK}'; the check must be the next code cell")
        placeholder = exercise_source(cell)
        if not isinstance(placeholder, str) or not placeholder.strip():
            raise NotebookError(f"{where} has no metadata.trainbook.exercise: give it the student's placeholder "
                                f"cell as a string (what to do and a hint, in comments)")
        if placeholder.strip() == cell.source.strip():
            raise NotebookError(f"{where}: metadata.trainbook.exercise equals the solution; the student would get "
                                f"the answer")
        following = next((j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"), None)
        if following is None or CHECK not in tags(nb.cells[following]):
            shown = "no code cell" if following is None else f"cell {following} (tags {tags(nb.cells[following])})"
            raise NotebookError(f"{where} is followed by {shown}; the next code cell must be its check, "
                                f"tagged '{CHECK}'")
        found.append(i)
    return found


def student_version(nb, name="notebook"):
    """A copy of nb with every solution cell replaced by an "exercise" code cell holding its placeholder, and every
    output cleared. The answer does not survive in the copy (neither source nor metadata)."""
    validate(nb, name)
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if SOLUTION in tags(cell):
            meta = copy.deepcopy(cell.metadata)
            meta.get("trainbook", {}).pop(EXERCISE, None)
            if "trainbook" in meta and not meta["trainbook"]:
                del meta["trainbook"]
            meta["tags"] = [EXERCISE if t == SOLUTION else t for t in tags(cell)]
            cell = nbformat.v4.new_code_cell(exercise_source(cell), metadata=meta)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    out.cells = cells
    return out


def write_students(out_dir, src_dir=None):
    """Writes the student version of every notebook in src_dir (default notebooks/) with solution cells into out_dir;
    returns the paths written. Validates all of them before writing any."""
    src_dir = os.path.abspath(src_dir or os.path.join(ROOT, "notebooks"))
    out_dir = os.path.abspath(out_dir)
    if out_dir == src_dir:
        raise NotebookError(f"'{out_dir}' is the notebooks folder itself: writing there would overwrite the "
                            f"solutions; name another folder")
    if not os.path.isdir(src_dir):
        raise NotebookError(f"no notebooks folder '{src_dir}'")
    todo = []
    for path in sorted(glob.glob(os.path.join(src_dir, "*.ipynb"))):
        nb = nbformat.read(path, as_version=4)
        if validate(nb, os.path.basename(path)):
            todo.append((path, student_version(nb, os.path.basename(path))))
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for path, nb in todo:
        target = os.path.join(out_dir, os.path.basename(path))
        nbformat.write(nb, target)
        written.append(target)
    return written


# ---------------------------------------------------------------- rules over executed notebooks

def output_text(out):
    """The text a reader sees of one output: a stream, or the text/plain of a result or display."""
    if out.get("output_type") == "stream":
        return out.get("text", "")
    if out.get("output_type") in ("display_data", "execute_result"):
        return out.get("data", {}).get("text/plain", "")
    return ""


def printed_lines(cell):
    return [line.strip() for out in cell.get("outputs", []) for line in output_text(out).splitlines()]


def is_check(cell):
    """An exercise check (tagged "check") or a claim check (its source prints "PASS...")."""
    return cell.cell_type == "code" and (CHECK in tags(cell) or '"PASS' in cell.source)


def errors(nb):
    """(cell index, ename, evalue) of every error output."""
    return [(i, out.get("ename"), out.get("evalue")) for i, cell in enumerate(nb.cells)
            for out in cell.get("outputs", []) if out.get("output_type") == "error"]


def full_failures(nb):
    """(cell index, line) of every FAIL line anywhere, and of every check cell (exercise or claim) that printed no
    PASS line: in the full notebook every check passes."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = printed_lines(cell)
        found += [(i, line) for line in lines if line.startswith("FAIL")]
        if is_check(cell) and not any(line.startswith("PASS") for line in lines):
            found.append((i, "no PASS line from this check cell"))
    return found


def student_failures(nb):
    """(cell index, problem) for an executed student version: every exercise check must print a FAIL line with a
    hint and no PASS line (the check needs the lesson); every claim check must still PASS."""
    found = []
    for i, cell in enumerate(nb.cells):
        if not is_check(cell):
            continue
        lines = printed_lines(cell)
        passes = [line for line in lines if line.startswith("PASS")]
        fails = [line for line in lines if line.startswith("FAIL")]
        if CHECK in tags(cell):
            if passes:
                found.append((i, "the exercise check passed without the solution: " + passes[0]))
            if not any("hint:" in line for line in fails):
                found.append((i, "no 'FAIL ... hint: ...' line from this exercise check"
                              + (f" (printed {fails[0]!r})" if fails else "")))
        else:
            found += [(i, "claim check failed: " + line) for line in fails]
            if not passes:
                found.append((i, "no PASS line from this claim check"))
    return found


def main(argv=None):
    p = argparse.ArgumentParser(prog="./trainbook student",
                                description="Writes the student version of every notebook with solution cells.")
    p.add_argument("out_dir", metavar="DIR", help="folder for the student notebooks (not the notebooks folder)")
    p.add_argument("--notebooks", metavar="SRC", default=None, help="folder of the full notebooks (default: notebooks/)")
    a = p.parse_args(argv)
    try:
        written = write_students(a.out_dir, a.notebooks)
    except NotebookError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if not written:
        print("no notebook has solution cells: nothing written", file=sys.stderr)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
