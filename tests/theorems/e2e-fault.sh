#!/usr/bin/env bash
# Planted errors are caught. dmverify-fault is the same program built with fault
# injection (fast/fault.c, environment DMV_FAULT):
#  1. Euler-Maruyama with its noise variance scaled by 1.01: pg.pathwise.em and
#     pg.law.em both fail; without the fault the same binary passes both.
#  2. A 1e-3 relative variance error planted in one output direction: the default
#     budget (the pathwise claim) detects it.
#  3. A scheme coefficient changed (EI's score coefficient times 1 + 1e-7): the
#     gate against reports/baseline fails (exit 1); without the fault it passes (0).
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
gate_bin=${DMV_BIN:?}
src=${DMV_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

verdicts() { # report.json -> "id=verdict ..." in order
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"
}

# 1. noise variance x 1.01
set +e
DMV_FAULT=em_noise_var=1.01 "$bin" run --no-progress --claims pg.pathwise.em,pg.law.em --report-dir "$tmp/bad" >"$tmp/bad.out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "faulty EM: exit $rc, expected 1: $(cat "$tmp/bad.out")"
v=$(verdicts "$tmp/bad/report.json")
[ "$v" = "pg.pathwise.em=fail pg.law.em=fail" ] || fail "faulty EM verdicts: $v"
"$bin" run --no-progress --claims pg.pathwise.em,pg.law.em --report-dir "$tmp/good" >"$tmp/good.out" \
    || fail "correct EM: exit $?: $(cat "$tmp/good.out")"
v=$(verdicts "$tmp/good/report.json")
[ "$v" = "pg.pathwise.em=pass pg.law.em=pass" ] || fail "correct EM verdicts: $v"
echo "1. EM noise variance x 1.01: both claims fail; the correct EM passes"

# 2. a 1e-3 relative variance error in output direction 6 (lambda = 3, data mean 0)
set +e
DMV_FAULT=out_var=6:1e-3 "$bin" run --no-progress --claims pg.pathwise.em,pg.law.em --report-dir "$tmp/dir" >"$tmp/dir.out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "planted 1e-3 variance error: exit $rc, expected 1: $(cat "$tmp/dir.out")"
v=$(verdicts "$tmp/dir/report.json")
case "$v" in pg.pathwise.em=fail*) ;; *) fail "planted 1e-3 variance error not detected: $v" ;; esac
echo "2. planted 1e-3 variance error in one direction: detected ($v)"

# 3. the gate against the committed baseline
base="$src/reports/baseline/report.json"
[ -f "$base" ] || fail "no baseline at $base"
"$bin" run --no-progress --claims pg.pathwise.ei,pg.law.ei --report-dir "$tmp/g0" >/dev/null || fail "clean EI run"
"$gate_bin" gate --baseline "$base" --current "$tmp/g0/report.json" --allow-missing >"$tmp/g0.out" \
    || fail "gate on the clean build: exit $?: $(cat "$tmp/g0.out")"
set +e
DMV_FAULT=ei_gamma=1.0000001 "$bin" run --no-progress --claims pg.pathwise.ei,pg.law.ei --report-dir "$tmp/g1" >/dev/null
"$gate_bin" gate --baseline "$base" --current "$tmp/g1/report.json" --allow-missing >"$tmp/g1.out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "gate on a changed coefficient: exit $rc, expected 1: $(cat "$tmp/g1.out")"
grep -q "pg.pathwise.ei" "$tmp/g1.out" || fail "the gate's table does not name pg.pathwise.ei"
echo "3. changed EI coefficient: gate exits 1; clean build: gate exits 0"
echo "e2e-fault: PASS"
