"""Interrupts through jupyter_client (interrupt_mode message): during %train (stops within 1 s, run saved as
interrupted with its partial history), during %lrfind (the notebook model's parameters restored), during a %compare
sweep (finished trials kept), during a busy Java loop; the kernel serves the next cell every time."""
import datetime
import json
import os
import time
import unittest

import rel

STOP_WITHIN = 1.0  # seconds, for engine loops (the bound)
PARAM_SUM = "net.getParameters().values().stream().mapToDouble(p -> { double t = 0; " \
            "for (float f : p.getArray().toFloatArray()) t += f; return t; }).sum()"


def ended_at(rec):
    """Wall-clock time (epoch seconds) at which the engine finished the run: started + seconds."""
    started = rec["stamp"]["startedAt"].rstrip("Z")
    if "." in started:
        head, frac = started.split(".")
        started = head + "." + frac[:6]
    t = datetime.datetime.fromisoformat(started).replace(tzinfo=datetime.timezone.utc).timestamp()
    return t + rec["seconds"]


def load_run(runs, name):
    with open(os.path.join(runs, name, "run.json")) as f:
        return json.load(f)


class Interrupts(rel.KernelCase):

    def interrupt_after(self, code, ready, timeout=rel.SLOW):
        """Starts code, waits until ready(outputs) (or a file exists when ready is a path), interrupts."""
        msg_id = self.k.start(code)
        if isinstance(ready, (int, float)):
            time.sleep(ready)
            before = []
        elif isinstance(ready, str):
            deadline = time.monotonic() + timeout
            while not os.path.exists(ready):
                self.assertLess(time.monotonic(), deadline, f"{ready} never appeared")
                time.sleep(0.05)
            before = []
        else:
            before = self.k.wait_output(msg_id, ready, timeout=timeout)
        self.interrupted_at = time.time()
        reply, took, after = self.k.interrupt_and_wait(msg_id)
        return reply, took, before + after

    def assert_next_cell_works(self):
        self.assertTrue(self.k.alive(), "the kernel serves the next cell")

    def test_1_train(self):
        def some_steps(outputs):
            return sum(1 for m in outputs if m["msg_type"] == "update_display_data") >= 3
        reply, took, outputs = self.interrupt_after(
            "%train data=blobs(n=20000) model=mlp(64) epochs=200 batch=8 as=intr" + self.R, some_steps)
        rec = load_run(self.k.runs, "intr")
        stopped = ended_at(rec) - self.interrupted_at
        rel.figure("interrupt → training stopped: %train", round(stopped, 3), "s")
        rel.figure("interrupt → cell done (run saved, report drawn): %train", round(took, 3), "s")
        self.assertLess(stopped, STOP_WITHIN, "an interrupted %train stops within 1 s")
        self.assertNotIn("did not react", reply.get("evalue", ""), "the engine reacted: no forced stop")
        self.assertEqual(rec["stopReason"], "INTERRUPTED")
        steps = len(rec["steps"])
        self.assertGreater(steps, 0, "partial history saved")
        self.assertLess(steps, 200 * 2250, "stopped early")
        with open(os.path.join(self.k.runs, "intr", "steps.csv")) as f:
            self.assertEqual(len(f.read().strip().splitlines()) - 1, steps, "steps.csv has the same history")
        self.assertIn("interrupted", rel.displays_text(outputs).lower(), "the cell shows the run was interrupted")
        rel.figure("interrupted %train: steps saved", steps)
        self.assert_next_cell_works()

    def test_2_lrfind_restores_parameters(self):
        k = self.k
        k.ok("import ai.djl.nn.*; import ai.djl.nn.core.*;")
        k.ok("var net = new SequentialBlock().add(Linear.builder().setUnits(16).build())"
             ".add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());")
        k.ok("%train model=net data=blobs(n=200) epochs=1 limit=1 live=false as=warm" + self.R, timeout=rel.SLOW)
        before = float(k.value(PARAM_SUM))

        def started(outputs):
            return any(m["msg_type"] in ("stream", "display_data", "update_display_data") for m in outputs)
        msg_id = k.start("%lrfind model=net data=blobs(n=20000) batch=256 steps=100000 start=1e-6 end=1e-5")
        k.wait_output(msg_id, started)
        time.sleep(1.5)  # well into the ramp: the parameters have moved
        reply, took, outputs = k.interrupt_and_wait(msg_id)
        rel.figure("interrupt → cell done: %lrfind", round(took, 3), "s")
        self.assertIn("interrupted", (rel.displays_text(outputs) + str(reply.get("evalue"))).lower(),
                      "the range test was running when interrupted")
        self.assertNotIn("did not react", reply.get("evalue", ""), "the engine reacted: no forced stop")
        after = float(k.value(PARAM_SUM))
        self.assertAlmostEqual(before, after, delta=1e-6 * max(1.0, abs(before)),
                               msg="the range test restores the model's parameters")
        self.assert_next_cell_works()

    def test_3_sweep_keeps_finished_trials(self):
        first = os.path.join(self.k.runs, "sw_1", "run.json")
        msg_id = self.k.start("%compare data=blobs(n=20000) model=linear batch=8 limit=10 epochs=1,100000 as=sw"
                              + self.R)
        deadline = time.monotonic() + rel.SLOW
        while not os.path.exists(first):
            self.assertLess(time.monotonic(), deadline, "trial 1 never finished")
            time.sleep(0.05)
        time.sleep(4)  # trial 2 (100000 epochs) is running
        self.interrupted_at = time.time()
        reply, took, outputs = self.k.interrupt_and_wait(msg_id)
        rel.figure("interrupt → cell done: %compare sweep", round(took, 3), "s")
        r1 = load_run(self.k.runs, "sw_1")
        self.assertEqual(r1["stopReason"], "COMPLETED", "the finished trial is kept as it was")
        r2 = load_run(self.k.runs, "sw_2")
        self.assertEqual(r2["stopReason"], "INTERRUPTED",
                         "the running trial is saved as interrupted (error: %s)" % r2.get("error"))
        self.assertGreater(len(r2["steps"]), 0)
        stopped = ended_at(r2) - self.interrupted_at
        rel.figure("interrupt → training stopped: %compare trial", round(stopped, 3), "s")
        self.assertLess(stopped, STOP_WITHIN)
        names = sorted(d for d in os.listdir(self.k.runs) if d.startswith("sw_"))
        self.assertEqual(names, ["sw_1", "sw_2"], "no trial after the interrupted one")
        self.assertIn("interrupted", rel.displays_text(outputs).lower())
        self.assert_next_cell_works()

    def test_4_busy_loop(self):
        reply, took, _ = self.interrupt_after("long spins = 0; while (true) { spins++; }", 1.0)
        rel.figure("interrupt latency: busy Java loop (forced stop after the grace period)", round(took, 3), "s")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        self.assertLess(took, 10)
        self.assert_next_cell_works()
        # the interrupt helper threads are gone again: interrupts leave no threads behind
        time.sleep(4)
        left = self.k.value('Thread.getAllStackTraces().keySet().stream()'
                            '.filter(t -> t.getName().startsWith("trainbook-interrupt")).count()')
        self.assertEqual(left, "0")


if __name__ == "__main__":
    unittest.main()
