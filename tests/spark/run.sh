#!/usr/bin/env bash
# Trials on Apache Spark (issue 15, %compare backend=spark): the Spark build's tests (src/spark/test), run by Maven
# with -Pspark (spark-core downloads once into ~/.m2):
#   SparkBackendTest, SparkTrialExecutorTest  engine level, Spark in this JVM (local[N]); bad master URLs
#   ReportChannelTest                         the executor → driver epoch reports (pruning) over real sockets
#   SparkCompareTest                          %compare backend=spark master=local[2] end to end, vs in-process
#   SparkClusterTest                          a standalone Master + 2 Workers on 127.0.0.1 (separate JVMs under
#                                             `timeout`): same configs/losses as in-process, a Worker killed
#                                             mid-trial, an interrupt; the cluster is stopped at the end
# Ends with "N passed, N failed". Afterwards no cluster process may be left: any found is named, ended, and failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
T=${TRAINBOOK_T_SPARK:-1500}
PY=${TRAINBOOK_PYTHON:-/usr/bin/python3}
REPORTS="$ROOT/target/spark/surefire-reports"
rm -rf "$REPORTS"
# package, not only test: the same run builds target/spark (Spark's jars in lib/) for the kernel test below
timeout -s KILL "$T" nice -n 5 mvn -B ${TRAINBOOK_MVN_ARGS:-} -Pspark package \
  -Dtest='SparkBackendTest,SparkTrialExecutorTest,ReportChannelTest,SparkCompareTest,SparkClusterTest' \
  -Dsurefire.failIfNoSpecifiedTests=false </dev/null | grep -E 'Tests run:|FAIL|ERROR\]|BUILD' | grep -v '^\[ERROR\] *$' | tail -40
rc=${PIPESTATUS[0]}
read -r pass fail < <("$PY" - "$REPORTS" <<'PYEOF'
import glob, sys, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    r = ET.parse(f).getroot()
    tests += int(r.get("tests", 0)); skipped += int(r.get("skipped", 0))
    failed += int(r.get("failures", 0)) + int(r.get("errors", 0)) + int(r.get("skipped", 0))
print(tests - failed, failed)
PYEOF
)
pass=${pass:-0} fail=${fail:-0}
if (( rc != 0 && fail == 0 )); then fail=1; echo "[spark] mvn exited with $rc"; fi
# a real kernel with Spark in it: the kernelspec --with-spark stages (jar + lib + kernel.json with Spark's options)
SPEC="$ROOT/build/kernelspec-spark/trainbook"
jar=$(ls "$ROOT"/target/spark/trainbook-*.jar 2>/dev/null | grep -v -- '-sources\|-javadoc' | head -1)
if [[ -n $jar && -d $ROOT/target/spark/lib ]]; then
  rm -rf "$SPEC" && mkdir -p "$SPEC/lib"
  cp -l "$jar" "$ROOT"/target/spark/lib/*.jar "$SPEC/lib/" 2>/dev/null || cp "$jar" "$ROOT"/target/spark/lib/*.jar "$SPEC/lib/"
  "$PY" - "$ROOT/kernel-spec/kernel.json" "$SPEC/kernel.json" $(java -cp "$SPEC/lib/*" trainbook.engine.spark.SparkBackend) <<'PYEOF'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["argv"][1:1] = sys.argv[3:]
json.dump(spec, open(sys.argv[2], "w"), indent=2)
PYEOF
  out=$(TRAINBOOK_SPEC_DIR="$SPEC" timeout -s KILL 900 "$PY" "$ROOT/tests/spark/test_spark_kernel.py" 2>&1)
  krc=$?
  printf '%s\n' "$out" | tail -25
  # unittest's summary: "Ran N tests", then "OK" or "FAILED (failures=F, errors=E)"
  kn=$(printf '%s\n' "$out" | sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' | tail -1)
  kf=$(printf '%s\n' "$out" | grep -oE '(failures|errors)=[0-9]+' | awk -F= '{s += $2} END {print s + 0}')
  kn=${kn:-0} kf=${kf:-0}
  kp=$((kn - kf))
  if (( krc != 0 && kf == 0 )); then kf=1; fi
  pass=$((pass + kp)) fail=$((fail + kf))
else
  echo "[spark] no target/spark build: the kernel test did not run"
  fail=$((fail + 1))
fi
# the test cluster's JVMs carry its SPARK_HOME (trainbook-spark-home*) on their command line
left=$(pgrep -f 'trainbook-spark-home' || true)
if [[ -n $left ]]; then
  echo "[spark] cluster processes left behind: $(echo $left)"
  for p in $left; do kill -9 "$p" 2>/dev/null; done
  fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
