#!/bin/bash
# report.html in headless Chromium: the page loads with no console message
# (no script error, no blocked load), and every plot is laid out with a
# nonzero size (the page's own self-check sets data-plots-ok). A negative
# control (a page with a broken script) proves the console is being read.
# Exit 77 (skip) when Chromium is not installed; 1 under CI=true.
set -u
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium is not installed (apt-get install -y chromium)"
    [ "${CI:-}" = true ] && exit 1 # under CI a test that cannot run fails
    exit 77
fi
BIN_DIR=${DMV_BINARY_DIR:?DMV_BINARY_DIR is not set}
GEN=$BIN_DIR/reports-t-render-sample
if [ ! -x "$GEN" ]; then
    echo "FAIL: $GEN is not built"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$GEN" "$tmp/out" >/dev/null || { echo "FAIL: $GEN could not write the reports"; exit 1; }
html=$tmp/out/report.html

render() { # $1 = page, $2 = output prefix
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$tmp/profile-$2" \
        --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
        --dump-dom "file://$1" >"$tmp/$2.dom" 2>"$tmp/$2.log"
}

status=0
render "$html" page || { echo "FAIL: chromium exited with an error"; cat "$tmp/page.log"; exit 1; }
expected=$(grep -c '<svg class="dmv-plot' "$html")
if ! grep -q "data-plots-expected=\"$expected\"" "$tmp/page.dom"; then
    echo "FAIL: the page's self-check did not run (expected $expected plots)"
    status=1
fi
if ! grep -q "data-plots-ok=\"$expected\"" "$tmp/page.dom"; then
    echo "FAIL: not every plot has a nonzero size:"
    grep -o 'data-plots-[a-z]*="[0-9]*"' "$tmp/page.dom"
    status=1
fi
if grep -E 'CONSOLE|Uncaught|Refused to' "$tmp/page.log"; then
    echo "FAIL: console messages while loading report.html"
    status=1
fi
# negative control: a broken script must show up in the log
sed 's|</body>|<script>dmv_undefined_function();</script></body>|' "$html" >"$tmp/broken.html"
render "$tmp/broken.html" broken
if ! grep -qE 'CONSOLE|Uncaught' "$tmp/broken.log"; then
    echo "FAIL: the negative control's script error was not seen: console capture does not work"
    status=1
fi
[ $status -eq 0 ] && echo "e2e-html: PASS ($expected plots laid out, no console message)"
exit $status
