"""The npm packages the chart tests render Vega-Lite with (vega, vega-lite, vega-embed), installed on first use into
build/vega/node_modules with the machine's npm, under a timeout. Node comes from the machine (Debian: nodejs, npm;
`./trainbook test` installs them when missing)."""
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PREFIX = os.path.join(ROOT, "build", "vega")
MODULES = os.path.join(PREFIX, "node_modules")
# exact versions: a test run on a fresh machine draws with the same renderer as the last one
PACKAGES = ["vega@5.33.1", "vega-lite@5.23.0", "vega-embed@6.29.0"]
RENDER = os.path.join(ROOT, "tests", "vega", "render.js")


def node():
    path = shutil.which("node") or shutil.which("nodejs")
    if not path:
        raise RuntimeError("no node on PATH: install Debian's nodejs and npm (./trainbook test does)")
    return path


def ensure(timeout=600):
    """Installs the packages when missing; returns the node_modules directory."""
    if all(os.path.isfile(os.path.join(MODULES, p.rsplit("@", 1)[0], "package.json")) for p in PACKAGES):
        return MODULES
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("no npm on PATH: install Debian's npm (./trainbook test does)")
    os.makedirs(PREFIX, exist_ok=True)
    proc = subprocess.run(["timeout", str(timeout), npm, "install", "--prefix", PREFIX, "--no-audit", "--no-fund",
                           "--loglevel=error", *PACKAGES], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"npm install {' '.join(PACKAGES)} failed ({proc.returncode}): {proc.stderr[-1500:]}")
    return MODULES


def render(specs, out_dir, timeout=300):
    """Compiles and renders [(name, spec)] headless to SVG files in out_dir; returns node's result per spec."""
    import json
    modules = ensure()
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "specs.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump([{"name": n, "spec": s} for n, s in specs], f)
    proc = subprocess.run(["timeout", str(timeout), node(), RENDER, path, out_dir], capture_output=True, text=True,
                          env={**os.environ, "NODE_PATH": modules}, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"node render.js failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return {r["name"]: r for r in json.loads(proc.stdout.strip().splitlines()[-1])}
