#!/usr/bin/env bash
# The planted error of issue 12: BO-DDNM's denominator without the alpha_bar sigma_y^2 term
# (fault bo_ddnm_no_sy in fast/model_linear_inverse.c, binary dmverify-fault). The step-local
# replay core.pathwise.linear_inverse.bo-ddnm must fail, the other zero-shot rules (which do not
# use that code) must still pass, and without the fault all pass (--quick budgets).
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
claims=core.pathwise.linear_inverse.ddnm,core.pathwise.linear_inverse.bo-ddnm,core.pathwise.linear_inverse.pigdm
verdicts() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"
}
"$bin" run --quick --no-progress --claims "$claims" --report-dir "$tmp/clean" >"$tmp/clean.out" \
    || fail "clean fault binary: exit $?: $(cat "$tmp/clean.out")"
v=$(verdicts "$tmp/clean/report.json")
want="core.pathwise.linear_inverse.ddnm=pass core.pathwise.linear_inverse.bo-ddnm=pass core.pathwise.linear_inverse.pigdm=pass"
[ "$v" = "$want" ] || fail "no fault: $v"
echo "no fault: $v"
set +e
DMV_FAULT="bo_ddnm_no_sy=1" "$bin" run --quick --no-progress --claims "$claims" --report-dir "$tmp/f" >"$tmp/f.out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "bo_ddnm_no_sy: exit $rc, expected 1: $(cat "$tmp/f.out")"
v=$(verdicts "$tmp/f/report.json")
want="core.pathwise.linear_inverse.ddnm=pass core.pathwise.linear_inverse.bo-ddnm=fail core.pathwise.linear_inverse.pigdm=pass"
[ "$v" = "$want" ] || fail "bo_ddnm_no_sy: $v"
echo "bo_ddnm_no_sy=1: $v"
grep -o 'core.pathwise.linear_inverse.bo-ddnm *fail[^|]*' "$tmp/f.out" | head -1 || true
