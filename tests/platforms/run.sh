#!/usr/bin/env bash
# Which PyTorch natives the kernel bundle picks on each platform that Maven Central serves libtorch 2.7.1 CPU for
# (pom.xml, natives-* profiles). Each platform is evaluated by Maven's own model builder with os.name/os.arch set
# (ActiveProfiles.java); this machine's choice is also checked with `mvn help:active-profiles`. macOS and Windows
# cannot be run here: this checks the selection, not the natives. Also: which Jupyter ./trainbook picks.
# Ends with "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
MAVEN_HOME=$(mvn -v 2>/dev/null | sed -n 's/^Maven home: //p' | sed 's/\x1b\[[0-9;]*m//g')
[[ -d $MAVEN_HOME/lib ]] || { echo "no Maven installation found (mvn -v)"; echo "0 passed, 1 failed"; exit 1; }

# os.name|os.arch|expected classifier ("unsupported": none on Central, the enforcer stops the build)
CASES=(
  "Linux|amd64|linux-x86_64"
  "Linux|aarch64|linux-aarch64"
  "Mac OS X|aarch64|osx-aarch64"
  "Mac OS X|x86_64|unsupported"
  "Windows 11|amd64|win-x86_64"
)
pass=0 fail=0
check() { # $1 label, $2 got, $3 want
  if [[ $2 == "$3" ]]; then pass=$((pass + 1)); echo "ok    $1 -> $2"
  else fail=$((fail + 1)); echo "FAIL  $1 -> '$2', expected '$3'"; fi
}
for c in "${CASES[@]}"; do
  IFS='|' read -r name arch want <<<"$c"
  read -r got profiles < <(timeout 120 java -cp "$MAVEN_HOME/lib/*" "$ROOT/tests/platforms/ActiveProfiles.java" \
                             "$ROOT/pom.xml" "$name" "$arch" </dev/null 2>&1 | tail -1)
  expect_profiles=$([[ $want == unsupported ]] || echo "natives-$want")
  check "$name/$arch" "$got ${profiles:-}" "$want $expect_profiles"
done
# this machine, through mvn itself
here=$(timeout 300 mvn -B -o help:active-profiles </dev/null 2>/dev/null | grep -o 'natives-[a-z0-9_-]*' | sort -u | tr '\n' ' ')
arch=$(uname -m); case $(uname -s)/$arch in
  Linux/x86_64) want=natives-linux-x86_64 ;; Linux/aarch64) want=natives-linux-aarch64 ;;
  Darwin/arm64) want=natives-osx-aarch64 ;; *) want="" ;; esac
check "this machine ($(uname -s)/$arch, mvn help:active-profiles)" "${here% }" "$want"

# ./trainbook uses the jupyter on PATH and the Python that runs it (a venv/conda-like layout here)
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
mkdir -p "$venv/bin"
ln -s "$(command -v python3)" "$venv/bin/python"
printf '#!%s\nimport sys\n' "$venv/bin/python" > "$venv/bin/jupyter"
chmod +x "$venv/bin/jupyter"
found=$(PATH="$venv/bin:$PATH" bash -c 'source <(sed -n "/^find_jupyter()/,/^}/p" "$1"); find_jupyter; echo "$JUPYTER $PY"' _ "$ROOT/trainbook")
check "jupyter on PATH (venv layout)" "$found" "$venv/bin/jupyter $venv/bin/python"
found=$(TRAINBOOK_JUPYTER=/opt/x/jupyter TRAINBOOK_PYTHON=/opt/x/python bash -c 'source <(sed -n "/^find_jupyter()/,/^}/p" "$1"); find_jupyter; echo "$JUPYTER $PY"' _ "$ROOT/trainbook")
check "TRAINBOOK_JUPYTER / TRAINBOOK_PYTHON override" "$found" "/opt/x/jupyter /opt/x/python"
echo "$pass passed, $fail failed"
(( fail == 0 ))
