"""Fuzzed magic arguments through a live kernel: ≥ 500 generated argument strings (random tokens, unicode, huge and
negative numbers, epochs=0, lr=nan, empty values, unbalanced quotes and parentheses, shell- and Java-looking
payloads) through %train, %lrfind and %compare. Each either runs or gives a one-line error naming the magic, without
a stack trace; the kernel is alive at the end, and nothing is written outside the runs directory.

Every line ends with a fixed tail of cheap settings (tiny synthetic data, one batch) so that a line that is valid
trains in a moment; the fuzzed part never uses those keys in their exact spelling (a duplicate would only test the
"given twice" error)."""
import os
import random
import re
import time
import unittest

import rel

COUNT = int(os.environ.get("TRAINBOOK_FUZZ_COUNT", "540"))
NUMBERS = ["0", "-1", "-0", "1", "2", "1e-3", "nan", "NaN", "inf", "-Infinity", "1e309", "-1e309", "1e-400",
           "2147483647", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999", "0x10", "1_000",
           "١٢", "１", "0.5", ".5", "5.", "1e", "e3", "+3", "--3", "500s", "-5s", "1e400s", "10m", "0.999999"]
WORDS = ["", "none", "off", "true", "false", "lrfind", "adam", "adma", "sgd", "cosine", "onecycle", "step", "exp",
         "mlp", "mlp(0)", "mlp(-1)", "mlp(4,,4)", "mlp(4", "mlp(4))", "cnn", "linear", "blobs", "blobs(n=0)",
         "spirals(n=99,foo=1)", "fashion-mnist", "idx:", "idx:/nonexistent", "csv:/etc/passwd", "split=0",
         "split=nan", "flip,flip", "ce", "mse", "gpu", "gpu:7", "run:", "run:nosuch", "svg", "random", "val_acc",
         "class", "System", "null", "net", "x$y", "ε", "лр", "学习率", "😀", "\u202e", "e\u0301", "a b", "\"a b\"",
         "'a b'", "\\", "=", "==", ",", "(", ")", "((((", "))))", "\"", "'", "\"unclosed", "'unclosed",
         "$(touch /tmp/trainbook-pwned)", "`touch /tmp/trainbook-pwned`", "; rm -rf ~", "&& touch x", "| cat /etc/passwd",
         "> out.txt", "$HOME", "${jndi:ldap://x/a}", "%s%s%n", "{{7*7}}", "<script>alert(1)</script>", "../../etc",
         "../outside", "~", "System.exit(0)", "System.exit(1);", "new java.io.File(\"pwned\").createNewFile()",
         "\"); System.exit(2); //", "Runtime.getRuntime().halt(0)", "}; System.exit(3); {", "/* */", "//", "%train",
         "%%compare"]
KEYS = ["lr", "opt", "act", "dropout", "norm", "val", "augment", "momentum", "wd", "loss", "sched", "step", "gamma",
        "milestones", "final", "warmup", "warmup_mode", "patience", "min_delta", "start_from_epoch", "monitor",
        "restore_best", "clip", "clip_value", "grad_every", "init", "seed", "device", "threads", "as", "format",
        "dry", "start", "end", "mode", "search", "trials", "last", "target",
        # misspelled, foreign, hostile
        "epoch", "EPOCHS", "Data", "learning_rate", "-lr", "--help", "ĺr", "eрochs", "__proto__", "class", "$(id)",
        "a.b", "x[0]", "1", "'lr'", "\"lr\"", "max-time", "runs_dir"]
TAIL = {
    "train": "data=blobs(n=48) model=linear epochs=1 limit=1 batch=16 live=false",
    "lrfind": "data=blobs(n=48) model=linear steps=5 batch=16 live=false",
    "compare": "data=blobs(n=48) model=linear epochs=1 limit=1 batch=16 live=false",
}


def fuzz_lines(n, seed=8):
    rnd = random.Random(seed)

    def value():
        r = rnd.random()
        if r < 0.3:
            return rnd.choice(NUMBERS)
        if r < 0.7:
            return rnd.choice(WORDS)
        if r < 0.8:
            return ",".join(rnd.choice(NUMBERS) for _ in range(rnd.randint(2, 3)))
        if r < 0.9:
            return "".join(chr(rnd.choice([rnd.randint(0x21, 0x7e), rnd.randint(0xa0, 0x2fff),
                                           rnd.randint(0x1f300, 0x1f5ff)])) for _ in range(rnd.randint(1, 10)))
        return rnd.choice(["(" * 300 + "x", "9" * 3000, "a" * 2000, rnd.choice(WORDS) + rnd.choice(NUMBERS)])

    def token():
        r = rnd.random()
        if r < 0.1:
            return rnd.choice(WORDS)
        if r < 0.15:
            return rnd.choice(KEYS) + "="
        if r < 0.2:
            return "=" + value()
        return rnd.choice(KEYS) + "=" + value()

    out = []
    magics = ["train", "lrfind", "compare"]
    for i in range(n):
        toks = [token() for _ in range(rnd.randint(1, 4))]
        out.append((magics[i % 3], " ".join(toks)))
    return out


# errors a user's typo may cause; anything else (NullPointerException, NumberFormatException, ...) is a bug
USER_ERRORS = ("ArgException", "IllegalArgumentException")
# words with which a message says what would be valid
VALID_HINTS = ("valid", "expected", "e.g.", "write ", "use ", "keys:", "takes ", "give ", "did you mean", "applies to")


