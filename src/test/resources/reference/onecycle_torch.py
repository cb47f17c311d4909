"""Reference values for Trainbook's one-cycle schedule (LR and momentum) from torch.optim.lr_scheduler.OneCycleLR.

Regenerate (Debian: apt-get install python3-torch):
    /usr/bin/python3 src/test/resources/reference/onecycle_torch.py > src/test/resources/reference/onecycle_torch.json
Read by trainbook.engine.schedule.OneCycleMomentumTest.

"schedules": per step t = 0..total_steps-1, the lr and the momentum (SGD `momentum`, Adam `betas[0]`) that the
optimizer's param group holds when optimizer.step() runs at step t (torch's defaults cycle_momentum=True,
base_momentum=0.85, max_momentum=0.95 unless a case says otherwise).
"weights": the final weights after `steps` optimizer steps on the quadratic problem of OptimizerFormulaTest
(loss = sum(0.5*a*w^2 + c*w)), float64, with OneCycleLR stepped after every optimizer step.
"""
import json
import sys

import torch

W0 = [0.5, -1.2, 2.0, 0.1, -0.7]
A = [1.0, 0.5, 2.0, 3.0, 0.25]
C = [0.3, -0.2, 0.1, -0.5, 0.05]


def make_opt(kind, params, lr):
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if kind == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True)
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=0.1)
    raise ValueError(kind)


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def schedule_case(name, kind, total, **kw):
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = make_opt(kind, [w], kw.get("max_lr", 0.1))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, total_steps=total, **kw)
    lrs, moms = [], []
    for _ in range(total):
        g = opt.param_groups[0]
        lrs.append(g["lr"])
        moms.append(momentum_of(g))
        opt.step()
        sched.step()
    return {"name": name, "opt": kind, "total_steps": total, "kwargs": kw, "lr": lrs, "momentum": moms}


def weights_case(kind, total, max_lr):
    w = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    a = torch.tensor(A, dtype=torch.float64)
    c = torch.tensor(C, dtype=torch.float64)
    opt = make_opt(kind, [w], max_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=total)
    for _ in range(total):
        opt.zero_grad()
        loss = (0.5 * a * w * w + c * w).sum()
        loss.backward()
        opt.step()
        sched.step()
    return {"opt": kind, "total_steps": total, "max_lr": max_lr, "weights": w.detach().tolist()}


def main():
    out = {
        "torch": torch.__version__,
        "schedules": [
            schedule_case("sgd-100", "momentum", 100, max_lr=0.1),
            schedule_case("adam-7", "adam", 7, max_lr=0.05, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
            schedule_case("sgd-20-custom", "nesterov", 20, max_lr=0.2, base_momentum=0.8, max_momentum=0.9),
            schedule_case("adamw-1", "adamw", 1, max_lr=0.01),
        ],
        "weights": [weights_case(k, 6, 0.1) for k in ("momentum", "nesterov", "adam", "adamw")],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
