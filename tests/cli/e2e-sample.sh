#!/bin/bash
# dmverify sample, end to end: the acceptance hashes (threads 1/2, batch 333), the
# .npy rows against the stats JSON recomputed independently in Python (hashlib and
# a .npy reader written here: no NumPy needed), and input errors (exit 2, no output
# file left behind).
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
DATA=${DMV_TEST_DATA_DIR:-$(dirname "$0")/../../data}
SPEC=$DATA/cifar10_eigenvalues.npy
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

common=(--scheme em --spectrum "$SPEC" --n 1100 --steps 10 --seed 7 --quiet)
"$BIN" sample "${common[@]}" --threads 1 --stats "$T/a.json" >/dev/null; check "run a" "[ $? -eq 0 ]"
"$BIN" sample "${common[@]}" --threads 2 --stats "$T/b.json" >/dev/null; check "run b" "[ $? -eq 0 ]"
"$BIN" sample "${common[@]}" --threads 2 --batch 333 --stats "$T/c.json" --out "$T/c.npy" >/dev/null
check "run c" "[ $? -eq 0 ]"
h() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hash"]["value"])' "$1"; }
check "hash threads 1 = threads 2" "[ \"$(h "$T/a.json")\" = \"$(h "$T/b.json")\" ]"
check "hash threads 1 = batch 333" "[ \"$(h "$T/a.json")\" = \"$(h "$T/c.json")\" ]"

# independent recomputation from the .npy file
/usr/bin/python3 - "$T/c.npy" "$T/c.json" <<'PY' || fail=1
import ast, hashlib, json, math, struct, sys
raw = open(sys.argv[1], "rb").read(); st = json.load(open(sys.argv[2]))
ok = True
assert raw[:6] == b"\x93NUMPY", "not a .npy file"
if raw[6] == 1:
    hl = struct.unpack("<H", raw[8:10])[0]; off = 10 + hl
else:
    hl = struct.unpack("<I", raw[8:12])[0]; off = 12 + hl
hdr = ast.literal_eval(raw[10 if raw[6] == 1 else 12:off].decode("latin1"))
n, d = hdr["shape"]
if (n, d) != (st["n"], st["d"]) or hdr["descr"] != "<f8" or hdr["fortran_order"]:
    print("FAIL: header", hdr); ok = False
data = raw[off:]
if len(data) != 8 * n * d:
    print("FAIL: data length", len(data), 8 * n * d); ok = False
outer = hashlib.sha256()
for c in range(0, n, 128):
    outer.update(hashlib.sha256(data[8 * d * c:8 * d * min(n, c + 128)]).digest())
if outer.hexdigest() != st["hash"]["value"]:
    print("FAIL: hash", outer.hexdigest(), st["hash"]["value"]); ok = False
x = struct.unpack("<%dd" % (n * d), data)
for j in sorted(set(list(range(0, d, 17)) + [d - 1])):  # about 180 columns, summed exactly (fsum)
    col = x[j::d]
    m = math.fsum(col) / n
    v = math.fsum((t - m) ** 2 for t in col) / (n - 1)
    scale = max(abs(t) for t in col)
    if abs(st["mean"][j] - m) > 1e-12 * abs(m) + 1e-14 * scale:
        print("FAIL: mean", j, st["mean"][j], m); ok = False
    if abs(st["var"][j] - v) > 1e-11 * v:
        print("FAIL: var", j, st["var"][j], v); ok = False
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
check "unwritable --out: exit 2" "[ $? -eq 2 ]"
check "unwritable --out: message names the path" "grep -q \"$T/nodir/x.npy\" \"$T/err\""
check "unwritable --out: no file" "[ ! -e \"$T/nodir/x.npy\" ]"
"$BIN" sample --help >/dev/null; check "--help exit 0" "[ $? -eq 0 ]"
[ $fail -eq 0 ] && echo "e2e-sample: PASS"
exit $fail
