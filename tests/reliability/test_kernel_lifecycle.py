"""Lifecycle through jupyter_client: restart and shutdown are clean (the old process and any child of it are gone,
also when a cell is busy), interrupts leave no threads behind, and the kernel exits within 10 s when its client is
killed while a cell is running."""
import os
import signal
import subprocess
import sys
import time
import unittest

import rel

EXIT_WITHIN = 10.0

CLIENT = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import rel
k = rel.Kernel()
print(k.pid, flush=True)
k.kc.execute("long spins = 0; while (true) { spins++; }")
time.sleep(600)
"""


class Lifecycle(unittest.TestCase):
    def test_1_restart_while_busy_is_clean(self):
        k = rel.Kernel()
        try:
            k.ok("int remembered = 1;")
            old = k.pid
            kids = rel.children(old)
            k.kc.execute("while (true) { Math.sqrt(Math.random()); }")
            time.sleep(1.0)
            t0 = time.monotonic()
            k.km.restart_kernel(now=False)
            k.kc.wait_for_ready(timeout=rel.TIMEOUT * 2)
            rel.figure("restart while busy", round(time.monotonic() - t0, 2), "s")
            self.assertTrue(rel.tb.wait_gone(old, EXIT_WITHIN), "the old kernel process is gone")
            self.assertFalse([c for c in kids if not rel.tb.pid_gone(c)], "no orphaned child processes")
            reply, _ = k.run("remembered")
            self.assertEqual(reply["status"], "error", "a fresh kernel")
            self.assertTrue(k.alive())
        finally:
            k.close()

    def test_2_shutdown_while_busy_leaves_nothing(self):
        k = rel.Kernel()
        try:
            pid = k.pid
            kids = rel.children(pid)
            k.kc.execute("long spins = 0; while (true) { spins++; }")
            time.sleep(1.0)
            t0 = time.monotonic()
            k.km.shutdown_kernel(now=False)
            gone = rel.tb.wait_gone(pid, EXIT_WITHIN)
            rel.figure("shutdown while busy", round(time.monotonic() - t0, 2), "s")
            self.assertTrue(gone, f"kernel {pid} still running after shutdown")
            self.assertFalse([c for c in kids if not rel.tb.pid_gone(c)], "no orphaned child processes")
        finally:
            k.close()

    def test_3_interrupts_leave_no_threads(self):
        k = rel.Kernel()
        try:
            k.ok('"warm"')
            time.sleep(1)
            base = rel.threads(k.pid)
            for _ in range(5):
                msg_id = k.start("Thread.sleep(600_000);")
                time.sleep(0.3)
                reply, took, _ = k.interrupt_and_wait(msg_id)
                self.assertEqual(reply["ename"], "Interrupted")
            for _ in range(3):
                msg_id = k.start("long spins = 0; while (true) { spins++; }")
                time.sleep(0.3)
                reply, took, _ = k.interrupt_and_wait(msg_id)
                self.assertEqual(reply["ename"], "Interrupted")
            self.assertTrue(k.alive())
            time.sleep(4)  # the interrupt helpers end after their grace period
            grown = rel.threads(k.pid) - base
            rel.figure("JVM threads after 8 interrupts (growth)", grown)
            self.assertLessEqual(grown, 2, "interrupts leave no threads behind")
        finally:
            k.close()

    def test_4_kernel_exits_when_its_client_is_killed_mid_cell(self):
        client = subprocess.Popen([sys.executable, "-c", CLIENT, rel.HERE], stdout=subprocess.PIPE, text=True,
                                  env=dict(os.environ))
        try:
            line = client.stdout.readline().strip()
            self.assertTrue(line.isdigit(), f"client did not report a kernel pid: {line!r}")
            pid = int(line)
            time.sleep(2.0)  # the busy cell is running
            self.assertFalse(rel.tb.pid_gone(pid))
            t0 = time.monotonic()
            os.kill(client.pid, signal.SIGKILL)
            client.wait(timeout=10)
            gone = rel.tb.wait_gone(pid, EXIT_WITHIN)
            rel.figure("kernel exit after its client was killed (busy cell)", round(time.monotonic() - t0, 2), "s")
            if not gone:
                os.kill(pid, signal.SIGKILL)
            self.assertTrue(gone, "kernel still running 10 s after its client died")
        finally:
            if client.poll() is None:
                client.kill()


if __name__ == "__main__":
    unittest.main()
