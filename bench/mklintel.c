/*
 * MKL's dispatcher asks mkl_serv_intel_cpu_true() whether it runs on an Intel CPU and, on any other, takes its
 * generic code paths for vector math (vsSqrt & co.) whatever the CPU supports. libtorch_cpu.so calls the function
 * through its PLT, so a definition loaded first (LD_PRELOAD) answers instead and MKL dispatches by the CPU's
 * features (AVX2 on this AMD EPYC). Used by `bench/run_bench.py --mkl-intel` and `bench/op_profile.py --mkl-intel`
 * to measure what the bundled libtorch's MKL loses on AMD (docs/benchmark-notes.md).
 * Build: gcc -shared -fPIC -O2 bench/mklintel.c -o build/bench/libmklintel.so
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
