"""Whether the kernel's class-sharing archive (kernel-spec/cds_archive.py) slows a first %train's data phases: fresh
kernels alternately with and without -XX:SharedArchiveFile (the same installed kernelspec; the copy without it is a
hard-linked twin whose kernel.json lacks the flag), each running `1 + 1`, a pause (the preload's warm-ups run in it),
then a one-batch %train; prints its phases (trainbook.engine.probe.StartupTimes) and the medians per variant.

usage: /usr/bin/python3 bench/cds_ab.py [ROUNDS] [PREFIX] [PAUSE_S]
  PREFIX: where `./trainbook kernelspec --prefix PREFIX` installed the spec (default build/bench/jupyter);
  the decoded-data cache is kept in /tmp/cds_idx (JAVA_TOOL_OPTIONS), so the first kernel decodes from gzip.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TRAIN = "%train model=mlp data=fashion-mnist epochs=1 limit=1 val=none"
KEPT = ("decode", "split and standardisation fit", "profile")

CODE = r'''
import json, sys, time
import jupyter_client
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="trainbook", startup_timeout=90)
quiet = lambda msg: None
try:
    kc.execute_interactive("1 + 1", timeout=60, output_hook=quiet)
    time.sleep(float(sys.argv[2]))
    t1 = time.time()
    kc.execute_interactive(sys.argv[1], timeout=300, output_hook=quiet)
    said = []
    keep = lambda msg: said.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None
    kc.execute_interactive("System.out.println(trainbook.engine.probe.StartupTimes.last().json()); System.out.println("
                           "\"ARGS \" + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());",
                           timeout=60, output_hook=keep)
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
out = {}
for line in "".join(said).splitlines():
    if line.startswith("{"):
        s = json.loads(line); out["phases"] = s["phases"]; out["first_batch_s"] = s["first_batch_epoch_ms"] / 1000 - t1
    if line.startswith("ARGS"):
        out["archive"] = "-XX:SharedArchiveFile=" in line
print(json.dumps(out))
'''


def twin_without_archive(prefix, tmp):
    """A hard-linked copy of the installed spec whose kernel.json starts the JVM without the archive."""
    twin = os.path.join(tmp, "nocds")
    shutil.copytree(prefix, twin, copy_function=os.link)
    spec_file = os.path.join(twin, "share", "jupyter", "kernels", "trainbook", "kernel.json")
    with open(spec_file) as f:
        spec = json.load(f)
    os.remove(spec_file)  # a hard link: rewriting it in place would change the original too
    spec["argv"] = [a for a in spec["argv"] if not a.startswith("-XX:SharedArchiveFile=")]
    with open(spec_file, "w") as f:
        json.dump(spec, f, indent=1)
    return twin


def one_kernel(prefix, pause):
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " -Dtrainbook.idxCacheDir=/tmp/cds_idx").strip()
    p = subprocess.run([sys.executable, "-c", CODE, TRAIN, str(pause)], capture_output=True, text=True, timeout=300,
                       env=env)
    for line in reversed(p.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    prefix = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join("build", "bench", "jupyter"))
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    kernel_json = os.path.join(prefix, "share", "jupyter", "kernels", "trainbook", "kernel.json")
    with open(kernel_json) as f:
        if not any(a.startswith("-XX:SharedArchiveFile=") for a in json.load(f)["argv"]):
            sys.exit(f"{kernel_json} starts no archive: install with `./trainbook kernelspec --prefix {prefix}`")
    tmp = tempfile.mkdtemp(prefix="trainbook-cds-ab-")
    try:
        variants = [("archive", prefix), ("no archive", twin_without_archive(prefix, tmp))]
        seen = {name: {p: [] for p in ("first batch",) + KEPT} for name, _ in variants}
        for _ in range(rounds):
            for name, where in variants:
                load = os.getloadavg()[0]
                k = one_kernel(where, pause)
                if "phases" not in k:
                    print(name, "failed:", k, flush=True)
                    continue
                if k.get("archive") != (name == "archive"):
                    sys.exit(f"{name}: the kernel's JVM flags do not match the variant")
                seen[name]["first batch"].append(k["first_batch_s"])
                for p in KEPT:
                    seen[name][p].append(k["phases"][p])
                print(f"{name:10} load {load:.1f}: first batch {k['first_batch_s']:.3f} s, "
                      + ", ".join(f"{p} {k['phases'][p]:.3f}" for p in KEPT), flush=True)
            time.sleep(1)
        for name, by_phase in seen.items():
            print(f"{name:10} median of {len(by_phase['first batch'])}: " + ", ".join(
                f"{p} {statistics.median(v):.3f} s ({min(v):.3f}-{max(v):.3f})" for p, v in by_phase.items() if v))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
