#!/usr/bin/env python3
"""Contestant C of `./trainbook bench`: PyTorch eager on CPU, same data, model, optimizer and batch as Trainbook.

Prints one JSON object on the last line of stdout:
  {"contestant": "pytorch", "model": ..., "threads": ..., "ms_per_batch": median, "epoch_s": ..., "test_acc": ...,
   "peak_rss_mb": ...}
"""
import argparse
import gzip
import json
import os
import resource
import statistics
import struct
import sys
import time


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def load(root, split):
    import numpy as np
    prefix = "train" if split == "train" else "t10k"
    def find(kind):
        for ext in (".gz", ""):
            p = os.path.join(root, f"{prefix}-{kind}{ext}")
            if os.path.exists(p):
                return p
        raise SystemExit(f"missing {prefix}-{kind}[.gz] in {root} (Debian package dataset-fashion-mnist)")
    dims, raw = read_idx(find("images-idx3-ubyte"))
    x = np.frombuffer(raw, dtype=np.uint8).reshape(dims).astype(np.float32) / 255.0
    _, raw = read_idx(find("labels-idx1-ubyte"))
    y = np.frombuffer(raw, dtype=np.uint8).astype(np.int64)
    return x, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batches", type=int, default=200, help="timed batches (after warm-up)")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--epochs", type=int, default=0, help="full epochs for accuracy (0 = timing only)")
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()

    import numpy as np
    import torch
    import torch.nn as nn
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "test")
    shape = (-1, 784) if a.model == "mlp" else (-1, 1, 28, 28)
    xtr = torch.from_numpy(xtr.reshape(shape).copy())
    ytr = torch.from_numpy(ytr.copy())
    xte = torch.from_numpy(xte.reshape(shape).copy())
    yte = torch.from_numpy(yte.copy())

    if a.model == "mlp":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    else:
        net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    lossf = nn.CrossEntropyLoss()
    bs = 128
    n = xtr.shape[0]
    gen = torch.Generator().manual_seed(a.seed)

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        loss = lossf(net(xb), yb)
        loss.backward()
        opt.step()
        return loss

    # timing: warm-up then timed batches, each synchronised by reading the loss (as the Java side does per step)
    perm = torch.randperm(n, generator=gen)
    times = []
    total = a.warmup + a.batches
    cpu0 = proc0 = 0.0
    prof = None
    for i in range(total):
        if i == a.warmup and os.environ.get("TRAINBOOK_PROFILE"):
            # the timed batches under libtorch's profiler, as the Java side's -Dtrainbook.profile (bench/op_profile.py)
            prof = torch.autograd.profiler.profile(record_shapes=True)
            prof.__enter__()
        if i == a.warmup:
            cpu0, proc0 = time.thread_time(), time.process_time()
        j = (i * bs) % (n - bs)
        idx = perm[j:j + bs]
        t0 = time.perf_counter()
        loss = step(xtr[idx], ytr[idx])
        loss.item()
        if i >= a.warmup:
            times.append((time.perf_counter() - t0) * 1000.0)

    cpu_ms = (time.thread_time() - cpu0) * 1000.0 / a.batches if a.batches else float("nan")
    if prof is not None:
        prof.__exit__(None, None, None)
        prof.export_chrome_trace(os.environ["TRAINBOOK_PROFILE"])
    calls, by_fn = count_native_calls(lambda i: step(xtr[perm[i * bs:(i + 1) * bs]], ytr[perm[i * bs:(i + 1) * bs]]).item(),
                                      20 if a.batches else 0)
    proc_ms = (time.process_time() - proc0) * 1000.0 / a.batches if a.batches else float("nan")
    epoch_s = float("nan")
    acc = float("nan")
    if a.epochs > 0:
        torch.manual_seed(a.seed)
        for m in net.modules():
            if hasattr(m, "reset_parameters"):
                m.reset_parameters()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        t0 = time.perf_counter()
        for _ in range(a.epochs):
            perm = torch.randperm(n, generator=gen)
            for j in range(0, n, bs):
                idx = perm[j:j + bs]
                step(xtr[idx], ytr[idx]).item()
        epoch_s = (time.perf_counter() - t0) / a.epochs
        with torch.no_grad():
            correct = 0
            for j in range(0, xte.shape[0], 1000):
                correct += (net(xte[j:j + 1000]).argmax(1) == yte[j:j + 1000]).sum().item()
            acc = correct / xte.shape[0]

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"contestant": "pytorch", "model": a.model, "threads": a.threads,
                      "ms_per_batch": statistics.median(times) if times else float("nan"),
                      "cpu_ms_per_batch": cpu_ms, "proc_cpu_ms_per_batch": proc_ms, "epoch_s": epoch_s, "test_acc": acc,
                      "peak_rss_mb": rss_mb, "torch": torch.__version__,
                      "native_calls_per_step": calls, "native_by_method": by_fn}))


def count_native_calls(run_step, steps):
    """Python-to-C calls into torch per step (sys.setprofile's c_call events for builtins of torch's modules and
    tensor methods): the counterpart of the JNI crossings counted for the Java contestants. Calls made inside
    torch's C++ (autograd, the dispatcher) are not crossings and are not counted, as on the Java side."""
    import torch
    if steps <= 0:
        return float("nan"), {}
    counts = {}

    def prof(frame, event, arg):
        if event == "c_call":
            mod = getattr(arg, "__module__", None) or ""
            owner = getattr(arg, "__self__", None)
            if mod.startswith("torch") or isinstance(owner, torch.Tensor) or (
                    owner is not None and type(owner).__module__.startswith("torch")):
                name = getattr(arg, "__qualname__", None) or getattr(arg, "__name__", "?")
                counts[name] = counts.get(name, 0) + 1

    sys.setprofile(prof)
    try:
        for i in range(steps):
            run_step(i)
    finally:
        sys.setprofile(None)
    return sum(counts.values()) / steps, {k: round(v / steps, 2) for k, v in sorted(counts.items())}


if __name__ == "__main__":
    sys.exit(main())
