#!/usr/bin/env python3
"""Runs every command shown in README.md and docs/*.md (tests/docs/e2e-docs.sh).

The convention (README.md, "Documentation that runs"):
  ```sh          a block of commands: run, from the repository root, and must exit 0;
                 a line ending in `# exit N` must exit with status N instead;
  ```sh norun    commands that are shown but not run here (ci/run-suite, ci/test: they would recurse);
  ```text, ```json, ```console-output, ```c, ```python, ...: never run.
A fence with no info string, or one that could be mistaken for commands (bash, shell,
console), is refused, and so is a command line shown outside a fenced block.

usage: doc_blocks.py SOURCE_ROOT SCRATCH_ROOT [FILE...]   (files relative to SOURCE_ROOT)
SCRATCH_ROOT is a copy of the repository with build/dmverify in place: the blocks run there,
so that their outputs never touch the checkout. Exit 0 when every block passed.
"""
import glob
import os
import re
import subprocess
import sys
import time

RUN = "sh"
NOT_RUN = {"text", "json", "console-output", "c", "python", "cmake", "csv", "math", "diff", "markdown", "ini"}
AMBIGUOUS = {"", "bash", "shell", "console", "shell-session", "sh-session", "zsh"}
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$")
EXIT = re.compile(r"^(.*?)\s*#\s*exit\s+(\d+)\s*$")
# a command shown as an indented code block (outside any fence) would escape this test
LOOSE_COMMAND = re.compile(r"^ {4,}(\$ )?(build/)?dmverify\s+(list|run|gate|exact|sample|--)")
BLOCK_TIMEOUT = int(os.environ.get("DMV_DOC_BLOCK_TIMEOUT", "180"))


def blocks(path):
    """Yields (line number, info word, rest of info, list of lines) of each fenced block;
    raises ValueError on an unterminated fence."""
    out, loose = [], []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if LOOSE_COMMAND.match(lines[i]):
                loose.append(i + 1)
            i += 1
            continue
        indent, fence, info, rest = m.group(1), m.group(2), m.group(3).lower(), m.group(4)
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence[0] * len(fence)) and
                                      lines[i].strip().strip(fence[0]) == ""):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        if i >= len(lines):
            raise ValueError("%s:%d: unterminated fence" % (path, start))
        i += 1
        out.append((start, info, rest, body))
    return out, loose


def script(body):
    """The block as a bash script: continuation lines joined, `# exit N` lines checked."""
    logical, cur = [], ""
    for line in body:
        if line.rstrip().endswith("\\"):
            cur += line.rstrip()[:-1] + " "
            continue
        logical.append(cur + line)
        cur = ""
    if cur:
        logical.append(cur)
    s = ["set -e -o pipefail"]
    for line in logical:
        m = EXIT.match(line)
        if m and m.group(1).strip():
            cmd, want = m.group(1), int(m.group(2))
            s.append("set +e; ( %s ); __rc=$?; set -e" % cmd)
            s.append('if [ "$__rc" -ne %d ]; then echo "doc test: expected exit %d, got $__rc: %s" >&2; exit 1; fi'
                     % (want, want, cmd.replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")))
        else:
            s.append(line)
    return "\n".join(s) + "\n"


def main():
    src, scratch = sys.argv[1], sys.argv[2]
    files = sys.argv[3:] or (["README.md"] + sorted(os.path.relpath(p, src) for p in glob.glob(os.path.join(src, "docs", "*.md"))))
    failures, nrun, nshown = 0, 0, 0
    for rel in files:
        try:
            bl, loose = blocks(os.path.join(src, rel))
        except ValueError as e:
            print("FAIL: %s" % e)
            failures += 1
            continue
        for ln in loose:
            print("FAIL: %s:%d: a command shown outside a ```sh block (it would never be run)" % (rel, ln))
            failures += 1
        for start, info, rest, body in bl:
            where = "%s:%d" % (rel, start)
            if info in AMBIGUOUS:
                print("FAIL: %s: fence marker '```%s': use ```sh (commands, run by this test), "
                      "```sh norun, or ```text / ```json / ```console-output (not run)" % (where, info))
                failures += 1
                continue
            if info != RUN:
                if info not in NOT_RUN:
                    print("FAIL: %s: unknown fence marker '```%s' (tests/docs/doc_blocks.py lists the known ones)"
                          % (where, info))
                    failures += 1
                continue
            nshown += 1
            if "norun" in rest.split():
                print("not run (marked norun): %s" % where)
                continue
            code = script(body)
            t0 = time.time()
            try:
                p = subprocess.run(["bash", "-c", code], cwd=scratch, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=BLOCK_TIMEOUT)
                rc, out = p.returncode, p.stdout.decode("utf-8", "replace")
            except subprocess.TimeoutExpired as e:
                rc, out = "timeout after %d s" % BLOCK_TIMEOUT, (e.stdout or b"").decode("utf-8", "replace")
            dt = time.time() - t0
            nrun += 1
            if rc != 0:
                failures += 1
                print("FAIL: %s (exit %s, %.1f s):\n%s\n--- output (last 40 lines):\n%s---"
                      % (where, rc, dt, "".join("    " + l + "\n" for l in body),
                         "".join("    " + l + "\n" for l in out.splitlines()[-40:])))
            else:
                print("ok   %s (%.1f s)" % (where, dt))
    print("%d blocks run, %d shown commands blocks, %d failures" % (nrun, nshown, failures))
    if nrun == 0:
        print("FAIL: no ```sh block found: the extraction is broken")
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
