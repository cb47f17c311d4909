"""A later cell must not reset variables of earlier cells (the first cells of notebook 09 lost `ringNet`).

Imports below a cell's first line made JShell recompile earlier declarations and reload them with null values; the
kernel now hands such imports over on one line and restores values after any recompilation (VariableKeeper).
"""
import shutil
import tempfile
import time
import unittest

import tbkernel as tb
import nbformat
from nbclient import NotebookClient


class VariableReset(unittest.TestCase):
    def test_dataset_cell_keeps_the_model_declared_before(self):
        work = tempfile.mkdtemp(prefix="trainbook-reset-nb-")
        self.addCleanup(shutil.rmtree, work, True)
        cells = [
            "import ai.djl.nn.*;\n"
            "import ai.djl.nn.core.*;\n\n"
            "SequentialBlock ringNet = new SequentialBlock()\n"
            "        .add(Linear.builder().setUnits(16).build()).add(Activation.reluBlock())\n"
            "        .add(Linear.builder().setUnits(3).build());\n"
            "List<String> names = new ArrayList<>(List.of(\"a\", \"b\"));",            # 0
            "import ai.djl.ndarray.*;\n"
            "import ai.djl.ndarray.types.*;\n"
            "// the data set\n"
            "import ai.djl.training.dataset.ArrayDataset;\n\n"
            "NDManager manager = NDManager.newBaseManager();\n"
            "ArrayDataset rings = new ArrayDataset.Builder()\n"
            "        .setData(manager.create(new float[40], new Shape(20, 2)))\n"
            "        .optLabels(manager.create(new float[20], new Shape(20)))\n"
            "        .setSampling(4, true).build();\n"
            "import java.util.concurrent.atomic.*;",                                     # 1
            "(ringNet == null) + \" \" + names",                                         # 2
            "%train model=ringNet data=rings epochs=1 dry=true",                          # 3
        ]
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": tb.KERNEL_NAME, "display_name": "Java (Trainbook)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        client = NotebookClient(nb, kernel_name=tb.KERNEL_NAME, timeout=120, startup_timeout=120, allow_errors=True,
                                resources={"metadata": {"path": work}})
        t0 = time.monotonic()
        client.execute()
        tb.record("variable reset notebook", time.monotonic() - t0)
        outs = [c.outputs for c in nb.cells]
        for i, out in enumerate(outs):
            self.assertFalse([o for o in out if o.output_type == "error"], f"cell {i} failed: {out}")
            warnings = [o.text for o in out if o.output_type == "stream" and "reset" in o.text]
            self.assertFalse(warnings, f"cell {i}: {warnings}")
        result = [o for o in outs[2] if o.output_type == "execute_result"][0].data["text/plain"]
        self.assertEqual(result.strip('"'), "false [a, b]")
        dry = "".join(o.data.get("text/plain", "") for o in outs[3] if o.output_type == "display_data")
        self.assertIn("<SequentialBlock>", dry)


if __name__ == "__main__":
    unittest.main()
