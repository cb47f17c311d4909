"""The kernelspec preloads kernel-spec/mkl_vendor.c where the bundled MKL would otherwise take its generic code.

On an x86-64 CPU whose vendor is not Intel, with gcc there (and TRAINBOOK_MKL_SHIM not off), `./trainbook` stages
the spec with native/libtrainbook-mkl.so and kernel.json's env LD_PRELOAD pointing at it; anywhere else the spec
has neither. The kernel's JVM then maps the library exactly when the spec says so, and libtorch's matrix products
(MKL's code path on this CPU) still give the right numbers.
"""
import os
import platform
import shutil
import subprocess
import tempfile
import unittest

import tbkernel

LIB = "libtrainbook-mkl.so"


def cpu_vendor():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("vendor_id"):
                return line.split(":", 1)[1].strip()
    return ""


def shim_expected():
    mode = os.environ.get("TRAINBOOK_MKL_SHIM", "auto")
    if mode == "off" or platform.system() != "Linux" or platform.machine() != "x86_64":
        return False
    if shutil.which("gcc") is None:
        return False
    return mode == "on" or cpu_vendor() not in ("", "GenuineIntel")


# a 96x80 by 80x72 product by libtorch against the same sums in doubles, in the kernel
CHECK = """
var nm = ai.djl.ndarray.NDManager.newBaseManager();
var r = new java.util.Random(7);
int m = 96, k = 80, n = 72;
float[] a = new float[m * k], b = new float[k * n];
for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
float[] got = nm.create(a, new ai.djl.ndarray.types.Shape(m, k))
        .matMul(nm.create(b, new ai.djl.ndarray.types.Shape(k, n))).toFloatArray();
double worst = 0;
for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
    double s = 0;
    for (int t = 0; t < k; t++) s += (double) a[i * k + t] * b[t * n + j];
    worst = Math.max(worst, Math.abs(s - got[i * n + j]));
}
nm.close();
System.out.println("worst=" + worst);
System.out.println("mapped=" + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps")).contains("LIB"));
""".replace("LIB", LIB)


class MklVendorTest(tbkernel.KernelCase):
    LABEL = "mkl vendor"

    def test_spec_preloads_the_library_exactly_where_mkl_needs_it(self):
        env = tbkernel.spec().get("env", {})
        if shim_expected():
            lib = env.get("LD_PRELOAD", "")
            self.assertTrue(lib.endswith("/native/" + LIB), f"kernel.json env.LD_PRELOAD is {lib!r}")
            self.assertTrue(os.path.isfile(lib), f"{lib} is not there")
        else:
            self.assertNotIn(LIB, env.get("LD_PRELOAD", ""), "no preload on an Intel CPU or with the shim off")

    def test_kernel_maps_it_as_the_spec_says_and_matmul_is_right(self):
        out = tbkernel.stream_text(self.ok(CHECK, timeout=120))
        values = dict(line.split("=", 1) for line in out.split() if "=" in line)
        self.assertEqual(values.get("mapped"), "true" if shim_expected() else "false", out)
        self.assertLess(float(values["worst"]), 1e-4, "libtorch's matMul against sums in doubles")


    def test_jars_for_a_stock_kernel_bring_the_library_and_the_line_that_preloads_it(self):
        tmp = tempfile.mkdtemp(prefix="trainbook-mkl-jars-")
        try:
            out = subprocess.run([os.path.join(tbkernel.ROOT, "trainbook"), "jars", tmp, "--no-build"],
                                 capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
            self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
            line = f'"env": {{"LD_PRELOAD": "{os.path.realpath(tmp)}/{LIB}"}}'
            if shim_expected():
                self.assertTrue(os.path.isfile(os.path.join(tmp, LIB)))
                self.assertIn(line, out.stdout.splitlines())
            else:
                self.assertFalse(os.path.exists(os.path.join(tmp, LIB)))
                self.assertNotIn("LD_PRELOAD", out.stdout)
            self.assertTrue(out.stdout.strip().splitlines()[-1].startswith("%classpath "), "the last line is %classpath")
        finally:
            shutil.rmtree(tmp, True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
