#!/bin/bash
# dmverify guidance-wmax (docs/guidance-wmax.md) against values from elsewhere:
#  - the paper's 1-D solver (examples/problems/guided-uniform.json: OU, T = 10, Euler, 1000 steps)
#    keeps 0.945, 0.825, 0.245 of the samples inside U[1, 2] at w = 1, 3, 7 (an independent double
#    precision computation at 200 quantile starts, docs/math/guidance.md's source); with delta = 0.1
#    the sampler's w_max on the grid 1, 3, 7 is therefore 1, and the shares agree within 4 binomial
#    standard errors at n = 1000;
#  - the exact flow keeps every sample inside (gd.G2d): the reference's w_max is 7, the whole grid;
#  - usage errors exit 2 naming the problem.
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
SRC=${DMV_SOURCE_DIR:?DMV_SOURCE_DIR must point at the sources}
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

"$BIN" guidance-wmax --problem "$SRC/examples/problems/guided-uniform.json" --w 1,3,7 --n 1000 --delta 0.1 >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out"
check "exit 0 (got $rc: $(head -c 300 "$T/err"))" "[ $rc -eq 0 ]"
check "w_max (sampler) = 1" "grep -q '^w_max (sampler):   1$' '$T/out'"
check "w_max (reference) = 7" "grep -q '^w_max (reference): 7 ' '$T/out'"
for pair in 1:0.945 3:0.825 7:0.245; do
    w=${pair%%:*} want=${pair##*:}
    got=$(awk -v w="$w" '$1 == w && NF >= 3 {print $2}' "$T/out")
    check "share at w = $w: $got vs $want" "$PY -c 'import sys,math; g,p=float(sys.argv[1]),float(sys.argv[2]); sys.exit(0 if abs(g-p) <= 4*math.sqrt(p*(1-p)/1000) else 1)' '$got' '$want'"
done

"$BIN" guidance-wmax --problem "$SRC/examples/problems/guided.json" >/dev/null 2>"$T/err"
rc=$?
check "gaussian guided model refused (exit $rc)" "[ $rc -eq 2 ] && grep -q 'need a 1-D guided model' '$T/err'"
"$BIN" guidance-wmax --problem "$SRC/examples/problems/guided-uniform.json" --delta 1.5 >/dev/null 2>"$T/err"
rc=$?
check "bad delta (exit $rc)" "[ $rc -eq 2 ] && grep -q -- '--delta 1.5' '$T/err'"
"$BIN" guidance-wmax --problem "$SRC/examples/problems/guided-uniform.json" --w 3,1 >/dev/null 2>"$T/err"
rc=$?
check "decreasing grid (exit $rc)" "[ $rc -eq 2 ] && grep -q 'need increasing' '$T/err'"
"$BIN" guidance-wmax >/dev/null 2>"$T/err"
rc=$?
check "no problem (exit $rc)" "[ $rc -eq 2 ] && grep -q -- '--problem FILE is required' '$T/err'"
[ $fail -eq 0 ] && echo "e2e-guidance-wmax: PASS"
exit $fail
