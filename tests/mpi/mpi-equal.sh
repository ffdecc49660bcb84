#!/usr/bin/env bash
# The MPI build gives the one-process bits, and fails whole (docs/scale-out.md). Run by ci/test
# (its MPI stage) with DMV_BIN = the plain build's dmverify, DMV_MPI_BIN = build-mpi/dmverify:
#  1. `sample --stats` under mpirun -n 1, 2, 4 (oversubscribed) has the plain build's hash, mean and
#     variance (the expected values come from the other program, the one-process build);
#  2. ranks given different arguments (MPMD) end with exit 2 before any work, no file written;
#  3. a rank with an input error (its working folder lacks the spectrum) ends the job non-zero, no file;
#  4. a rank killed (SIGKILL) mid-run ends the job non-zero and leaves no stats file nor temporary.
set -uo pipefail
bin=${DMV_BIN:?DMV_BIN must point to the plain dmverify}
mbin=$(realpath "${DMV_MPI_BIN:?DMV_MPI_BIN must point to the DMV_MPI dmverify}")
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -eq 0 ]; then # Open MPI refuses root unless told
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
mpirun=(mpirun --oversubscribe)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
field() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(json.dumps([j['hash'], j['n'], j['mean'], j['var']]))" "$1"; }

args=(sample --scheme em --spectrum "$root/data/cifar10_eigenvalues.npy" --n 1000 --steps 5 --seed 7 --quiet)
"$bin" "${args[@]}" --stats "$T/s0.json" >/dev/null || bad "plain build: exit $?"
want=$(field "$T/s0.json")
for K in 1 2 4; do
    "${mpirun[@]}" -n $K "$mbin" "${args[@]}" --threads 2 --batch 200 --stats "$T/s$K.json" >"$T/out$K" 2>"$T/err$K" \
        || bad "K=$K: exit $? ($(cat "$T/err$K"))"
    [ "$(field "$T/s$K.json")" = "$want" ] || bad "K=$K: hash/mean/var differ from the plain build"
    [ "$(grep -c sha256-chunk128 "$T/out$K")" -eq 1 ] || bad "K=$K: expected one summary line (rank 0 only)"
done

# 2. mismatched arguments: rank 1 has another seed
"${mpirun[@]}" -n 1 "$mbin" "${args[@]}" --stats "$T/m.json" : -n 1 "$mbin" sample --scheme em \
    --spectrum "$root/data/cifar10_eigenvalues.npy" --n 1000 --steps 5 --seed 8 --quiet --stats "$T/m.json" \
    >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || bad "mismatched arguments: exit 0"
grep -q "different arguments" "$T/err" || bad "mismatched arguments: no message ($(cat "$T/err"))"
[ ! -e "$T/m.json" ] || bad "mismatched arguments: a stats file was written"

# 3. an input error on rank 1 only: same arguments, its folder lacks the spectrum
mkdir -p "$T/a" "$T/b"
cp "$root/data/cifar10_eigenvalues.npy" "$T/a/spec.npy"
rel=(sample --scheme em --spectrum spec.npy --n 20000 --steps 20 --seed 7 --quiet --stats "$T/e.json")
"${mpirun[@]}" -n 1 -wdir "$T/a" "$mbin" "${rel[@]}" : -n 1 -wdir "$T/b" "$mbin" "${rel[@]}" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] || bad "input error on rank 1: exit 0"
grep -q "spec.npy" "$T/err" || bad "input error on rank 1: the message does not name the file ($(cat "$T/err"))"
[ ! -e "$T/e.json" ] || bad "input error on rank 1: a stats file was written"

# 4. rank 1 killed mid-run
"${mpirun[@]}" -n 2 "$mbin" sample --scheme em --spectrum "$root/data/cifar10_eigenvalues.npy" --n 2000000 \
    --steps 100 --seed 7 --quiet --stats "$T/k.json" >"$T/out" 2>"$T/err" &
mp=$!
victim=
for i in $(seq 1 200); do # find rank 1 among mpirun's children (at most 20 s)
    for p in $(pgrep -P "$mp" 2>/dev/null); do
        tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' && victim=$p
    done
    [ -n "$victim" ] && break
    sleep 0.1
done
if [ -z "$victim" ]; then
    bad "kill: rank 1 not found among the children of mpirun"
    kill "$mp" 2>/dev/null
else
    sleep 2
    kill -KILL "$victim"
fi
wait "$mp"
rc=$?
[ "$rc" -ne 0 ] || bad "rank 1 killed: mpirun exit 0"
ls -a "$T" | grep -q '^k\.json' && bad "rank 1 killed: a stats file or temporary was left: $(ls -a "$T")"
[ $fail -eq 0 ] && echo "mpi-equal: K = 1, 2, 4 equal to the plain build; mismatch, input error and kill end the job"
exit $fail
