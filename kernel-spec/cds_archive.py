#!/usr/bin/python3
"""Creates a Class Data Sharing archive (AppCDS, JDK 13+ dynamic archive) for an installed Trainbook kernelspec.

usage: cds_archive.py SPEC_DIR

Starts the kernel exactly as kernel.json says (same java, flags and class path, {resource_dir} = SPEC_DIR) plus
-XX:ArchiveClassesAtExit=SPEC_DIR/trainbook.jsa, drives a short scripted session through jupyter_client (kernel_info,
a few cells, an error, completion, inspection, a magic's --help), shuts it down, and the JVM writes the classes it
loaded into the archive as it exits. The archive is then checked (a JVM started with it must report it mapped)
and only then is -XX:SharedArchiveFile={resource_dir}/trainbook.jsa added to SPEC_DIR/kernel.json.

The archive only helps the exact class path it was made for: re-run after the jars change (./trainbook kernelspec
does). A stale archive is ignored by the JVM (a one-line CDS warning in the Jupyter server's log, never in a
notebook); a deleted one turns class sharing off. Exit status 0 on success; on failure kernel.json is left unchanged.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ARCHIVE = "trainbook.jsa"
FLAG = "-XX:SharedArchiveFile={resource_dir}/" + ARCHIVE
TIMEOUT = 120

# What the session runs: the paths a notebook's first minutes take.
CELLS = [
    "1 + 1",
    "int x = 3;",
    "x * 2",
    "var names = new ArrayList<String>(List.of(\"a\", \"b\")); names.stream().map(String::toUpperCase).collect(Collectors.toList())",
    "System.out.println(\"hello\"); System.err.println(\"err\");",
    "class Point { int x, y; Point(int x, int y) { this.x = x; this.y = y; } }",
    "int sq(int v) { return v * v; }",
    "sq(new Point(1, 2).y)",
    "int bad = \"text\";",
    "Integer.parseInt(\"x\")",
    "%train --help",
]


def log(msg):
    print(f"[cds] {msg}", flush=True)


def expand(arg, spec_dir, connection_file):
    return arg.replace("{resource_dir}", spec_dir).replace("{connection_file}", connection_file)


def wait_for_kernel_info(kc, proc):
    """Asks for kernel_info until the kernel answers (the client's own wait needs a heartbeat it has not seen yet)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the kernel exited with {proc.returncode} before answering kernel_info")
        msg_id = kc.kernel_info()
        try:
            while True:
                reply = kc.get_shell_msg(timeout=1)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return
        except Exception:  # noqa: BLE001  (queue.Empty: ask again)
            continue
    raise RuntimeError(f"no kernel_info reply within {TIMEOUT} s")


def drive(kc, proc):
    wait_for_kernel_info(kc, proc)
    for code in CELLS:
        reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda msg: None)
        status = reply["content"]["status"]
        expected_error = code.startswith("int bad") or code.startswith("Integer.parseInt")
        if status != "ok" and not expected_error:
            raise RuntimeError(f"warm-up cell {code!r} failed: {reply['content']}")
    kc.complete("names.str", 9, reply=True, timeout=TIMEOUT)
    kc.inspect("Math.max", 6, detail_level=1, reply=True, timeout=TIMEOUT)
    msg_id = kc.is_complete("for (int i = 0; i < 3; i++) {")
    deadline = time.monotonic() + TIMEOUT
    while kc.get_shell_msg(timeout=TIMEOUT)["parent_header"].get("msg_id") != msg_id:
        if time.monotonic() > deadline:
            raise RuntimeError("no is_complete reply")
    kc.shutdown(restart=False)


def main(argv):
    tmp = tempfile.mkdtemp(prefix="trainbook-cds-")
    try:
        return make_archive(argv, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def make_archive(argv, tmp):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    spec_dir = os.path.abspath(argv[0])
    spec_file = os.path.join(spec_dir, "kernel.json")
    if not os.path.isfile(spec_file):
        print(f"[cds] '{spec_dir}' holds no kernel.json; give an installed kernelspec directory", file=sys.stderr)
        return 2
    with open(spec_file) as f:
        spec = json.load(f)
    base_argv = [a for a in spec["argv"] if not a.startswith("-XX:SharedArchiveFile=")]
    archive = os.path.join(spec_dir, ARCHIVE)
    if os.path.exists(archive):
        os.chmod(archive, 0o644)
        os.remove(archive)

    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    connection_file, _ = write_connection_file(os.path.join(tmp, "kernel.json"))
    cmd = [expand(a, spec_dir, connection_file) for a in base_argv]
    cp = cmd.index("-cp")
    cmd[cp:cp] = ["-XX:ArchiveClassesAtExit=" + archive, "-Dtrainbook.haltAfterMillis=120000"]
    log("warm-up run: " + " ".join(cmd))
    t0 = time.monotonic()
    out_path = os.path.join(tmp, "jvm.log")
    with open(out_path, "w") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **spec.get("env", {})}, cwd=tmp)
        kc = BlockingKernelClient(connection_file=connection_file)
        kc.load_connection_file()
        kc.start_channels()
        try:
            drive(kc, proc)
            proc.wait(timeout=TIMEOUT)
        except Exception as e:  # noqa: BLE001  (any failure: leave kernel.json as it was)
            proc.kill()
            proc.wait()
            with open(out_path) as f:
                tail = f.read()[-2000:]
            log(f"warm-up failed: {e}; kernel.json unchanged (the kernel starts without the archive). JVM output:\n{tail}")
            return 1
        finally:
            kc.stop_channels()
    if proc.returncode != 0 or not os.path.isfile(archive):
        with open(out_path) as f:
            tail = f.read()[-2000:]
        log(f"no archive written (exit {proc.returncode}); kernel.json unchanged. JVM output:\n{tail}")
        return 1
    log(f"wrote {archive} ({os.path.getsize(archive) / 1e6:.1f} MB) in {time.monotonic() - t0:.1f} s")

    # the archive must map with the spec's own flags and class path, else it is useless
    check = [expand(a, spec_dir, connection_file) for a in base_argv[:base_argv.index("-cp") + 2]]
    check[1:1] = ["-Xshare:on", "-XX:SharedArchiveFile=" + archive]
    check.append("-version")
    probe = subprocess.run(check, capture_output=True, text=True, timeout=TIMEOUT)
    if probe.returncode != 0 or "sharing" not in probe.stderr:
        log("the archive does not map with the kernel's flags; kernel.json unchanged:\n" + probe.stdout + probe.stderr)
        os.remove(archive)
        return 1

    cp_at = base_argv.index("-cp")
    spec["argv"] = base_argv[:cp_at] + [FLAG] + base_argv[cp_at:]
    tmp_spec = spec_file + ".tmp"
    with open(tmp_spec, "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    os.replace(tmp_spec, spec_file)
    log(f"kernel.json now starts the JVM with {FLAG}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
