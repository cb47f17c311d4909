"""Browser check: executed notebooks → nbconvert HTML → headless Chromium (driven through chromedriver's W3C
WebDriver HTTP API, no Python dependency beyond the standard library and nbconvert).

For each notebook it asserts, in the rendered page: every <img> loaded (naturalWidth > 0) and every inline <svg>
has a size; no error output is shown (nbconvert's error/stderr output markup); at least as many tables as the
notebook's HTML outputs hold; as many images as the notebook's outputs hold. A full-page screenshot of each lands in
build/browser/NAME.png next to NAME.html. Before the notebooks, a self-test renders a good page (must pass) and a
page with a broken image and an error output (must fail exactly those two checks), so a check that cannot fail
is caught too. Then tests/browser/vega_page.py renders a %train and a %compare Vega-Lite spec from the notebooks with
vega-embed (scripts served locally from the npm packages) and hovers a point to read its tooltip.

usage: check.py --out DIR NOTEBOOK.ipynb ...   (the notebooks must already be executed)
Prints one PASS/FAIL line per check and "N passed, N failed"; exit status 0 only when all passed.
"""
import argparse
import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

import nbformat
from nbconvert import HTMLExporter

CHROMIUM = os.environ.get("TRAINBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TRAINBOOK_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--window-size=1280,1000"]
MAX_SHOT_HEIGHT = 16000  # px; Chromium cannot capture arbitrarily tall pages in one bitmap
ERROR_SELECTORS = ['[data-mime-type="application/vnd.jupyter.stderr"]', ".output_error", ".output_stderr"]

PAGE_FACTS = """
const errSel = arguments[0];
const imgs = Array.from(document.images).map(i => ({complete: i.complete, w: i.naturalWidth,
    src: (i.getAttribute('src') || '').slice(0, 40)}));
const svgs = Array.from(document.querySelectorAll('.jp-OutputArea-output svg, .output svg'))
    .filter(s => !s.parentElement.closest('svg'))
    .map(s => { const r = s.getBoundingClientRect(); return {w: r.width, h: r.height}; });
const errors = errSel.flatMap(s => Array.from(document.querySelectorAll(s)))
    .map(e => e.innerText.slice(0, 200));
const tables = document.querySelectorAll('.jp-OutputArea-output table, .output table').length;
return {imgs, svgs, errors, tables, height: document.documentElement.scrollHeight,
        title: document.title, ready: document.readyState};
"""


class WebDriver:
    """The few W3C WebDriver commands this check needs, over chromedriver's HTTP endpoint."""

    def __init__(self, profile_dir):
        self.port = free_port()
        self.log = open(os.path.join(profile_dir, "chromedriver.log"), "w")
        self.proc = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                self._call("GET", "/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"chromedriver did not start (see {self.log.name})")
                time.sleep(0.2)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={os.path.join(profile_dir, 'profile')}"]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.load(r).get("value")
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")[:400]
            raise RuntimeError(f"WebDriver {method} {path}: {e.code} {detail}") from None

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url):
        self.cmd("POST", "/url", {"url": url})

    def script(self, js, *args):
        return self.cmd("POST", "/execute/sync", {"script": js, "args": list(args)})

    def window_size(self, width, height):
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))

    def quit(self):
        try:
            self.cmd("DELETE", "")
        except Exception:  # noqa: BLE001  (best effort on the way out)
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expectations(nb):
    """What the notebook's outputs promise the page will show."""
    tables = images = svgs = errors = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors += 1
            data = out.get("data", {})
            if "text/html" in data:
                html = data["text/html"]
                tables += len(re.findall(r"<table\b", html))
                images += len(re.findall(r"<img\b", html))
            elif "image/svg+xml" in data:
                svgs += 1
            elif "image/png" in data or "image/jpeg" in data:
                images += 1
    return {"tables": tables, "images": images, "svgs": svgs, "errors": errors}


