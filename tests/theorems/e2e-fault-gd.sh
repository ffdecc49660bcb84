#!/usr/bin/env bash
# A planted error in the fast guided denoiser is caught (issue 11): with DMV_FAULT=guided_w=1
# (fast/fault.c: the guided denoiser uses w + 1 instead of w), gd.G9 (fast Euler against the
# reference guided flow, order check under step halving) and core.pathwise.guided (the step-local
# certified replay) both fail; the same fault binary without the fault passes both. Both claims
# are in the default suite ('*' in 'dmverify list').
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

verdicts() { # report.json -> "id=verdict ..." in order
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"
}

claims="gd.G9 core.pathwise.guided"
"$bin" list >"$tmp/list"
for c in $claims; do
    grep -Eq "^$c +\\*" "$tmp/list" || fail "$c is not marked '*' (default suite) in 'dmverify list'"
done

list=$(echo $claims | tr ' ' ',')
"$bin" run --no-progress --quick --claims "$list" --report-dir "$tmp/clean" >"$tmp/clean.out" \
    || fail "clean fault binary: exit $?: $(cat "$tmp/clean.out")"
v=$(verdicts "$tmp/clean/report.json")
[ "$v" = "gd.G9=pass core.pathwise.guided=pass" ] || fail "clean fault binary: $v"
echo "clean fault binary: $v"

for c in $claims; do
    set +e
    DMV_FAULT=guided_w=1 "$bin" run --no-progress --quick --claims "$c" --report-dir "$tmp/f-$c" >"$tmp/f-$c.out" 2>&1
    rc=$?
    set -e
    [ "$rc" -eq 1 ] || fail "guided_w=1: $c exit $rc, expected 1: $(cat "$tmp/f-$c.out")"
    out=$(verdicts "$tmp/f-$c/report.json")
    [ "$out" = "$c=fail" ] || fail "guided_w=1: verdicts $out, expected $c=fail"
    echo "guided_w=1: $c fails ($(grep -m1 "^$c" "$tmp/f-$c.out" | cut -c1-200))"
done
echo "e2e-fault-gd: PASS"
