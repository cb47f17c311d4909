#!/usr/bin/env python3
"""Per-operation profile of one training step, DJL's bundled libtorch against Debian's PyTorch (issue 17 item 2).

Runs the hand-written DJL loop (trainbook.bench.RawDjlLoop, -Dtrainbook.profile) and PyTorch eager
(bench/pytorch_bench.py, TRAINBOOK_PROFILE) on the same model, batch and thread count, each with its timed batches
under libtorch's own profiler (the same profiler on both sides), alternating the two for --rounds rounds. Each
trace's self time per operator (an event's duration less its direct children's) is summed per step; the table
gives the median over rounds per operator and the ratio DJL / PyTorch.

Usage: /usr/bin/python3 bench/op_profile.py --model mlp|cnn [--threads N] [--batches N] [--rounds R] [--top K]
(after `mvn -B -q -o package -DskipTests`). The profiler adds its own overhead per event on both sides alike: read
ratios, not absolute step times.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402  (java_cmd, run: the bench's own environment for both contestants)


def self_times(path):
    """{op name: [total self µs, count]} from a Chrome trace of libtorch's profiler."""
    with open(path) as f:
        text = f.read().strip()
    if text.endswith(","):
        text = text[:-1]
    events = json.loads(text if text.endswith("]") else text + "]")
    if isinstance(events, dict):
        events = events.get("traceEvents", [])
    by_tid = {}
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_tid.setdefault(e.get("tid"), []).append(e)
    out = {}
    for evs in by_tid.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # (end, event, child time)
        child = {}
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and ts >= stack[-1][0] - 1e-9:
                stack.pop()
            if stack:
                child[id(stack[-1][1])] = child.get(id(stack[-1][1]), 0.0) + dur
            stack.append((ts + dur, e))
        for e in evs:
            s = float(e["dur"]) - child.get(id(e), 0.0)
            agg = out.setdefault(e["name"], [0.0, 0])
            agg[0] += max(0.0, s)
            agg[1] += 1
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="mlp", choices=["mlp", "cnn"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batches", type=int, default=0, help="profiled batches (default 50 MLP, 10 CNN)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--mkl-shim", action="store_true",
                    help="preload kernel-spec/mkl_vendor.c into the DJL side, as the kernelspec does on non-Intel CPUs")
    a = ap.parse_args()
    if a.mkl_shim:
        run_bench.MKL_SHIM = run_bench.build_mkl_shim(tempfile.mkdtemp(prefix="trainbook-mkl-"))
    batches = a.batches or (50 if a.model == "mlp" else 10)
    tmp = tempfile.mkdtemp(prefix="trainbook-opprof-")
    common = ["--model", a.model, "--threads", str(a.threads), "--batches", str(batches), "--warmup", "20",
              "--epochs", "0"]
    runs = {"djl": [], "pytorch": []}
    load = [os.getloadavg()]
    for r in range(a.rounds):
        for side in (["djl", "pytorch"] if r % 2 == 0 else ["pytorch", "djl"]):
            trace = os.path.join(tmp, f"{side}-{r}.json")
            if side == "djl":
                cmd = run_bench.java_cmd("trainbook.bench.RawDjlLoop", common)
                cmd.insert(1, "-Dtrainbook.profile=" + trace)
                env = None
            else:
                cmd = [run_bench.PY, os.path.join(run_bench.ROOT, "bench", "pytorch_bench.py")] + common
                env = {"TRAINBOOK_PROFILE": trace}
            run_bench.run(cmd, timeout=900, extra_env=dict(env or {}, OMP_NUM_THREADS=str(a.threads)))
            runs[side].append({k: (v[0] / batches, v[1] / batches) for k, v in self_times(trace).items()})
    load.append(os.getloadavg())

    def med(side, op, i):
        return statistics.median(x.get(op, (0.0, 0))[i] for x in runs[side])

    ops = set().union(*[set(x) for side in runs.values() for x in side])
    rows = sorted(((op, med("djl", op, 0), med("pytorch", op, 0), med("djl", op, 1), med("pytorch", op, 1))
                   for op in ops), key=lambda r: -max(r[1], r[2]))
    tot_d = statistics.median(sum(v[0] for v in x.values()) for x in runs["djl"])
    tot_p = statistics.median(sum(v[0] for v in x.values()) for x in runs["pytorch"])
    print(f"# per-op self time per step, {a.model} t{a.threads}, {batches} profiled batches x {a.rounds} rounds "
          f"(median){', DJL with --mkl-shim' if a.mkl_shim else ''}, load average {load[0][0]:.2f} -> {load[1][0]:.2f}")
    print(f"all ops: DJL {tot_d:.0f} us/step, PyTorch {tot_p:.0f} us/step, ratio {tot_d / tot_p:.2f}")
    print("| op | DJL us/step | PyTorch us/step | DJL / PyTorch | calls/step DJL | calls/step PyTorch |")
    print("|---|---|---|---|---|---|")
    for op, d, p, cd, cp in rows[:a.top]:
        ratio = f"{d / p:.2f}" if p > 0 else "-"
        print(f"| {op} | {d:.1f} | {p:.1f} | {ratio} | {cd:g} | {cp:g} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
