"""The first batch of a fresh kernel with magic-only cells run directly (the default) and compiled by JShell
(-Dtrainbook.directMagics=false), alternated, each a new kernel (run_bench.kernel_latency, as ./trainbook bench).

usage: /usr/bin/python3 bench/first_batch_ab.py [ROUNDS] [PAUSE_S]   (after mvn package; stages the kernelspec once)
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402

_run = subprocess.run
_staged = []


def _stage_once(args, *a, **k):
    # kernel_latency stages the kernelspec before every kernel; once is enough for an A/B of JVM options
    if isinstance(args, list) and len(args) > 1 and args[1] == "kernelspec":
        if _staged:
            return subprocess.CompletedProcess(args, 0, "", "")
        _staged.append(True)
    return _run(args, *a, **k)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    pause = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    subprocess.run = _stage_once
    for _ in range(rounds):
        for name, opts in (("direct", None), ("jshell", "-Dtrainbook.directMagics=false")):
            load = os.getloadavg()[0]
            k = run_bench.kernel_latency(java_options=opts, pause_s=pause)
            if "first_batch_s" not in k:
                print(name, k, flush=True)
                continue
            phases = sum(k["first_batch_phases"].values())
            print(f"{name} load {load:.1f}: first batch {k['first_batch_s']:.3f} s = dispatch "
                  f"{k['first_batch_s'] - phases:.3f} s + magic's phases {phases:.3f} s; whole first %train cell "
                  f"{k['first_train_s']:.2f} s", flush=True)


if __name__ == "__main__":
    main()
