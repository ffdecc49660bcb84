#!/usr/bin/env bash
# The step-local replay (core.pathwise.*, docs/replay.md) catches planted denoiser errors of
# relative size 1e-9. dmverify-fault is the program built with fault injection (fast/fault.c,
# environment DMV_FAULT):
#  1. mixture_coef=1e-9: one shrink coefficient of the fast Gaussian-mixture denoiser
#     -> core.pathwise.mixture fails;
#  2. umix_far=1e-9: the uniform-box denoiser far outside the box (continued-fraction branch)
#     -> core.pathwise.umix fails;
#  3. empirical_softmax=1e-9: one softmax weight of the empirical denoiser
#     -> core.pathwise.empirical fails;
# and without a fault the same binary passes all three (--quick budgets throughout).
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
claims=core.pathwise.mixture,core.pathwise.umix,core.pathwise.empirical

verdicts() { # report.json -> "id=verdict ..." in order
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(c["id"]+"="+c["verdict"] for c in r["claims"]))' "$1"
}

"$bin" run --quick --no-progress --claims "$claims" --report-dir "$tmp/clean" >"$tmp/clean.out" \
    || fail "clean fault binary: exit $?: $(cat "$tmp/clean.out")"
v=$(verdicts "$tmp/clean/report.json")
[ "$v" = "core.pathwise.mixture=pass core.pathwise.umix=pass core.pathwise.empirical=pass" ] \
    || fail "clean fault binary verdicts: $v"
echo "0. no fault: $v"

n=0
for case in mixture_coef:mixture umix_far:umix empirical_softmax:empirical; do
    fault=${case%%:*}
    kind=${case##*:}
    n=$((n + 1))
    set +e
    DMV_FAULT="$fault=1e-9" "$bin" run --quick --no-progress --claims "$claims" --report-dir "$tmp/$fault" \
        >"$tmp/$fault.out"
    rc=$?
    set -e
    [ "$rc" -eq 1 ] || fail "$fault=1e-9: exit $rc, expected 1: $(cat "$tmp/$fault.out")"
    v=$(verdicts "$tmp/$fault/report.json")
    case " $v " in
        *" core.pathwise.$kind=fail "*) ;;
        *) fail "$fault=1e-9 not detected by core.pathwise.$kind: $v" ;;
    esac
    # the other two models do not use the faulty code: they still pass
    for other in mixture umix empirical; do
        [ "$other" = "$kind" ] && continue
        case " $v " in
            *" core.pathwise.$other=pass "*) ;;
            *) fail "$fault=1e-9 changed core.pathwise.$other: $v" ;;
        esac
    done
    echo "$n. $fault=1e-9: core.pathwise.$kind fails ($(grep "core.pathwise.$kind " "$tmp/$fault.out" | sed 's/  */ /g' | cut -c1-160))"
done
echo "e2e-fault-replay: PASS"
