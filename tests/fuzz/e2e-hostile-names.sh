#!/bin/bash
# A hostile file name in the reports (docs/security.md): `dmverify audit` of a samples file whose path
# holds markup and script (<script>, an <img onerror>, quotes, &) echoes that path in the check statements.
# report.html, loaded in headless Chromium as tests/reports/e2e-html.sh does it, must show the name as
# text: no script of the name runs (it would set data-pwned on <html>), no element of the name exists
# in the DOM, and the page's text holds the name verbatim. report.md and junit.xml escape it too.
# A negative control (the same page with the name pasted unescaped) proves the check can fail.
set -u
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium is not installed (apt-get install -y chromium)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
P=(--process vp-linear --grid uniform --steps 10 --eps 1e-3 --scheme euler --lambda 0.5,2 --mean 1,-1)
# the name: a folder and a file, so that the whole path reads <script>...</script>
evil_dir="x<script>document.documentElement.setAttribute('data-pwned','1')<"
evil_file="script><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">&amp;.npy"
mkdir -p "$T/$evil_dir"
samples="$T/$evil_dir/$evil_file"
"$BIN" sample "${P[@]}" --n 500 --seed 3 --out "$T/s.npy" --quiet >/dev/null || { echo "FAIL: sample"; exit 1; }
cp "$T/s.npy" "$samples"
"$BIN" audit "${P[@]}" --samples "$samples" --report-dir "$T/r" >"$T/audit.out" 2>&1
st=$?
if [ $st -eq 2 ] || [ $st -gt 3 ] || [ ! -f "$T/r/report.html" ]; then # 0 pass, 1 fail, 3 inconclusive: all write reports
    echo "FAIL: audit did not write its reports (exit $st):"; cat "$T/audit.out"; exit 1
fi
# the raw name must be in the statements (else this test shows nothing)
if ! grep -qF "$evil_dir" "$T/r/report.json"; then
    echo "FAIL: report.json does not echo the samples path: nothing to test"; fail=1
fi
if grep -qF '<script>document' "$T/r/report.html" || grep -qF '<img src=x' "$T/r/report.html"; then
    echo "FAIL: report.html holds the name's markup unescaped"; fail=1
fi
if grep -qF '<script>document' "$T/r/junit.xml" || grep -qF '<img src=x' "$T/r/junit.xml"; then
    echo "FAIL: junit.xml holds the name's markup unescaped"; fail=1
fi

render() { # $1 = page, $2 = output prefix
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$T/profile-$2" \
        --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
        --dump-dom "file://$1" >"$T/$2.dom" 2>"$T/$2.log"
}
# the dumped DOM serialises text nodes escaped: the name as text is &lt;script&gt;..., as markup <script>...
injected() { # $1 = dom file: 0 when the name's markup became elements or ran
    grep -qF 'data-pwned' "$1" && grep -qE '<html[^>]*data-pwned' "$1" && return 0
    grep -qF "<script>document.documentElement" "$1" && return 0
    grep -qF '<img src="x"' "$1" && return 0
    return 1
}
render "$T/r/report.html" page || { echo "FAIL: chromium exited with an error"; cat "$T/page.log"; exit 1; }
if injected "$T/page.dom"; then
    echo "FAIL: the file name's markup was parsed or ran in report.html"; fail=1
fi
if ! grep -qF "x&lt;script&gt;document.documentElement.setAttribute('data-pwned','1')&lt;/script&gt;&lt;img src=x onerror=" "$T/page.dom"; then
    echo "FAIL: the page does not show the name as text"; fail=1
fi
# negative control: the name pasted raw into the page must be caught
awk -v raw="$samples" '/<\/body>/ { print "<p>" raw "</p>" } { print }' "$T/r/report.html" >"$T/raw.html"
render "$T/raw.html" raw
if ! injected "$T/raw.dom"; then
    echo "FAIL: negative control: the raw name was not seen as injected (the check cannot fail)"; fail=1
fi
[ $fail -eq 0 ] && echo "e2e-hostile-names: PASS (the name renders as text; the control is caught)"
exit $fail
