"""Interactive charts in a real browser: a page served from 127.0.0.1 (no CDN: vega, vega-lite and vega-embed come
from the npm packages in build/vega) where vega-embed renders one %train and one %compare Vega-Lite spec taken from
the executed notebooks; the pointer is moved onto a data point and the tooltip must show that point's value."""
import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "vega"))
import packages as vega  # noqa: E402

VEGALITE = "application/vnd.vegalite.v5+json"

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>trainbook vega-embed</title>
<script src="vega.min.js"></script><script src="vega-lite.min.js"></script><script src="vega-embed.min.js"></script>
</head><body><div id="train"></div><div id="compare"></div><script>
window.__embedded = 0; window.__errors = [];
const specs = %s;
for (const [id, spec] of Object.entries(specs)) {
  vegaEmbed('#' + id, spec, {renderer: 'svg', actions: false})
    .then(() => { window.__embedded++; })
    .catch(e => { window.__errors.push(id + ': ' + e); });
}
</script></body></html>
"""

# centre (in viewport pixels) and datum of the first point mark drawn in a chart
POINT = """
const path = document.querySelector('#' + arguments[0] + ' .mark-symbol path');
if (!path) return null;
const r = path.getBoundingClientRect();
const d = path.__data__ && path.__data__.datum;
return {x: r.left + r.width / 2, y: r.top + r.height / 2, datum: d ? JSON.parse(JSON.stringify(d)) : null};
"""

TOOLTIP = """
const t = document.getElementById('vg-tooltip-element');
return t ? {visible: t.classList.contains('visible'), text: t.innerText} : null;
"""


def first_spec(nb, magic):
    for cell in nb.cells:
        if cell.get("cell_type") != "code" or not cell.get("source", "").lstrip().startswith(magic):
            continue
        for out in cell.get("outputs", []):
            spec = out.get("data", {}).get(VEGALITE)
            if spec:
                return spec
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def move_pointer(driver, x, y):
    driver.cmd("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                                                 "actions": [{"type": "pointerMove", "duration": 0, "x": int(x),
                                                              "y": int(y), "origin": "viewport"}]}]})


def numbers(text):
    return [float(m) for m in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text)]


def check(driver, notebooks, out_dir):
    """[(ok, message)] for the vega-embed page; screenshot in out_dir/vega-embed.png."""
    specs = {}
    for nb in notebooks:
        for magic, key in (("%train", "train"), ("%compare", "compare")):
            if key not in specs:
                s = first_spec(nb, magic)
                if s:
                    specs[key] = s
    results = [(set(specs) == {"train", "compare"},
                f"vega-embed: a %train and a %compare Vega-Lite spec in the executed notebooks (found {sorted(specs)})")]
    if len(specs) < 2:
        return results
    modules = vega.ensure()
    root = os.path.join(out_dir, "vega-page")
    shutil.rmtree(root, True)
    os.makedirs(root)
    for pkg, f in (("vega", "vega.min.js"), ("vega-lite", "vega-lite.min.js"), ("vega-embed", "vega-embed.min.js")):
        shutil.copy(os.path.join(modules, pkg, "build", f), root)
    with open(os.path.join(root, "index.html"), "w", encoding="utf-8") as f:
        f.write(PAGE % json.dumps(specs))
    server = serve(root)
    try:
        driver.window_size(1280, 1100)
        driver.open(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        deadline = time.monotonic() + 30
        state = {}
        while time.monotonic() < deadline:
            state = driver.script("return {n: window.__embedded, errors: window.__errors, "
                                  "cdn: Array.from(document.scripts).filter(s => s.src && !s.src.startsWith(location.origin)).length}")
            if state and (state["n"] == 2 or state["errors"]):
                break
            time.sleep(0.2)
        results.append((state.get("n") == 2 and not state.get("errors") and state.get("cdn") == 0,
                        f"vega-embed: both specs rendered from local scripts (embedded {state.get('n')}, "
                        f"errors {state.get('errors')}, scripts from elsewhere {state.get('cdn')})"))
        for key in ("train", "compare"):
            point = driver.script(POINT, key)
            if not point or not point.get("datum"):
                results.append((False, f"vega-embed {key}: no point mark to hover"))
                continue
            move_pointer(driver, point["x"] + 1, point["y"] + 1)
            move_pointer(driver, point["x"], point["y"])
            tip = None
            for _ in range(25):
                tip = driver.script(TOOLTIP)
                if tip and tip["visible"]:
                    break
                time.sleep(0.1)
            want = point["datum"].get("value")
            shown = numbers(tip["text"]) if tip else []
            ok = bool(tip and tip["visible"]) and isinstance(want, (int, float)) \
                and any(abs(v - want) <= 1e-9 * max(1.0, abs(want)) for v in shown)
            results.append((ok, f"vega-embed {key}: hovering a point shows its value {want} in the tooltip "
                                f"({(tip or {}).get('text', 'no tooltip')!r})"))
        shot = os.path.join(out_dir, "vega-embed.png")
        driver.screenshot(shot)
        results.append((os.path.getsize(shot) > 1000, f"vega-embed: screenshot {shot}"))
    finally:
        server.shutdown()
    return results