def check_page(driver, nb, name, out_dir):
    """Renders one executed notebook and returns [(ok, message)] for its page checks (screenshot included)."""
    results = []
    want = expectations(nb)
    html, _ = HTMLExporter().from_notebook_node(nb)
    page = os.path.abspath(os.path.join(out_dir, name + ".html"))
    with open(page, "w", encoding="utf-8") as f:
        f.write(html)
    driver.window_size(1280, 1000)
    driver.open("file://" + page)
    deadline = time.monotonic() + 30
    facts = driver.script(PAGE_FACTS, ERROR_SELECTORS)
    while (facts["ready"] != "complete" or not all(i["complete"] for i in facts["imgs"])) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
        facts = driver.script(PAGE_FACTS, ERROR_SELECTORS)
    broken = [i["src"] for i in facts["imgs"] if not (i["complete"] and i["w"] > 0)]
    results.append((not broken and len(facts["imgs"]) >= want["images"],
                    f"{name}: {len(facts['imgs'])} images loaded (notebook has {want['images']})"
                    + (f"; broken: {broken}" if broken else "")))
    flat = [s for s in facts["svgs"] if not (s["w"] > 0 and s["h"] > 0)]
    results.append((not flat and len(facts["svgs"]) >= want["svgs"],
                    f"{name}: {len(facts['svgs'])} SVG charts drawn (notebook has {want['svgs']})"))
    results.append((not facts["errors"] and want["errors"] == 0,
                    f"{name}: no error output shown" + (f"; shown: {facts['errors'][:3]}" if facts["errors"] else "")))
    results.append((facts["tables"] >= want["tables"],
                    f"{name}: {facts['tables']} tables shown (notebook has {want['tables']})"))
    height = min(int(facts["height"]) + 40, MAX_SHOT_HEIGHT)
    driver.window_size(1280, height)
    time.sleep(0.3)
    shot = os.path.join(out_dir, name + ".png")
    driver.screenshot(shot)
    results.append((os.path.getsize(shot) > 1000, f"{name}: screenshot {shot} (1280x{height})"))
    return results


def tiny_png():
    """A valid 2×1 RGB PNG (built here, CRCs included), base64-encoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"\x00" + bytes([200, 30, 30, 30, 30, 200])  # one row: filter byte + two RGB pixels
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


def self_test_notebook(broken):
    """A good image and a table; with broken=True also an image that cannot load and an error output."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": tiny_png(), "text/plain": "good"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><td>1</td></tr></table>",
                                                     "text/plain": "table"}),
    ]
    if broken:
        cell.outputs += [
            nbformat.v4.new_output("display_data", data={
                "text/html": '<img src="data:image/png;base64,bm90IGFuIGltYWdl">', "text/plain": "broken image"}),
            nbformat.v4.new_output("error", ename="Boom", evalue="on purpose", traceback=["Boom: on purpose"]),
        ]
    cell.execution_count = 1
    nb.cells.append(cell)
    return nb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("PASS " if ok else "FAIL ") + what, flush=True)
        if ok:
            passed += 1
        else:
            failed += 1

    tmp = tempfile.mkdtemp(prefix="trainbook-browser-")
    driver = None
    try:
        driver = WebDriver(tmp)
        # the check itself first: it must pass a good page, and catch a broken image and an error output
        good = {i for i, (ok, _) in enumerate(check_page(driver, self_test_notebook(False), "selftest-good", tmp)) if not ok}
        bad = {i for i, (ok, _) in enumerate(check_page(driver, self_test_notebook(True), "selftest-bad", tmp)) if not ok}
        check(good == set() and bad == {0, 2}, "self-test: a good image and a table pass; a broken image and an "
              f"error output are caught (failed checks: good page {sorted(good)}, bad page {sorted(bad)}, "
              "expected [] and [0, 2])")
        notebooks = []
        for path in args.notebooks:
            name = os.path.splitext(os.path.basename(path))[0]
            notebooks.append(nbformat.read(path, as_version=4))
            notebooks[-1].metadata["trainbook_name"] = name
            for ok, msg in check_page(driver, notebooks[-1], name, args.out):
                check(ok, msg)
        # the interactive charts: vega-embed in the same browser, hover → tooltip value
        import vega_page
        for ok, msg in vega_page.check(driver, notebooks, args.out):
            check(ok, msg)
    except Exception as e:  # noqa: BLE001  (a broken browser is a failed check, with its reason)
        check(False, f"browser: {e}")
    finally:
        if driver:
            driver.quit()
        shutil.rmtree(tmp, True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
