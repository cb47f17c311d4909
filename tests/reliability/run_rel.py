"""Runs the reliability tests here (test_*.py; with TRAINBOOK_LONG=1 also long_*.py), prints the figures they
measured and writes "passed failed" to $TRAINBOOK_RESULT_FILE. Usually started by run.sh."""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import rel  # noqa: E402  (sets JUPYTER_PATH before anything imports jupyter_client)
from run_all import CountingResult, finish  # noqa: E402  (tests/integration, put on sys.path by rel)


def main(argv):
    t0 = time.monotonic()
    loader = unittest.defaultTestLoader
    suite = unittest.TestSuite()
    patterns = ["test_*.py"] + (["long_*.py"] if rel.LONG else [])
    only = [a for a in argv if not a.startswith("-")]
    for pattern in patterns:
        for test in loader.discover(HERE, pattern=pattern, top_level_dir=HERE):
            suite.addTest(test)
    if only:
        filtered = unittest.TestSuite()

        def walk(s):
            for t in s:
                if isinstance(t, unittest.TestSuite):
                    walk(t)
                elif any(o in t.id() for o in only):
                    filtered.addTest(t)
        walk(suite)
        suite = filtered
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    result = runner.run(suite)
    print("\nfigures:")
    for name, values in rel.FIGURES.items():
        shown = ", ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v, _ in values)
        unit = values[0][1]
        print(f"  {name}: {shown}{(' ' + unit) if unit else ''}")
    for name, values in sorted(rel.tb.TIMINGS.items()):
        print(f"  {name}: " + ", ".join(f"{v:.2f}" for v in values) + " s")
    print(f"  reliability suite: {time.monotonic() - t0:.1f} s")
    return finish("reliability (python)", result)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
