#!/bin/bash
# dmverify audit --plugin, end to end (docs/audit.md, "Plug-ins"): the example Euler plug-in
# (examples/plugins/euler.c) passes every check; the same sampler with one step size off by a
# relative 1e-5 fails the pathwise check while the in-law test with 10^5 samples passes (it cannot
# see 1e-5: its detectable variance error is ~3e-2); a plug-in built for another ABI version and a
# library without the entry symbol are refused with exit 2 naming the numbers / the symbol.
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
SRC=${DMV_SOURCE_DIR:-$(dirname "$0")/../..}
CC=${DMV_C_COMPILER:-cc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

CF=(-std=c11 -Wall -Wextra -Wpedantic -Werror -shared -fPIC -I "$SRC/include")
"$CC" "${CF[@]}" "$SRC/examples/plugins/euler.c" -o "$T/euler.so" || { echo "FAIL: build euler.so"; exit 1; }
"$CC" "${CF[@]}" -DPLANTED_BUG=1e-5 "$SRC/examples/plugins/euler.c" -o "$T/euler_bug.so" || { echo "FAIL: build bug"; exit 1; }
"$CC" "${CF[@]}" "$SRC/examples/plugins/wrong_abi.c" -o "$T/wrong_abi.so" || { echo "FAIL: build wrong_abi"; exit 1; }
"$CC" "${CF[@]}" "$SRC/examples/plugins/no_entry.c" -o "$T/no_entry.so" || { echo "FAIL: build no_entry"; exit 1; }

P=(--process ve --grid karras --steps 20 --eps 0.002 --t-max 80 --scheme euler
   --lambda 0.01,0.25,1,4 --mean 0.5,-1,0,2)
verdicts() { /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"; }

"$BIN" audit "${P[@]}" --plugin "$T/euler.so" --n 100000 --report-dir "$T/ok" >"$T/ok.out" 2>&1
check "correct plug-in: exit 0 (got $?)" "[ $? -eq 0 ]"
v=$(verdicts "$T/ok/report.json")
check "correct plug-in verdicts: $v" "[ \"$v\" = 'audit.law=pass audit.distance=pass audit.pathwise=pass' ]"

"$BIN" audit "${P[@]}" --plugin "$T/euler_bug.so" --n 100000 --report-dir "$T/bug" >"$T/bug.out" 2>&1
st=$?
check "planted bug 1e-5: exit 1 (got $st)" "[ $st -eq 1 ]"
v=$(verdicts "$T/bug/report.json")
check "planted bug 1e-5: law passes, pathwise fails: $v" \
    "[ \"$v\" = 'audit.law=pass audit.distance=pass audit.pathwise=fail' ]"

"$BIN" audit "${P[@]}" --plugin "$T/wrong_abi.so" --report-dir "$T/w" >"$T/w.out" 2>&1
st=$?
check "wrong ABI: exit 2 (got $st)" "[ $st -eq 2 ]"
check "wrong ABI: message names both versions" "grep -q 'abi_version = 2.*needs abi_version = 1' '$T/w.out'"
check "wrong ABI: no report" "[ ! -e '$T/w/report.json' ]"

"$BIN" audit "${P[@]}" --plugin "$T/no_entry.so" --report-dir "$T/e" >"$T/e.out" 2>&1
st=$?
check "missing symbol: exit 2 (got $st)" "[ $st -eq 2 ]"
check "missing symbol: message names it" "grep -q \"missing symbol 'dmv_plugin_entry'\" '$T/e.out'"

"$BIN" audit "${P[@]}" --plugin "$T/nothing.so" >"$T/m.out" 2>&1
st=$?
check "missing file: exit 2 (got $st)" "[ $st -eq 2 ]"
check "missing file: message names the path" "grep -q 'nothing.so' '$T/m.out'"

# the plug-in refuses a problem it was not written for: its message reaches the user
"$BIN" audit --process ve --t-max 80 --eps 0.002 --grid karras --steps 5 --scheme heun --lambda 1 \
    --plugin "$T/euler.so" --n 10 --report-dir "$T/h" >"$T/h.out" 2>&1
st=$?
check "plug-in error: exit 2 (got $st)" "[ $st -eq 2 ]"
check "plug-in error: its message" "grep -q 'this sampler is Euler on the ve process' '$T/h.out'"

[ $fail -eq 0 ] || { cat "$T"/*.out; exit 1; }
echo "e2e-plugin: ok"
