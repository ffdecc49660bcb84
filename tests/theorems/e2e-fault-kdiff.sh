#!/usr/bin/env bash
# core.pathwise.kdiff (docs/conventions.md, docs/replay.md) catches a planted relative error of 1e-9
# in the last coefficient of every k-diffusion / EDM step (fault kdiff_coef, fast/kdiff.c), and the
# same fault binary without the fault passes it (--quick budget).
set -euo pipefail
bin=${DMV_FAULT_BIN:?DMV_FAULT_BIN must point to dmverify-fault}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
verdict() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["claims"][0]["verdict"], r["claims"][0]["summary"])' "$1"; }

"$bin" run --quick --no-progress --claims core.pathwise.kdiff --report-dir "$tmp/clean" >"$tmp/clean.out" \
    || fail "clean: exit $?: $(cat "$tmp/clean.out")"
v=$(verdict "$tmp/clean/report.json")
case "$v" in pass*) ;; *) fail "clean: $v" ;; esac
echo "no fault: $v"
set +e
DMV_FAULT="kdiff_coef=1e-9" "$bin" run --quick --no-progress --claims core.pathwise.kdiff --report-dir "$tmp/f" \
    >"$tmp/f.out"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "kdiff_coef=1e-9: exit $rc, expected 1: $(cat "$tmp/f.out")"
v=$(verdict "$tmp/f/report.json")
case "$v" in fail*) ;; *) fail "kdiff_coef=1e-9 not detected: $v" ;; esac
echo "kdiff_coef=1e-9: $v"
