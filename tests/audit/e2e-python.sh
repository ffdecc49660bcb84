#!/bin/bash
# A real peer: examples/python/kdiff_sampler.py (NumPy, k-diffusion's convention: Euler and Euler
# ancestral on the exact Gaussian denoiser, VE, Karras sigmas 80 -> 0.002, 20 steps) consumes the
# noise of `dmverify noise` and `dmverify audit --noise` checks it (docs/audit.md):
#   - Euler (= dmverify's euler on ve) and Euler ancestral eta = 1 (= dmverify's ddim eta 1 on ve,
#     docs/audit.md) pass every check;
#   - one coefficient off by a relative 1e-3 (the step size of step 5) fails the pathwise check;
#   - drawing its own noise and recording it, a sampler that reuses its initial noise as its first
#     ancestral noise passes the pathwise check on the noise it recorded and fails the independence
#     check; the same sampler without the reuse passes both.
# Debian's /usr/bin/python3 with NumPy (ci/setup.sh installs python3-numpy).
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
SRC=${DMV_SOURCE_DIR:-$(dirname "$0")/../..}
PY=/usr/bin/python3
S="$SRC/examples/python/kdiff_sampler.py"
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
P=(--process ve --grid karras --steps 20 --eps 0.002 --t-max 80 --lambda 0.01,0.25,1,4 --mean 0.5,-1,0,2)

# Euler
"$BIN" noise "${P[@]}" --scheme euler --n 100000 --out "$T/ne.npy" >/dev/null || fail=1
"$PY" "$S" --sampler euler --noise "$T/ne.npy" --out "$T/e.npy" || fail=1
"$BIN" audit "${P[@]}" --scheme euler --samples "$T/e.npy" --noise "$T/ne.npy" --report-dir "$T/r1" >"$T/1.out" 2>&1
st=$?
check "euler: exit 0 (got $st)" "[ $st -eq 0 ]"
v=$(verdicts "$T/r1/report.json")
check "euler: $v" "[ \"$v\" = 'audit.law=pass audit.distance=pass audit.pathwise=pass' ]"

# Euler ancestral (eta 1) = ddim eta 1 on ve
"$BIN" noise "${P[@]}" --scheme ddim --eta 1 --n 100000 --out "$T/na.npy" >/dev/null || fail=1
"$PY" "$S" --sampler euler_ancestral --eta 1 --noise "$T/na.npy" --out "$T/a.npy" || fail=1
"$BIN" audit "${P[@]}" --scheme ddim --eta 1 --samples "$T/a.npy" --noise "$T/na.npy" --report-dir "$T/r2" >"$T/2.out" 2>&1
st=$?
check "euler ancestral: exit 0 (got $st)" "[ $st -eq 0 ]"
v=$(verdicts "$T/r2/report.json")
check "euler ancestral: $v" \
    "[ \"$v\" = 'audit.law=pass audit.distance=pass audit.pathwise=pass audit.independence=pass' ]"

# planted bug: one coefficient off by 1e-3
"$PY" "$S" --sampler euler_ancestral --eta 1 --noise "$T/na.npy" --bug 1e-3 --out "$T/b.npy" || fail=1
"$BIN" audit "${P[@]}" --scheme ddim --eta 1 --samples "$T/b.npy" --noise "$T/na.npy" --report-dir "$T/r3" >"$T/3.out" 2>&1
st=$?
check "bug 1e-3: exit 1 (got $st)" "[ $st -eq 1 ]"
v=$(verdicts "$T/r3/report.json")
check "bug 1e-3: pathwise fails: $v" "echo '$v' | grep -q 'audit.pathwise=fail'"

# its own noise, recorded; the reuse of the initial noise as the first ancestral noise
"$PY" "$S" --sampler euler_ancestral --eta 1 --n 20000 --seed 3 --record-noise "$T/rec.npy" --out "$T/o.npy" || fail=1
"$BIN" audit "${P[@]}" --scheme ddim --eta 1 --samples "$T/o.npy" --noise "$T/rec.npy" --report-dir "$T/r4" >"$T/4.out" 2>&1
st=$?
check "own noise: exit 0 (got $st)" "[ $st -eq 0 ]"
"$PY" "$S" --sampler euler_ancestral --eta 1 --n 20000 --seed 3 --record-noise "$T/rec2.npy" --reuse-initial-noise \
    --out "$T/o2.npy" || fail=1
"$BIN" audit "${P[@]}" --scheme ddim --eta 1 --samples "$T/o2.npy" --noise "$T/rec2.npy" --report-dir "$T/r5" >"$T/5.out" 2>&1
st=$?
check "reused noise: exit 1 (got $st)" "[ $st -eq 1 ]"
v=$(verdicts "$T/r5/report.json")
check "reused noise: pathwise passes, independence fails: $v" \
    "echo '$v' | grep -q 'audit.pathwise=pass audit.independence=fail'"

[ $fail -eq 0 ] || { cat "$T"/*.out; exit 1; }
echo "e2e-python: ok"
