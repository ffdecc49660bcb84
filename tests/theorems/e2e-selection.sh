#!/usr/bin/env bash
# Selection-independent verdicts (issue 9, item 3; docs/statistics.md section 6): each claim is
# decided by Holm within the claim at alpha / (claims in the registry), so pg.law.em gets the same
# p-values, thresholds and verdict run alone and run with every pg.law claim. Shown with a planted
# error in Euler-Maruyama's noise variance (test-only build dmverify-fault, DMV_FAULT=em_noise_var=F)
# at --quick: F = 1.01 (the case where a run-wide Holm made the verdict depend on the selection)
# and F = 1.03 (fails either way).
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
em() { # report.json -> "verdict p-values thresholds claim_alpha" of pg.law.em
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
c = [c for c in r["claims"] if c["id"] == "pg.law.em"][0]
print(c["verdict"], [t["p_value"] for t in c["tests"]], [t["threshold"] for t in c["tests"]], r["run"]["claim_alpha"])' "$1"
}
for f in 1.01 1.03; do
    set +e
    DMV_FAULT=em_noise_var=$f "$bin" run --no-progress --quick --claims pg.law.em --report-dir "$tmp/a$f" >/dev/null
    DMV_FAULT=em_noise_var=$f "$bin" run --no-progress --quick --claims 'pg.law.*' --report-dir "$tmp/b$f" >/dev/null
    set -e
    [ -f "$tmp/a$f/report.json" ] && [ -f "$tmp/b$f/report.json" ] || fail "F=$f: a run wrote no report"
    a=$(em "$tmp/a$f/report.json")
    b=$(em "$tmp/b$f/report.json")
    [ "$a" = "$b" ] || fail "F=$f: pg.law.em alone: $a; with every pg.law claim: $b"
    echo "F=$f: pg.law.em alone and with every pg.law claim: $a"
done
case "$(em "$tmp/a1.03/report.json")" in fail*) ;; *) fail "F=1.03: the planted error is not detected" ;; esac
echo "e2e-selection: PASS"
