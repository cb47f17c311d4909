#!/usr/bin/env python3
"""Is Trainbook's TPE the same algorithm as Optuna 3.1's? Both samplers see one fixed Hartmann-6 history (N uniform
points, numpy seed 123) and pick the next point K times (Optuna: TPESampler(seed=k).sample_independent per parameter;
Trainbook: trainbook.bench.TpeDraws, one random stream per draw). Prints, per coordinate, the means, quartiles and
the two-sample Kolmogorov-Smirnov distance with its 5% critical value: distances below it mean the two pick from
the same distribution as far as K draws can tell.

  /usr/bin/python3 bench/tpe_draws.py [--history 20,40] [--draws 1000]   (after mvn package)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep_bench as sb  # noqa: E402


def ks(x, y):
    z = np.sort(np.concatenate([x, y]))
    fx = np.searchsorted(np.sort(x), z, side="right") / len(x)
    fy = np.searchsorted(np.sort(y), z, side="right") / len(y)
    return float(np.max(np.abs(fx - fy)))


def optuna_draws(history, draws):
    import optuna
    from optuna.distributions import FloatDistribution
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    dims = len(history["x"][0])
    dist = {f"x{i}": FloatDistribution(0, 1) for i in range(dims)}
    study = optuna.create_study()
    study.add_trials([optuna.trial.create_trial(params={f"x{i}": x[i] for i in range(dims)}, distributions=dist, value=y)
                      for x, y in zip(history["x"], history["y"])])
    trial = study._storage.get_trial(study.ask()._trial_id)
    out = []
    for k in range(draws):
        s = optuna.samplers.TPESampler(seed=k)
        out.append([s.sample_independent(study, trial, f"x{i}", dist[f"x{i}"]) for i in range(dims)])
    return np.array(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--history", default="20,40", help="comma list of history lengths")
    ap.add_argument("--draws", type=int, default=1000)
    args = ap.parse_args()
    cp = os.environ.get("TRAINBOOK_CLASSES", os.path.join(sb.ROOT, "target", "classes")) + os.pathsep + os.path.join(sb.ROOT, "target", "lib", "*")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(v) for v in args.history.split(",")):
            rs = np.random.RandomState(123)
            xs = rs.uniform(0, 1, size=(n, 6)).tolist()
            history = {"x": xs, "y": [sb.hartmann6(x) for x in xs]}
            hist, out = os.path.join(tmp, f"h{n}.json"), os.path.join(tmp, f"tb{n}.json")
            with open(hist, "w") as f:
                json.dump(history, f)
            subprocess.run(["java", "-cp", cp, "trainbook.bench.TpeDraws", hist, str(args.draws), out], check=True, timeout=600)
            with open(out) as f:
                a = np.array(json.load(f))
            b = optuna_draws(history, args.draws)
            crit = 1.36 * np.sqrt(2 / args.draws)
            print(f"Hartmann-6 history of {n} trials, {args.draws} draws each; KS 5% critical value {crit:.3f}")
            print("| coordinate | Trainbook mean [q1, median, q3] | Optuna mean [q1, median, q3] | KS distance |")
            print("|---|---|---|---|")
            for i in range(a.shape[1]):
                qa, qb = np.percentile(a[:, i], [25, 50, 75]), np.percentile(b[:, i], [25, 50, 75])
                print(f"| x{i} | {a[:, i].mean():.3f} [{qa[0]:.3f}, {qa[1]:.3f}, {qa[2]:.3f}] | "
                      f"{b[:, i].mean():.3f} [{qb[0]:.3f}, {qb[1]:.3f}, {qb[2]:.3f}] | {ks(a[:, i], b[:, i]):.3f} |")
            print()


if __name__ == "__main__":
    main()
