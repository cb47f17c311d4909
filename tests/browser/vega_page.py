"""Interactive charts in a real browser: a page served from 127.0.0.1 (no CDN: vega, vega-lite and vega-embed come
from the npm packages in build/vega) where vega-embed renders one %train and one %compare Vega-Lite spec taken from
the executed notebooks; the pointer is moved onto a data point and the tooltip must show that point's value. In the
%compare spec (its views linked by one run selection) a run's point is hovered in the loss view and every view must
pick it out (opaque, thicker, the others a little faded); then a run's point is clicked and every view must draw that
run opaque and the other runs faded, and hovering another run must not change that (a click wins over a hover).

Alone (notebooks already executed, e.g. by tests/browser/run.sh or nbconvert --execute):
    python3 tests/browser/vega_page.py --out build/browser NOTEBOOK.ipynb ...
"""
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
window.__embedded = 0; window.__errors = []; window.__views = {};
const specs = %s;
for (const [id, spec] of Object.entries(specs)) {
  vegaEmbed('#' + id, spec, {renderer: 'svg', actions: false})
    .then(res => { window.__views[id] = res.view; window.__embedded++; })
    .catch(e => { window.__errors.push(id + ': ' + e); });
}
</script></body></html>
"""

# centre (in viewport pixels) and datum of the first point mark drawn in a chart
POINT = """
const path = document.querySelector('#' + arguments[0] + ' .mark-symbol.role-mark path');
if (!path) return null;
const r = path.getBoundingClientRect();
const d = path.__data__ && path.__data__.datum;
return {x: r.left + r.width / 2, y: r.top + r.height / 2, datum: d ? JSON.parse(JSON.stringify(d)) : null};
"""

# The cells of a concatenated chart (one per view, named by the Vega-Lite view name that their line mark carries):
# for each, the run and opacity of every line and point item drawn (scenegraph item and the SVG attribute), and the
# centre of each point that is the topmost element under its own centre (so that a click there hits that point).
CELLS = """
const root = document.querySelector('#' + arguments[0]);
const cells = {};
for (const g of root.querySelectorAll('g.mark-group.role-scope')) {
  if (!/_group$/.test(g.getAttribute('class')) ) continue;
  const names = new Set(Array.from(g.querySelectorAll('g.mark-line.role-mark'))
      .map(l => (l.getAttribute('class').match(/(\\S+)_marks/) || [])[1]).filter(Boolean));
  if (names.size !== 1) continue;  // a row of views, or no view
  const m = names.values().next().value;
  if (cells[m]) continue;
  const items = [], targets = [];
  for (const p of g.querySelectorAll('g.role-mark path')) {
    const it = p.__data__;
    if (!it || !it.datum || it.datum.run === undefined) continue;
    const attr = p.getAttribute('opacity');
    items.push({run: it.datum.run, opacity: it.opacity === undefined ? 1 : it.opacity,
                attr: attr === null ? 1 : parseFloat(attr), symbol: p.closest('.mark-symbol') !== null,
                line: p.closest('.mark-line') !== null, width: it.strokeWidth === undefined ? null : it.strokeWidth});
    if (p.closest('.mark-symbol')) {
      const r = p.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (document.elementFromPoint(x, y) === p) targets.push({run: it.datum.run, x, y});
    }
  }
  cells[m] = {items, targets};
}
return cells;
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


def click(driver, x, y):
    driver.cmd("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                                                 "actions": [{"type": "pointerMove", "duration": 0, "x": int(x),
                                                              "y": int(y), "origin": "viewport"},
                                                             {"type": "pointerDown", "button": 0},
                                                             {"type": "pointerUp", "button": 0}]}]})


def opacities(cell):
    """{run: set of opacities} of a cell's items, from the scenegraph and from the SVG attribute."""
    out = {}
    for it in cell["items"]:
        out.setdefault(it["run"], set()).update({round(it["opacity"], 3), round(it["attr"], 3)})
    return out


def line_widths(cell):
    """{run: largest stroke width of its line items} in a cell."""
    out = {}
    for it in cell["items"]:
        if it["line"] and it["width"] is not None:
            out[it["run"]] = max(out.get(it["run"], 0), it["width"])
    return out


def all_opaque(cells):
    return all(o == {1.0} for c in cells.values() for o in opacities(c).values())


def poll(driver, key, done, tries=25):
    """The cells once done(cells) holds, or the last ones read after tries × 0.1 s."""
    cells = {}
    for _ in range(tries):
        cells = driver.script(CELLS, key)
        if done(cells):
            break
        time.sleep(0.1)
    return cells


def pointer_away(driver):
    """Moves the pointer onto an empty corner of the page, off every chart (a mouseout for any hovered mark)."""
    move_pointer(driver, 1275, 3)


# a hover fades the runs not hovered less than a click fades the runs not clicked (0.35 vs 0.15 in the spec), so the
# two states can be told apart by opacity alone
CLICK_FADED_BELOW = 0.25


