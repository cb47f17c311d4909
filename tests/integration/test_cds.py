"""The class-sharing archive (kernel-spec/cds_archive.py): made for a spec, used by the kernel, and optional."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import tbkernel
from jupyter_client.manager import KernelManager

NAME = "trainbook-cds"
SCRIPT = os.path.join(tbkernel.ROOT, "kernel-spec", "cds_archive.py")


class ClassSharingArchive(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="trainbook-cds-test-")
        cls.spec_dir = os.path.join(cls.root, "kernels", NAME)
        os.makedirs(cls.spec_dir)
        shutil.copy(os.path.join(tbkernel.SPEC_SRC, "kernel.json"), cls.spec_dir)
        os.symlink(os.path.join(os.path.abspath(tbkernel.SPEC_SRC), "lib"), os.path.join(cls.spec_dir, "lib"))
        cls.old_path = os.environ.get("JUPYTER_PATH", "")
        os.environ["JUPYTER_PATH"] = cls.root + os.pathsep + cls.old_path
        cls.made = subprocess.run([sys.executable, SCRIPT, cls.spec_dir], capture_output=True, text=True,
                                  timeout=600)

    @classmethod
    def tearDownClass(cls):
        os.environ["JUPYTER_PATH"] = cls.old_path
        shutil.rmtree(cls.root, ignore_errors=True)

    def argv(self):
        with open(os.path.join(self.spec_dir, "kernel.json")) as f:
            return json.load(f)["argv"]

    def first_cell(self):
        km = KernelManager(kernel_name=NAME)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=tbkernel.TIMEOUT)
            reply, outputs = tbkernel.execute(kc, "1 + 1")
            return reply, outputs
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)

    def test_1_archive_is_made_and_named_in_kernel_json(self):
        self.assertEqual(self.made.returncode, 0, self.made.stdout + self.made.stderr)
        archive = os.path.join(self.spec_dir, "trainbook.jsa")
        self.assertTrue(os.path.getsize(archive) > 1_000_000)
        argv = self.argv()
        self.assertIn("-XX:SharedArchiveFile={resource_dir}/trainbook.jsa", argv)
        self.assertLess(argv.index("-XX:SharedArchiveFile={resource_dir}/trainbook.jsa"), argv.index("-cp"))

    def test_2_kernel_runs_with_the_archive_and_prints_nothing_extra(self):
        reply, outputs = self.first_cell()
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(tbkernel.result_text(outputs), "2")
        self.assertEqual(tbkernel.stream_text(outputs, "stderr"), "")

    def test_3_kernel_starts_when_the_archive_is_gone(self):
        archive = os.path.join(self.spec_dir, "trainbook.jsa")
        if os.path.exists(archive):
            os.chmod(archive, 0o644)
            os.remove(archive)
        reply, outputs = self.first_cell()
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(tbkernel.result_text(outputs), "2")

    def test_4_script_rejects_a_directory_without_kernel_json(self):
        empty = tempfile.mkdtemp(prefix="trainbook-cds-empty-")
        try:
            r = subprocess.run([sys.executable, SCRIPT, empty], capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 2)
            self.assertIn("no kernel.json", r.stderr)
        finally:
            shutil.rmtree(empty, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
