#!/usr/bin/env bash
# Browser check: executes the notebooks (or reuses executed copies), converts them to HTML with nbconvert and opens
# each in headless Chromium (Debian chromium + chromium-driver), asserting that every image loaded, no error output
# is shown and the tables are there; screenshots land in build/browser/. Installs missing Debian packages (sudo
# when not root). Ends with "N passed, N failed"; exit status non-zero on any failure.
#
#   tests/browser/run.sh [NOTEBOOK.ipynb ...]        default: every notebooks/*.ipynb
#   TRAINBOOK_EXECUTED_DIR   where executed notebooks are kept (default build/executed); a copy newer than its
#                            source notebook is reused instead of executing it again
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
PY=/usr/bin/python3
OUT="$ROOT/build/browser"
EXECUTED="${TRAINBOOK_EXECUTED_DIR:-$ROOT/build/executed}"
T_NOTEBOOK=${TRAINBOOK_T_NOTEBOOK:-600}
say() { printf '[browser] %s\n' "$*"; }
fail_all() { say "error: $*"; echo "0 passed, 1 failed"; exit 1; }

PACKAGES=(chromium chromium-driver fonts-dejavu-core python3-nbconvert python3-nbclient jupyter-client
          python3-ipykernel)
if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    say "installing: ${missing[*]}"
    sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
    export DEBIAN_FRONTEND=noninteractive
    timeout 1800 "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null \
      || { timeout 1800 "${sudo[@]}" apt-get update -q </dev/null
           timeout 1800 "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; } \
      || fail_all "apt-get could not install ${missing[*]}"
  fi
fi
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || fail_all "need /usr/bin/chromium and /usr/bin/chromedriver"

if (( $# )); then NOTEBOOKS=("$@"); else NOTEBOOKS=("$ROOT"/notebooks/*.ipynb); fi
mkdir -p "$EXECUTED" "$OUT"

# notebooks without a fresh executed copy are executed here, with the kernel from this build
todo=()
for nb in "${NOTEBOOKS[@]}"; do
  [[ -f $nb ]] || fail_all "no notebook $nb"
  done_nb="$EXECUTED/$(basename "$nb")"
  [[ -f $done_nb && $done_nb -nt $nb ]] || todo+=("$nb")
done
if (( ${#todo[@]} )); then
  jar=$(ls target/trainbook-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1)
  if [[ -z $jar || ! -d target/lib ]]; then
    say "building (mvn package, tests skipped)"
    timeout 1800 mvn -B -q ${TRAINBOOK_MVN_ARGS:-} package -DskipTests </dev/null || fail_all "the Maven build failed"
    jar=$(ls target/trainbook-*.jar | grep -v -- '-sources\|-javadoc' | head -1)
  fi
  SPECS=$(mktemp -d "${TMPDIR:-/tmp}/trainbook-browser-spec.XXXXXX")
  trap 'rm -rf "$SPECS"' EXIT
  mkdir -p "$SPECS/kernels/trainbook/lib"
  cp kernel-spec/kernel.json "$SPECS/kernels/trainbook/"
  cp -l "$jar" target/lib/*.jar "$SPECS/kernels/trainbook/lib/" 2>/dev/null \
    || cp "$jar" target/lib/*.jar "$SPECS/kernels/trainbook/lib/"
  for nb in "${todo[@]}"; do
    say "executing $(basename "$nb")"
    t0=$SECONDS
    # the kernel runs in the notebook's directory, as in Jupyter (saved runs land in notebooks/runs, ignored by git)
    JUPYTER_PATH="$SPECS" timeout "$T_NOTEBOOK" $PY -m nbconvert --to notebook --execute --allow-errors \
        --ExecutePreprocessor.kernel_name=trainbook --ExecutePreprocessor.timeout=$T_NOTEBOOK \
        --output-dir "$EXECUTED" "$nb" </dev/null 2>&1 | grep -v 'Debugger warning\|frozen modules\|Xfrozen\|PYDEVD' \
      || say "executing $(basename "$nb") failed (exit ${PIPESTATUS[0]}); the check below will show what is missing"
    say "$(basename "$nb"): $((SECONDS - t0)) s"
  done
fi

executed=() missing=0
for nb in "${NOTEBOOKS[@]}"; do
  e="$EXECUTED/$(basename "$nb")"
  if [[ -f $e ]]; then executed+=("$e"); else say "FAIL $(basename "$nb") was not executed"; missing=$((missing + 1)); fi
done
(( ${#executed[@]} )) || fail_all "no executed notebook to check"
report=$(mktemp "${TMPDIR:-/tmp}/trainbook-browser-report.XXXXXX")
timeout 900 $PY "$ROOT/tests/browser/check.py" --out "$OUT" "${executed[@]}" | tee "$report"
rc=${PIPESTATUS[0]}
summary=$(tail -1 "$report")
rm -f "$report"
say "screenshots and HTML in $OUT"
read -r passed _ failed _ <<<"$summary"
[[ $passed =~ ^[0-9]+$ && $failed =~ ^[0-9]+$ ]] || { passed=0; failed=1; }
(( rc != 0 && failed == 0 )) && failed=1
echo "$passed passed, $((failed + missing)) failed"
(( rc == 0 && missing == 0 ))
