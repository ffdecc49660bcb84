#!/usr/bin/env bash
# Nothing passes by accident (issue 9, item 5): every evidence builder of a claim is made to fail in
# turn, as if memory ran out, and no run passes. dmverify-fault (fast/fault.c, theorems/result.c)
# with DMV_FAULT=result_alloc=K fails the K-th builder call of the process and says so on stderr.
# For K = 1, 2, ... the claim pg.law.em (--quick) must come out inconclusive (exit 3, verdict
# "inconclusive", the message in "evidence_error"), never pass; the loop ends at the first K that no
# builder call reaches, and that run (no fault fired) must pass, so the loop covered every call.
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
claim=pg.law.em
field() { # report.json KEY -> the claim's value
    python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["claims"][0]; print(c[sys.argv[2]])' "$1" "$2"
}
one() { # K: run with builder call K failing; exit status into $tmp/rcK
    set +e
    DMV_FAULT=result_alloc=$1 "$bin" run --no-progress --quick --claims "$claim" --report-dir "$tmp/r$1" \
        >"$tmp/out$1" 2>"$tmp/err$1"
    echo $? >"$tmp/rc$1"
}
check() { # K: 0 if the fault fired and no pass came out, 1 if no builder call K exists (clean run)
    local k=$1 rc v
    rc=$(cat "$tmp/rc$k")
    if ! grep -q "dmverify-fault: result_alloc=$k:" "$tmp/err$k"; then
        [ "$rc" -eq 0 ] || fail "K=$k: no builder call K, yet exit $rc (the clean run must pass): $(cat "$tmp/out$k")"
        [ "$(field "$tmp/r$k/report.json" verdict)" = pass ] || fail "K=$k: the clean run does not pass"
        return 1
    fi
    [ "$rc" -ne 0 ] || fail "K=$k: $(grep dmverify-fault "$tmp/err$k"): the run passed (exit 0)"
    if [ -f "$tmp/r$k/report.json" ]; then
        v=$(field "$tmp/r$k/report.json" verdict)
        [ "$v" = inconclusive ] || fail "K=$k: verdict $v, expected inconclusive"
        [ "$rc" -eq 3 ] || fail "K=$k: exit $rc, expected 3"
        grep -q "injected fault" "$tmp/r$k/report.json" || fail "K=$k: the report does not carry the message"
    fi
    echo "K=$k: $(grep -o "builder call.*fails" "$tmp/err$k"): exit $rc"
    return 0
}
# batches of 4 runs at once (each run is mostly waiting for its reports' fsync)
k=1
n=0
while [ "$n" -eq 0 ]; do
    for j in 0 1 2 3; do one $((k + j)) & done
    wait
    for j in 0 1 2 3; do
        if ! check $((k + j)); then
            n=$((k + j - 1))
            break
        fi
    done
    k=$((k + 4))
    [ "$k" -le 500 ] || fail "more than 500 builder calls?"
done
[ "$n" -ge 10 ] || fail "only $n builder calls in $claim: the loop did not reach the claim's evidence"
echo "e2e-result-fault: PASS ($n builder calls of $claim, each made to fail: never a pass)"
