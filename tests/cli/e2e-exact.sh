#!/usr/bin/env bash
# dmverify exact, end to end: JSON shape and radii, hand-derived values,
# exit status 2 with a message naming the bad value, no output on error.
set -u
BIN="${DMV_BIN:?DMV_BIN must point at the dmverify binary}"
DATA="${DMV_TEST_DATA_DIR:-$(cd "$(dirname "$0")/../../data" && pwd)}"
PY=python3
command -v "$PY" >/dev/null 2>&1 || PY=/usr/bin/python3
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# 1. JSON parses; radius < 1e-30 at 128 bits on a well-conditioned case; one component per eigenvalue.
if "$BIN" exact --lambda 2,0.5,0.01 --mean 1,-1,0.5 --scheme ei --steps 50 --format json >"$TMP/a.json"; then
    if "$PY" - "$TMP/a.json" <<'EOF'
import json, sys
from decimal import Decimal
j = json.load(open(sys.argv[1]))
assert set(j) >= {"w2", "w2_squared", "components", "problem"}, j.keys()
for k in ("w2", "w2_squared"):
    assert Decimal(j[k]["rad"]) < Decimal("1e-30"), (k, j[k])
    assert Decimal(j[k]["mid"]) > 0
w, w2 = Decimal(j["w2"]["mid"]), Decimal(j["w2_squared"]["mid"])
assert abs(w * w - w2) < Decimal("1e-30"), (w, w2)
c = j["components"]
assert [x["lambda"] for x in c] == [2, 0.5, 0.01], c
for x in c:
    for k in ("mean", "var"):
        assert Decimal(x[k]["rad"]) < Decimal("1e-30"), x
assert j["problem"]["scheme"] == "ei" and j["problem"]["steps"] == 50 and j["problem"]["d"] == 3
EOF
    then ok; else bad "JSON content of a well-conditioned case"; fi
else
    bad "exact --format json exited non-zero"
fi

# 2. lambda = 1 with Euler and the standard start: the ODE drift vanishes (docs/math/schemes.md#node), var stays exactly 1.
"$BIN" exact --lambda 1 --scheme euler --steps 37 --format=json >"$TMP/b.json" || bad "euler lambda 1 exited non-zero"
"$PY" - "$TMP/b.json" <<'EOF' && ok || bad "euler at lambda = 1 does not keep var exactly 1"
import json, sys
j = json.load(open(sys.argv[1]))
v = j["components"][0]["var"]
assert v == {"mid": "1", "rad": "0"}, v
assert j["w2"] == {"mid": "0", "rad": "0"}, j["w2"]
EOF

# 3. A hand-derived value: VE, exact start p_T, exact PF-ODE stopped at eps = 0.5, lambda = 4, mean 3:
#    the output is p_eps = N(3, 4 + 0.25), so W2 = sqrt(4.25) - 2 (docs/math/laws.md#continuous and docs/math/laws.md#continuous-ode).
"$BIN" exact --process ve --t-max 10 --lambda 4 --mean 3 --scheme ode --init exact --eps 0.5 --format json \
    >"$TMP/c.json" || bad "ve ode exited non-zero"
"$PY" - "$TMP/c.json" <<'EOF' && ok || bad "VE exact ODE from p_T is not p_eps"
import json, sys
from decimal import Decimal, getcontext
getcontext().prec = 60
j = json.load(open(sys.argv[1]))
want = Decimal("4.25").sqrt() - 2
mid, rad = Decimal(j["w2"]["mid"]), Decimal(j["w2"]["rad"])
assert abs(mid - want) <= rad + Decimal("1e-45") and rad < Decimal("1e-30"), (mid, rad, want)
c = j["components"][0]
assert abs(Decimal(c["var"]["mid"]) - Decimal("4.25")) <= Decimal(c["var"]["rad"]) + Decimal("1e-45"), c
assert abs(Decimal(c["mean"]["mid"]) - 3) <= Decimal(c["mean"]["rad"]) + Decimal("1e-45"), c
EOF

# 4. Another: the exact reverse SDE from p_T stays on p_s (docs/math/laws.md#continuous-sde): VP, --init exact, any lambda.
"$BIN" exact --lambda 0.3 --scheme sde --init exact --eps 0 --summary --format json >"$TMP/d.json" \
    || bad "sde exited non-zero"
"$PY" - "$TMP/d.json" <<'EOF' && ok || bad "exact SDE from p_T at eps = 0 is not the data law"
import json, sys
from decimal import Decimal
j = json.load(open(sys.argv[1]))
assert "components" not in j
assert Decimal(j["w2"]["mid"]) - Decimal(j["w2"]["rad"]) <= 0 and Decimal(j["w2"]["rad"]) < Decimal("1e-15"), j["w2"]
EOF

