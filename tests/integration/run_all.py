"""Runs every integration test module here, prints timings and writes "passed failed" to $TRAINBOOK_RESULT_FILE."""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import tbkernel  # noqa: E402  (sets JUPYTER_PATH before anything imports jupyter_client)


class CountingResult(unittest.TextTestResult):
    """Counts subtests as tests, so a notebook or a sample that fails shows up as its own failure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.failed = 0
        self._sub_failed = set()

    def addSuccess(self, test):
        super().addSuccess(test)
        if test.id() not in self._sub_failed:
            self.passed += 1

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.failed += 1

    def addError(self, test, err):
        super().addError(test, err)
        self.failed += 1

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._sub_failed.add(test.id())
            self.failed += 1


def main():
    t0 = time.monotonic()
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    result = runner.run(suite)
    total = time.monotonic() - t0
    print("\nmeasured:")
    for name, values in sorted(tbkernel.TIMINGS.items()):
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name}: {shown} s")
    print(f"  integration suite: {total:.1f} s")
    return finish("integration", result)


def finish(label, result):
    """Prints "LABEL: N passed, N failed", writes "passed failed" to $TRAINBOOK_RESULT_FILE; the exit status."""
    print(f"{label}: {result.passed} passed, {result.failed} failed")
    out = os.environ.get("TRAINBOOK_RESULT_FILE")
    if out:
        with open(out, "w") as f:
            f.write(f"{result.passed} {result.failed}\n")
    return 0 if result.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
