#!/usr/bin/env bash
# Fail early (docs/run.md, docs/sample.md): every bad path is exit 2 within a second,
# naming the path, before any compute, with nothing written; the same file for two
# outputs is refused; the data folder is never a silent fallback.
set -uo pipefail
bin=${DMV_BIN:?DMV_BIN must point to the dmverify binary}
src=${DMV_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# expect2 NAME WANT -- command...: exit 2 in under a second, stderr names WANT
expect2() {
    local name=$1 want=$2; shift 3
    local t0 t1 rc
    t0=$(date +%s%N)
    "$@" >"$T/out" 2>"$T/err"; rc=$?
    t1=$(date +%s%N)
    [ "$rc" -eq 2 ] || bad "$name: exit $rc, expected 2 ($(cat "$T/err"))"
    grep -qF -- "$want" "$T/err" || bad "$name: the message does not name '$want': $(cat "$T/err")"
    [ $(( (t1 - t0) / 1000000 )) -lt 1000 ] || bad "$name: took $(( (t1 - t0) / 1000000 )) ms (>= 1 s)"
}
nothing_in() { # folder: no file left (temporary or probe) beside the targets
    local left
    left=$(find "$1" -mindepth 1 ! -name out ! -name err ! -name ro ! -name data -print -quit)
    [ -z "$left" ] || bad "$2: left $left behind"
}

# sample: outputs in a missing or unwritable folder, a folder as a file, the same file twice
long=(--lambda 1,2 --n 100000000 --steps 1000 --quiet)   # hours of work if it started
expect2 "stats in /proc" "/proc/x/s.json" -- "$bin" sample "${long[@]}" --stats /proc/x/s.json
expect2 "out in /proc" "/proc/x/s.npy" -- "$bin" sample "${long[@]}" --out /proc/x/s.npy --stats "$T/s.json"
[ ! -e "$T/s.json" ] || bad "--stats written although --out was bad"
expect2 "out missing folder" "$T/nodir/s.npy" -- "$bin" sample "${long[@]}" --out "$T/nodir/s.npy"
expect2 "out is a folder" "$T" -- "$bin" sample "${long[@]}" --out "$T"
expect2 "out and stats the same" "same file" -- "$bin" sample "${long[@]}" --out "$T/s.npy" --stats "$T/./s.npy"
ln -s "$T/s.npy" "$T/link.npy"
expect2 "out and stats the same through a symlink" "same file" -- "$bin" sample "${long[@]}" --out "$T/s.npy" \
    --stats "$T/link.npy"
rm -f "$T/link.npy"
if [ "$(id -u)" -ne 0 ]; then # root writes anywhere: the read-only case needs a normal user
    mkdir "$T/ro" && chmod a-w "$T/ro"
    expect2 "out in a read-only folder" "$T/ro/s.npy" -- "$bin" sample "${long[@]}" --out "$T/ro/s.npy"
    rmdir "$T/ro"
fi
# inputs: a missing spectrum, a folder as a spectrum, a missing model file
expect2 "missing spectrum" "$T/none.npy" -- "$bin" sample --spectrum "$T/none.npy" --n 100000000 --quiet
expect2 "spectrum is a folder" "$T" -- "$bin" sample --spectrum "$T" --n 10 --quiet
expect2 "missing model file" "$T/none.json" -- "$bin" sample --model-file "$T/none.json" --n 10 --quiet
expect2 "exact: missing spectrum" "$T/none.npy" -- "$bin" exact --spectrum "$T/none.npy"
nothing_in "$T" "sample"

# run: report folder, baseline, data folder
expect2 "report-dir in /proc" "/proc/x" -- "$bin" run --claims pg.law.em --report-dir /proc/x
: >"$T/file"
expect2 "report-dir is a file" "$T/file" -- "$bin" run --claims pg.law.em --report-dir "$T/file"
expect2 "report-dir under a file" "$T/file/r" -- "$bin" run --claims pg.law.em --report-dir "$T/file/r"
rm -f "$T/file"
mkdir -p "$T/r/report.json"
expect2 "report.json is a folder" "report.json" -- "$bin" run --claims pg.law.em --report-dir "$T/r"
rm -rf "$T/r"
expect2 "missing baseline" "$T/none.json" -- "$bin" run --claims pg.law.em --report-dir "$T/r" --gate "$T/none.json"
mkdir -p "$T/r" && echo '{}' >"$T/r/report.json"
expect2 "baseline = the report written" "--gate" -- "$bin" run --claims pg.law.em --report-dir "$T/r" \
    --gate "$T/r/report.json"
[ "$(cat "$T/r/report.json")" = "{}" ] || bad "the baseline was overwritten"
rm -rf "$T/r"
expect2 "data-dir missing" "/nonexistent" -- "$bin" run --claims pg.continuous.init --data-dir /nonexistent \
    --report-dir "$T/r"
mkdir "$T/data"
expect2 "data-dir without the file" "$T/data/cifar10_eigenvalues.npy" -- "$bin" run --claims pg.continuous.init \
    --data-dir "$T/data" --report-dir "$T/r"
expect2 "DMV_DATA_DIR missing" "DMV_DATA_DIR" -- env DMV_DATA_DIR=/nonexistent "$bin" run --claims pg.continuous.init \
    --report-dir "$T/r"
expect2 "DMV_DATA_DIR without the file" "cifar10_eigenvalues.npy" -- env DMV_DATA_DIR="$T/data" "$bin" run \
    --claims pg.continuous.init --report-dir "$T/r"
[ ! -e "$T/r" ] || bad "a report folder was created for a usage error"
nothing_in "$T" "run"

# a claim that reads no data runs with an empty --data-dir; --data-dir overrides DMV_DATA_DIR
DMV_DATA_DIR=/nonexistent "$bin" run --quick --no-progress --claims pg.pathwise.em --data-dir "$T/data" \
    --report-dir "$T/r" >"$T/out" 2>"$T/err" || bad "run with --data-dir over a bad DMV_DATA_DIR: $(cat "$T/err")"
# the default data folder (the repository's data/) has what pg.continuous.init needs
if [ -f "$src/data/cifar10_eigenvalues.npy" ]; then
    env -u DMV_DATA_DIR "$bin" run --claims pg.continuous.init --report-dir "$T/r2" >"$T/out" 2>"$T/err" ||
        bad "pg.continuous.init with the default data folder exited $?: $(cat "$T/err")"
    grep -q "data: .*data (source tree), 1 file hashed" "$T/err" || bad "no data line: $(cat "$T/err")"
else
    bad "$src/data/cifar10_eigenvalues.npy is missing"
fi
[ $fail -eq 0 ] && echo "e2e-paths: PASS"
exit $fail
