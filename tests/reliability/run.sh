#!/usr/bin/env bash
# Reliability tests (issue 8): Java-level tests in src/test/java/trainbook/reliability, then the Python tests in
# tests/reliability against a kernel from the staged kernelspec in a temporary JUPYTER_PATH.
#
#   tests/reliability/run.sh [--long] [--no-java] [--no-build] [NAME_FILTER...]
#
#   --long      also the slow tests (long_*.py: 30 consecutive %train runs, RSS and live-NDArray checks)
#   --no-java   skip the Java tests (./trainbook test has already run them with mvn test)
#   --no-build  use build/kernelspec/trainbook as staged (or $TRAINBOOK_SPEC_DIR) without building
#   NAME_FILTER only Python tests whose id contains one of these words
#
# Ends with "N passed, N failed" and exits non-zero when something failed. Every kernel run is wrapped in timeout.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
PY=/usr/bin/python3
LONG=0 JAVA=1 BUILD=1
FILTERS=()
for a in "$@"; do
  case $a in
    --long) LONG=1 ;;
    --no-java) JAVA=0 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option '$a'; use --long, --no-java, --no-build or a test-name filter" >&2; exit 2 ;;
    *) FILTERS+=("$a") ;;
  esac
done
T_MVN=${TRAINBOOK_T_UNIT:-1200}
T_PY=$(( LONG ? ${TRAINBOOK_T_REL_LONG:-2400} : ${TRAINBOOK_T_REL:-900} ))
say() { printf '[reliability] %s\n' "$*"; }
java_pass=0 java_fail=0 py_pass=0 py_fail=0

if (( JAVA )); then
  say "Java reliability tests (trainbook.reliability.*)"
  rm -rf target/surefire-reports
  timeout "$T_MVN" mvn -B -q ${TRAINBOOK_MVN_ARGS:-} test -Dtest='trainbook.reliability.**.*Test' \
      -Dsurefire.failIfNoSpecifiedTests=false </dev/null | grep -E 'Tests run:|FAIL|\[figure\]' | tail -40
  rc=${PIPESTATUS[0]}
  read -r java_pass java_fail < <("$PY" - target/surefire-reports <<'PYEOF'
import glob, sys, xml.etree.ElementTree as ET
t = f = s = 0
for p in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    r = ET.parse(p).getroot()
    t += int(r.get("tests", 0)); s += int(r.get("skipped", 0))
    f += int(r.get("failures", 0)) + int(r.get("errors", 0))
print(t - f - s, f)
PYEOF
  )
  if (( rc != 0 && java_fail == 0 )); then java_fail=1; say "mvn test exited with $rc"; fi
  # the figures the Java tests measured
  cat target/surefire-reports/trainbook.reliability.*-output.txt 2>/dev/null | grep '\[figure\]' || true
  say "Java: $java_pass passed, $java_fail failed"
fi

SPEC_DIR=${TRAINBOOK_SPEC_DIR:-$ROOT/build/kernelspec/trainbook}
if (( BUILD )); then
  say "building and staging the kernelspec"
  timeout "$T_MVN" mvn -B -q ${TRAINBOOK_MVN_ARGS:-} package -DskipTests </dev/null || { echo "0 passed, 1 failed"; exit 1; }
  jar=$(ls target/trainbook-*.jar | grep -v -- '-sources\|-javadoc' | head -1)
  SPEC_DIR=$ROOT/build/kernelspec/trainbook
  rm -rf "$SPEC_DIR" && mkdir -p "$SPEC_DIR/lib"
  cp kernel-spec/kernel.json "$SPEC_DIR/kernel.json"
  cp -l "$jar" target/lib/*.jar "$SPEC_DIR/lib/" 2>/dev/null || cp "$jar" target/lib/*.jar "$SPEC_DIR/lib/"
fi

say "Python reliability tests$( ((LONG)) && echo ' (with --long)')"
report=$(mktemp)
TRAINBOOK_SPEC_DIR="$SPEC_DIR" TRAINBOOK_RESULT_FILE="$report" TRAINBOOK_LONG=$LONG \
  timeout -k 10 "$T_PY" "$PY" tests/reliability/run_rel.py "${FILTERS[@]}" </dev/null
rc=$?
[[ -s $report ]] && read -r py_pass py_fail < "$report"
rm -f "$report"
if (( rc != 0 && py_fail == 0 )); then py_fail=1; say "Python tests exited with $rc$( ((rc == 124)) && echo ' (timeout)')"; fi
echo "$((java_pass + py_pass)) passed, $((java_fail + py_fail)) failed"
(( java_fail + py_fail == 0 ))
