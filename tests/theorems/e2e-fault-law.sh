#!/usr/bin/env bash
# Planted errors in the sampler's law are caught by the in-law claims, in the default
# budget (10^5 samples). dmverify-fault is the program built with fault injection
# (fast/fault.c, environment DMV_FAULT):
#  1. Euler-Maruyama's noise variance x 1.01: pg.law.em fails run alone and run with
#     every in-law claim ('pg.law.*'), with the same p-values (each claim's tests are
#     judged at its own share of alpha, so the verdict does not depend on the selection).
#  2. The noise generator returns coordinate 2's variate for coordinate 5 (noise_dup=2:5):
#     pg.law.noise (the generator's independence tests) and pg.law.ode (correlation of
#     output directions 2 and 5) fail.
#  3. Uniform variates with mean 0 and variance 1 (noise_uniform=1): the shape tests of
#     pg.law.noise and pg.law.ode (exact KS) fail.
#  4. Without a fault the same binary passes pg.law.em, pg.law.ode and pg.law.noise.
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
echo "1. EM noise variance x 1.01: pg.law.em fails alone and with pg.law.* (p-values $(pvalues "$tmp/em1/report.json" pg.law.em))"

# 2. a duplicated noise coordinate
run dup noise_dup=2:5 pg.law.noise,pg.law.ode
for id in pg.law.noise pg.law.ode; do
    [ "$(verdict "$tmp/dup/report.json" $id)" = fail ] || fail "noise_dup=2:5: $id did not fail"
done
echo "2. noise coordinate 5 = coordinate 2: pg.law.noise and pg.law.ode fail"

# 3. uniform variates with the right mean and variance
run uni noise_uniform=1 pg.law.noise,pg.law.ode
for id in pg.law.noise pg.law.ode; do
    [ "$(verdict "$tmp/uni/report.json" $id)" = fail ] || fail "noise_uniform=1: $id did not fail"
done
python3 - "$tmp/uni/report.json" <<'PY' || fail "noise_uniform=1: the KS tests are not what rejects"
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["claims"]:
    ks = [t for t in c["tests"] if "KS" in t["name"]]
    assert ks and all(t["rejected"] for t in ks), (c["id"], ks)
PY
echo "3. uniform variates (variance 1): pg.law.noise and pg.law.ode fail on their KS tests"

# 4. no fault
run good "" pg.law.em,pg.law.ode,pg.law.noise
[ "$(cat "$tmp/good.rc")" -eq 0 ] || fail "clean build: exit $(cat "$tmp/good.rc"): $(cat "$tmp/good.out")"
echo "4. without a fault: pg.law.em, pg.law.ode and pg.law.noise pass"
echo "e2e-fault-law: PASS"