def user_error_problem(magic, args, ename, evalue):
    """What is wrong with a rejected line's error, or None when it is a proper user error: a one-line message of a
    user-error type that names the magic, quotes (or repeats) a piece of what was typed, says what is valid, and
    shows no Java internals."""
    if "\n" in evalue or not evalue.strip():
        return "not one line"
    if ename not in USER_ERRORS:
        return "not a user error"
    if not evalue.startswith(f"%{magic}: ") or len(evalue) <= len(magic) + 3:
        return f"does not start with '%{magic}: ' and a message"
    unquoted = re.sub(r"'[^']*'", "''", evalue)  # what the user typed may be anything, e.g. 'null'
    if re.search(r"\bjava\.|\bjdk\.|Exception\b|\bnull\b", unquoted):
        return "shows Java internals"
    quoted = [q for q in re.findall(r"'([^']+)'", evalue) if q.lower() in args.lower() or q in TAIL[magic]]
    pieces = [p for t in args.split() for p in [t, *t.split("=", 1)] if len(p.strip()) >= 2]
    if not quoted and not any(p in evalue for p in pieces):
        return "quotes nothing that was typed"
    if not any(h in evalue.lower() for h in VALID_HINTS):
        return "does not say what is valid"
    return None


class UserErrorCheck(unittest.TestCase):
    """The check itself can fail: internal errors and vague messages are caught."""

    def test_the_check_rejects_what_a_user_should_not_see(self):
        args = "lr=fast"
        good = "%train: bad value 'fast' for lr: expected a number > 0 like 3e-4"
        self.assertIsNone(user_error_problem("train", args, "ArgException", good))
        self.assertEqual(user_error_problem("train", args, "NullPointerException", good), "not a user error")
        self.assertEqual(user_error_problem("train", args, "ArgException", "%train: something went wrong, e.g. here"),
                         "quotes nothing that was typed")
        self.assertEqual(user_error_problem("train", args, "ArgException", "%train: bad value 'fast' for lr"),
                         "does not say what is valid")
        self.assertEqual(user_error_problem("train", args, "ArgException", "%trainx 'fast' valid"),
                         "does not start with '%train: ' and a message")
        self.assertEqual(user_error_problem("train", args, "IllegalArgumentException",
                                            "%train: java.lang.NumberFormatException: 'fast' expected"),
                         "shows Java internals")
        self.assertEqual(user_error_problem("train", args, "ArgException", "%train: bad 'fast'\nvalid: ..."),
                         "not one line")
        self.assertIsNone(user_error_problem("train", "null", "ArgException",
                                             "%train: unexpected word 'null': write key=value, e.g. epochs=10"))
        self.assertEqual(user_error_problem("train", args, "ArgException", "%train: 'fast' is null, e.g. lr=1"),
                         "shows Java internals")


class FuzzMagics(unittest.TestCase):
    def test_fuzzed_arguments_through_all_three_magics(self):
        k = rel.Kernel()
        try:
            self.run_fuzz(k)
        finally:
            k.close()

    def run_fuzz(self, k):
        k.ok('String text = "hello"; int net = 3;')  # variables with the wrong type for model=/data=
        before = rel.snapshot(k.dir)
        tmp_before = set(os.listdir("/tmp"))
        home = os.path.expanduser("~")
        home_before = set(os.listdir(home))
        lines = fuzz_lines(COUNT)
        outcomes = {"ran": 0, "one-line error": 0}
        bad = []
        t0 = time.monotonic()
        for magic, args in lines:
            # %lrfind saves no run and takes no runs= key: appending it would refuse every %lrfind line
            code = f"%{magic} {args} {TAIL[magic]}" + ("" if magic == "lrfind" else f" runs={k.runs}")
            try:
                reply, outputs = k.run(code, timeout=rel.SLOW)
            except TimeoutError:
                bad.append(f"no reply: {code!r}")
                break
            if reply["status"] == "ok":
                outcomes["ran"] += 1
                continue
            errors = rel.errors_of(outputs)
            evalue = errors[0]["evalue"] if errors else reply.get("evalue", "")
            ename = errors[0]["ename"] if errors else reply.get("ename", "")
            trace = errors[0]["traceback"] if errors else []
            problem = user_error_problem(magic, args, ename, evalue)
            if problem:
                bad.append(f"{problem}: {code!r} → {ename}: {evalue!r}")
            elif len(trace) > 3:
                bad.append(f"stack trace for a user error: {code!r} → {trace[:4]}")
            else:
                outcomes["one-line error"] += 1
        took = time.monotonic() - t0
        rel.figure("fuzz (live kernel): argument strings through %train/%lrfind/%compare", len(lines))
        rel.figure("fuzz (live kernel): ran", outcomes["ran"])
        rel.figure("fuzz (live kernel): rejected with a one-line error", outcomes["one-line error"])
        rel.figure("fuzz (live kernel): other outcomes", len(bad))
        rel.figure("fuzz (live kernel): time", round(took, 1), "s")
        self.assertTrue(k.alive(), "the kernel is alive after the fuzz")
        self.assertFalse(bad, f"{len(bad)} bad outcomes, e.g.\n" + "\n".join(bad[:30]))
        self.assertGreaterEqual(len(lines), 500)
        self.assertGreater(outcomes["ran"], 0, "some fuzzed lines are valid and run")
        # nothing written outside the runs directory
        after = rel.snapshot(k.dir)
        outside = [p for p in after if p not in before and not p.startswith("runs" + os.sep)
                   and p != "kernel-stderr.log"]
        self.assertFalse(outside, f"files written outside the runs directory: {outside[:10]}")
        new_tmp = [p for p in set(os.listdir("/tmp")) - tmp_before if "pwned" in p or p in ("out.txt", "x")]
        self.assertFalse(new_tmp, f"payload files in /tmp: {new_tmp}")
        self.assertFalse([p for p in set(os.listdir(home)) - home_before if "pwned" in p or p in ("out.txt", "x")])


if __name__ == "__main__":
    unittest.main()
