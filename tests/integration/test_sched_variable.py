"""sched=VAR through a real kernel: a Schedule built in a cell (guide 001's LambdaLR as Schedules.lambdaEpoch) drives
%train like model=/data=/loss= variables, the saved record holds the planned and applied LRs, and a variable of the
wrong type is a one-line error."""
import json
import os
import unittest

import tbkernel as tb

SLOW = 300  # seconds for a training cell on a loaded 2-core machine


class SchedVariable(tb.KernelCase):
    LABEL = "sched variable"

    def run_cell(self, code, timeout=tb.TIMEOUT):
        return tb.execute(self.kc, code, timeout=timeout)

    def test_a_schedule_variable_drives_the_run(self):
        self.ok("import trainbook.engine.schedule.*;\n"
                "var guide = Schedules.lambdaEpoch(e -> e < 2 ? (e + 1) / 2.0 : 0.1);")
        self.ok("%train data=blobs(n=200) model=linear epochs=3 batch=60 lr=0.02 sched=guide live=false as=guided"
                + self.runs, SLOW)
        with open(os.path.join(self.dir, "runs", "guided", "run.json"), encoding="utf-8") as f:
            rec = json.load(f)
        self.assertEqual(rec["spec"]["sched"], "<custom: lambda lr × f(epoch)>")
        spe = rec["stepsPerEpoch"]
        want = [0.02 * ((s // spe + 1) / 2.0 if s // spe < 2 else 0.1) for s in range(3 * spe)]
        self.assertEqual(len(rec["schedule"]), len(want))
        for got, exp in zip(rec["schedule"], want):
            self.assertAlmostEqual(got, exp, places=15)
        self.assertEqual([s["lr"] for s in rec["steps"]], rec["schedule"], "applied = planned")

    def test_a_wrong_type_is_one_line(self):
        self.ok('var notSched = "cosine";')
        reply, outputs = self.run_cell("%train data=blobs sched=notSched" + self.runs)
        self.assertEqual(reply["status"], "error")
        err = [m for m in outputs if m["msg_type"] == "error"][0]["content"]
        self.assertNotIn("\n", err["evalue"])
        self.assertIn("variable 'notSched' is a java.lang.String, but sched= needs a trainbook.engine.schedule.Schedule",
                      err["evalue"])


if __name__ == "__main__":
    unittest.main()
