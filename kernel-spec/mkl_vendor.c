/*
 * The MKL linked into DJL's bundled libtorch asks mkl_serv_intel_cpu_true() whether it runs on an Intel CPU and, on
 * any other vendor's, takes its generic code paths for GEMM and vector math (vsSqrt & co.) whatever the CPU supports.
 * libtorch_cpu.so calls the function through its PLT, so this definition, preloaded into the kernel's JVM
 * (LD_PRELOAD in kernel.json's env), answers first and MKL dispatches by the CPU's features instead (AVX2 on an AMD
 * EPYC): the code path still follows the instruction sets the CPU reports (cpuid), only the vendor test is gone.
 *
 * `./trainbook kernelspec` (and every command that stages the kernelspec) builds it with gcc on x86-64 CPUs whose
 * vendor is not Intel; TRAINBOOK_MKL_SHIM=off leaves it out. Measured effect: README, "Benchmark".
 * Build by hand: gcc -shared -fPIC -O2 kernel-spec/mkl_vendor.c -o libtrainbook-mkl.so
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
