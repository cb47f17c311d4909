"""A run.json saved by a real %train is strict JSON: Python's json.loads with every non-standard constant refused
and jq both read it, and the non-finite numbers a run records (gradient norms of unsampled steps, the validation
loss of a run without validation data, the loss of a run that blew up) come through as the strings "NaN",
"Infinity", "-Infinity" (trainbook.engine.store.StrictJson)."""
import json
import os
import shutil
import subprocess
import unittest

import tbkernel as tb

SLOW = 300  # seconds for a training cell on a loaded 2-core machine
NON_FINITE = ("NaN", "Infinity", "-Infinity")


def refuse(token):
    raise ValueError(f"non-standard JSON constant {token}")


def strings(node):
    """Every string value in a parsed JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


class StrictJson(tb.KernelCase):
    LABEL = "strict json"

    def record_text(self, name):
        with open(os.path.join(self.runs_dir, name, "run.json"), encoding="utf-8") as f:
            return f.read()

    def test_saved_records_are_strict_json(self):
        runs = " runs=" + self.runs_dir
        # no validation set (val_loss NaN every epoch), gradient norms sampled every 3rd step (NaN between)
        self.ok("%train data=blobs(n=120) model=linear epochs=2 limit=4 val=none grad_every=3 live=false as=plain"
                + runs, SLOW)
        # an absurd LR on plain SGD: the loss overflows and the run stops on a non-finite loss
        self.ok("%train data=linear(n=100) model=linear opt=sgd lr=1e30 epochs=1 batch=16 limit=3 live=false as=blowup"
                + runs, SLOW)
        for name in ("plain", "blowup"):
            with self.subTest(run=name):
                text = self.record_text(name)
                doc = json.loads(text, parse_constant=refuse)  # raises on a bare NaN / Infinity
                self.assertEqual(doc["name"], name)
                found = [s for s in strings(doc) if s in NON_FINITE]
                self.assertTrue(found, "the record holds non-finite values, written as strings")
                self.assertIsNotNone(shutil.which("jq"), "jq is missing: ./trainbook test installs it (apt-get install jq)")
                # jq 1.6 itself accepts bare NaN (as null): check the values arrive as the strings instead
                q = '[.steps[].gradNorm, .epochs[].valLoss, .steps[].loss] | map(select(. == "NaN" or . == "Infinity" or . == "-Infinity")) | length > 0'
                res = subprocess.run(["jq", "-e", q], input=text, capture_output=True, text=True, timeout=30)
                self.assertEqual(res.returncode, 0, f"jq: {res.stdout}{res.stderr}")
                self.assertEqual(res.stdout.strip(), "true")
        plain = json.loads(self.record_text("plain"), parse_constant=refuse)
        self.assertEqual(plain["epochs"][0]["valLoss"], "NaN")
        self.assertEqual(plain["steps"][1]["gradNorm"], "NaN")
        self.assertIsInstance(plain["steps"][0]["gradNorm"], float)
        blowup = json.loads(self.record_text("blowup"), parse_constant=refuse)
        self.assertEqual(blowup["stopReason"], "NON_FINITE", blowup.get("notes"))
        # and the kernel reads the strict files back
        self.ok("%doctor blowup" + runs)
        reply, outputs = tb.execute(self.kc, 'new trainbook.engine.store.RunStore("' + self.runs_dir
                                    + '").load("plain").epochs().get(0).valLoss()')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(tb.result_text(outputs), "NaN")


if __name__ == "__main__":
    unittest.main()
