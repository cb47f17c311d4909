"""(d) when the client process that launched the kernel dies, the kernel exits within 10 s."""
import os
import signal
import subprocess
import sys
import time
import unittest

import tbkernel as tb

CLIENT = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import tbkernel as tb
km, kc = tb.start_kernel()
print(tb.kernel_pid(km), flush=True)
time.sleep(600)
"""


class ParentDeath(unittest.TestCase):
    def test_kernel_exits_when_client_is_killed(self):
        env = dict(os.environ)
        client = subprocess.Popen([sys.executable, "-c", CLIENT, os.path.dirname(os.path.abspath(__file__))],
                                  stdout=subprocess.PIPE, text=True, env=env)
        try:
            line = client.stdout.readline().strip()
            self.assertTrue(line.isdigit(), f"client did not report a kernel pid: {line!r}")
            kernel_pid = int(line)
            self.assertFalse(tb.pid_gone(kernel_pid))
            t0 = time.monotonic()
            os.kill(client.pid, signal.SIGKILL)
            client.wait(timeout=10)
            gone = tb.wait_gone(kernel_pid, 10)
            tb.record("exit after client death", time.monotonic() - t0)
            if not gone:
                os.kill(kernel_pid, signal.SIGKILL)
            self.assertTrue(gone, "kernel still running 10 s after its client died")
        finally:
            if client.poll() is None:
                client.kill()

    def test_kernel_exits_when_client_died_but_was_not_reaped(self):
        """The dead client stays a zombie (this test does not wait for it): ProcessHandle.isAlive still says true."""
        client = subprocess.Popen([sys.executable, "-c", CLIENT, os.path.dirname(os.path.abspath(__file__))],
                                  stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        try:
            line = client.stdout.readline().strip()
            self.assertTrue(line.isdigit(), f"client did not report a kernel pid: {line!r}")
            kernel_pid = int(line)
            t0 = time.monotonic()
            os.kill(client.pid, signal.SIGKILL)
            deadline = time.monotonic() + 5
            while not tb.pid_gone(client.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(tb.pid_gone(client.pid), "the client is dead (a zombie, not reaped)")
            with open(f"/proc/{client.pid}/stat") as f:
                self.assertEqual(f.read().rsplit(")", 1)[1].split()[0], "Z", "the client is a zombie")
            gone = tb.wait_gone(kernel_pid, 10)
            tb.record("exit after client death (zombie client)", time.monotonic() - t0)
            if not gone:
                os.kill(kernel_pid, signal.SIGKILL)
            self.assertTrue(gone, "kernel still running 10 s after its client died (client not reaped)")
        finally:
            if client.poll() is None:
                client.kill()
            client.wait(timeout=10)


if __name__ == "__main__":
    unittest.main()