OUT_DIR = []  # where check() puts its screenshots (the highlighted state is shot too)


def linked_highlight(driver, key, spec):
    """[(ok, message)]: clicking a run in the loss view highlights it in every other view of the linked spec."""
    if not ("vconcat" in spec or "hconcat" in spec):
        return [(False, f"vega-embed {key}: the %compare spec is one linked (concatenated) view, got keys {sorted(spec)}")]
    pointer_away(driver)  # the tooltip check left the pointer on a point: that is a hover
    before = poll(driver, key, all_opaque)
    others = [v for v in before if v != "loss"]
    if "loss" not in before or not others:
        return [(False, f"vega-embed {key}: a loss view and at least one other view (found {sorted(before)})")]
    runs = sorted({it["run"] for it in before["loss"]["items"]})
    results = [(all(o == {1.0} for c in before.values() for o in opacities(c).values()),
                f"vega-embed {key}: before a click every run is drawn opaque in every view "
                f"({ {v: {r: sorted(o) for r, o in opacities(c).items()} for v, c in before.items()} })")]
    targets = before["loss"]["targets"]
    if len(runs) < 2 or not targets:
        return results + [(False, f"vega-embed {key}: two runs and a clickable point in the loss view "
                                  f"(runs {runs}, clickable points {len(targets)})")]
    target = targets[-1]
    # hovering a point of another run (nothing clicked yet) picks that run out in every view: opaque and thicker,
    # the others a little faded (less than a click fades them)
    hovered = next((t for t in targets if t["run"] != target["run"]), targets[0])
    move_pointer(driver, hovered["x"], hovered["y"])
    during = poll(driver, key, lambda cells: not all_opaque(cells))
    for view in ["loss"] + others:
        cell = during.get(view, {"items": []})
        op, widths = opacities(cell), line_widths(cell)
        chosen, rest = op.get(hovered["run"], set()), {r: o for r, o in op.items() if r != hovered["run"]}
        ok = chosen == {1.0} and rest and all(CLICK_FADED_BELOW < min(o) and max(o) < 1 for o in rest.values()) \
            and widths.get(hovered["run"], 0) > max((w for r, w in widths.items() if r != hovered["run"]), default=1e9)
        results.append((ok, f"vega-embed {key}: hovering run {hovered['run']!r} in the loss view picks it out in the "
                            f"{view} view (opacity {sorted(chosen)}; other runs {({r: sorted(o) for r, o in rest.items()})}; "
                            f"line widths {widths})"))
    if OUT_DIR:
        driver.screenshot(os.path.join(OUT_DIR[0], "vega-embed-hover.png"))
    pointer_away(driver)
    left = poll(driver, key, all_opaque)
    results.append((all_opaque(left), f"vega-embed {key}: moving the pointer off the run clears the hover (every run "
                                      f"opaque again in every view)"))

    click(driver, target["x"], target["y"])
    after = poll(driver, key, lambda cells: any(max(o) < CLICK_FADED_BELOW for c in cells.values()
                                                for o in opacities(c).values()))
    for view in ["loss"] + others:
        op = opacities(after.get(view, {"items": []}))
        chosen, rest = op.get(target["run"], set()), {r: o for r, o in op.items() if r != target["run"]}
        ok = chosen == {1.0} and rest and all(max(o) < CLICK_FADED_BELOW for o in rest.values())
        results.append((ok, f"vega-embed {key}: clicking run {target['run']!r} in the loss view highlights it in the "
                            f"{view} view (opacity {sorted(chosen)}; other runs {({r: sorted(o) for r, o in rest.items()})})"))
    if OUT_DIR:
        driver.screenshot(os.path.join(OUT_DIR[0], "vega-embed-linked.png"))

    # a click wins over a hover: pointing at another run while one is clicked changes no opacity and no width
    other = next((t for t in targets if t["run"] != target["run"]), None)
    if other is None:
        results.append((False, f"vega-embed {key}: a clickable point of a second run in the loss view"))
    else:
        move_pointer(driver, other["x"] + 1, other["y"] + 1)
        move_pointer(driver, other["x"], other["y"])
        tip = None
        for _ in range(25):  # the tooltip shows that the hover reached the chart
            tip = driver.script(TOOLTIP)
            if tip and tip["visible"] and other["run"] in tip["text"]:
                break
            time.sleep(0.1)
        time.sleep(0.3)
        still = driver.script(CELLS, key)
        for view in ["loss"] + others:
            cell = still.get(view, {"items": []})
            op, widths = opacities(cell), line_widths(cell)
            chosen, rest = op.get(target["run"], set()), {r: o for r, o in op.items() if r != target["run"]}
            ok = bool(tip and tip["visible"]) and chosen == {1.0} and rest \
                and all(max(o) < CLICK_FADED_BELOW for o in rest.values()) \
                and widths.get(target["run"], 0) > widths.get(other["run"], 1e9)
            results.append((ok, f"vega-embed {key}: with run {target['run']!r} clicked, hovering run {other['run']!r} "
                                f"leaves the click's highlight in the {view} view (opacity {sorted(chosen)}; other runs "
                                f"{({r: sorted(o) for r, o in rest.items()})}; line widths {widths}; tooltip shown "
                                f"{bool(tip and tip['visible'])})"))
    # a double click clears the selection: every run opaque again
    driver.cmd("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                                                 "actions": [{"type": "pointerMove", "duration": 0, "x": int(target["x"]),
                                                              "y": int(target["y"]), "origin": "viewport"}]
                                                 + [{"type": "pointerDown", "button": 0},
                                                    {"type": "pointerUp", "button": 0}] * 2}]})
    # the pointer still rests on the run it double-clicked, so that run is hovered: no run is faded as by a click
    cleared = poll(driver, key, lambda cells: all(min(o) > CLICK_FADED_BELOW for c in cells.values()
                                                  for o in opacities(c).values()))
    results.append((all(min(o) > CLICK_FADED_BELOW for c in cleared.values() for o in opacities(c).values()),
                    f"vega-embed {key}: a double click clears the click highlight (no run faded as by a click: "
                    f"{ {v: {r: sorted(o) for r, o in opacities(c).items()} for v, c in cleared.items()} })"))
    pointer_away(driver)
    idle = poll(driver, key, all_opaque)
    results.append((all_opaque(idle), f"vega-embed {key}: then, with the pointer off the chart, every run is opaque "
                                      f"again in every view"))
    return results


