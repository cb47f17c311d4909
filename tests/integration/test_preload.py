"""The kernel's preload (engine load at start, the first run's warm-up after ready): a %train sent as the very first
cell runs while it is under way, the warm-up leaves no run, file or thread behind, and -Dtrainbook.preload=false
turns it all off."""
import os
import shutil
import tempfile
import unittest

import tbkernel as tb
from jupyter_client.manager import KernelManager

PRELOAD_THREAD = r'''
Thread p = trainbook.engine.Devices.preloadThread();
if (p != null) p.join(60_000);
System.out.println("preload started: " + (p != null) + ", alive: " + (p != null && p.isAlive())
        + ", live runs: " + trainbook.engine.Workspace.current().liveRuns().list().size());
'''


class Preload(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="trainbook-preload-")
        self.km = None
        self.kc = None

    def tearDown(self):
        try:
            if self.kc is not None:
                self.kc.stop_channels()
        finally:
            if self.km is not None and self.km.is_alive():
                self.km.shutdown_kernel(now=True)
            shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, java_options=None):
        env = dict(os.environ)
        if java_options:
            env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " " + java_options).strip()
        self.km = KernelManager(kernel_name=tb.KERNEL_NAME)
        self.km.start_kernel(cwd=self.dir, env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=tb.TIMEOUT)

    def test_a_first_train_cell_sent_at_once_runs_and_the_warm_up_leaves_nothing_behind(self):
        self.start()
        runs = os.path.join(self.dir, "runs")
        reply, outputs = tb.execute(self.kc, "%train model=mlp data=fashion-mnist epochs=1 limit=1 val=none as=first"
                                    " runs=" + runs, timeout=300)
        self.assertEqual("ok", reply["status"], reply)
        self.assertEqual(["first"], sorted(os.listdir(runs)), "only the user's run is saved")
        reply, outputs = tb.execute(self.kc, PRELOAD_THREAD, timeout=120)
        self.assertEqual("ok", reply["status"], reply)
        # the preload thread has ended (it may have stopped its warm-up early for the user's run), and the
        # notebook's workspace holds the user's run only
        self.assertIn("preload started: true, alive: false, live runs: 1", tb.stream_text(outputs))

    def test_preload_false_turns_it_off(self):
        self.start("-Dtrainbook.preload=false")
        reply, outputs = tb.execute(self.kc, PRELOAD_THREAD)
        self.assertEqual("ok", reply["status"], reply)
        self.assertIn("preload started: false", tb.stream_text(outputs))


if __name__ == "__main__":
    unittest.main()
