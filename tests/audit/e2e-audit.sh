#!/bin/bash
# dmverify audit and dmverify noise, end to end (docs/audit.md):
#   - dmverify's own sampler audited through its samples (.npy float64, float32, .csv) and through the
#     noise it consumed: every check passes (exit 0); the same samples with a variance 3% too large
#     fail in law (exit 1);
#   - a problem file gives the same verdicts as the options;
#   - a mixture (no closed-form law): the two-sample check passes dmverify's own samples and fails
#     them scaled by 1.05;
#   - too few samples for the required effect: inconclusive (exit 3);
#   - bad inputs: exit 2 naming the value, before any compute, no report written.
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
if ! "$PY" -c 'import numpy' 2>/dev/null; then
    echo "NumPy is missing for $PY (ci/setup.sh installs python3-numpy)"
    [ "${CI:-}" = true ] && exit 1 # under CI a test that cannot run is a failure
    exit 77
fi
verdicts() { "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"; }
P=(--process vp-linear --grid uniform --steps 30 --eps 1e-3 --scheme em --lambda 0.5,2,0.1 --mean 1,0,-1)

"$BIN" sample "${P[@]}" --n 60000 --seed 9 --out "$T/s.npy" --quiet >/dev/null || fail=1
"$BIN" noise "${P[@]}" --n 60000 --seed 9 --out "$T/z.npy" >/dev/null || fail=1
"$PY" - "$T" <<'PY' || fail=1
import sys, numpy as np
t = sys.argv[1]
x = np.load(t + "/s.npy")
z = np.load(t + "/z.npy")
assert z.shape == (60000, 31 * 3), z.shape
np.save(t + "/s32.npy", x.astype(np.float32))
np.savetxt(t + "/s.csv", x[:30000], delimiter=",", header="x0,x1,x2")
m = x.mean(axis=0)
np.save(t + "/wide.npy", m + (x - m) * np.sqrt(1.03))      # variance 3% too large
np.save(t + "/bad_cols.npy", x[:, :2])
y = x.copy(); y[123, 1] = np.inf; np.save(t + "/inf.npy", y)
open(t + "/bad.csv", "w").write("1,2,3\n4,5\n")
open(t + "/empty.csv", "w").write("# nothing\n")
PY

"$BIN" audit "${P[@]}" --samples "$T/s.npy" --noise "$T/z.npy" --report-dir "$T/r1" >"$T/1.out" 2>&1
st=$?
check "own sampler with noise: exit 0 (got $st)" "[ $st -eq 0 ]"
v=$(verdicts "$T/r1/report.json")
check "own sampler with noise: $v" \
    "[ \"$v\" = 'audit.law=pass audit.distance=pass audit.pathwise=pass audit.independence=pass' ]"
for f in report.json report.md junit.xml report.html; do check "report $f" "[ -s '$T/r1/$f' ]"; done

"$BIN" audit "${P[@]}" --samples "$T/s32.npy" --noise "$T/z.npy" --report-dir "$T/r2" >"$T/2.out" 2>&1
st=$?
check "float32 samples: exit 0 (got $st)" "[ $st -eq 0 ]"
check "float32 samples: float32 budget" "grep -q 'float32 budget' '$T/2.out'"
"$BIN" audit "${P[@]}" --samples "$T/s32.npy" --noise "$T/z.npy" --float-bits 64 --report-dir "$T/r2b" >"$T/2b.out" 2>&1
st=$?
check "float32 samples held to a float64 budget: exit 1 (got $st)" "[ $st -eq 1 ]"

"$BIN" audit "${P[@]}" --samples "$T/s.csv" --effect 0.2 --report-dir "$T/r3" >"$T/3.out" 2>&1
st=$?
check "csv: exit 0 (got $st)" "[ $st -eq 0 ]"
check "csv: 30000 samples" "grep -q 'n = 30000' '$T/3.out'"

"$BIN" audit "${P[@]}" --samples "$T/wide.npy" --report-dir "$T/r4" >"$T/4.out" 2>&1
st=$?
check "variance 3% too large: exit 1 (got $st)" "[ $st -eq 1 ]"
v=$(verdicts "$T/r4/report.json")
check "variance 3% too large: law fails: $v" "echo '$v' | grep -q 'audit.law=fail'"

"$BIN" audit "${P[@]}" --samples "$T/s.csv" --effect 0.01 --report-dir "$T/r6" >"$T/6.out" 2>&1
st=$?
check "effect 0.01 with 30000 samples: inconclusive, exit 3 (got $st)" "[ $st -eq 3 ]"
check "inconclusive: says how many samples" "grep -q 'needs about' '$T/6.out'"

