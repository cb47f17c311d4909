"""Shared set-up for the integration tests: a kernelspec for the Trainbook kernel in a temporary JUPYTER_PATH.

Import this module before anything from jupyter_client: it points JUPYTER_PATH at a temporary directory holding
kernels/trainbook/kernel.json (copied from the staged spec) and a lib/ symlink to the staged jars.
"""
import atexit
import json
import os
import shutil
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC_SRC = os.environ.get("TRAINBOOK_SPEC_DIR", os.path.join(ROOT, "build", "kernelspec", "trainbook"))
KERNEL_NAME = "trainbook"
TIMEOUT = 60  # seconds for any single reply; a hung kernel fails the test instead of hanging CI


def _make_jupyter_path():
    if not os.path.isfile(os.path.join(SPEC_SRC, "kernel.json")):
        raise RuntimeError(f"no staged kernelspec at {SPEC_SRC}: run ./trainbook test (it builds and stages it)")
    tmp = tempfile.mkdtemp(prefix="trainbook-jupyter-")
    atexit.register(shutil.rmtree, tmp, True)
    spec = os.path.join(tmp, "kernels", KERNEL_NAME)
    os.makedirs(spec)
    shutil.copy(os.path.join(SPEC_SRC, "kernel.json"), spec)
    os.symlink(os.path.join(os.path.abspath(SPEC_SRC), "lib"), os.path.join(spec, "lib"))
    return tmp


if "TRAINBOOK_JUPYTER_PATH" not in os.environ:
    os.environ["TRAINBOOK_JUPYTER_PATH"] = _make_jupyter_path()
JUPYTER_PATH = os.environ["TRAINBOOK_JUPYTER_PATH"]
os.environ["JUPYTER_PATH"] = JUPYTER_PATH
# keep the tests away from the user's own runtime dir and config
os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.mkdtemp(prefix="trainbook-runtime-"))

from jupyter_client.manager import KernelManager  # noqa: E402  (after JUPYTER_PATH is set)

TIMINGS = {}


def record(name, seconds):
    """Keeps a measured duration for the final report."""
    TIMINGS.setdefault(name, []).append(seconds)


def start_kernel():
    """Starts a Trainbook kernel; returns (manager, blocking client) once it answers kernel_info."""
    km = KernelManager(kernel_name=KERNEL_NAME)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    record("kernel ready", time.monotonic() - t0)
    return km, kc


def kernel_pid(km):
    prov = getattr(km, "provisioner", None)
    proc = getattr(prov, "process", None) if prov is not None else None
    if proc is None:
        proc = getattr(km, "kernel", None)
    return proc.pid


def pid_gone(pid):
    """True when the process no longer exists or is a zombie."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("State:"):
                    return "Z" in line.split()[1]
    except FileNotFoundError:
        return True
    return False


def wait_gone(pid, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pid_gone(pid):
            return True
        time.sleep(0.1)
    return pid_gone(pid)


def execute(kc, code, timeout=TIMEOUT):
    """Runs a cell; returns (reply content, list of iopub messages for it)."""
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.monotonic() + timeout
    reply = None
    idle = False
    while not (reply is not None and idle):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no reply within {timeout} s for {code!r}")
        if reply is None:
            try:
                msg = kc.get_shell_msg(timeout=min(left, 0.2))
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
            except Exception:
                pass
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msg["_t"] = time.monotonic()
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif msg["msg_type"] not in ("status", "execute_input"):
            outputs.append(msg)
    return reply, outputs


def result_text(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"].get("text/plain")
    return None


def stream_text(outputs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


def spec():
    with open(os.path.join(JUPYTER_PATH, "kernels", KERNEL_NAME, "kernel.json")) as f:
        return json.load(f)


class KernelCase(unittest.TestCase):
    """Tests sharing one Trainbook kernel per class, started in a scratch directory (its cwd): `cls.kc`, `cls.dir`,
    `cls.runs_dir` and `cls.runs` (the " runs=DIR" argument for magics). LABEL names the start-up timing."""
    LABEL = "kernel"
    KERNEL = KERNEL_NAME

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="trainbook-" + cls.LABEL.replace(" ", "-") + "-")
        cls.runs_dir = os.path.join(cls.dir, "runs")
        cls.runs = " runs=" + cls.runs_dir
        cls.km = KernelManager(kernel_name=cls.KERNEL)
        t0 = time.monotonic()
        cls.km.start_kernel(cwd=cls.dir)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT * 2)
        record(cls.LABEL + ": kernel ready", time.monotonic() - t0)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.dir, True)

    def ok(self, code, timeout=TIMEOUT):
        """The outputs of a cell that must succeed (its errors in the failure message)."""
        t0 = time.monotonic()
        reply, outputs = execute(self.kc, code, timeout=timeout)
        record(self.LABEL + ": " + code.split()[0], time.monotonic() - t0)
        errors = [m["content"]["evalue"] for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(reply["status"], "ok", f"{code!r} failed: {errors}")
        return outputs
