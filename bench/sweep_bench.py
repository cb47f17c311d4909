#!/usr/bin/env python3
"""`./trainbook bench --sweeps`: Trainbook's sweep engine (trainbook.bench.SweepBench) against Debian's Optuna 3.1
(python3-optuna), side by side with one protocol, then build/bench/sweeps.md and sweeps.json.

  sampler quality  best value found in N trials (50) for each of S seeds (20): Branin, Hartmann-6 and a noisy 5-D
                   log-scaled quadratic (for the noisy one, the noise-free value of the trial with the best noisy
                   observation); random, TPE (univariate, Optuna's defaults) and multivariate TPE for both libraries
  pruning          each recorded bank of Trainbook learning curves (src/test/resources/trainbook/sweep/: curves-fashion.csv,
                   Fashion-MNIST MLP runs, and curves.csv, spirals runs) replayed in S fixed orders through no pruner,
                   MedianPruner() and SuccessiveHalvingPruner(): epochs spent, and whether the configuration with
                   the best val_loss completed
  overhead         TPE's sampling time per trial (thread CPU time) in a 1000-trial study of the noisy 5-D function
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BANKS = ",".join(os.path.join(ROOT, "src", "test", "resources", "trainbook", "sweep", f)
                 for f in ("curves-fashion.csv", "curves.csv"))

H_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
H_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
H_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def branin(x1, x2):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(x):
    x = np.asarray(x)
    return float(-np.sum(H_ALPHA * np.exp(-np.sum(H_A * (x - H_P) ** 2, axis=1))))


def logquad(lr, wd, dropout, momentum, width):
    eff = math.log10(lr / (1 - momentum)) + 1.5
    return (eff ** 2 + 0.5 * (math.log10(wd) + 4) ** 2 + 4 * (dropout - 0.25) ** 2 + 2 * (momentum - 0.9) ** 2
            + 0.2 * (math.log2(width) - 8) ** 2)


def functions():
    return {
        "branin": (lambda t: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15)), 0.0),
        "hartmann6": (lambda t: hartmann6([t.suggest_float(f"x{i}", 0, 1) for i in range(6)]), 0.0),
        "logquad5": (lambda t: logquad(t.suggest_float("lr", 1e-5, 1, log=True), t.suggest_float("wd", 1e-7, 1e-1, log=True),
                                       t.suggest_float("dropout", 0, 0.8), t.suggest_float("momentum", 0, 0.99),
                                       t.suggest_int("width", 16, 1024, log=True)), 0.1),
    }


FUNCTIONS = ("branin", "hartmann6", "logquad5")
SAMPLERS = ("random", "tpe", "tpe-multivariate")


def optuna_sampler(optuna, name, seed):
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed, multivariate=True)


def optuna_quality(optuna, trials, seeds, fnames=FUNCTIONS, samplers=SAMPLERS, first_seed=0):
    out = {}
    for fname, (fn, noise) in functions().items():
        if fname not in fnames:
            continue
        per = {}
        for sm in samplers:
            best = []
            t0 = time.time()
            for seed in range(first_seed, first_seed + seeds):
                study = optuna.create_study(sampler=optuna_sampler(optuna, sm, seed))
                truth = {}

                def objective(trial):
                    v = fn(trial)
                    truth[trial.number] = v
                    if noise == 0:
                        return v
                    return v + noise * np.random.RandomState(seed * 100003 + trial.number).normal()

                study.optimize(objective, n_trials=trials)
                best.append(truth[study.best_trial.number])
            per[sm] = best
            print(f"optuna {fname} {sm}: {time.time() - t0:.1f} s", file=sys.stderr)
        out[fname] = per
    return out


def load_bank(path):
    curves = {}
    with open(path) as f:
        head = f.readline().strip().split(",")
        ci, ei, vi = head.index("config"), head.index("epoch"), head.index("val_loss")
        for line in f:
            if not line.strip():
                continue
            p = line.strip().split(",")
            curves.setdefault(int(p[ci]), {})[int(p[ei])] = float(p[vi])
    return [[c[e] for e in sorted(c)] for _, c in sorted(curves.items())]


def order(n, seed):
    # the same integer hash as trainbook.bench.PruningBank.key, so both libraries replay the same sequence
    return sorted(range(n), key=lambda c: ((c + 1) * 2654435761 + (seed + 1) * 40503 * 2246822519) % 4294967296)


def optuna_pruning(optuna, curves, orders):
    from optuna.trial import TrialState
    best_cfg = min(range(len(curves)), key=lambda i: min(curves[i]))
    pruners = {"none": optuna.pruners.NopPruner, "median": optuna.pruners.MedianPruner,
               "asha": optuna.pruners.SuccessiveHalvingPruner}
    out = {}
    for name, make in pruners.items():
        epochs, survived = [], []
        for s in range(orders):
            study = optuna.create_study(pruner=make())
            spent, kept = 0, False
            for cfg in order(len(curves), s):
                trial = study.ask()
                c = curves[cfg]
                stopped = False
                for e, v in enumerate(c, start=1):
                    spent += 1
                    trial.report(v, e)
                    if trial.should_prune():
                        stopped = True
                        break
                if stopped:
                    study.tell(trial, state=TrialState.PRUNED)
                else:
                    study.tell(trial, min(c))
                    kept = kept or cfg == best_cfg
            epochs.append(spent)
            survived.append(kept)
        out[name] = {"epochs": epochs, "best_survived": survived, "total_epochs": sum(len(c) for c in curves)}
    return out


def optuna_overhead(optuna, trials):
    fn, _ = functions()["logquad5"]
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
    ms = []
    for _ in range(trials):
        t0 = time.thread_time()  # CPU time, as the Java side measures
        trial = study.ask()
        # Optuna samples independent parameters inside suggest_*, so the suggests are timed with ask
        lr, wd = trial.suggest_float("lr", 1e-5, 1, log=True), trial.suggest_float("wd", 1e-7, 1e-1, log=True)
        d, m = trial.suggest_float("dropout", 0, 0.8), trial.suggest_float("momentum", 0, 0.99)
        w = trial.suggest_int("width", 16, 1024, log=True)
        ms.append((time.thread_time() - t0) * 1e3)
        study.tell(trial, logquad(lr, wd, d, m, w))
    return {"trials": trials, "mean_ms": float(np.mean(ms)), "last100_mean_ms": float(np.mean(ms[-100:]))}


def java_side(args):
    cp = os.environ.get("TRAINBOOK_CLASSES", os.path.join(ROOT, "target", "classes")) + os.pathsep + os.path.join(ROOT, "target", "lib", "*")
    cmd = ["java", "-Djava.awt.headless=true", "-cp", cp, "trainbook.bench.SweepBench", "--trials", str(args.trials),
           "--seeds", str(args.seeds), "--overhead-trials", str(args.overhead_trials), "--bank", args.bank,
           "--parts", ",".join(args.parts), "--functions", ",".join(args.functions), "--samplers", ",".join(args.samplers), "--first-seed", str(args.first_seed)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=7200)
    sys.stderr.write(p.stderr[-3000:])
    if p.returncode != 0:
        raise SystemExit(f"trainbook.bench.SweepBench failed ({p.returncode})")
    return json.loads(p.stdout.strip().splitlines()[-1])


def real_study(limit):
    cp = os.environ.get("TRAINBOOK_CLASSES", os.path.join(ROOT, "target", "classes")) + os.pathsep + os.path.join(ROOT, "target", "lib", "*")
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"), OMP_WAIT_POLICY="PASSIVE")
    p = subprocess.run(["java", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp", cp, "trainbook.bench.RealStudy", "--limit", str(limit)], capture_output=True, text=True, timeout=7200, env=env)
    sys.stderr.write(p.stderr[-3000:])
    if p.returncode != 0:
        raise SystemExit(f"trainbook.bench.RealStudy failed ({p.returncode})")
    return json.loads(p.stdout.strip().splitlines()[-1])


def q(v):
    a = np.asarray(v, dtype=float)
    return np.percentile(a, 50), np.percentile(a, 25), np.percentile(a, 75)


def fmt(x):
    return f"{x:.4g}"


def median_gap_interval(a, b, reps=2000):
    """95% bootstrap interval of median(a) - median(b), resampling seeds: how far apart the seed spread lets the
    two medians be."""
    rng = np.random.RandomState(0)
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = [np.median(rng.choice(a, a.size)) - np.median(rng.choice(b, b.size)) for _ in range(reps)]
    return np.percentile(d, 2.5), np.percentile(d, 97.5)


def report(tb, op, args):
    banks = ", ".join(os.path.relpath(b, ROOT) for b in args.bank.split(","))
    seeds = f"{args.seeds} seeds" + (f" (from seed {args.first_seed})" if args.first_seed else "")
    lines = [f"Sweeps: Trainbook vs Optuna {args.optuna_version} — {args.trials} trials × {seeds}; "
             f"pruning banks {banks}", ""]
    targets = []
    if "quality" in tb:
        lines += ["| function | sampler | Trainbook median [q1, q3] | Optuna median [q1, q3] |", "|---|---|---|---|"]
    for fname in tb.get("quality", {}):
        for sm in tb["quality"][fname]:
            a, b = q(tb["quality"][fname][sm]), q(op["quality"][fname][sm])
            lines.append(f"| {fname} | {sm} | {fmt(a[0])} [{fmt(a[1])}, {fmt(a[2])}] | {fmt(b[0])} [{fmt(b[1])}, {fmt(b[2])}] |")
        if "tpe" not in tb["quality"][fname]:
            continue
        t, o = q(tb["quality"][fname]["tpe"])[0], q(op["quality"][fname]["tpe"])[0]
        lo, hi = median_gap_interval(tb["quality"][fname]["tpe"], op["quality"][fname]["tpe"])
        line = (f"- {fname}: Trainbook TPE median {fmt(t)} vs Optuna TPE {fmt(o)} → {'met' if t <= o else 'not met'}"
                f" (≤ Optuna; the gap's 95% bootstrap interval over seeds is [{fmt(lo)}, {fmt(hi)}])")
        if "random" in tb["quality"][fname]:
            r = q(tb["quality"][fname]["random"])[0]
            line += f"; vs Trainbook random {fmt(r)} → {'below' if t < r else 'NOT below'}"
        targets.append(line)
    if "pruning" in tb:
        lines += ["", "| bank | pruner | library | epochs spent (mean of orders) | share of the bank's epochs | best config completed |",
                  "|---|---|---|---|---|---|"]
    for bank in tb.get("pruning", {}):
        for name in tb["pruning"][bank]:
            for lib, side in (("Trainbook", tb), ("Optuna", op)):
                p = side["pruning"][bank][name]
                mean = float(np.mean(p["epochs"]))
                lines.append(f"| {bank} | {name} | {lib} | {mean:.1f} | {100 * mean / p['total_epochs']:.1f}% | "
                             f"{sum(p['best_survived'])}/{len(p['best_survived'])} |")
            if name == "none":
                continue
            a, b = tb["pruning"][bank][name], op["pruning"][bank][name]
            ea, eb = np.mean(a["epochs"]), np.mean(b["epochs"])
            targets.append(f"- pruning {name} on {bank}: Trainbook {ea:.1f} epochs, best kept {sum(a['best_survived'])}/{len(a['best_survived'])};"
                           f" Optuna {eb:.1f}, {sum(b['best_survived'])}/{len(b['best_survived'])} → "
                           f"{'met' if ea <= eb and sum(a['best_survived']) >= sum(b['best_survived']) else 'not met'}"
                           " (no more epochs for the same survival)")
    if "overhead" not in tb:
        return "\n".join(lines + ["", "Targets:"] + targets) + "\n"
    lines += ["", "| TPE sampling overhead (thread CPU time) | trials | mean ms/trial | ms/trial, last 100 |", "|---|---|---|---|"]
    for lib, side in (("Trainbook", tb), ("Optuna", op)):
        o = side["overhead"]
        lines.append(f"| {lib} | {o['trials']} | {o['mean_ms']:.3f} | {o['last100_mean_ms']:.3f} |")
    targets.append(f"- overhead: Trainbook {tb['overhead']['last100_mean_ms']:.3f} ms/trial over the last 100 of "
                   f"{tb['overhead']['trials']} trials → "
                   f"{'met' if tb['overhead']['last100_mean_ms'] < 5 else 'not met'} (< 5 ms)")
    return "\n".join(lines + ["", "Targets:"] + targets) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--overhead-trials", type=int, default=1000)
    ap.add_argument("--bank", default=BANKS, help="comma list of curve banks (CSV from trainbook.bench.CurveBank)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 20 trials × 3 seeds, 200-trial overhead")
    ap.add_argument("--parts", default="quality,pruning,overhead",
                    help="comma list of quality, pruning, overhead; parts not run are taken from an earlier sweeps.json")
    ap.add_argument("--write-pruning-reference", metavar="JSON",
                    help="only write Optuna's pruning decisions on the (first) bank (the reference PruningBankTest checks) and exit")
    ap.add_argument("--real", action="store_true", help="also the Fashion-MNIST MLP study (grid, random, TPE, TPE+ASHA)")
    ap.add_argument("--functions", default=",".join(FUNCTIONS), help="quality: comma list of " + ", ".join(FUNCTIONS))
    ap.add_argument("--samplers", default=",".join(SAMPLERS), help="quality: comma list of " + ", ".join(SAMPLERS))
    ap.add_argument("--first-seed", type=int, default=0, help="quality: seeds first-seed .. first-seed+seeds-1")
    ap.add_argument("--real-limit", type=int, default=50, help="batches per epoch in the real study (limit=)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    args = ap.parse_args()
    args.parts = [p for p in args.parts.split(",") if p]
    args.functions = [f for f in args.functions.split(",") if f]
    args.samplers = [f for f in args.samplers.split(",") if f]
    for name, given, valid in (("--parts", args.parts, ("quality", "pruning", "overhead")), ("--functions", args.functions, FUNCTIONS),
                               ("--samplers", args.samplers, SAMPLERS)):
        bad = [g for g in given if g not in valid]
        if bad:
            ap.error(f"{name} {bad[0]!r} is not one of {', '.join(valid)}")
    if args.quick:
        args.trials, args.seeds, args.overhead_trials = 20, 3, 200
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    args.optuna_version = optuna.__version__
    if args.write_pruning_reference:
        ref = optuna_pruning(optuna, load_bank(args.bank.split(",")[0]), 20)
        ref = {k: v for k, v in ref.items() if k != "none"}
        ref["source"] = f"optuna {optuna.__version__}: bench/sweep_bench.py --write-pruning-reference"
        with open(args.write_pruning_reference, "w") as f:
            json.dump(ref, f, indent=1)
        return
    t0 = time.time()
    tb = java_side(args)
    t1 = time.time()
    op = {}
    if "quality" in args.parts:
        op["quality"] = optuna_quality(optuna, args.trials, args.seeds, args.functions, args.samplers, args.first_seed)
    if "pruning" in args.parts:
        op["pruning"] = {os.path.basename(b): optuna_pruning(optuna, load_bank(b), args.seeds) for b in args.bank.split(",")}
    if "overhead" in args.parts:
        op["overhead"] = optuna_overhead(optuna, args.overhead_trials)
    t2 = time.time()
    earlier = os.path.join(args.out, "sweeps.json")
    if os.path.exists(earlier) and len(args.parts) < 3:
        with open(earlier) as f:
            old = json.load(f)
        if (old.get("trials"), old.get("seeds"), old.get("first_seed", 0)) == (args.trials, args.seeds, args.first_seed):
            for part in ("quality", "pruning", "overhead"):
                # pruning results from before the banks were keyed by file are measured again
                stale = part == "pruning" and "none" in old["trainbook"].get(part, {})
                if part not in args.parts and part in old["trainbook"] and not stale:
                    tb[part], op[part] = old["trainbook"][part], old["optuna"][part]
    missing = [p for p in ("quality", "pruning", "overhead") if p not in tb]
    md = report(tb, op, args) + f"\nWall time: Trainbook side {t1 - t0:.0f} s, Optuna side {t2 - t1:.0f} s.\n"
    if missing:
        md += f"\nNot measured: {', '.join(missing)} (run --parts {','.join(missing)} with the same --trials/--seeds to add them).\n"
    if args.real:
        real = real_study(args.real_limit)
        tb["real"] = real
        md += (f"\nFashion-MNIST MLP(256,128), lr x wd x dropout, 24 trials of 3 epochs x {args.real_limit} batches, ranked by val_acc:\n\n"
               "| strategy | wall s | best val_acc | epochs trained | pruned |\n|---|---|---|---|---|\n")
        for k, v in real.items():
            md += f"| {k} | {v['seconds']:.0f} | {v['best_val_acc']:.4f} | {v['epochs_trained']} | {v['pruned']} |\n"
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sweeps.json"), "w") as f:
        json.dump({"trainbook": tb, "optuna": op, "trials": args.trials, "seeds": args.seeds, "first_seed": args.first_seed}, f)
    with open(os.path.join(args.out, "sweeps.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
