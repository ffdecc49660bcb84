#!/bin/bash
# report.html of the guidance figures (gd.fig.*, --quick) in headless Chromium, the way
# tests/reports/e2e-html.sh checks the sample report: the page loads with no console message and
# every plot is laid out with a nonzero size (the page's own self-check, data-plots-ok). On top:
# the four scatter plots (w = 1, 3, 7, 15) are in the rendered DOM with their markers, no line
# through any scatter group, the two support rectangles as closed paths and the good share in the
# legend; the trajectory plot has four mean series, each with its +-1 sd band. A negative control
# (a path planted inside a scatter group) proves that the checker can fail.
# Exit 77 (skip) when Chromium is not installed; 1 under CI=true.
set -u
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium is not installed (apt-get install -y chromium)"
    [ "${CI:-}" = true ] && exit 1 # under CI a test that cannot run fails
    exit 77
fi
BIN=${DMV_BIN:?DMV_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" run --claims 'gd.fig.*' --quick --no-progress --report-dir "$tmp/out" >"$tmp/run.log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
    echo "FAIL: dmverify run --claims 'gd.fig.*' --quick exited $rc"
    cat "$tmp/run.log"
    exit 1
fi
html=$tmp/out/report.html
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$tmp/profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
    --dump-dom "file://$html" >"$tmp/page.dom" 2>"$tmp/page.log" || {
    echo "FAIL: chromium exited with an error"
    cat "$tmp/page.log"
    exit 1
}
status=0
expected=$(grep -c '<svg class="dmv-plot' "$html")
if ! grep -q "data-plots-expected=\"$expected\"" "$tmp/page.dom" || ! grep -q "data-plots-ok=\"$expected\"" "$tmp/page.dom"; then
    echo "FAIL: not every one of the $expected plots is laid out with a nonzero size:"
    grep -o 'data-plots-[a-z]*="[0-9]*"' "$tmp/page.dom"
    status=1
fi
if grep -E 'CONSOLE|Uncaught|Refused to' "$tmp/page.log"; then
    echo "FAIL: console messages while loading report.html"
    status=1
fi
cat >"$tmp/check.py" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)
# each plot: from its outer <svg class="dmv-plot"> to the next one
starts = [m.start() for m in re.finditer(r'<svg class="dmv-plot"', dom)]
plots = [dom[a:b] for a, b in zip(starts, starts[1:] + [len(dom)])]
scat = [p for p in plots if 'aria-label="final samples, w = ' in p[:400]]
check(len(scat) == 4, "%d scatter plots, want 4 (w = 1, 3, 7, 15)" % len(scat))
for p in scat:
    w = re.search(r'final samples, w = (\d+)', p).group(1)
    groups = re.findall(r'<g class="scatter"[^>]*>(.*?)</g>', p, re.S)
    markers = sum(len(re.findall(r'<circle ', g)) for g in groups)
    check(len(groups) >= 1 and markers >= 100, "w = %s: %d scatter groups, %d markers" % (w, len(groups), markers))
    check(all('<path' not in g for g in groups), "w = %s: a path inside a scatter group" % w)
    # the two rectangles: closed polylines of 5 points (M + 4 L, last = first)
    rects = 0
    for d in re.findall(r'<path [^>]*d="([^"]*)"', p):
        pts = re.findall(r'[ML]([-\d.]+) ([-\d.]+)', d)
        if len(pts) == 5 and pts[0] == pts[4]:
            rects += 1
    check(rects == 2, "w = %s: %d closed rectangles, want 2" % (w, rects))
    check(re.search(r'good \(inside the class \+1 support\): \d+ of \d+ = [\d.]+%', p) is not None,
          "w = %s: the good share is not in the legend" % w)
traj = [p for p in plots if 'aria-label="mean x-trajectory' in p[:400]]
check(len(traj) == 1, "%d trajectory plots, want 1" % len(traj))
if traj:
    t = traj[0]
    check(len(re.findall(r'<polygon ', t)) == 4, "trajectory: %d bands, want 4" % len(re.findall(r'<polygon ', t)))
    check(len(re.findall(r'class="legend"[^>]*>w = \d+: mean', t)) == 4, "trajectory: the legend lacks the 4 means")
    check('sampling time' in t and 'x_t (guided coordinate)' in t, "trajectory: axis labels")
for m in bad:
    print("FAIL:", m)
sys.exit(1 if bad else 0)
PY
python3 "$tmp/check.py" "$tmp/page.dom" || status=1
# negative control: the same DOM with a line drawn through the first scatter group must fail
sed '0,/<g class="scatter"\([^>]*\)>/s//<g class="scatter"\1><path d="M0 0 L1 1"\/>/' "$tmp/page.dom" >"$tmp/line.dom"
if python3 "$tmp/check.py" "$tmp/line.dom" >/dev/null; then
    echo "FAIL: the negative control (a path inside a scatter group) was not caught"
    status=1
fi
[ $status -eq 0 ] && echo "e2e-html-gd: PASS ($expected plots laid out, 4 scatter plots with markers and supports, trajectory bands)"
exit $status
