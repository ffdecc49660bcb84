#!/usr/bin/env bash
# dmverify exact --problem on a linear_inverse problem (examples/problems/ddnm-corr.json): certified KL
# and W2 are printed; the JSON form holds balls whose KL lies below the path KL bound (checked here
# from the printed numbers), BO-DDNM's KL is below DDNM's (docs/math/mismatch.md, A-P2), and a grid
# that skips timesteps is refused naming the grid.
set -euo pipefail
bin=${DMV_BIN:?DMV_BIN must point to dmverify}
src=${DMV_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$bin" exact --problem "$src/examples/problems/ddnm-corr.json" >"$tmp/t.txt" || fail "exit $?"
grep -q '^KL(Q_t|y || P_t)' "$tmp/t.txt" || fail "no KL line: $(cat "$tmp/t.txt")"
grep -q '^W2(P_t, Q_t|y)' "$tmp/t.txt" || fail "no W2 line"
"$bin" exact --problem "$src/examples/problems/ddnm-corr.json" --format json >"$tmp/d.json"
"$bin" exact --problem "$src/examples/problems/ddnm-bo-corr.json" --format json >"$tmp/b.json"
python3 - "$tmp/d.json" "$tmp/b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for r in (d, b):
    assert r["kl"]["mid"] + r["kl"]["rad"] < r["path_kl"]["mid"] - r["path_kl"]["rad"], r
    assert r["w2"]["rad"] < 1e-20 and r["w2"]["mid"] > 0, r
assert b["kl"]["mid"] < d["kl"]["mid"], (b["kl"], d["kl"])
print("DDNM KL %.6g, BO-DDNM KL %.6g, path bounds %.6g %.6g" % (d["kl"]["mid"], b["kl"]["mid"], d["path_kl"]["mid"], b["path_kl"]["mid"]))
PY
sed 's/"steps": 999/"steps": 333/; s/"eps": 1}/"eps": 1}/' "$src/examples/problems/ddnm-corr.json" >"$tmp/bad.json"
set +e
"$bin" exact --problem "$tmp/bad.json" 2>"$tmp/err" >/dev/null
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "skipping grid: exit $rc"
grep -q "grid" "$tmp/err" || fail "message does not name the grid: $(cat "$tmp/err")"
echo ok
