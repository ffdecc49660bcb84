#!/usr/bin/env bash
# The planted error of the empirical-optimal model is caught (docs/math/memorization.md):
# DMV_FAULT=empirical_temp=0.5 replaces the softmax temperature 2(1 - abar) by (1 - abar) in every
# empirical path of the fast sampler (fast/empirical_internal.h). core.pathwise.empirical (the step
# replay against Arb) and ym.bound (the fraction of outputs near the scaled training set against
# the exact law q^_eps) must both fail; without the fault the same binary passes both.
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

verdicts() { # report.json -> "id=verdict ..." in order
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"
}

set +e
DMV_FAULT=empirical_temp=0.5 "$bin" run --no-progress --claims core.pathwise.empirical,ym.bound \
    --report-dir "$tmp/bad" >"$tmp/bad.out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "faulty temperature: exit $rc, expected 1: $(cat "$tmp/bad.out")"
v=$(verdicts "$tmp/bad/report.json")
[ "$v" = "ym.bound=fail core.pathwise.empirical=fail" ] || fail "faulty temperature verdicts: $v"
"$bin" run --no-progress --claims core.pathwise.empirical,ym.bound --report-dir "$tmp/good" >"$tmp/good.out" \
    || fail "correct temperature: exit $?: $(cat "$tmp/good.out")"
v=$(verdicts "$tmp/good/report.json")
[ "$v" = "ym.bound=pass core.pathwise.empirical=pass" ] || fail "correct temperature verdicts: $v"
echo "softmax temperature 2(1 - abar) -> (1 - abar): core.pathwise.empirical and ym.bound fail; the correct model passes"
