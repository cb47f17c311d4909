"""Memory a Binder session can live with (issue 20), measured from /proc/PID/status of a real kernel:
- one Fashion-MNIST %train cell rerun 20 times stays within 150 MB of the kernel's RSS after the first run;
- 12 such cells with different as= names (every run kept in a variable) stay within 250 MB of it;
- a %compare sweep of 8 Fashion-MNIST trials likewise;
- %runs release all brings DJL's live NDArray count back to its baseline;
- a kernel in a 2 GB memory cgroup (made by the test; -XX:MaxRAM=2g plus an RSS check where cgroups cannot be
  made) runs notebook 01's cells and ten reruns without being killed."""
import json
import os
import shutil
import time
import unittest

import rel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CELL = "%train model=mlp data=fashion-mnist epochs=1 limit=20 live=false"
LIVE = "trainbook.engine.Devices.liveNDArrays()"
LIMIT_MB = 2048
CGROUP_ROOT = "/sys/fs/cgroup/memory"


def peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class Reruns(rel.KernelCase):
    def test_1_rerunning_one_cell_keeps_memory_flat(self):
        k = self.k
        k.ok(f"{CELL} as=same runs={k.runs}", timeout=rel.SLOW)
        first = rel.rss_mb(k.pid)
        peak = first
        for _ in range(19):
            k.ok(f"{CELL} as=same runs={k.runs}", timeout=rel.SLOW)
            peak = max(peak, rel.rss_mb(k.pid))
        rel.figure("memory: RSS after the first Fashion-MNIST run", round(first), "MB")
        rel.figure("memory: 20 reruns of one cell, peak over the first", round(peak - first, 1), "MB")
        self.assertLess(peak - first, 150, f"20 reruns grew RSS from {first:.0f} to {peak:.0f} MB")

    def test_2_twelve_kept_runs_and_release(self):
        k = self.k
        k.ok("%runs release all")
        k.ok("System.gc();")
        time.sleep(1)
        base_live = int(k.value(LIVE))
        k.ok(f"{CELL} as=kept0 runs={k.runs}", timeout=rel.SLOW)
        first = rel.rss_mb(k.pid)
        peak = first
        for i in range(1, 12):
            k.ok(f"{CELL} as=kept{i} runs={k.runs}", timeout=rel.SLOW)
            peak = max(peak, rel.rss_mb(k.pid))
        rel.figure("memory: 12 runs kept in variables, peak over the first", round(peak - first, 1), "MB")
        self.assertLess(peak - first, 250, f"12 kept runs grew RSS from {first:.0f} to {peak:.0f} MB")
        listing = rel.displays_text(k.run("%runs")[1])
        self.assertIn("kept11", listing)
        self.assertIn("12 runs in memory", listing)
        out = rel.displays_text(k.run("%runs release all")[1])
        self.assertIn("released 12 runs", out)
        k.ok("System.gc();")
        time.sleep(1)
        self.assertEqual(base_live, int(k.value(LIVE)), "live NDArrays back to the baseline after %runs release all")
        rel.figure("memory: RSS after %runs release all", round(rel.rss_mb(k.pid)), "MB")
        # the records stay: a released run still explains itself, and its model says why it is gone
        self.assertIn("kept3", rel.displays_text(k.run(f"%doctor kept3 runs={k.runs}")[1]))
        err = rel.errors_of(k.run("kept3.block()")[1])
        self.assertTrue(any("released" in e.get("evalue", "") for e in err), err)

    def test_3_sweep_of_eight_trials(self):
        k = self.k
        k.ok(f"{CELL} as=before_sweep runs={k.runs}", timeout=rel.SLOW)
        first = rel.rss_mb(k.pid)
        reply, outputs = k.run("%compare model=mlp data=fashion-mnist epochs=1 limit=10 live=false"
                               f" lr=1e-3,2e-3,3e-3,5e-3 batch=64,128 runs={k.runs}", timeout=rel.SLOW * 2)
        self.assertEqual("ok", reply["status"], rel.errors_of(outputs))
        grown = rel.rss_mb(k.pid) - first
        rel.figure("memory: %compare sweep of 8 Fashion-MNIST trials, RSS over before", round(grown, 1), "MB")
        self.assertLess(grown, 250)


def _make_cgroup(name):
    """A v1 memory cgroup limited to LIMIT_MB, or None where this machine does not let the test make one."""
    path = os.path.join(CGROUP_ROOT, name)
    try:
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "memory.limit_in_bytes"), "w") as f:
            f.write(str(LIMIT_MB << 20))
        swap = os.path.join(path, "memory.memsw.limit_in_bytes")
        if os.path.exists(swap):
            with open(swap, "w") as f:
                f.write(str(LIMIT_MB << 20))
        return path
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return None


def _remove_cgroup(path):
    for _ in range(50):
        try:
            os.rmdir(path)
            return
        except OSError:
            time.sleep(0.1)


class UnderTwoGigabytes(unittest.TestCase):
    def test_notebook_01_and_ten_reruns_in_2_gb(self):
        group = _make_cgroup(f"trainbook-test-{os.getpid()}")
        spec = rel.tb.spec()
        argv = list(spec["argv"])
        if group:
            # the kernel enters the cgroup before the JVM starts, so every byte it maps is counted
            argv = ["/bin/sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$@"', "sh"] + argv
            how = "cgroup v1 memory.limit_in_bytes=2 GB"
        else:
            at = argv.index("-cp")
            argv[at:at] = ["-XX:MaxRAM=2g"]
            how = "-XX:MaxRAM=2g (no cgroup could be made here) and an RSS check"
        name = "trainbook-2g"
        dst = os.path.join(rel.tb.JUPYTER_PATH, "kernels", name)
        os.makedirs(dst, exist_ok=True)
        spec["argv"] = argv
        spec["display_name"] = "Java (Trainbook, 2 GB)"
        with open(os.path.join(dst, "kernel.json"), "w") as f:
            json.dump(spec, f)
        lib = os.path.join(dst, "lib")
        if not os.path.exists(lib):
            os.symlink(os.path.realpath(os.path.join(rel.tb.JUPYTER_PATH, "kernels", rel.tb.KERNEL_NAME, "lib")), lib)
        k = rel.Kernel(name)
        try:
            with open(os.path.join(ROOT, "notebooks", "01-quickstart.ipynb")) as f:
                nb = json.load(f)
            for cell in nb["cells"]:
                if cell["cell_type"] != "code":
                    continue
                src = "".join(cell["source"])  # the kernel's cwd is its scratch dir: runs go to its ./runs
                reply, outputs = k.run(src, timeout=rel.SLOW)
                self.assertEqual("ok", reply["status"], f"{src[:60]}: {rel.errors_of(outputs)}")
            for i in range(10):
                k.ok(f"{CELL} as=again runs={k.runs}", timeout=rel.SLOW)
            self.assertTrue(k.alive(), "the kernel survived")
            peak = peak_mb(k.pid)
            rel.figure("memory: notebook 01 + 10 reruns, kernel peak RSS (" + how + ")", round(peak), "MB")
            self.assertLess(peak, LIMIT_MB, "peak RSS within 2 GB")
            if group:
                with open(os.path.join(group, "memory.max_usage_in_bytes")) as f:
                    rel.figure("memory: notebook 01 + 10 reruns, cgroup peak usage", round(int(f.read()) / 2**20), "MB")
                # the kernel itself reports the container's limit
                self.assertIn("2048 MB (cgroup", rel.displays_text(k.run("%runs")[1]))
        finally:
            k.close()
            if group:
                _remove_cgroup(group)


if __name__ == "__main__":
    unittest.main()
