#!/usr/bin/env bash
# Planted errors where users run are caught by claims of the default suite (issue 9, item 6).
# dmverify-fault is the same program built with fault injection (fast/fault.c lists the
# faults, environment DMV_FAULT). For each planted error, the claim that must catch it is
# run alone (for speed) and must fail; each such claim is checked to be in the default
# suite ('*' in 'dmverify list'); the same binary without a fault passes all of them.
#   karras_point=50:1e-3     one interior point of the karras grid moved by 1e-3 (relative) -> pg.pathwise.grids
#   cosine_alpha=1.0001      the VP-cosine alpha(s) 1e-4 too large                       -> pg.pathwise.processes
#   init_var=1.001           the start variance of p_T and N(m, v I) starts 0.1 % too large -> pg.pathwise.starts
#   generic_denoise=1.0001   the generic (non-fused) denoiser path's D 1e-4 too large      -> pg.pathwise.generic
#   thread_index=1           worker thread 1 starts each batch one sample too far          -> pg.threads
#   philox_key_inc=1         one Philox round constant (key increment) changed by 1        -> pg.noise
#   bm_angle=1e-9            the Box-Muller angle off by (pi/2) 1e-9                         -> pg.noise
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

verdicts() { # report.json -> "id=verdict ..." in order
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"
}

claims="pg.pathwise.grids pg.pathwise.processes pg.pathwise.starts pg.pathwise.generic pg.threads pg.noise"

# every claim used below is in the default suite
"$bin" list >"$tmp/list"
for c in $claims; do
    grep -Eq "^$c +\\*" "$tmp/list" || fail "$c is not marked '*' (default suite) in 'dmverify list'"
done

# the clean fault binary passes them all
list=$(echo $claims | tr ' ' ',')
"$bin" run --no-progress --claims "$list" --report-dir "$tmp/clean" >"$tmp/clean.out" \
    || fail "clean fault binary: exit $?: $(cat "$tmp/clean.out")"
v=$(verdicts "$tmp/clean/report.json")
for c in $claims; do
    case " $v " in *" $c=pass "*) ;; *) fail "clean fault binary: $c did not pass: $v" ;; esac
done
echo "clean fault binary: $v"

n=0
caught() { # fault claim
    local fault=$1 claim=$2 rc out
    n=$((n + 1))
    set +e
    DMV_FAULT=$fault "$bin" run --no-progress --claims "$claim" --report-dir "$tmp/f$n" >"$tmp/f$n.out" 2>&1
    rc=$?
    set -e
    [ "$rc" -eq 1 ] || fail "fault $fault: $claim exit $rc, expected 1: $(cat "$tmp/f$n.out")"
    out=$(verdicts "$tmp/f$n/report.json")
    [ "$out" = "$claim=fail" ] || fail "fault $fault: verdicts $out, expected $claim=fail"
    echo "$fault: $claim fails ($(grep -m1 "^$claim" "$tmp/f$n.out" | cut -c1-160))"
}

caught karras_point=50:1e-3 pg.pathwise.grids
caught cosine_alpha=1.0001 pg.pathwise.processes
caught init_var=1.001 pg.pathwise.starts
caught generic_denoise=1.0001 pg.pathwise.generic
caught thread_index=1 pg.threads
caught philox_key_inc=1 pg.noise
caught bm_angle=1e-9 pg.noise
echo "e2e-fault-path: PASS"
