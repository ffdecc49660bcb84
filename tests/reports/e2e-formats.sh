#!/bin/bash
# The four reports of the synthetic run read back with independent parsers
# (Python's json and xml.etree): strict JSON (no NaN/Infinity), well-formed
# JUnit XML with the hand-counted cases, every inline SVG well-formed XML,
# and the Markdown's first section naming only the suspicious claims.
set -u
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; [ "${CI:-}" = true ] && exit 1; exit 77; }
GEN=${DMV_BINARY_DIR:?}/reports-t-render-sample
[ -x "$GEN" ] || { echo "FAIL: $GEN is not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$GEN" "$tmp/out" >/dev/null || { echo "FAIL: could not write the sample reports"; exit 1; }
python3 - "$tmp/out" <<'PY'
import json, sys, re
import xml.etree.ElementTree as ET
d = sys.argv[1]
fails = []
def check(c, msg):
    if not c:
        fails.append(msg)

def no_constants(x):
    raise ValueError("non-standard JSON constant " + x)
rep = json.load(open(d + "/report.json"), parse_constant=no_constants)
check(rep["schema"] == "dmverify-report" and rep["schema_version"] == 1, "schema")
check(rep["run"]["seed"] == "18446744073709551615", "seed")
check([c["verdict"] for c in rep["claims"]] == ["pass", "fail", "inconclusive", "inconclusive"], "verdicts")
s = rep["claims"][0]["plots"][0]["series"][0]
check(s["y"] == [0.6 / n for n in s["x"]], "plot values are exact doubles")
check(rep["summary"] == {"claims": 4, "pass": 1, "fail": 1, "inconclusive": 2, "tests": 5, "rejected": 2,
                         "expected_fail": 0, "unexpected_pass": 0, "underpowered": 0}, "summary")

j = ET.parse(d + "/junit.xml").getroot()
suite = j.find("testsuite")
cases = suite.findall("testcase")
check(len(cases) == 4, "4 testcases")
check(suite.get("failures") == "1" and suite.get("errors") == "1" and suite.get("skipped") == "1", "suite counts")
f = [c for c in cases if c.find("failure") is not None]
check(len(f) == 1 and f[0].get("name") == "pg.eig.error", "the failed case")
check("vs predicted" in f[0].find("failure").get("message"), "failure message")
check('<b>C h</b> & "never"' in f[0].find("failure").text, "escaped text reads back")
props = {p.get("name"): p.get("value") for p in suite.find("properties")}
for k in ("seed", "commit", "compiler", "flags", "arb", "flint", "mpfr", "gmp", "openblas", "cpu"):
    check(props.get(k), "property " + k)

html = open(d + "/report.html").read()
svgs = []
for part in html.split('<svg class="dmv-plot')[1:]:
    end = part.find("</article>")
    q = part[:end] if end >= 0 else part
    svgs.append('<svg class="dmv-plot' + q[:q.rfind("</svg>") + 6])
check(len(svgs) == 3, "3 svg blocks")
for k, sv in enumerate(svgs):
    try:
        root = ET.fromstring(sv)
        check(root.tag.endswith("svg"), "svg root")
    except ET.ParseError as e:
        fails.append("svg %d is not well-formed XML: %s" % (k, e))

md = open(d + "/report.md").read()
first = md.split("## Suspicious", 1)[1].split("## Claims", 1)[0]
check("pg.eig.error" in first and "law.moments" in first and "broken.claim" in first, "suspicious claims listed")
check("pg.w2.rate" not in first, "a passing claim on the first screen")
if fails:
    print("FAIL:", "; ".join(fails))
    sys.exit(1)
print("e2e-formats: PASS")
PY
