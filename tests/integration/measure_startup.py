#!/usr/bin/python3
"""Measures the Trainbook kernel's start-up through jupyter_client: kernel ready and first-cell latency.

  kernel ready   from KernelManager.start_kernel() until the kernel answers kernel_info (wait_for_ready)
  first cell     from sending `1 + 1` until its execute_reply and the idle status have arrived (result checked)
  kernel CPU     user + system CPU seconds of the kernel process at those two points (/proc): on a loaded machine
                 it varies far less than wall time, so it is the better figure for comparing variants

Each repeat starts a fresh kernel from a kernelspec in a temporary JUPYTER_PATH (the staged spec's kernel.json,
with its other files linked), runs the cell, shuts the kernel down. Prints every sample and the medians.

usage: measure_startup.py [-n REPEATS] [--spec DIR] [--argv-add FLAG]... [--argv-drop PREFIX]... [--delay S]
                          [--json FILE]

  --spec DIR          staged kernelspec (default build/kernelspec/trainbook, what ./trainbook kernelspec stages)
  --argv-add FLAG     add a JVM flag to the spec's argv (before -cp), to compare variants without rebuilding
  --argv-drop PREFIX  drop every JVM flag starting with PREFIX from the spec's argv
  --delay S           wait S seconds after ready before the first cell (default 0: sent at once, so the first
                      cell also waits for whatever the kernel still starts in the background)
  --cell CODE         the first cell (default `1 + 1`; its result is checked only for the default)
  --json FILE         also write the samples and medians as JSON
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNEL_NAME = "trainbook"


def make_jupyter_path(spec_src, add, drop):
    """A temporary JUPYTER_PATH with kernels/trainbook: kernel.json (argv edited) plus links to the spec's files."""
    with open(os.path.join(spec_src, "kernel.json")) as f:
        spec = json.load(f)
    argv = spec["argv"]
    cp = argv.index("-cp")
    jvm = [a for a in argv[1:cp] if not any(a.startswith(p) for p in drop)]
    spec["argv"] = [argv[0]] + jvm + list(add) + argv[cp:]
    tmp = tempfile.mkdtemp(prefix="trainbook-measure-")
    dest = os.path.join(tmp, "kernels", KERNEL_NAME)
    os.makedirs(dest)
    with open(os.path.join(dest, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=1)
    for name in os.listdir(spec_src):
        if name != "kernel.json":
            os.symlink(os.path.join(os.path.abspath(spec_src), name), os.path.join(dest, name))
    return tmp, spec["argv"]


def run_cell(kc, code, timeout):
    """Sends code; returns (seconds until reply and idle, reply content, text/plain result, stderr text)."""
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    reply, idle, result, err = None, False, None, ""
    deadline = t0 + timeout
    while not (reply is not None and idle):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no reply to {code!r} within {timeout} s")
        if reply is None:
            try:
                msg = kc.get_shell_msg(timeout=0.005)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
            except Exception:
                pass
        try:
            msg = kc.get_iopub_msg(timeout=0.005)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "execute_result":
            result = msg["content"]["data"].get("text/plain")
        elif kind == "stream" and msg["content"]["name"] == "stderr":
            err += msg["content"]["text"]
        elif kind == "error":
            err += "\n".join(msg["content"]["traceback"])
    return time.monotonic() - t0, reply, result, err


def cpu_seconds(pid):
    """User + system CPU seconds the process has used so far (Linux /proc), or nan where unknown."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def kernel_pid(km):
    prov = getattr(km, "provisioner", None)
    proc = getattr(prov, "process", None) if prov is not None else getattr(km, "kernel", None)
    return proc.pid if proc is not None else -1


def measure_once(km_class, cell, timeout, delay=0.0):
    km = km_class(kernel_name=KERNEL_NAME)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        ready = time.monotonic() - t0
        pid = kernel_pid(km)
        cpu_ready = cpu_seconds(pid)
        if delay > 0:
            time.sleep(delay)
        first, reply, result, err = run_cell(kc, cell, timeout)
        cpu_first = cpu_seconds(pid)
        if reply.get("status") != "ok":
            raise RuntimeError(f"first cell failed: {reply}: {err}")
        if cell == "1 + 1" and result != "2":
            raise RuntimeError(f"`1 + 1` gave {result!r}, expected '2'")
        if err.strip():
            raise RuntimeError(f"the first cell printed to stderr (a JVM warning reaching the notebook?): {err!r}")
        second, _, _, _ = run_cell(kc, cell, timeout)
        return ready, first, second, cpu_ready, cpu_first
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=5, help="repeats (default 5)")
    ap.add_argument("--spec", default=os.environ.get("TRAINBOOK_SPEC_DIR",
                                                     os.path.join(ROOT, "build", "kernelspec", KERNEL_NAME)))
    ap.add_argument("--argv-add", action="append", default=[])
    ap.add_argument("--argv-drop", action="append", default=[])
    ap.add_argument("--cell", default="1 + 1")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--delay", type=float, default=0.0,
                    help="seconds between ready and the first cell (a user opening a notebook); default 0")
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.n < 1:
        ap.error(f"-n {args.n}: give at least 1 repeat")
    if not os.path.isfile(os.path.join(args.spec, "kernel.json")):
        ap.error(f"--spec {args.spec}: no kernel.json there; run ./trainbook kernelspec first (it stages the spec)")

    jp, argv = make_jupyter_path(args.spec, args.argv_add, args.argv_drop)
    os.environ["JUPYTER_PATH"] = jp
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.mkdtemp(prefix="trainbook-runtime-"))
    from jupyter_client.manager import KernelManager  # after JUPYTER_PATH is set

    print("argv:", " ".join(argv), flush=True)
    samples = []
    try:
        for i in range(args.n):
            sample = measure_once(KernelManager, args.cell, args.timeout, args.delay)
            samples.append(sample)
            ready, first, second, cpu_ready, cpu_first = sample
            print(f"  run {i + 1}/{args.n}: kernel ready {ready:.3f} s, first cell {first:.3f} s, "
                  f"second cell {second:.3f} s; kernel CPU {cpu_ready:.2f} s at ready, "
                  f"{cpu_first:.2f} s after the first cell", flush=True)
    finally:
        shutil.rmtree(jp, ignore_errors=True)
    med = [statistics.median(s[k] for s in samples) for k in range(5)]
    print(f"median of {args.n}: kernel ready {med[0]:.3f} s, first cell {med[1]:.3f} s, second cell {med[2]:.3f} s; "
          f"kernel CPU {med[3]:.2f} s at ready, {med[4]:.2f} s after the first cell")
    try:
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}, cpus: {os.cpu_count()}")
    except OSError:
        pass
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"argv": argv, "samples": samples,
                       "median": {"ready_s": med[0], "first_cell_s": med[1], "second_cell_s": med[2],
                                  "cpu_at_ready_s": med[3], "cpu_after_first_cell_s": med[4]}}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
