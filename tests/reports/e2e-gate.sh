#!/bin/bash
# `dmverify gate` end to end: exit 0 on identical reports, 1 on a worse
# verdict / lost claim (0 with --allow-missing), 2 on usage and input errors
# with the file named, --bless replaces the baseline atomically. The cause
# (settings, data) comes first, once; expectations; new failing claims; an
# empty baseline is refused, by `run --gate` before any compute.
set -u
BIN=${DMV_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "SKIP: dmverify is not built ($BIN)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
GEN=${DMV_BINARY_DIR:?}/reports-t-render-sample
[ -x "$GEN" ] || { echo "FAIL: $GEN is not built"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: python3 is needed to edit reports"; [ "${CI:-}" = true ] && exit 1; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$GEN" "$tmp/out" >/dev/null || { echo "FAIL: could not write the sample reports"; exit 1; }
base=$tmp/out/report.json
fails=0
expect() { # expect STATUS DESCRIPTION -- command...
    local want=$1 what=$2
    shift 3
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, want $want"
        cat "$tmp/stdout" "$tmp/stderr"
        fails=$((fails + 1))
    fi
}
edit() { # edit IN OUT PYTHON-STATEMENTS-ON-d
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $3; json.dump(d, open(sys.argv[2],'w'), indent=1)" "$1" "$2"
}

expect 0 "--help" -- "$BIN" gate --help
grep -q "usage: dmverify gate" "$tmp/stdout" || { echo "FAIL: --help text"; fails=$((fails + 1)); }
expect 2 "no arguments" -- "$BIN" gate
expect 2 "unknown option" -- "$BIN" gate --baseline "$base" --current "$base" --frobnicate
expect 0 "identical reports" -- "$BIN" gate --baseline "$base" --current "$base"
grep -q "gate: PASS" "$tmp/stdout" || { echo "FAIL: PASS line missing"; fails=$((fails + 1)); }

edit "$base" "$tmp/worse.json" "d['claims'][0]['verdict']='fail'"
expect 1 "a worse verdict" -- "$BIN" gate --baseline "$base" --current "$tmp/worse.json"
grep -q "pg.w2.rate" "$tmp/stdout" && grep -q "gate: FAIL" "$tmp/stdout" ||
    { echo "FAIL: the table does not name the claim"; cat "$tmp/stdout"; fails=$((fails + 1)); }
expect 0 "a better verdict" -- "$BIN" gate --baseline "$tmp/worse.json" --current "$base"

edit "$base" "$tmp/near.json" "d['claims'][0]['numbers'][0]['mid']='-1.0003141592653589793238462644'"
expect 0 "a ball moved by 1e-28 (radii 2.5e-25): overlap" -- "$BIN" gate --baseline "$base" --current "$tmp/near.json"
edit "$base" "$tmp/moved.json" "d['claims'][0]['numbers'][0]['mid']='-1.0003141592653589793238472643'"
expect 1 "a certified ball that moved beyond its radius" -- "$BIN" gate --baseline "$base" --current "$tmp/moved.json"

edit "$base" "$tmp/lost.json" "d['claims'].pop()"
expect 1 "a lost claim" -- "$BIN" gate --baseline "$base" --current "$tmp/lost.json"
expect 0 "a lost claim with --allow-missing" -- "$BIN" gate --baseline "$base" --current "$tmp/lost.json" --allow-missing

printf '{"schema": "dmverify-report", "schema_version": 1, "claims": [' >"$tmp/broken.json"
expect 2 "malformed JSON" -- "$BIN" gate --baseline "$base" --current "$tmp/broken.json"
grep -q "broken.json" "$tmp/stderr" || { echo "FAIL: the message does not name the file"; fails=$((fails + 1)); }
edit "$base" "$tmp/v2.json" "d['schema_version']=2"
expect 2 "wrong schema version" -- "$BIN" gate --baseline "$tmp/v2.json" --current "$base"
grep -q "v2.json" "$tmp/stderr" || { echo "FAIL: the message does not name the file"; fails=$((fails + 1)); }
expect 2 "missing baseline" -- "$BIN" gate --baseline "$tmp/none.json" --current "$base"

# the cause first: a changed seed and a changed data file are one line each, before the table;
# the bit-exact hash that changed with them is summarised, not listed
edit "$base" "$tmp/data0.json" "d['run']['data']=[{'name':'cifar10_eigenvalues.npy','path':'data/cifar10_eigenvalues.npy','sha256':'a'*64}]"
edit "$tmp/data0.json" "$tmp/data1.json" "d['run']['seed']='7'; d['run']['data'][0]['sha256']='b'*64; d['claims'][0]['sample_hash']='zzz'"
expect 1 "settings and data differ" -- "$BIN" gate --baseline "$tmp/data0.json" --current "$tmp/data1.json"
sed -n 2p "$tmp/stdout" | grep -qx "FAIL   settings differ: seed 18446744073709551615 -> 7" &&
    sed -n 3p "$tmp/stdout" | grep -qx "FAIL   data differ: cifar10_eigenvalues.npy sha256 $(printf 'a%.0s' $(seq 64)) -> $(printf 'b%.0s' $(seq 64))" &&
    grep -q "^info   derived: 1 sample hash and 0 certified values changed" "$tmp/stdout" &&
    ! grep -q "sample hash (bit-exact)" "$tmp/stdout" ||
    { echo "FAIL: the cause is not reported first, once"; cat "$tmp/stdout"; fails=$((fails + 1)); }

# expectations: an expected failure in both is no difference; an unexpected pass fails
edit "$base" "$tmp/xf.json" "d['claims'][1]['expect']='fail'; d['claims'][1]['verdict']='fail'"
expect 0 "an expected failure in both" -- "$BIN" gate --baseline "$tmp/xf.json" --current "$tmp/xf.json"
grep -q "no differences" "$tmp/stdout" || { echo "FAIL: expected failure in both is a difference"; fails=$((fails + 1)); }
edit "$tmp/xf.json" "$tmp/xp.json" "d['claims'][1]['verdict']='pass'"
expect 1 "an unexpected pass" -- "$BIN" gate --baseline "$tmp/xf.json" --current "$tmp/xp.json"
grep -q "unexpected pass" "$tmp/stdout" || { echo "FAIL: unexpected pass not named"; fails=$((fails + 1)); }

# a new claim that fails fails the gate; a new one that passes is information
edit "$base" "$tmp/less.json" "d['claims']=d['claims'][:1]"
edit "$base" "$tmp/newfail.json" "d['claims']=d['claims'][:2]"
expect 1 "a new failing claim" -- "$BIN" gate --baseline "$tmp/less.json" --current "$tmp/newfail.json"
edit "$base" "$tmp/newpass.json" "d['claims']=d['claims'][:2]; d['claims'][1]['verdict']='pass'"
expect 0 "a new passing claim" -- "$BIN" gate --baseline "$tmp/less.json" --current "$tmp/newpass.json"

# a baseline with no claims is refused, naming it; run --gate refuses it before any compute
edit "$base" "$tmp/empty.json" "d['claims']=[]"
expect 2 "a baseline without claims" -- "$BIN" gate --baseline "$tmp/empty.json" --current "$base"
grep -q "empty.json.*no claims" "$tmp/stderr" || { echo "FAIL: empty baseline message"; fails=$((fails + 1)); }
expect 2 "--bless refuses a report without claims" -- "$BIN" gate --baseline "$tmp/b2.json" --current "$tmp/empty.json" --bless
[ ! -e "$tmp/b2.json" ] || { echo "FAIL: an empty report was blessed"; fails=$((fails + 1)); }
for bad in "$tmp/empty.json" "$tmp/v2.json" "$tmp/broken.json" "$tmp/none.json"; do
    expect 2 "run --gate $(basename "$bad")" -- "$BIN" run --no-progress --claims pg.order.em --report-dir "$tmp/never" --gate "$bad"
    grep -q "$(basename "$bad")" "$tmp/stderr" || { echo "FAIL: run --gate does not name $bad"; fails=$((fails + 1)); }
    [ ! -e "$tmp/never" ] || { echo "FAIL: run --gate $bad computed before refusing the baseline"; fails=$((fails + 1)); }
done

# --bless: the current report becomes the baseline, byte for byte, atomically
mkdir "$tmp/ci"
cp "$base" "$tmp/ci/baseline.json"
expect 0 "--bless" -- "$BIN" gate --baseline "$tmp/ci/baseline.json" --current "$tmp/worse.json" --bless
cmp -s "$tmp/ci/baseline.json" "$tmp/worse.json" || { echo "FAIL: --bless did not copy the report"; fails=$((fails + 1)); }
expect 0 "after --bless" -- "$BIN" gate --baseline "$tmp/ci/baseline.json" --current "$tmp/worse.json"
expect 0 "--bless of a new baseline" -- "$BIN" gate --baseline "$tmp/ci/new.json" --current "$base" --bless
cmp -s "$tmp/ci/new.json" "$base" || { echo "FAIL: --bless did not create the baseline"; fails=$((fails + 1)); }
expect 2 "--bless refuses a malformed report" -- "$BIN" gate --baseline "$tmp/ci/new.json" --current "$tmp/broken.json" --bless
cmp -s "$tmp/ci/new.json" "$base" || { echo "FAIL: a refused --bless changed the baseline"; fails=$((fails + 1)); }
if ls -a "$tmp/ci" | grep -q '\.tmp\.'; then
    echo "FAIL: temporary files left"
    fails=$((fails + 1))
fi

if [ $fails -ne 0 ]; then
    echo "e2e-gate: $fails check(s) FAILED"
    exit 1
fi
echo "e2e-gate: PASS"
