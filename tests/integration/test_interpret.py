"""%interpret in a real Trainbook kernel on Fashion-MNIST (a short run: limit= batches): the confusion matrix as a
heat map and a table with the ten class names, per-class metrics, the top-loss image grid as a PNG, the Java API
call returning the same numbers, and one-line errors for an unknown run or key."""
import base64
import re
import struct
import unittest

import tbkernel as tb

FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SLOW = 300  # seconds for a training cell on a loaded 2-core machine


def png_size(b64):
    raw = base64.b64decode(b64)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", raw[16:24])


class Interpret(tb.KernelCase):
    LABEL = "interpret"


    def error(self, code):
        reply, outputs = tb.execute(self.kc, code)
        self.assertEqual(reply["status"], "error", f"{code!r} should fail")
        err = [m for m in outputs if m["msg_type"] == "error"][0]["content"]
        self.assertNotIn("\n", err["evalue"])
        self.assertLessEqual(len(err["traceback"]), 3, f"no stack trace for a user error: {err['traceback']}")
        return err["evalue"]

    def test_interpret_fashion_mnist(self):
        out = self.ok("%train model=mlp(64) data=fashion-mnist epochs=1 limit=40 live=false as=fm" + self.runs, SLOW)
        self.assertIn("%interpret fm shows its confusion matrix", tb.stream_text(out))

        out = self.ok("%interpret fm top=9" + self.runs, SLOW)
        shown = [m["content"]["data"] for m in out if m["msg_type"] == "display_data"]
        # each chart is its own image output (exports keep them); the tables follow as HTML + text
        images = [d["image/png"] for d in shown if "image/png" in d]
        html = "\n".join(d.get("text/html", "") for d in shown if "image/png" not in d)
        text = "\n".join(d.get("text/plain", "") for d in shown)
        self.assertIn("fm on val (", text)
        for name in FASHION:
            self.assertIn(name, text, f"class name {name} in the tables")
        self.assertEqual(len(images), 2, "heat map + top-loss grid")
        w, h = png_size(images[1])
        # charts (the top-loss grid too) are drawn at twice their logical size (sharp on high-DPI screens) and shown
        # at the logical size
        self.assertEqual((w, h), (2 * (8 + 3 * 158), 2 * (42 + 3 * 154 + 8)), "a 3×3 grid of the nine top losses")
        metas = [m["content"].get("metadata", {}).get("image/png") for m in out
                 if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]]
        self.assertEqual(metas[1], {"width": 8 + 3 * 158, "height": 42 + 3 * 154 + 8})
        self.assertGreaterEqual(len(re.findall(r"<table\b", html)), 3)
        self.assertIn("top 9 losses", text)
        # the confusion table counts every validation sample once
        m = re.search(r"on val \((\d+) samples\)", text)
        self.assertIsNotNone(m, text)

        # the Java API gives the same numbers
        out = self.ok('var in = trainbook.engine.Trainbook.interpret(fm, "val", 9); '
                      'in.size() + " " + in.topLosses().get(0).index() + " " + in.numClasses()', SLOW)
        size, top0, classes = tb.result_text(out).strip('"').split()
        self.assertEqual(size, m.group(1))
        self.assertEqual(classes, "10")
        first = re.search(r"^\s*1\s+(\d+)\s", text[text.index("top 9 losses"):], re.M)
        self.assertIsNotNone(first, text)
        self.assertEqual(first.group(1), top0, "the magic and the API rank the same sample first")
        out = self.ok("in.perClass().get(0).name()")
        self.assertEqual(tb.result_text(out).strip('"'), "T-shirt/top")

    def test_unknown_run_and_key_are_one_line_errors(self):
        self.assertIn("%interpret: no run 'nosuchrun'", self.error("%interpret nosuchrun" + self.runs))
        self.assertIn("%interpret: unknown key 'topp' (did you mean 'top'?)", self.error("%interpret x topp=3" + self.runs))
        out = self.ok("%interpret --help")
        text = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "display_data"][0]
        self.assertTrue(text.startswith("%interpret [RUN] [top=N]"), text)
        # the kernel lives on
        self.assertEqual(tb.result_text(self.ok("1 + 1")), "2")


if __name__ == "__main__":
    unittest.main()