# 5. Text output: the W2 line, one line per direction, --summary drops them; --help exits 0.
out="$("$BIN" exact --lambda 1,2 --scheme heun --steps 10)" || bad "text exited non-zero"
echo "$out" | grep -q '^w2         = 0\.[0-9]* +/- ' && ok || bad "text W2 line missing: $out"
[ "$(echo "$out" | grep -c '^[01] ')" = 2 ] && ok || bad "text components missing: $out"
[ "$("$BIN" exact --lambda 1,2 --summary | grep -c '^[01] ')" = 0 ] && ok || bad "--summary printed components"
"$BIN" exact --help | grep -q -- '--spectrum' && ok || bad "--help lacks the problem options"

# 6. Usage and input errors: exit 2, the message names the value, nothing on stdout.
expect_usage() {
    local what="$1" needle="$2"
    shift 2
    "$BIN" exact "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    if [ $rc -ne 2 ]; then bad "$what: exit $rc, expected 2"; return; fi
    if [ -s "$TMP/out" ]; then bad "$what: wrote to stdout on error"; return; fi
    if ! grep -q -- "$needle" "$TMP/err"; then bad "$what: message lacks '$needle': $(cat "$TMP/err")"; return; fi
    ok
}
expect_usage "steps and points" "--points 6" --lambda 1 --steps 5 --points 6
expect_usage "bad number" "'x'" --lambda 1,x
expect_usage "nan" "'nan'" --lambda 1 --eps nan
expect_usage "trailing junk" "0.1abc" --lambda 1 --eps 0.1abc
expect_usage "missing file" "/nonexistent/s.npy" --spectrum /nonexistent/s.npy
expect_usage "lambda and spectrum" "give one of them" --lambda 1 --spectrum /nonexistent/s.npy
expect_usage "mean length" "--mean has 1" --lambda 1,2 --mean 1
expect_usage "negative lambda" "lambda\[1\] = -2" --lambda 1,-2
expect_usage "prec" "--prec '3'" --lambda 1 --prec 3
expect_usage "scheme" "'foo'" --lambda 1 --scheme foo
expect_usage "unknown option" "--bogus" --lambda 1 --bogus
expect_usage "no data" "--lambda" --scheme em
expect_usage "ddpm domain" "b = h g^2" --lambda 1 --scheme ddpm --steps 5
expect_usage "heun at eps 0" "paper's '-'" --lambda 0 --scheme heun --eps 0 --steps 10
expect_usage "missing value" "--eps: needs a value" --lambda 1 --eps
expect_usage "format" "--format 'xml'" --lambda 1 --format xml
expect_usage "points too small" "--points '1'" --lambda 1 --points 1
expect_usage "seed" "--seed '-1'" --lambda 1 --seed -1
expect_usage "karras at eps 0" "eps = 0" --lambda 1 --grid karras --eps 0
expect_usage "cosine t-max" "t_max = 1" --lambda 1 --process vp-cosine --t-max 1
expect_usage "cosine offset on vp" "--cosine-offset" --lambda 1 --cosine-offset 0.01
expect_usage "eta range" "eta = 2" --lambda 1 --scheme ddim --eta 2
expect_usage "init" "--init 'uniform'" --lambda 1 --init uniform

# 6b. Other processes, grids and options parse and run (order of options does not matter).
"$BIN" exact --scheme heun-edm --grid karras --rho 7 --steps 18 --eps 0.002 --lambda 1,0.25 --process ve \
    --init gaussian:0,6400 --summary >/dev/null && ok || bad "ve / karras / heun-edm"
"$BIN" exact --beta-max 20 --beta-min 0.1 --process vp-linear-song --scheme dpmpp2m --grid logsnr --steps 20 \
    --lambda 2 --mean=0.5 --summary >/dev/null && ok || bad "song / logsnr / dpmpp2m"
"$BIN" exact --process vp-cosine --scheme ddim --eta 1 --grid quadratic --points 30 --lambda 0.5 --summary \
    >/dev/null && ok || bad "cosine / quadratic / ddim eta 1 / --points"