cat >"$T/p.json" <<'JSON'
{"process": {"kind": "vp-linear"}, "grid": {"kind": "uniform", "steps": 30, "eps": 1e-3},
 "scheme": {"kind": "em"}, "model": {"model": "gaussian", "lambda": [0.5, 2, 0.1], "mean": [1, 0, -1]},
 "seed": 9}
JSON
"$BIN" audit --problem "$T/p.json" --samples "$T/s.npy" --noise "$T/z.npy" --report-dir "$T/r7" >"$T/7.out" 2>&1
st=$?
check "problem file: exit 0 (got $st)" "[ $st -eq 0 ]"
check "problem file: same verdicts" "[ \"$(verdicts "$T/r7/report.json")\" = \"$(verdicts "$T/r1/report.json")\" ]"

# a model without a closed-form law: two-sample KS against dmverify's own sampler
cat >"$T/mix.json" <<'JSON'
{"process": {"kind": "vp-linear-song"}, "grid": {"kind": "logsnr", "steps": 25}, "scheme": {"kind": "ddim", "eta": 0.5},
 "model": {"model": "mixture", "weights": [1, 1], "means": [[1, 0], [-1, 2]], "vars": [[1, 0.5], [1, 0.25]]},
 "n": 20000, "seed": 2}
JSON
"$BIN" sample --problem "$T/mix.json" --out "$T/mix.npy" --quiet >/dev/null || fail=1
"$PY" -c "import numpy as np, sys; x = np.load(sys.argv[1]); np.save(sys.argv[2], x * 1.05)" "$T/mix.npy" "$T/mixw.npy" || fail=1
"$BIN" audit --problem "$T/mix.json" --samples "$T/mix.npy" --report-dir "$T/r8" >"$T/8.out" 2>&1
st=$?
check "mixture, own sampler: exit 0 (got $st)" "[ $st -eq 0 ]"
check "mixture: two-sample check" "[ \"$(verdicts "$T/r8/report.json")\" = 'audit.twosample=pass' ]"
"$BIN" audit --problem "$T/mix.json" --samples "$T/mixw.npy" --report-dir "$T/r9" >"$T/9.out" 2>&1
st=$?
check "mixture scaled by 1.05: exit 1 (got $st)" "[ $st -eq 1 ]"

# bad inputs: exit 2, the value named, no report
bad() { # name, expected message (grep -E), arguments...
    local name=$1 msg=$2; shift 2
    "$BIN" audit "$@" --report-dir "$T/bad" >"$T/bad.out" 2>&1
    local st=$?
    check "$name: exit 2 (got $st)" "[ $st -eq 2 ]"
    check "$name: message /$msg/" "grep -qE -e \"$msg\" '$T/bad.out'"
    check "$name: no report" "[ ! -e '$T/bad/report.json' ]"
}
bad "wrong columns" "bad_cols.npy: 2 columns, the problem has d = 3" "${P[@]}" --samples "$T/bad_cols.npy"
bad "infinite value" "inf.npy.*\\[123, 1\\]" "${P[@]}" --samples "$T/inf.npy"
bad "ragged csv" "bad.csv: line 2 has 2 numbers" "${P[@]}" --samples "$T/bad.csv"
bad "empty csv" "empty.csv: no samples" "${P[@]}" --samples "$T/empty.csv"
bad "missing file" "--samples .*nope.npy" "${P[@]}" --samples "$T/nope.npy"
bad "unknown type" "unknown file type" "${P[@]}" --samples "$T/p.json"
bad "noise of another problem" "--noise .*93 columns.*\\(1 \\+ 0 steps\\)" "${P[@]/#em/euler}" --samples "$T/s.npy" --noise "$T/z.npy"
bad "noise rows" "--noise .*60000 rows.*30000" "${P[@]}" --samples "$T/s.csv" --noise "$T/z.npy"
bad "no samples" "give one of --samples" "${P[@]}"
bad "continuous law" "--scheme ode: the exact continuous law has no sampler" --process ve --lambda 1 --scheme ode --samples "$T/s.npy"
bad "problem file and option" "--problem .* and --steps" --problem "$T/p.json" --steps 3 --samples "$T/s.npy"
bad "bad float bits" "--float-bits" "${P[@]}" --samples "$T/s.npy" --float-bits 16
bad "noise with a mixture" "model kind 'mixture': --noise needs" --problem "$T/mix.json" --samples "$T/mix.npy" --noise "$T/z.npy"
"$BIN" noise "${P[@]}" --n 10 >"$T/n.out" 2>&1
st=$?
check "noise without --out: exit 2 (got $st)" "[ $st -eq 2 ] && grep -q -- '--out' '$T/n.out'"

[ $fail -eq 0 ] || { cat "$T"/*.out; exit 1; }
echo "e2e-audit: ok"
