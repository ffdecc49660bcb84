#!/bin/bash
# dmverify sample/exact --problem (docs/problem-file.md): every example of examples/problems/
# runs; a problem file and the same run given by command-line options give the same samples
# (bit for bit: same hash), which checks each key's mapping onto its option; exact --problem
# gives the law of the options' run for the Gaussian example and refuses (exit 2) the other
# kinds naming the checks that apply; malformed files and mixed use exit 2 naming the JSON path
# and the value (or the option), before any output is written.
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
SRC=${DMV_SOURCE_DIR:?DMV_SOURCE_DIR must point at the sources}
PY=/usr/bin/python3
EX=$SRC/examples/problems
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
field() { $PY -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[k]
print(v)' "$1" "$2"; }
run() { # name, args...: a quiet run that must exit 0
    local name=$1; shift
    "$BIN" "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    check "$name: exit 0 (got $rc: $(head -c 300 "$T/err"))" "[ $rc -eq 0 ]"
}
bad() { # name, expected status, expected text (fixed string), args...
    local name=$1 want_rc=$2 want=$3; shift 3
    rm -f "$T/bad.json"
    "$BIN" "$@" >/dev/null 2>"$T/err"
    local rc=$?
    check "$name: exit $want_rc (got $rc)" "[ $rc -eq $want_rc ]"
    grep -qF -- "$want" "$T/err" || { echo "FAIL: $name: message should contain '$want', got: $(head -c 400 "$T/err")"; fail=1; }
    check "$name: no stats file left" "[ ! -e '$T/bad.json' ]"
}

# 1. every example runs; --n replaces the file's n; the record names the model kind and dimension
#    (dimensions and kinds written here by hand from the files)
for ex in gaussian:gaussian:4 gaussian-cov:gaussian:2 mixture:mixture:1 boxes:boxes:2 umix:umix:2 \
          empirical:empirical:2 guided:guided:1 score-mix:score_mix:2 tail:tail:1 perturbed:perturbed:4; do
    IFS=: read -r name kind d <<<"$ex"
    run "$name" sample --problem "$EX/$name.json" --n 300 --stats "$T/$name.json" --quiet
    [ -s "$T/$name.json" ] || { echo "FAIL: $name: no stats"; fail=1; continue; }
    check "$name: n 300" "[ \"$(field "$T/$name.json" n)\" = 300 ]"
    check "$name: d $d" "[ \"$(field "$T/$name.json" d)\" = $d ]"
    check "$name: kind $kind" "[ \"$(field "$T/$name.json" model_spec.kind)\" = $kind ]"
    check "$name: problem recorded" "[ \"$(field "$T/$name.json" problem)\" = '$EX/$name.json' ]"
    check "$name: finite" "[ \"$(field "$T/$name.json" nonfinite_values)\" = 0 ]"
done
# the file's n (200) when --n is not given
run "n from the file" sample --problem "$EX/mixture.json" --stats "$T/n.json" --quiet
check "n from the file: 200" "[ \"$(field "$T/n.json" n)\" = 200 ]"

# 2. the same runs from command-line options: same hash, bit for bit
same() { # name, stats a, stats b
    local a b
    a=$(field "$2" hash.value) b=$(field "$3" hash.value)
    check "$1: same hash ($a vs $b)" "[ -n \"$a\" ] && [ \"$a\" = \"$b\" ]"
}
run "gaussian options" sample --process vp-linear --beta-min 0.05 --beta-max 10 --grid uniform --steps 20 \
    --eps 1e-3 --scheme heun --init exact --lambda 1,2,0.5,0.25 --mean 1,0,-1,0.5 --seed 7 --n 300 \
    --stats "$T/o-gaussian.json" --quiet
same "gaussian" "$T/gaussian.json" "$T/o-gaussian.json"
check "gaussian: same means" "[ \"$(field "$T/gaussian.json" mean)\" = \"$(field "$T/o-gaussian.json" mean)\" ]"
run "mixture options" sample --process vp-linear-song --grid logsnr --steps 25 --scheme ddim --eta 0.5 --seed 2 \
    --model-file "$SRC/examples/models/mixture.json" --n 300 --stats "$T/o-mixture.json" --quiet
same "mixture" "$T/mixture.json" "$T/o-mixture.json"
run "gaussian-cov options" sample --process ve --t-max 80 --grid karras --steps 18 --eps 0.002 --rho 7 \
    --scheme heun-edm --seed 1 --model-file "$SRC/examples/models/gaussian-cov.json" --n 300 \
    --stats "$T/o-cov.json" --quiet
same "gaussian-cov" "$T/gaussian-cov.json" "$T/o-cov.json"
run "umix options" sample --process vp-cosine --grid quadratic --steps 20 --scheme dpmpp2m --seed 4 \
    --model-file "$SRC/examples/models/umix.json" --n 300 --stats "$T/o-umix.json" --quiet
same "umix" "$T/umix.json" "$T/o-umix.json"
run "empirical options" sample --points 21 --scheme euler --seed 5 \
    --model-file "$SRC/examples/models/empirical.json" --n 300 --stats "$T/o-emp.json" --quiet
same "empirical (grid.points)" "$T/empirical.json" "$T/o-emp.json"
# threads/batch from the command line do not change the bits
run "gaussian threads" sample --problem "$EX/gaussian.json" --n 300 --threads 2 --batch 7 \
    --stats "$T/t-gaussian.json" --quiet
same "gaussian --threads 2 --batch 7" "$T/gaussian.json" "$T/t-gaussian.json"

# 3. exact --problem: the options' law for the Gaussian example; the other kinds refused
run "exact gaussian" exact --problem "$EX/gaussian.json" --summary
cp "$T/out" "$T/exact-file.txt"
run "exact gaussian options" exact --steps 20 --scheme heun --init exact --lambda 1,2,0.5,0.25 \
    --mean 1,0,-1,0.5 --summary
check "exact: file and options print the same law" "cmp -s '$T/out' '$T/exact-file.txt'"
for ex in mixture:mixture boxes:boxes umix:umix empirical:empirical guided:guided score-mix:score_mix tail:tail \
          perturbed:perturbed; do
    IFS=: read -r name kind <<<"$ex"
    bad "exact $name" 2 "model kind '$kind' has no closed-form output law; its sampler is checked step by step by the core.pathwise claims (dmverify run --claims 'core.pathwise.*')" \
        exact --problem "$EX/$name.json"
done
bad "exact gaussian-cov" 2 "model.cov: exact needs the Gaussian in eigen form" exact --problem "$EX/gaussian-cov.json"

# 4. malformed files and mixed use: exit 2 naming the path and the value, before any output
badfile() { # name, json, expected text
    printf '%s\n' "$2" >"$T/p.json"
    bad "$1 (sample)" 2 "problem $T/p.json: $3" sample --problem "$T/p.json" --n 10 --stats "$T/bad.json"
    bad "$1 (exact)" 2 "problem $T/p.json: $3" exact --problem "$T/p.json"
}
M='"model": {"model": "gaussian", "lambda": [1, 2]}'
badfile "unknown key" "{\"grid\": {\"stpes\": 10}, $M}" "grid.stpes = 10: unknown key"
badfile "steps 0" "{\"grid\": {\"steps\": 0}, $M}" "grid.steps = 0: must be an integer"
badfile "bad scheme" "{\"scheme\": {\"kind\": \"heun3\"}, $M}" 'scheme.kind = "heun3": unknown'
badfile "bad process" "{\"process\": {\"kind\": \"vp\"}, $M}" 'process.kind = "vp": unknown'
badfile "bad seed" "{\"seed\": 1.5, $M}" "seed = 1.5: must be an integer"
badfile "bad eigenvalue" '{"model": {"model": "gaussian", "lambda": [1, -2]}}' "model.lambda[1] = -2"
badfile "bad weight" '{"model": {"model": "mixture", "weights": [1, -1], "means": [[0], [1]], "vars": [[1], [1]]}}' \
    "model.weights[1] = -1"
badfile "no model" '{"n": 10}' "model = (missing)"
badfile "malformed JSON" "{\"n\": 10,, $M}" "malformed JSON"
badfile "bad grid for the process" "{\"process\": {\"kind\": \"vp-linear\", \"t_max\": -1}, $M}" "t_max"
bad "missing file" 2 "$T/nosuch.json" sample --problem "$T/nosuch.json" --n 10 --stats "$T/bad.json"
bad "problem option with --problem" 2 "--problem $EX/gaussian.json and --steps" \
    sample --problem "$EX/gaussian.json" --steps 5 --n 10 --stats "$T/bad.json"
bad "model option with --problem" 2 "--problem $EX/gaussian.json and --model-file" \
    sample --problem "$EX/gaussian.json" --model-file "$SRC/examples/models/mixture.json" --n 10 --stats "$T/bad.json"
bad "exact: problem option with --problem" 2 "--problem $EX/gaussian.json and --lambda" \
    exact --problem "$EX/gaussian.json" --lambda=1,2
printf '{"scheme": {"kind": "sde"}, %s}\n' "$M" >"$T/sde.json"
bad "sample sde" 2 'scheme.kind = "sde": the exact continuous law has no sampler' \
    sample --problem "$T/sde.json" --n 10 --stats "$T/bad.json"
run "exact sde" exact --problem "$T/sde.json" --summary

[ $fail -eq 0 ] && echo "e2e-problem: PASS"
exit $fail
