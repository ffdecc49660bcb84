#!/usr/bin/env bash
# Ctrl-C and SIGTERM clean up (docs/sample.md): a long `sample --out` interrupted by
# SIGINT exits 130 and SIGTERM exits 143, leaving neither the target nor its
# temporary *.tmp.* file; progress on a non-terminal is full lines (no carriage
# return) with a readable ETA, and on a terminal (a pseudo-terminal made by script(1),
# util-linux) one line redrawn with carriage returns.
set -uo pipefail
set -m # job control: background jobs keep the default SIGINT disposition (not ignored)
bin=${DMV_BIN:?DMV_BIN must point to the dmverify binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

interrupt() { # signal, expected exit status
    local sig=$1 want=$2 pid rc i
    rm -f "$T"/* "$T"/.[!.]* 2>/dev/null
    "$bin" sample --lambda 1,2,3 --n 200000000 --steps 200 --out "$T/s.npy" --stats "$T/s.json" \
        >"$T/out" 2>"$T/err" &
    pid=$!
    for i in $(seq 1 100); do # wait for the temporary file (at most 10 s)
        ls "$T" | grep -q '\.tmp\.' && break
        sleep 0.1
    done
    ls "$T" | grep -q '\.tmp\.' || bad "$sig: no temporary file appeared: $(ls -a "$T")"
    sleep 3.6 # past the first progress line (one every 3 s on a non-terminal)
    kill -s "$sig" "$pid"
    wait "$pid"; rc=$?
    [ "$rc" -eq "$want" ] || bad "$sig: exit $rc, expected $want ($(cat "$T/err"))"
    ls -a "$T" | grep -q '\.tmp\.' && bad "$sig: a temporary file was left: $(ls -a "$T")"
    [ ! -e "$T/s.npy" ] || bad "$sig: the target s.npy exists"
    [ ! -e "$T/s.json" ] || bad "$sig: the target s.json exists"
    grep -q "interrupted" "$T/err" || bad "$sig: no message on stderr: $(cat "$T/err")"
}
interrupt INT 130
grep -q $'\r' "$T/err" && bad "carriage returns in progress written to a file"
grep -Eq "^sample: +[0-9.]+% .*elapsed, ETA ([0-9]+ (s|min|h|d))" "$T/err" ||
    bad "no progress line with a readable ETA: $(cat "$T/err")"
interrupt TERM 143

# on a terminal: carriage returns (script(1) gives the program a pseudo-terminal; after 3 s
# timeout stops script, which ends the session and the program with it)
if command -v script >/dev/null; then
    timeout -k 5 3 script -qec "exec '$bin' sample --lambda 1,2,3 --n 200000000 --steps 200" /dev/null \
        >"$T/tty" 2>&1 </dev/null
    grep -q $'\rsample: ' "$T/tty" || bad "no carriage-return progress on a terminal: $(head -c 300 "$T/tty")"
    grep -Eq 'ETA [0-9]+ (s|min|h|d)' "$T/tty" || bad "no readable ETA on a terminal: $(head -c 300 "$T/tty")"
else
    bad "script(1) (util-linux, Debian package bsdutils) is not installed"
fi
[ $fail -eq 0 ] && echo "e2e-signal: PASS"
exit $fail
