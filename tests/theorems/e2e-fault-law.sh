#!/usr/bin/env bash
# Planted errors in the sampler's law are caught by the in-law claims, in the default
# budget (10^5 samples). dmverify-fault is the program built with fault injection
# (fast/fault.c, environment DMV_FAULT):
#  1. Euler-Maruyama's noise variance x 1.01: pg.law.em fails run alone and run with
#     every in-law claim ('pg.law.*'), with the same p-values (each claim's tests are
#     judged at its own share of alpha, so the verdict does not depend on the selection);
#     in the same run the claims that do not use EM (ei, ddpm, ddim-eta1, ode, noise) pass.
#     ('pg.*' as a whole takes minutes: too long for a test; the verdict of a claim depends
#     only on its own tests and its fixed share of alpha.)
#  2. The noise generator returns coordinate 2's variate for coordinate 5 (noise_dup=2:5):
#     pg.law.noise (its same-step correlation test) fails.
#  3. Uniform variates with mean 0 and variance 1 (noise_uniform=1): pg.law.ode fails on the
#     exact KS test of its standardised outputs (an affine image of the start).
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

verdict() { # report.json id -> verdict of that claim
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([c["verdict"] for c in r["claims"] if c["id"]==sys.argv[2]][0])' "$1" "$2"
}
pvalues() { # report.json id -> the claim's test p-values, exactly
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(repr(t["p_value"]) for c in r["claims"] if c["id"]==sys.argv[2] for t in c["tests"]))' "$1" "$2"
}
run() { # dir fault claims
    local dir=$1 fault=$2 claims=$3
    set +e
    DMV_FAULT=$fault "$bin" run --no-progress --threads 2 --claims "$claims" --report-dir "$tmp/$dir" >"$tmp/$dir.out" 2>&1
    echo $? >"$tmp/$dir.rc"
    set -e
    [ -f "$tmp/$dir/report.json" ] || fail "$dir: no report: $(cat "$tmp/$dir.out")"
}

# 1. EM noise variance x 1.01, alone and with every in-law claim
run em1 em_noise_var=1.01 pg.law.em
[ "$(cat "$tmp/em1.rc")" -eq 1 ] || fail "faulty EM alone: exit $(cat "$tmp/em1.rc"), expected 1"
[ "$(verdict "$tmp/em1/report.json" pg.law.em)" = fail ] || fail "faulty EM alone: pg.law.em did not fail"
run emall em_noise_var=1.01 'pg.law.*'
[ "$(verdict "$tmp/emall/report.json" pg.law.em)" = fail ] || fail "faulty EM with pg.law.*: pg.law.em did not fail"
[ "$(pvalues "$tmp/em1/report.json" pg.law.em)" = "$(pvalues "$tmp/emall/report.json" pg.law.em)" ] \
    || fail "pg.law.em's p-values depend on the selection"
for id in pg.law.ei pg.law.ddpm pg.law.ddim-eta1 pg.law.ode pg.law.noise; do
    [ "$(verdict "$tmp/emall/report.json" $id)" = pass ] || fail "faulty EM: $id (no EM in it) did not pass"
done
echo "1. EM noise variance x 1.01: pg.law.em fails alone and with pg.law.* (p-values $(pvalues "$tmp/em1/report.json" pg.law.em))"

# 2. a duplicated noise coordinate
run dup noise_dup=2:5 pg.law.noise
[ "$(verdict "$tmp/dup/report.json" pg.law.noise)" = fail ] || fail "noise_dup=2:5: pg.law.noise did not fail"
python3 - "$tmp/dup/report.json" <<'PY' || fail "noise_dup=2:5: the same-step correlation test is not what rejects"
import json, sys
r = json.load(open(sys.argv[1]))
t = [t for c in r["claims"] for t in c["tests"] if t["name"].startswith("independent coordinates")]
assert len(t) == 1 and t[0]["rejected"] and abs(t[0]["statistic"]) > 0.999, t
PY
echo "2. noise coordinate 5 = coordinate 2: pg.law.noise fails (same-step correlation 1)"

# 3. uniform variates with the right mean and variance
run uni noise_uniform=1 pg.law.ode
[ "$(verdict "$tmp/uni/report.json" pg.law.ode)" = fail ] || fail "noise_uniform=1: pg.law.ode did not fail"
python3 - "$tmp/uni/report.json" <<'PY' || fail "noise_uniform=1: the KS test is not what rejects"
import json, sys
r = json.load(open(sys.argv[1]))
ks = [t for c in r["claims"] for t in c["tests"] if "KS" in t["name"]]
assert len(ks) == 1 and ks[0]["rejected"], ks
PY
echo "3. uniform variates (variance 1): pg.law.ode fails on its KS test"
echo "e2e-fault-law: PASS"
