#!/usr/bin/env bash
# End to end: 'dmverify list' and 'dmverify run' on the skeleton claims; the three
# report files are validated by an independent reader (Python's json and xml).
set -euo pipefail
bin=${DMV_BIN:?DMV_BIN must point to the dmverify binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# list names the skeleton claims
out=$("$bin" list)
for id in pg.pathwise.em pg.pathwise.euler pg.law.em pg.law.ode; do
    grep -q "^$id" <<<"$out" || fail "list does not name $id"
done
grep -q "2405.14250" <<<"$out" || fail "list does not give the arXiv id"

# an unknown claim is a usage error (2) naming it, and writes nothing
set +e
err=$("$bin" run --claims nosuch --report-dir "$tmp/none" 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" -eq 2 ] || fail "run --claims nosuch exited $rc, expected 2"
grep -q "nosuch" <<<"$err" || fail "the message does not name 'nosuch': $err"
[ ! -e "$tmp/none" ] || fail "a report folder was created for a usage error"

# bad values are usage errors naming the value
for args in "--seed -3" "--threads 0" "--alpha 2" "--bogus"; do
    set +e
    err=$("$bin" run $args --report-dir "$tmp/none" 2>&1 >/dev/null); rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "run $args exited $rc, expected 2"
    val=${args##* }
    grep -q -- "$val" <<<"$err" || fail "run $args: message does not name '$val': $err"
done

# a real run of the skeleton claims
"$bin" run --quick --no-progress --claims 'pg.pathwise.em,pg.pathwise.euler,pg.law.em,pg.law.ode' \
    --seed 11 --report-dir "$tmp/rep" >"$tmp/stdout" || fail "run exited $? (expected 0): $(cat "$tmp/stdout")"
for f in report.json report.md junit.xml report.html; do
    [ -s "$tmp/rep/$f" ] || fail "missing $f"
done
ls -a "$tmp/rep" | grep -q '\.tmp' && fail "temporary files left in the report folder"

python3 - "$tmp/rep" <<'PY'
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
r = json.load(open(d + "/report.json"))
assert r["schema"] == "dmverify-report", r.get("schema")
assert isinstance(r["schema_version"], int)
ids = [c["id"] for c in r["claims"]]
assert ids == ["pg.pathwise.em", "pg.pathwise.euler", "pg.law.em", "pg.law.ode"], ids
for c in r["claims"]:
    assert c["verdict"] == "pass", (c["id"], c["verdict"], c.get("summary"))
    assert c["arxiv"] == "2405.14250"
assert r["run"]["seed"] == "11", r["run"]  # a decimal string: 64-bit seeds do not fit a double
env = r["env"]
for k in ("commit", "compiler", "flags", "cpu"):
    assert env.get(k), k
libs = json.dumps(env)
for lib in ("arb", "flint", "mpfr", "openblas", "cjson"):
    assert lib in libs.lower(), lib
law = [c for c in r["claims"] if c["id"] == "pg.law.em"][0]
assert len(law["tests"]) == 5, len(law["tests"])  # means, variances, worst direction, KS, correlation
assert all(0 <= t["p_value"] <= 1 for t in law["tests"])
assert law.get("sample_hash"), "law claim has no sample hash"
root = ET.parse(d + "/junit.xml").getroot()
cases = root.findall(".//testcase")
assert len(cases) == 4, len(cases)
assert not root.findall(".//failure"), "failures in junit for a passing run"
md = open(d + "/report.md").read()
for i in ids:
    assert i in md, i
assert "seed" in md.lower()
print("reports valid")
PY
echo "e2e-run: PASS"
