#!/bin/bash
# The reports of a run with an expected failure, an unexpected pass, an underpowered claim, margins,
# flagged rows and a data file (tests/reports/t-render-expect.c) read back with independent parsers:
# strict JSON (Python's json, no NaN/Infinity), well-formed JUnit XML (xml.etree) where the expected
# failure is a skipped xfail and the unexpected pass the only failure, as pytest's junitxml writes them.
set -u
GEN=${DMV_BINARY_DIR:?}/reports-t-render-expect
[ -x "$GEN" ] || { echo "FAIL: $GEN is not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$GEN" "$tmp/out" >/dev/null || { echo "FAIL: could not write the reports"; exit 1; }
python3 - "$tmp/out" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
d = sys.argv[1]
fails = []
def check(c, msg):
    if not c:
        fails.append(msg)
def no_constants(x):
    raise ValueError("non-standard JSON constant " + x)
rep = json.load(open(d + "/report.json"), parse_constant=no_constants)
outcomes = [c["outcome"] for c in rep["claims"]]
check(outcomes == ["expected fail", "unexpected pass", "inconclusive", "pass"], "outcomes %s" % outcomes)
check(rep["run"]["status"] == 1, "status")
check(rep["run"]["data"][0]["sha256"] == "e" * 64, "data sha256")
m = rep["claims"][3]["margins"][0]
check(m["margin"] == m["threshold"] - m["value"] and m["sense"] == "max", "margin")
check(rep["claims"][3]["tables"][0]["flagged_rows"] == [40, 41, 42, 43, 44], "flagged rows")
t = rep["claims"][2]["tests"][0]
check(t["has_power"] is False and t["min_effect"] > t["required_effect"], "power")

suite = ET.parse(d + "/junit.xml").getroot().find("testsuite")
cases = {c.get("name"): c for c in suite.findall("testcase")}
check(suite.get("failures") == "1" and suite.get("skipped") == "2" and suite.get("errors") == "0", "suite counts")
sk = cases["x.finding"].find("skipped")
check(sk is not None and sk.get("type") == "xfail" and "Heun column" in sk.get("message"), "xfail is skipped")
check(cases["x.finding"].find("failure") is None, "an expected failure is not a failure")
f = cases["x.fixed"].find("failure")
check(f is not None and f.get("type") == "unexpected pass", "unexpected pass is a failure")
check(cases["x.margin"].find("failure") is None and cases["x.margin"].find("skipped") is None, "a pass")

md = open(d + "/report.md").read()
check("fail (expected: the Heun column counts points, not NFE)" in md, "markdown xfail")
html = open(d + "/report.html").read()
check('data-outcome="expected fail"' in html and 'data-outcome="unexpected pass"' in html, "html outcomes")
if fails:
    print("FAIL:", "; ".join(fails))
    sys.exit(1)
print("e2e-expect-formats: PASS")
PY
