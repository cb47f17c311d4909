"""Shared set-up for the reliability tests: reuses tests/integration/tbkernel.py (temporary JUPYTER_PATH with the
staged kernelspec) and adds what these tests need: kernels started in a scratch directory with their stderr kept,
a second kernelspec with a small heap (OutOfMemoryError tests), interrupts with measured latency, RSS, process
trees, file-tree snapshots and the figures printed at the end."""
import json
import os
import shutil
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

import tbkernel as tb  # noqa: E402  (sets JUPYTER_PATH before jupyter_client is imported)
from jupyter_client.manager import KernelManager  # noqa: E402

TIMEOUT = tb.TIMEOUT
KERNEL = tb.KERNEL_NAME
SLOW = 300  # a training cell on a loaded 2-core machine
LONG = os.environ.get("TRAINBOOK_LONG") == "1"

FIGURES = {}  # name -> list of (value, unit); printed by run_rel.py


def figure(name, value, unit=""):
    """Keeps a measured figure for the final report (and prints it at once)."""
    FIGURES.setdefault(name, []).append((value, unit))
    print(f"    [figure] {name}: {value}{(' ' + unit) if unit else ''}", flush=True)


def add_kernelspec(name, extra_jvm_args, drop=()):
    """Adds kernels/NAME to the temporary JUPYTER_PATH: the Trainbook spec with extra JVM options (e.g. -Xmx),
    without the options listed in drop."""
    spec = tb.spec()
    argv = [a for a in spec["argv"] if a not in drop]
    at = argv.index("-cp")
    argv[at:at] = list(extra_jvm_args)
    spec["argv"] = argv
    spec["display_name"] = "Java (Trainbook, " + " ".join(extra_jvm_args) + ")"
    src = os.path.join(tb.JUPYTER_PATH, "kernels", tb.KERNEL_NAME)
    dst = os.path.join(tb.JUPYTER_PATH, "kernels", name)
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(dst, "kernel.json"), "w") as f:
        json.dump(spec, f)
    lib = os.path.join(dst, "lib")
    if not os.path.exists(lib):
        os.symlink(os.path.realpath(os.path.join(src, "lib")), lib)
    return name


class Kernel:
    """A Trainbook kernel in its own scratch directory (its cwd), stderr kept in a file for log checks."""

    def __init__(self, kernel_name=tb.KERNEL_NAME, ready_timeout=TIMEOUT * 2):
        self.dir = tempfile.mkdtemp(prefix="trainbook-rel-")
        self.runs = os.path.join(self.dir, "runs")
        self.stderr_path = os.path.join(self.dir, "kernel-stderr.log")
        self._stderr = open(self.stderr_path, "wb")
        self.km = KernelManager(kernel_name=kernel_name)
        t0 = time.monotonic()
        self.km.start_kernel(cwd=self.dir, stderr=self._stderr, stdout=self._stderr)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=ready_timeout)
        self.ready_seconds = time.monotonic() - t0
        self.pid = tb.kernel_pid(self.km)

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            try:
                if self.km.is_alive():
                    self.km.shutdown_kernel(now=True)
            finally:
                self._stderr.close()
                shutil.rmtree(self.dir, True)

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    # ------------------------------------------------------------------ cells

    def run(self, code, timeout=TIMEOUT):
        """(reply content, iopub outputs) of one cell."""
        return tb.execute(self.kc, code, timeout=timeout)

    def ok(self, code, timeout=TIMEOUT):
        reply, outputs = self.run(code, timeout)
        if reply["status"] != "ok":
            errors = [m["content"].get("evalue") for m in outputs if m["msg_type"] == "error"]
            raise AssertionError(f"{code!r} failed: {reply.get('ename')}: {errors}")
        return outputs

    def value(self, expr, timeout=TIMEOUT):
        text = tb.result_text(self.ok(expr, timeout))
        if text is not None and len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1]
        return text

    def alive(self):
        """True when the kernel still runs a cell and answers."""
        try:
            return self.km.is_alive() and self.value("6 * 7", timeout=30) == "42"
        except Exception:
            return False

    def start(self, code):
        """Sends a cell and returns its msg_id once the kernel reports busy for it."""
        msg_id = self.kc.execute(code)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "busy"):
                return msg_id
        raise TimeoutError(f"kernel never went busy for {code!r}")

    def wait_output(self, msg_id, predicate, timeout=SLOW):
        """Collects iopub outputs of msg_id until predicate(outputs) holds; returns them."""
        outputs = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            outputs.append(msg)
            if predicate(outputs):
                return outputs
        raise TimeoutError("the expected output never came")

    def interrupt_and_wait(self, msg_id, timeout=TIMEOUT):
        """Interrupts the running cell; returns (reply content, seconds from interrupt to reply, outputs after)."""
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        reply = None
        while reply is None:
            msg = self.kc.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg["content"]
        took = time.monotonic() - t0
        outputs = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except Exception:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        return reply, took, outputs


# ---------------------------------------------------------------------- processes and files

class KernelCase(unittest.TestCase):
    """Tests sharing one kernel per class: `cls.k` (a Kernel) and `cls.R`, the runs= argument for its directory."""

    @classmethod
    def setUpClass(cls):
        cls.k = Kernel()
        cls.R = " runs=" + cls.k.runs

    @classmethod
    def tearDownClass(cls):
        cls.k.close()


def heartbeat_answers(kc, within=5.0):
    """Whether the kernel answers heartbeats within `within` seconds: jupyter_client's is_beating() reflects one
    1-second ping, which a busy 2-core machine can miss without the kernel being dead."""
    deadline = time.monotonic() + within
    while not kc.hb_channel.is_beating() and time.monotonic() < deadline:
        time.sleep(0.2)
    return kc.hb_channel.is_beating()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no VmRSS for {pid}")


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def children(pid):
    """Pids of every live descendant of pid."""
    parent_of = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rfind(")") + 2:].split()[1])
            parent_of[int(entry)] = ppid
        except (OSError, ValueError, IndexError):
            continue
    out, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        for c, pp in parent_of.items():
            if pp == p:
                out.append(c)
                frontier.append(c)
    return [c for c in out if not tb.pid_gone(c)]


def snapshot(root):
    """{relative path: (size, mtime_ns)} of every file under root."""
    out = {}
    for d, _, files in os.walk(root):
        for name in files:
            p = os.path.join(d, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            out[os.path.relpath(p, root)] = (st.st_size, st.st_mtime_ns)
    return out


def errors_of(outputs):
    return [m["content"] for m in outputs if m["msg_type"] == "error"]


def displays_text(outputs):
    """Every text/plain and text/html shown by display or update messages and results, joined."""
    parts = []
    for m in outputs:
        if m["msg_type"] in ("display_data", "update_display_data", "execute_result"):
            data = m["content"]["data"]
            parts.append(data.get("text/plain", ""))
            parts.append(data.get("text/html", ""))
        elif m["msg_type"] == "stream":
            parts.append(m["content"]["text"])
    return "\n".join(parts)