# the paper's process with Song's parameters halved is the same law (schemes.md 1)
a="$("$BIN" exact --process vp-linear --scheme ei --steps 25 --lambda 0.7,3 --summary | grep '^w2 ')"
b="$("$BIN" exact --process vp-linear-song --beta-min 0.1 --beta-max 20 --scheme ei --steps 25 --lambda 0.7,3 --summary | grep '^w2 ')"
[ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "vp-linear vs vp-linear-song halved: '$a' vs '$b'"

# 7. A spectrum file: -0.0 is read as 0, a negative entry is refused naming its index.
"$PY" - "$TMP" <<'EOF'
import struct, sys
def npy(path, vals):
    h = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % len(vals)
    h += " " * ((64 - (10 + len(h) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h.encode() + struct.pack("<%dd" % len(vals), *vals))
npy(sys.argv[1] + "/ok.npy", [1.0, -0.0, 0.25])
npy(sys.argv[1] + "/neg.npy", [1.0, -1e-3, 0.25])
EOF
"$BIN" exact --spectrum "$TMP/ok.npy" --steps 20 --format json >"$TMP/e.json" && "$PY" - "$TMP/e.json" <<'EOF' && ok || bad "spectrum with -0.0"
import json, sys
j = json.load(open(sys.argv[1]))
assert [c["lambda"] for c in j["components"]] == [1.0, 0.0, 0.25], j["components"]
EOF
expect_usage "negative spectrum" "eigenvalue \[1\] = -0.001" --spectrum "$TMP/neg.npy"

# 8. The CIFAR-10 spectrum (the repository's data/), EM from p_T, 1000 points, eps = 1e-3: the paper
#    prints 0.27. The run is long enough (seconds) to report progress: full lines on a file, with an ETA.
if [ -f "$DATA/cifar10_eigenvalues.npy" ]; then
    w="$("$BIN" exact --spectrum "$DATA/cifar10_eigenvalues.npy" --points 1000 --init exact --summary \
        2>"$TMP/progress" | sed -n 's/^w2 *= \([0-9.]*\) .*/\1/p')"
    case "$w" in 0.27*) ok ;; *) bad "CIFAR EM p_T 1000 points eps 1e-3: W2 = '$w', the paper prints 0.27" ;; esac
    if grep -q $'\r' "$TMP/progress"; then bad "carriage returns in progress written to a file"; else ok; fi
    if [ -s "$TMP/progress" ]; then # only a run longer than 3 s prints a line
        if grep -Eq '^exact: +[0-9.]+% of the directions, .* elapsed, ETA [0-9]+ (s|min)' "$TMP/progress"; then ok
        else bad "progress line: $(cat "$TMP/progress")"; fi
    fi
else
    bad "$DATA/cifar10_eigenvalues.npy is missing (the repository's data/)"
fi

# 9. Decimal inputs are rounded to binary64 first: the JSON gives each as typed and as the exact
#    binary64 value, every digit. Oracle: Python's correctly rounded float() and exact Decimal().
if "$BIN" exact --lambda 0.3,2,1e-7 --mean 0.1,-3,2.5e-300 --eps 1e-3 --beta-min 0.07 --t-max 0.9 \
    --init gaussian:0.2,1.5 --scheme ddim --eta 0.35 --grid karras --rho 6.5 --steps 7 --summary \
    --format json >"$TMP/in.json"; then
    if "$PY" - "$TMP/in.json" <<'EOF'
import json, sys
from decimal import Decimal
j = json.load(open(sys.argv[1]))["inputs"]
def same(o, text, default=False):
    assert o["decimal"] == text, (o, text)
    assert Decimal(o["binary64"]) == Decimal(float(text)), (o, Decimal(float(text)))
    assert o.get("default", False) == default, o
same(j["eps"], "1e-3")
assert j["eps"]["binary64"] == "0.001000000000000000020816681711721685132943093776702880859375", j["eps"]
same(j["beta_min"], "0.07"); same(j["beta_max"], "10", default=True); same(j["t_max"], "0.9")
same(j["eta"], "0.35"); same(j["rho"], "6.5")
for o, t in zip(j["init_gaussian"], ["0.2", "1.5"]): same(o, t)
for o, t in zip(j["lambda"], ["0.3", "2", "1e-7"]): same(o, t)
for o, t in zip(j["mean"], ["0.1", "-3", "2.5e-300"]): same(o, t)
assert len(j["lambda"]) == 3 and len(j["mean"]) == 3
assert len(j["mean"][2]["binary64"]) > 300, "not every digit"  # 2.5e-300 has hundreds of digits
EOF
    then ok; else bad "binary64 inputs in the JSON"; fi
else
    bad "exact with decimal inputs exited non-zero"
fi

echo "e2e-exact: $pass passed, $fails failed"
[ $fails -eq 0 ]
