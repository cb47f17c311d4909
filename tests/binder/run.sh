#!/usr/bin/env bash
# Binder test: does what repo2docker does after installing binder/apt.txt — copies the repository into a fresh
# REPO_DIR, runs binder/postBuild there as a user with a fresh, empty HOME and repo2docker's environment
# variables — then executes notebooks/01-quickstart.ipynb with the kernel postBuild installed in that HOME.
# Installs missing Debian packages (binder/apt.txt + Jupyter) with sudo when not root. Ends with "N passed, N failed".
#
#   TRAINBOOK_BINDER_FRESH_M2=1   let Maven download into the fresh HOME too (default: reuse this user's
#                                 ~/.m2/repository offline, as a stand-in for Binder's network)
#   TRAINBOOK_BINDER_KEEP_TMP=1   keep the temporary directory for inspection
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY=/usr/bin/python3
T_POSTBUILD=${TRAINBOOK_T_POSTBUILD:-1500}
T_NOTEBOOK=${TRAINBOOK_T_NOTEBOOK:-900}
PASSED=0 FAILED=0

say()  { printf '[binder-test] %s\n' "$*"; }
ok()   { PASSED=$((PASSED + 1)); say "PASS $*"; }
bad()  { FAILED=$((FAILED + 1)); say "FAIL $*"; }
finish() { echo "$PASSED passed, $FAILED failed"; (( FAILED == 0 )); exit $?; }

# ------------------------------------------------------------ packages (apt.txt + what runs the notebook)
ensure_packages() {
  local wanted=() missing=() p
  mapfile -t wanted < <(grep -v '^\s*\(#\|$\)' "$ROOT/binder/apt.txt")
  wanted+=(python3-nbconvert python3-nbclient jupyter-client python3-ipykernel git)
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  (( ${#missing[@]} == 0 )) && return 0
  say "installing: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  timeout 1800 "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null \
    || { timeout 1800 "${sudo[@]}" apt-get update -q </dev/null
         timeout 1800 "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; }
}
if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
  ensure_packages && ok "packages from binder/apt.txt installed" || { bad "apt-get could not install the packages"; finish; }
else
  say "no apt-get: assuming binder/apt.txt's packages and Jupyter are installed"
fi

# ------------------------------------------------------------ a fresh REPO_DIR and HOME
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trainbook-binder.XXXXXX")
cleanup() { [[ ${TRAINBOOK_BINDER_KEEP_TMP:-0} == 1 ]] && say "kept $TMP" || rm -rf "$TMP"; }
trap cleanup EXIT
REPO="$TMP/repo" FAKE_HOME="$TMP/home"
mkdir -p "$REPO" "$FAKE_HOME"
# the files repo2docker would copy: tracked and untracked-but-not-ignored (so uncommitted work is tested too)
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$REPO" \
  || { bad "could not copy the repository"; finish; }

MVN_ARGS=""
if [[ ${TRAINBOOK_BINDER_FRESH_M2:-0} != 1 && -d $HOME/.m2/repository ]]; then
  MVN_ARGS="-o -Dmaven.repo.local=$HOME/.m2/repository"
fi
# repo2docker's environment for build scripts (no JUPYTER_PATH, no caller's HOME, a plain PATH). On Binder the
# user's passwd home is $HOME; Java takes user.home (where DJL keeps ~/.djl.ai) from passwd, not from $HOME, so
# JAVA_TOOL_OPTIONS points it at the fresh HOME too (postBuild's warm-up and the kernel then share that cache).
run_as_binder() {
  env -i HOME="$FAKE_HOME" USER="${USER:-jovyan}" NB_USER="${USER:-jovyan}" NB_UID="$(id -u)" \
      REPO_DIR="$REPO" APP_BASE="$TMP/srv" LANG=C.UTF-8 LC_ALL=C.UTF-8 SHELL=/bin/bash \
      PATH="$FAKE_HOME/.local/bin:/usr/local/bin:/usr/bin:/bin" DEBIAN_FRONTEND=noninteractive \
      JAVA_TOOL_OPTIONS="-Duser.home=$FAKE_HOME" TRAINBOOK_MVN_ARGS="$MVN_ARGS" "$@"
}

# ------------------------------------------------------------ postBuild
say "running binder/postBuild in $REPO with HOME=$FAKE_HOME"
t0=$SECONDS
if (cd "$REPO" && run_as_binder timeout "$T_POSTBUILD" ./binder/postBuild </dev/null); then
  ok "binder/postBuild ($((SECONDS - t0)) s)"
else
  bad "binder/postBuild exited non-zero"; finish
fi

SPEC="$FAKE_HOME/.local/share/jupyter/kernels/trainbook"
[[ -f $SPEC/kernel.json && -n $(ls "$SPEC"/lib/trainbook-*.jar 2>/dev/null) ]] \
  && ok "kernelspec installed for the user in $SPEC" || bad "no kernelspec with jars in $SPEC"
resolved=$(cd "$REPO" && run_as_binder /usr/bin/jupyter kernelspec list --json 2>/dev/null | $PY -c \
  'import json,sys; print(json.load(sys.stdin)["kernelspecs"].get("trainbook",{}).get("resource_dir",""))')
[[ $resolved == "$SPEC" ]] && ok "jupyter resolves 'trainbook' to the user's kernelspec" \
  || bad "jupyter resolves 'trainbook' to '$resolved', not $SPEC"
[[ -n $(find "$FAKE_HOME/.djl.ai" -name 'libtorch*.so' 2>/dev/null | head -1) ]] \
  && ok "DJL native cache warmed in ~/.djl.ai" || bad "no libtorch in $FAKE_HOME/.djl.ai"

# ------------------------------------------------------------ the quickstart with the installed kernel
say "executing notebooks/01-quickstart.ipynb with the installed kernel"
t0=$SECONDS
if (cd "$REPO/notebooks" && run_as_binder timeout "$T_NOTEBOOK" $PY -m nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=trainbook --ExecutePreprocessor.timeout=600 \
      --output-dir "$TMP/out" 01-quickstart.ipynb </dev/null); then
  ok "quickstart executed ($((SECONDS - t0)) s)"
else
  bad "the quickstart did not execute (exit $?, timeout ${T_NOTEBOOK}s)"; finish
fi
if $PY - "$TMP/out/01-quickstart.ipynb" <<'PYEOF'
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
errors = [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(nb.cells) for o in c.get("outputs", [])
          if o.get("output_type") == "error"]
mimes = {m for c in nb.cells for o in c.get("outputs", []) for m in o.get("data", {})}
unrun = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not c.get("execution_count")]
problems = []
if errors: problems.append(f"error outputs: {errors}")
if unrun: problems.append(f"cells not run: {unrun}")
for m in ("image/png", "text/html"):
    if m not in mimes: problems.append(f"no {m} output")
print("; ".join(problems) or f"{len(nb.cells)} cells, outputs {sorted(mimes)}")
sys.exit(1 if problems else 0)
PYEOF
then ok "quickstart outputs: no errors, charts and tables present"; else bad "quickstart outputs"; fi
finish
