#!/usr/bin/env bash
# The k-diffusion / EDM samplers (docs/conventions.md) in law: for the audit problem (ve, 20
# karras-zero steps from 80 to 0.002 then 0, d = 4) the fast samples of every scheme (n = 1e5)
# agree with the exact law of `dmverify exact`: per direction the mean and the variance as z-scores
# (variance: z = (v_hat - v) / (v sqrt(2/n)), Gaussian samples), all |z| < 5 (36 configurations x 8
# scores: a false alarm has probability < 2e-4; detectable: a mean off by 5 sd/sqrt(n), a variance off
# by 2.2 %). Then the file grid and the problem-file keys: float32 Karras sigmas in a .npy named by
# a problem file, with churn, through `exact --problem` and `sample --problem`; and a wrong scheme
# (k-euler samples against the k-heun law) must be rejected by the same test.
set -euo pipefail
bin=${DMV_BIN:?DMV_BIN must point to dmverify}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
P="--process ve --grid karras-zero --steps 20 --eps 0.002 --t-max 80 --lambda 0.01,0.25,1,4 --mean 0.5,-1,0,2"
n=100000
zmax() { # exact.json stats.json -> largest |z|
    python3 - "$1" "$2" "$n" <<'PY'
import json, sys
e = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2])); n = int(sys.argv[3])
z = 0
for j, c in enumerate(e["components"]):
    m, v = float(c["mean"]["mid"]), float(c["var"]["mid"])
    z = max(z, abs(s["mean"][j] - m) / (v / n) ** 0.5, abs(s["var"][j] - v) / (v * (2 / n) ** 0.5))
print("%.3f" % z)
PY
}
check() { # name, then scheme options
    local name=$1; shift
    "$bin" exact $P "$@" --format json >"$tmp/e.json" || fail "$name: exact exit $?"
    "$bin" sample $P "$@" --n $n --stats "$tmp/s.json" --quiet >/dev/null || fail "$name: sample exit $?"
    z=$(zmax "$tmp/e.json" "$tmp/s.json")
    python3 -c "import sys; sys.exit(0 if float('$z') < 5 else 1)" || fail "$name: max |z| = $z"
    echo "$name: max |z| = $z"
}
for s in k-euler k-heun k-dpm-2 k-dpmpp-2m k-lms edm-heun-churn; do check "$s" --scheme $s; done
check "k-euler-ancestral (eta 1)" --scheme k-euler-ancestral
check "k-euler-ancestral eta 0.5 s_noise 1.1" --scheme k-euler-ancestral --eta 0.5 --s-noise 1.1
check "edm-heun-churn EDM ImageNet" --scheme edm-heun-churn --s-churn 40 --s-tmin 0.05 --s-tmax 50 --s-noise 1.003
check "k-dpm-2 churn" --scheme k-dpm-2 --s-churn 20 --s-tmin 0.1 --s-tmax 10
check "k-euler churn" --scheme k-euler --s-churn 10

# power: k-euler's samples against k-heun's law
"$bin" exact $P --scheme k-heun --format json >"$tmp/e.json"
"$bin" sample $P --scheme k-euler --n $n --stats "$tmp/s.json" --quiet >/dev/null
z=$(zmax "$tmp/e.json" "$tmp/s.json")
python3 -c "import sys; sys.exit(0 if float('$z') >= 5 else 1)" || fail "k-euler vs k-heun law not rejected: $z"
echo "k-euler samples vs the k-heun law: max |z| = $z (rejected)"

# the file grid from a problem file (float32 sigmas as k-diffusion computes them), with churn
python3 - "$tmp/sigmas.npy" <<'PY'
import struct, sys
def f32(x): return struct.unpack('<f', struct.pack('<f', x))[0]
n, smin, smax, rho = 20, 0.002, 80.0, 7.0
lo, hi = smin ** (1 / rho), smax ** (1 / rho)
sig = [f32(f32(f32(hi) + f32(f32(i / (n - 1)) * f32(f32(lo) - f32(hi)))) ** rho) for i in range(n)] + [0.0]
hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % len(sig)
hdr += ' ' * (63 - (10 + len(hdr)) % 64) + '\n'
open(sys.argv[1], 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(hdr)) + hdr.encode() + struct.pack('<%df' % len(sig), *sig))
PY
cat >"$tmp/p.json" <<'JSON'
{"process": {"kind": "ve"}, "grid": {"file": "sigmas.npy"},
 "scheme": {"kind": "edm-heun-churn", "s_churn": 40, "s_tmin": 0.05, "s_tmax": 50, "s_noise": 1.003},
 "model": {"model": "gaussian", "lambda": [0.01, 0.25, 1, 4], "mean": [0.5, -1, 0, 2]}, "n": 100000}
JSON
"$bin" exact --problem "$tmp/p.json" --format json >"$tmp/e.json" || fail "exact --problem: exit $?"
"$bin" sample --problem "$tmp/p.json" --stats "$tmp/s.json" --quiet >/dev/null || fail "sample --problem: exit $?"
z=$(zmax "$tmp/e.json" "$tmp/s.json")
python3 -c "import sys; sys.exit(0 if float('$z') < 5 else 1)" || fail "file grid + churn: max |z| = $z"
grep -q '"grid":[[:space:]]*"file"' "$tmp/e.json" || fail "exact --problem did not use the file grid"
echo "file grid (float32 Karras) + churn from a problem file: max |z| = $z"
# the exact law of the float32 grid differs from the exact Karras grid's (at ~1e-7 relative), and is certified
"$bin" exact --problem "$tmp/p.json" | head -3
# errors name the problem
set +e
out=$("$bin" exact $P --process vp-linear --scheme k-euler 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "process ve" <<<"$out" || fail "k-euler on vp-linear: exit $rc: $out"
echo "k-euler on vp-linear refused: $out"
