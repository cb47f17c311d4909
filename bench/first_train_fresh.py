"""A fresh kernel whose first cell is a one-batch %train, sent as soon as the kernel answers kernel_info: the time
from sending the cell to its first finished batch (the engine's own clock, trainbook.engine.probe.StartupTimes),
beside the kernel's ready time and a `1 + 1` first cell in another fresh kernel (run_bench.kernel_latency). Each
variant is a set of kernel JVM options; the variants alternate within a round, so a busy machine slows them alike.

usage: /usr/bin/python3 bench/first_train_fresh.py [ROUNDS] [NAME=OPTIONS ...]
  (after mvn package and `./trainbook kernelspec --prefix build/bench/jupyter`; default variants: the preload as
   shipped, and the preload as it was before the training warm-up: 1 s after ready, engine and drawing only)
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402

TRAIN = "%train model=mlp data=fashion-mnist epochs=1 limit=1 val=none"

CODE = r'''
import json, sys, time
import jupyter_client
t0 = time.time()
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="trainbook", startup_timeout=90)
ready = time.time() - t0
quiet = lambda msg: None
try:
    t1 = time.time()
    kc.execute_interactive(sys.argv[1], timeout=300, output_hook=quiet)
    cell = time.time() - t1
    said = []
    keep = lambda msg: said.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None
    kc.execute_interactive("System.out.println(trainbook.engine.probe.StartupTimes.last().json());", timeout=60,
                           output_hook=keep)
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
out = {"kernel_ready_s": ready, "train_cell_s": cell}
for line in "".join(said).splitlines():
    if line.startswith("{"):
        s = json.loads(line)
        out["first_batch_s"] = s["first_batch_epoch_ms"] / 1000 - t1
        out["phases"] = s["phases"]
print(json.dumps(out))
'''


def first_train(java_options):
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.path.join(run_bench.ROOT, "build", "bench", "jupyter", "share", "jupyter")
    if java_options:
        env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " " + java_options).strip()
    p = subprocess.run([run_bench.PY, "-c", CODE, TRAIN], capture_output=True, text=True, timeout=300, env=env)
    for line in reversed(p.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    variants = [a.split("=", 1) for a in sys.argv[2:]] or [
        ("now", ""),
        ("before", "-Dtrainbook.preloadDelayMillis=1000 -Dtrainbook.preloadTrain=false"),
    ]
    real_run = subprocess.run

    def no_restage(args, *a, **k):  # kernel_latency restages the spec before each kernel; it is staged already
        if isinstance(args, list) and len(args) > 1 and args[1] == "kernelspec":
            return subprocess.CompletedProcess(args, 0, "", "")
        return real_run(args, *a, **k)

    for r in range(rounds):
        for name, opts in variants:
            load = os.getloadavg()[0]
            k = first_train(opts)
            if "first_batch_s" not in k:
                print(name, "first %train:", k, flush=True)
                continue
            phases = " ".join(f"{p}={v:.3f}" for p, v in k["phases"].items())
            print(f"{name} load {load:.1f}: ready {k['kernel_ready_s']:.2f} s, %train first cell: first batch "
                  f"{k['first_batch_s']:.3f} s, cell {k['train_cell_s']:.2f} s [{phases}]", flush=True)
            load = os.getloadavg()[0]
            subprocess.run = no_restage
            try:
                lat = run_bench.kernel_latency(java_options=opts or None)
            finally:
                subprocess.run = real_run
            if "first_cell_s" in lat:
                print(f"{name} load {load:.1f}: ready {lat['kernel_ready_s']:.2f} s, 1+1 first cell "
                      f"{lat['first_cell_s']:.3f} s, second cell {lat['second_cell_s']:.3f} s, engine cell "
                      f"{lat['engine_load_s']:.3f} s, first %train after it {lat['first_train_s']:.2f} s", flush=True)
            else:
                print(name, "latency:", lat, flush=True)
        time.sleep(1)


if __name__ == "__main__":
    main()
