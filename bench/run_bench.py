#!/usr/bin/env python3
"""Orchestrates `./trainbook bench`: runs every contestant as its own process, alternating them round by round
so that ratios survive a noisy machine, then writes build/bench/results.md and results.csv and prints the table.

Contestants (per model/thread configuration):
  A-off  Trainbook engine, the %train path, rendering off
  A-on   Trainbook engine, the %train path with live progress + live chart + grad norms + doctor
  B      a hand-written DJL loop (trainbook.bench.RawDjlLoop)
  C      PyTorch eager (bench/pytorch_bench.py, Debian python3-torch, OpenBLAS 1 thread)
"""
import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


MKL_SHIM = None  # --mkl-shim PATH: the library the kernelspec preloads (kernel-spec/mkl_vendor.c), for the Java side


def build_mkl_shim(out):
    """Compiles kernel-spec/mkl_vendor.c (MKL's dispatcher then treats a non-Intel CPU by its features, not its
    vendor) into OUT; for bench/op_profile.py, which runs without the trainbook script."""
    so = os.path.join(out, "libtrainbook-mkl.so")
    p = subprocess.run(["gcc", "-shared", "-fPIC", "-O2", os.path.join(ROOT, "kernel-spec", "mkl_vendor.c"), "-o", so],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise SystemExit(f"gcc could not build kernel-spec/mkl_vendor.c: {p.stderr.strip()[-300:]}")
    return so


def java_cmd(main, args):
    cp = os.path.join(ROOT, "target", "classes") + os.pathsep + os.path.join(ROOT, "target", "lib", "*")
    agent = ["-agentpath:" + AGENT] if AGENT else []
    return ["java", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            *JVM_FLAGS, *agent, "-cp", cp, main] + args


def build_agent(out):
    """Compiles bench/jnicount.c, the JVMTI agent that counts JNI crossings into DJL's PyTorch binding
    (trainbook.bench.NativeCalls). Returns its path, or None (then no calls are counted) with the reason printed."""
    try:
        props = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                               timeout=60).stderr
        home = next(l.split("=", 1)[1].strip() for l in props.splitlines() if l.strip().startswith("java.home ="))
        inc = os.path.join(home, "include")
        so = os.path.join(out, "libjnicount.so")
        p = subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-I" + inc, "-I" + os.path.join(inc, "linux"),
                            os.path.join(ROOT, "bench", "jnicount.c"), "-o", so], capture_output=True, text=True,
                           timeout=120)
        if p.returncode != 0:
            print(f"native-call counting off: gcc failed: {p.stderr.strip()[-300:]}", flush=True)
            return None
        return so
    except (OSError, StopIteration, subprocess.TimeoutExpired) as e:
        print(f"native-call counting off: {e}", flush=True)
        return None


def kernel_jvm_flags():
    """The JVM options of kernel-spec/kernel.json, so that the Java contestants run as the kernel runs %train."""
    with open(os.path.join(ROOT, "kernel-spec", "kernel.json")) as f:
        argv = json.load(f)["argv"]
    return [a for a in argv if a.startswith("-X") or (a.startswith("-D") and "offline" not in a and "awt" not in a)]


JVM_FLAGS = kernel_jvm_flags()
AGENT = None  # set by main(): the JNI-counting agent, when it builds
LOAD_START = (float("nan"),) * 3


def contestant_cmd(name, model, threads, batches, warmup, epochs, extra=()):
    common = ["--model", model, "--threads", str(threads), "--batches", str(batches), "--warmup", str(warmup),
              "--epochs", str(epochs)] + list(extra)
    if name == "C":
        return [PY, os.path.join(ROOT, "bench", "pytorch_bench.py")] + common
    if name == "B":
        return java_cmd("trainbook.bench.RawDjlLoop", common)
    render = "on" if name == "A-on" else "off"  # A-def: render off with glibc's default malloc settings
    return java_cmd("trainbook.bench.EngineContestant", common + ["--render", render])