def numbers(text):
    return [float(m) for m in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text)]


MAGICS = ("%train", "%lrfind", "%compare", "%interpret", "%doctor")


def axis_values(spec):
    """(field, title, values) of every x axis with explicit tick values in a (layered / concatenated) spec."""
    out = []
    if isinstance(spec, dict):
        x = (spec.get("encoding") or {}).get("x")
        if isinstance(x, dict) and isinstance(x.get("axis"), dict) and "values" in x["axis"]:
            out.append((x.get("field"), x.get("title"), x["axis"]["values"]))
        for k in ("layer", "vconcat", "hconcat", "concat"):
            for part in spec.get(k, []):
                out += axis_values(part)
    return out


def bundles(notebooks):
    """[(ok, message)]: in every notebook, each chart a magic drew carries PNG + Vega-Lite (unless the cell asked for
    charts=static), and every epoch or trial axis of those specs is labelled at whole numbers only."""
    results = []
    for nb in notebooks:
        name = (nb.metadata.get("trainbook_name") or "")
        charts = missing = 0
        fractional = []
        for i, cell in enumerate(nb.cells):
            src = cell.get("source", "") if cell.get("cell_type") == "code" else ""
            if not src.lstrip().startswith(MAGICS):
                continue
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/png" not in data or "text/html" in data:
                    continue
                charts += 1
                spec = data.get(VEGALITE)
                if spec is None:
                    missing += 0 if "charts=static" in src else 1
                    continue
                for field, title, values in axis_values(spec):
                    if field in ("epoch", "trial") or title in ("epoch", "trial"):
                        fractional += [f"cell {i}: {v}" for v in values if float(v) != int(float(v))]
        results.append((missing == 0 and not fractional,
                        f"{name or 'notebook'}: {charts} magic charts, each PNG + Vega-Lite ({missing} without a spec); "
                        f"epoch and trial axes at whole numbers ({fractional[:3] or 'none fractional'})"))
    return results


def check(driver, notebooks, out_dir):
    """[(ok, message)] for the vega-embed page; screenshot in out_dir/vega-embed.png."""
    results_bundles = bundles(notebooks)
    specs = {}
    for nb in notebooks:
        for magic, key in (("%train", "train"), ("%compare", "compare")):
            if key not in specs:
                s = first_spec(nb, magic)
                if s:
                    specs[key] = s
    results = results_bundles + [(set(specs) == {"train", "compare"},
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
        OUT_DIR[:] = [out_dir]
        results.extend(linked_highlight(driver, "compare", specs["compare"]))
        shot = os.path.join(out_dir, "vega-embed.png")
        driver.screenshot(shot)
        results.append((os.path.getsize(shot) > 1000, f"vega-embed: screenshot {shot}"))
    finally:
        server.shutdown()
    return results


def main():
    import argparse
    import nbformat
    from check import WebDriver
    import tempfile
    ap = argparse.ArgumentParser(description="the vega-embed checks alone, on executed notebooks")
    ap.add_argument("--out", required=True)
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="trainbook-vega-page-")
    driver = WebDriver(tmp)
    try:
        notebooks = []
        for p in args.notebooks:
            notebooks.append(nbformat.read(p, as_version=4))
            notebooks[-1].metadata["trainbook_name"] = os.path.splitext(os.path.basename(p))[0]
        results = check(driver, notebooks, args.out)
    finally:
        driver.quit()
        shutil.rmtree(tmp, True)
    for ok, msg in results:
        print(("PASS " if ok else "FAIL ") + msg)
    failed = sum(1 for ok, _ in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
