#!/bin/bash
# dmverify sample, end to end: the acceptance hashes (threads 1/2, batch 333), the
# .npy rows against the stats JSON recomputed independently in Python (hashlib,
# numpy), and input errors (exit 2, no output file left behind).
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
DATA=${DMV_TEST_DATA_DIR:-$(dirname "$0")/../../data}
SPEC=$DATA/cifar10_eigenvalues.npy
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

common=(--scheme em --spectrum "$SPEC" --n 2100 --steps 10 --seed 7 --quiet)
"$BIN" sample "${common[@]}" --threads 1 --stats "$T/a.json" >/dev/null; check "run a" "[ $? -eq 0 ]"
"$BIN" sample "${common[@]}" --threads 2 --stats "$T/b.json" >/dev/null; check "run b" "[ $? -eq 0 ]"
"$BIN" sample "${common[@]}" --threads 2 --batch 333 --stats "$T/c.json" --out "$T/c.npy" >/dev/null
check "run c" "[ $? -eq 0 ]"
h() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hash"]["value"])' "$1"; }
check "hash threads 1 = threads 2" "[ \"$(h "$T/a.json")\" = \"$(h "$T/b.json")\" ]"
check "hash threads 1 = batch 333" "[ \"$(h "$T/a.json")\" = \"$(h "$T/c.json")\" ]"

# independent recomputation from the .npy file
/usr/bin/python3 - "$T/c.npy" "$T/c.json" <<'PY' || fail=1
import hashlib, json, sys
import numpy as np
x = np.load(sys.argv[1]); st = json.load(open(sys.argv[2]))
ok = True
if x.shape != (st["n"], st["d"]) or x.dtype != np.float64:
    print("FAIL: shape/dtype", x.shape, x.dtype); ok = False
outer = hashlib.sha256()
for c in range(0, x.shape[0], 128):
    outer.update(hashlib.sha256(np.ascontiguousarray(x[c:c + 128]).astype('<f8').tobytes()).digest())
if outer.hexdigest() != st["hash"]["value"]:
    print("FAIL: hash", outer.hexdigest(), st["hash"]["value"]); ok = False
m = np.array(st["mean"]); v = np.array(st["var"])
if not np.allclose(m, x.mean(axis=0), rtol=1e-12, atol=1e-14 * np.abs(x).max()):
    print("FAIL: mean", np.abs(m - x.mean(axis=0)).max()); ok = False
if not np.allclose(v, x.var(axis=0, ddof=1), rtol=1e-11, atol=0):
    print("FAIL: var", np.abs(v / x.var(axis=0, ddof=1) - 1).max()); ok = False
sys.exit(0 if ok else 1)
PY

# input errors: exit 2, a message naming the value, no file written
bad() { # name, expected text, args...
    local name=$1 want=$2; shift 2
    "$BIN" sample "$@" --out "$T/bad.npy" --stats "$T/bad.json" >/dev/null 2>"$T/err"
    local rc=$?
    check "$name: exit 2 (got $rc)" "[ $rc -eq 2 ]"
    check "$name: message names '$want'" "grep -q -- \"$want\" \"$T/err\""
    check "$name: no output file" "[ ! -e \"$T/bad.npy\" ] && [ ! -e \"$T/bad.json\" ]"
}
bad "n 0" "--n" --lambda 1,2 --n 0
bad "no n" "--n" --lambda 1,2
bad "model" "nosuch" --lambda 1,2 --n 5 --model nosuch
bad "sde" "sde" --lambda 1,2 --n 5 --scheme sde
bad "ddpm domain" "ddpm" --lambda 1,2 --n 5 --scheme ddpm --steps 5
bad "threads" "--threads" --lambda 1,2 --n 5 --threads 0
bad "lambda" "lambda" --lambda 1,-2 --n 5
bad "option" "--frobnicate" --lambda 1,2 --n 5 --frobnicate
"$BIN" sample --lambda 1,2 --n 5 --quiet --out "$T/nodir/x.npy" >/dev/null 2>"$T/err"
check "unwritable --out: non-zero exit" "[ $? -ne 0 ]"
check "unwritable --out: no file" "[ ! -e \"$T/nodir/x.npy\" ]"
"$BIN" sample --help >/dev/null; check "--help exit 0" "[ $? -eq 0 ]"
[ $fail -eq 0 ] && echo "e2e-sample: PASS"
exit $fail