def run(cmd, timeout, extra_env=None):
    # OMP_WAIT_POLICY=PASSIVE: idle OpenMP workers sleep instead of spinning. On a busy 2-core machine spinning
    # made 2-thread runs 5-15x slower for both libtorch builds (measured: DJL MLP t2 84.6 -> 5.2 ms/batch,
    # PyTorch 24.1 -> 4.9). Both sides get the same environment.
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"),
               OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
    if MKL_SHIM and cmd and cmd[0] == "java":  # the Java contestants run as the kernel runs
        env["LD_PRELOAD"] = MKL_SHIM
    env.update(extra_env or {})
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} ... failed ({p.returncode}):\n{p.stderr[-2000:]}")
    for line in reversed(p.stdout.strip().splitlines()):
        if line.startswith("{"):
            out = json.loads(line)
            out["wall_s"] = time.time() - t0
            return out
    raise RuntimeError(f"no JSON result from {' '.join(cmd[:6])}:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")


def kernel_latency(timeout=120, java_options=None, pause_s=0.0):
    """Kernel start to ready (kernel_info answered) and first-cell latency, through jupyter_client.

    java_options: extra -D options for the kernel JVM (JAVA_TOOL_OPTIONS), e.g. the decoded-data cache off.
    pause_s: seconds the "user" waits after the first two cells (reading, typing) before the engine cell."""
    code = r'''
import json, os, sys, time
import jupyter_client
t0 = time.time()
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="trainbook", startup_timeout=90)
ready = time.time() - t0
try:
    t1 = time.time()
    quiet = lambda msg: None
    reply = kc.execute_interactive("1 + 1", timeout=60, output_hook=quiet)
    first = time.time() - t1
    t2 = time.time()
    kc.execute_interactive("int x = 2 * 21; x", timeout=60, output_hook=quiet)
    second = time.time() - t2
    # time to the first batch, split into its parts: the engine's native load (a cell that only loads it), then
    # the first %train of one batch (dataset decode + upload + model build + one step + end-of-run output), then
    # the same cell again (decoded data cached, engine warm): the difference is the first decode and upload.
    train = "%train model=mlp data=fashion-mnist epochs=1 limit=1 val=none"
    time.sleep(float(os.environ.get("TB_PAUSE_S", "0")))
    t3 = time.time()
    kc.execute_interactive('ai.djl.engine.Engine.getEngine("PyTorch").getVersion()', timeout=120, output_hook=quiet)
    engine = time.time() - t3
    t4 = time.time()
    kc.execute_interactive(train, timeout=300, output_hook=quiet)
    first_train = time.time() - t4
    # where the first batch's time went, from the engine's own clock (trainbook.engine.probe.StartupTimes), and the
    # wall-clock moment that batch finished, against this client's moment of sending the cell
    said = []
    keep = lambda msg: said.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None
    kc.execute_interactive("System.out.println(trainbook.engine.probe.StartupTimes.last().json());", timeout=60,
                           output_hook=keep)
    startup = None
    for line in "".join(said).splitlines():
        if line.startswith("{"):
            startup = json.loads(line)
    t5 = time.time()
    kc.execute_interactive(train, timeout=300, output_hook=quiet)
    warm_train = time.time() - t5
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
out = {"kernel_ready_s": ready, "first_cell_s": first, "second_cell_s": second, "engine_load_s": engine,
       "first_train_s": first_train, "warm_train_s": warm_train}
if startup:
    out["first_batch_s"] = startup["first_batch_epoch_ms"] / 1000 - t4
    out["first_batch_phases"] = startup["phases"]
print(json.dumps(out))
'''
    env = dict(os.environ)
    spec_root = os.path.join(ROOT, "build", "bench", "jupyter")
    env["JUPYTER_PATH"] = os.path.join(spec_root, "share", "jupyter")
    env["TB_PAUSE_S"] = str(pause_s)
    if java_options:
        env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " " + java_options).strip()
    subprocess.run([os.path.join(ROOT, "trainbook"), "kernelspec", "--prefix", spec_root],
                   check=False, capture_output=True)
    try:
        p = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"no answer within {timeout} s"}
    if p.returncode != 0:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "failed"}
    for line in reversed(p.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": "no result line from the latency probe"}


def user_args():
    """This run's options as typed to ./trainbook bench (which adds --mkl-shim PATH itself)."""
    out, it = [], iter(sys.argv[1:])
    for x in it:
        if x == "--mkl-shim":
            next(it, None)
        else:
            out.append(x)
    if os.environ.get("TRAINBOOK_MKL_SHIM") == "off":
        out.append("--no-mkl-shim")
    return out


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke run: 1 round, few batches, MLP only, no accuracy")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batches", type=int, default=300)
    ap.add_argument("--epochs", type=int, default=5, help="epochs for the accuracy runs (0 = skip)")
    ap.add_argument("--pairs", type=int, default=None,
                    help="extra back-to-back A-off/A-on pairs per configuration for the monitoring overhead "
                         "(default 4; 1 with --quick)")
    ap.add_argument("--configs", help="model:threads list to time, e.g. mlp:1,cnn:2 (default mlp:1,mlp:2,cnn:2)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--mkl-shim", metavar="PATH",
                    help="preload PATH (kernel-spec/mkl_vendor.c, built by ./trainbook bench where the kernelspec "
                         "preloads it) into the Java contestants, as kernel.json does for the kernel")
    a = ap.parse_args()
    global LOAD_START
    LOAD_START = os.getloadavg()
    if a.quick:
        a.rounds, a.batches, a.epochs = 1, 30, 0
    os.makedirs(a.out, exist_ok=True)
    global AGENT, MKL_SHIM
    AGENT = build_agent(a.out)
    if a.mkl_shim:
        if not os.path.isfile(a.mkl_shim):
            ap.error(f"--mkl-shim: '{a.mkl_shim}' is not a file; give the library built from kernel-spec/mkl_vendor.c")
        MKL_SHIM = os.path.abspath(a.mkl_shim)

    configs = [("mlp", 1), ("mlp", 2), ("cnn", 2)]
    if a.pairs is None:
        a.pairs = 1 if a.quick else 4
    if a.pairs < 0:
        ap.error(f"--pairs: '{a.pairs}' is negative; give 0 or more")
    if a.quick:
        configs = [("mlp", 1)]
    if a.configs:
        configs = []
        for c in a.configs.split(","):
            model, _, threads = c.strip().partition(":")
            if model not in ("mlp", "cnn") or not threads.isdigit() or int(threads) < 1:
                ap.error(f"--configs: '{c}' is not MODEL:THREADS with MODEL mlp or cnn, e.g. mlp:1,cnn:2")
            configs.append((model, int(threads)))
    names = ["A-off", "A-on", "A-def", "B", "C"]
    warmup = 5 if a.quick else 50
    results = {}  # (model, threads, name) -> list of runs
    for r in range(a.rounds):
        for model, threads in configs:
            batches = a.batches if model == "mlp" else max(10, a.batches // 5)
            order = names[r % len(names):] + names[:r % len(names)]  # rotate who goes first
            for name in order:
                out = run(contestant_cmd(name, model, threads, batches, warmup, 0), timeout=900,
                          extra_env={"TRAINBOOK_MALLOC": "default"} if name == "A-def" else None)
                results.setdefault((model, threads, name), []).append(out)
                print(f"round {r + 1} {model} t{threads} {name:5s} {out['ms_per_batch']:.3f} ms/batch "
                      f"(training thread CPU {out.get('cpu_ms_per_batch', float('nan')):.3f} ms)", flush=True)

    # Monitoring overhead (%train path vs render off) is a few per cent, below how much one run differs from the
    # next here, so it is judged on paired runs: --pairs extra A-off/A-on pairs run back to back (who goes first
    # alternates; with --pairs 0, each round's two runs), and the median of the per-pair ratios is reported with
    # their range.
    pairs = {}
    for model, threads in configs:
        pairs[(model, threads)] = [] if a.pairs else list(zip(results[(model, threads, "A-off")],
                                                               results[(model, threads, "A-on")]))
    # A pair's window must hold chart redraws (every 5 s) and progress updates like a real run, so it is at least
    # 2000 MLP / 200 CNN batches (about 7 s and 9 s here); 300 MLP batches (1 s) held no redraw at all.
    for p in range(a.pairs):
        for model, threads in configs:
            batches = a.batches if model == "mlp" else max(10, a.batches // 5)
            if not a.quick:
                batches = max(batches, 2000 if model == "mlp" else 200)
            got = {}
            for name in (["A-off", "A-on"] if p % 2 == 0 else ["A-on", "A-off"]):
                got[name] = run(contestant_cmd(name, model, threads, batches, warmup, 0), timeout=900)
            pairs[(model, threads)].append((got["A-off"], got["A-on"]))
            print(f"pair {p + 1} {model} t{threads} A-on/A-off "
                  f"{got['A-on']['ms_per_batch'] / got['A-off']['ms_per_batch']:.3f}", flush=True)

    accuracy = {}
    if a.epochs > 0:
        for model, threads in [c for c in [("mlp", 1), ("cnn", 2)] if c in configs]:
            for name in ["A-off", "B", "C"]:
                out = run(contestant_cmd(name, model, threads, 1, 0, a.epochs), timeout=3600)
                accuracy[(model, threads, name)] = out
                print(f"accuracy {model} {name}: {out['test_acc']:.4f} ({out['epoch_s']:.1f} s/epoch)", flush=True)

    lr = run(java_cmd("trainbook.bench.EngineContestant",
                      ["--model", "mlp", "--threads", "1", "--batches", "0", "--warmup", "0", "--epochs", "0",
                       "--lrfind", "100" if not a.quick else "20"]), timeout=900)
    kernel = kernel_latency()
    # the machine's limit: step FLOPs / libtorch's GEMM throughput at each thread count (trainbook.bench.GemmBound)
    bounds = {}
    for threads in sorted({t for _, t in configs}):
        try:
            bounds[threads] = run(java_cmd("trainbook.bench.GemmBound", ["--threads", str(threads)]), timeout=300,
                                  extra_env={"OMP_NUM_THREADS": str(threads)})
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print(f"GEMM bound at {threads} thread(s) not measured: {e}", flush=True)

    rows = []
    for model, threads in configs:
        base = statistics.median(x["ms_per_batch"] for x in results[(model, threads, "C")])
        cbase = statistics.median(x.get("cpu_ms_per_batch", float("nan")) for x in results[(model, threads, "C")])
        for name in names:
            runs = results[(model, threads, name)]
            med = statistics.median(x["ms_per_batch"] for x in runs)
            cpu = statistics.median(x.get("cpu_ms_per_batch", float("nan")) for x in runs)
            acc = accuracy.get((model, threads, name), {})
            rows.append({
                "model": model, "threads": threads, "contestant": name,
                "ms_per_batch": round(med, 3), "ratio_to_pytorch": round(med / base, 3),
                "cpu_ms_per_batch": round(cpu, 3), "cpu_ratio_to_pytorch": round(cpu / cbase, 3),
                "epoch_s": round(acc.get("epoch_s", float("nan")), 2),
                "test_acc": round(acc.get("test_acc", float("nan")), 4),
                "peak_rss_mb": round(max(x["peak_rss_mb"] for x in runs), 1),
                "gemm_bound_ms": round(bounds.get(threads, {}).get(model + "_bound_ms", float("nan")), 3),
                "native_calls_per_step": round(statistics.median(x.get("native_calls_per_step", float("nan"))
                                                                 for x in runs), 1),
            })
            rows[-1]["ratio_to_bound"] = round(med / rows[-1]["gemm_bound_ms"], 2)
    with open(os.path.join(a.out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

    def ratio(model, threads, x, y, key="ms_per_batch"):
        gx = [r for r in rows if (r["model"], r["threads"], r["contestant"]) == (model, threads, x)][0]
        gy = [r for r in rows if (r["model"], r["threads"], r["contestant"]) == (model, threads, y)][0]
        return gx[key] / gy[key]

    label = {"A-off": "Trainbook (render off)", "A-on": "Trainbook (%train: live + grads + doctor)",
             "A-def": "Trainbook (render off, glibc default malloc)",
             "B": "hand-written DJL loop", "C": "PyTorch eager"}
    lines = ["# Trainbook benchmark", "",
             f"Machine: {cpu_model()}, {os.cpu_count()} cores, {platform.platform()}; "
             f"{a.rounds} round(s), {a.batches} timed batches (MLP; CNN a fifth), Adam lr 1e-3, batch 128, Fashion-MNIST.",
             "Command: `" + " ".join(["./trainbook", "bench"] + user_args()) + "`",
             f"Load average (1/5/15 min) at start {LOAD_START[0]:.2f}/{LOAD_START[1]:.2f}/{LOAD_START[2]:.2f}, at end "
             + "/".join(f"{x:.2f}" for x in os.getloadavg()) + " (on a machine with " + str(os.cpu_count())
             + " cores, ratios from a loaded machine are indicative only).", "",
             "Java contestants run with kernel-spec/kernel.json's JVM options (" + " ".join(JVM_FLAGS) + "); "
             "PyTorch with OPENBLAS_NUM_THREADS=1; all with OMP_WAIT_POLICY=PASSIVE."
             + (" Java contestants and kernel with kernel-spec/mkl_vendor.c preloaded, as the kernelspec installs them on this"
                " CPU." if MKL_SHIM else " Java contestants without kernel-spec/mkl_vendor.c (TRAINBOOK_MKL_SHIM=off or an"
                " Intel CPU)."), "",
             "ms/batch is the median wall time of a step; CPU ms/batch is the training thread's CPU time per step "
             "(ThreadMXBean / time.thread_time), which a busy machine disturbs less.", "",
             "| model | threads | contestant | ms/batch | × PyTorch | CPU ms/batch | CPU × PyTorch | s/epoch | test acc "
             "| peak RSS MB | GEMM-bound ms | × bound | native calls/step |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['model']} | {r['threads']} | {label[r['contestant']]} | {r['ms_per_batch']} | "
                     f"{r['ratio_to_pytorch']} | {r['cpu_ms_per_batch']} | {r['cpu_ratio_to_pytorch']} | {r['epoch_s']} | {r['test_acc']} | {r['peak_rss_mb']} | "
                     f"{r['gemm_bound_ms']} | {r['ratio_to_bound']} | {r['native_calls_per_step']} |")
    lines += ["", "Native calls/step: host-language calls into libtorch per training step, measured — for the Java "
              "contestants every JNI crossing into DJL's PyTorch binding (bench/jnicount.c, a JVMTI agent that binds "
              "each native method through a counting trampoline; " + ("on" if AGENT else "off: the agent did not build")
              + "), for PyTorch the Python-to-C calls into torch (sys.setprofile c_call events over 20 extra steps; "
              "operator syntax such as indexing is not seen). Per step, by method (first round):"]
    for model, threads in configs:
        for name in ["A-on", "B", "C"]:
            by = results[(model, threads, name)][0].get("native_by_method") or {}
            top = sorted(by.items(), key=lambda kv: -kv[1])[:12]
            if top:
                lines.append(f"- {model} t{threads} {label[name]}: " + ", ".join(f"{k} {v:g}" for k, v in top)
                             + (f" (+{len(by) - len(top)} more)" if len(by) > len(top) else ""))
    for threads, b in sorted(bounds.items()):
        lines.append("")
        lines.append(f"GEMM-bound ms (the machine's limit, `trainbook.bench.GemmBound --threads {threads}`): step FLOPs "
                     f"(MLP {b['mlp_step_mflop']:.0f} MFLOP, CNN {b['cnn_step_mflop']:.0f} MFLOP, batch 128) / libtorch "
                     f"matMul throughput at {threads} thread(s) ({b['gemm_gflops_mlp_shape']:.1f} GFLOP/s at the MLP's "
                     f"first layer, {b['gemm_gflops_square']:.1f} GFLOP/s at 512³; the higher one counts); "
                     f"elementwise work, pooling and the optimizer counted as free.")
    def overhead(ps):
        """Median and range of A-on/A-off over paired runs, by wall time and by training-thread CPU."""
        wall = sorted(on["ms_per_batch"] / off["ms_per_batch"] - 1 for off, on in ps)
        cpu = sorted(on["cpu_ms_per_batch"] / off["cpu_ms_per_batch"] - 1 for off, on in ps
                     if off.get("cpu_ms_per_batch") and on.get("cpu_ms_per_batch"))
        o = statistics.median(wall)
        text = (f"{o * 100:+.1f}% (median of {len(wall)} pairs, range {wall[0] * 100:+.1f}..{wall[-1] * 100:+.1f}%; "
                f"target ≤ 3%) {'met' if o <= 0.03 else 'not met'}")
        if cpu:
            text += f"; by CPU {statistics.median(cpu) * 100:+.1f}% (range {cpu[0] * 100:+.1f}..{cpu[-1] * 100:+.1f}%)"
        return text

    lines += ["", "Targets:"]
    for model, threads in configs:
        target = 1.00 if model == "mlp" else 0.95
        x = ratio(model, threads, "A-on", "C")
        xc = ratio(model, threads, "A-on", "C", "cpu_ms_per_batch")
        lines.append(f"- {model} t{threads}: %train path {x:.2f}× PyTorch (target ≤ {target:.2f}×) "
                     f"{'met' if x <= target else 'not met'}; by training-thread CPU {xc:.2f}×")
        m = ratio(model, threads, "A-def", "A-off") - 1
        lines.append(f"- {model} t{threads}: engine.NativeMemory malloc settings: glibc defaults are {m * 100:+.1f}% "
                     f"slower per batch than the settings (A-def vs A-off)")
        lines.append(f"- {model} t{threads}: monitoring overhead (A-on vs A-off) " + overhead(pairs[(model, threads)]))
    if "lrfind_s" in lr and lr.get("train_steps_s"):
        q = lr["lrfind_s"] / lr["train_steps_s"]
        lines.append(f"- %lrfind {lr['lrfind_steps']} steps: {lr['lrfind_s']:.2f} s vs {lr['lrfind_steps']} training "
                     f"steps {lr['train_steps_s']:.2f} s = {q:.2f}× (target ≤ 1.1×) {'met' if q <= 1.1 else 'not met'}")
    if "kernel_ready_s" in kernel:
        lines.append(f"- kernel ready {kernel['kernel_ready_s']:.2f} s (target ≤ 2 s), first cell "
                     f"{kernel['first_cell_s']:.3f} s (target ≤ 0.2 s), second cell {kernel['second_cell_s']:.3f} s")
    else:
        lines.append(f"- kernel latency not measured: {kernel.get('error')}")
    if "first_train_s" in kernel:
        total = kernel["engine_load_s"] + kernel["first_train_s"]
        lines.append(f"- time to first batch, fresh kernel (`%train model=mlp data=fashion-mnist epochs=1 limit=1 val=none`"
                     f" after ready): {total:.2f} s (target ≤ 1.0 s) {'met' if total <= 1.0 else 'not met'} = engine load "
                     f"{kernel['engine_load_s']:.2f} s + first decode and upload "
                     f"{kernel['first_train_s'] - kernel['warm_train_s']:.2f} s + model build, one step and the run's "
                     f"output {kernel['warm_train_s']:.2f} s (the same cell again)")
    if "first_batch_s" in kernel:
        # issue 17's measure: from sending the %train cell to the end of its first optimizer step, and the engine's
        # own clock of the phases in between (trainbook.engine.probe.StartupTimes, from the magic's start); the rest
        # is the kernel's dispatch of the magic line
        ph = kernel["first_batch_phases"]
        fb = kernel["first_batch_s"]
        lines.append(f"- %train cell start to its first finished batch (after the engine cell): {fb:.2f} s (target "
                     f"≤ 1.0 s) {'met' if fb <= 1.0 else 'not met'} = kernel dispatch before the magic starts "
                     f"{fb - sum(ph.values()):.2f} s + " + " + ".join(f"{k} {v:.3f} s" for k, v in ph.items()))
    pt = [r for r in rows if r["contestant"] == "C"]
    an = [r for r in rows if r["contestant"] == "A-on"]
    if pt and an:
        d = max(x["peak_rss_mb"] for x in an) - max(x["peak_rss_mb"] for x in pt)
        # issue 17's target: the %train path within 100 MB of PyTorch's peak, largest contestant run against largest
        lines.append(f"- peak RSS: %train path {d:+.0f} MB vs PyTorch (target ≤ +100 MB) {'met' if d <= 100 else 'not met'}")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(text)
    print(text)
    print(f"wrote {os.path.join(a.out, 'results.md')} and results.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
