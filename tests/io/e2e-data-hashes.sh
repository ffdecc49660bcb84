#!/usr/bin/env bash
# data/: every file is listed in data/README.md with its SHA-256 and size, and the
# hashes recomputed here by an independent tool (sha256sum) match; no file of data/
# is missing from the list.
set -uo pipefail
src=${DMV_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
readme=$src/data/README.md
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
command -v sha256sum >/dev/null || { echo "FAIL: sha256sum is not installed" >&2; exit 1; }
[ -f "$readme" ] || { echo "FAIL: $readme is missing" >&2; exit 1; }
n=0
# table rows: | `name` | `hash` | bytes |
while IFS='|' read -r _ name hash size _; do
    name=$(echo "$name" | tr -d ' `'); hash=$(echo "$hash" | tr -d ' `'); size=$(echo "$size" | tr -d ' ')
    [[ "$hash" =~ ^[0-9a-f]{64}$ ]] || continue
    n=$((n + 1))
    f=$src/data/$name
    if [ ! -f "$f" ]; then bad "$name is listed in data/README.md but missing"; continue; fi
    got=$(sha256sum "$f" | cut -d' ' -f1)
    [ "$got" = "$hash" ] || bad "$name: sha256 $got, data/README.md says $hash"
    [ "$(stat -c %s "$f")" = "$size" ] || bad "$name: $(stat -c %s "$f") bytes, data/README.md says $size"
done <"$readme"
[ "$n" -ge 2 ] || bad "data/README.md lists $n hashed files, expected at least 2"
for f in "$src"/data/*; do
    b=$(basename "$f")
    [ "$b" = README.md ] && continue
    grep -q "| \`$b\` |" "$readme" || bad "data/$b is not listed in data/README.md"
done
[ $fail -eq 0 ] && echo "e2e-data-hashes: PASS ($n files)"
exit $fail
