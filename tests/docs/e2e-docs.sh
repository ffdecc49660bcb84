#!/bin/bash
# Documentation that runs: every ```sh block of README.md and docs/*.md is run from the root
# of a scratch copy of the repository (so outputs never touch the checkout) with the built
# program as build/dmverify and as dmverify on the PATH, and must exit 0 (or the status
# announced by a trailing `# exit N`). Conventions: tests/docs/doc_blocks.py.
# A negative control first: a block that fails must be reported as failing.
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
SRC=${DMV_SOURCE_DIR:?DMV_SOURCE_DIR must point at the source folder}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
W=$T/repo
mkdir -p "$W" "$T/bin"
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
    # tracked and new (not ignored) files: what a clone would hold, plus work in progress
    (cd "$SRC" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} cp --parents -P {} "$W"/ 2>/dev/null)
else
    (cd "$SRC" && tar --exclude='./build*' -cf - .) | (cd "$W" && tar -xf -)
fi
mkdir -p "$W/build"
ln -s "$BIN" "$W/build/dmverify"
ln -s "$BIN" "$T/bin/dmverify"
export PATH="$T/bin:$PATH"

# negative control: a failing block, a wrong `# exit N`, an unmarked fence, a loose command
mkdir -p "$T/neg/docs"
printf '# x\n\n```sh\ndmverify --version\nfalse\n```\n\n```sh\ndmverify list # exit 3\n```\n\n```\nls\n```\n\n    dmverify list\n' >"$T/neg/README.md"
neg=$("$PY" "$SRC/tests/docs/doc_blocks.py" "$T/neg" "$W" README.md)
if [ $? -eq 0 ] || [ "$(grep -c '^FAIL' <<<"$neg")" -ne 4 ]; then
    echo "FAIL: the negative control was not caught 4 times:"; echo "$neg"; exit 1
fi

"$PY" "$SRC/tests/docs/doc_blocks.py" "$SRC" "$W"
