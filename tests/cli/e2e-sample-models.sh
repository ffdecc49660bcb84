#!/bin/bash
# dmverify sample with every data model (--model gaussian-dense/perturbed/empirical and
# --model-file): each run is checked against something computed independently here
# (numpy formulas, exact identities of the arithmetic, a second model with the same law),
# and bad model input must exit 2 naming the file, the JSON path and the value, with no
# output file left behind. docs/model-file.md.
set -u
BIN=${DMV_BIN:?DMV_BIN must point at dmverify}
PY=/usr/bin/python3
# NumPy is a dependency of the tests (ci/setup.sh installs python3-numpy): without it this test
# cannot run, which is a skip (77) for a developer and a failure under CI=true.
if ! $PY -c 'import numpy' 2>/dev/null; then
    echo "numpy missing for $PY (apt-get install python3-numpy): cannot run"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
run() { # quiet run, exit status checked
    "$BIN" sample --quiet "$@" >"$T/last.out" 2>"$T/last.err"
    local rc=$?
    if [ $rc -ne 0 ]; then echo "FAIL: run $* (exit $rc): $(cat "$T/last.err")"; fail=1; fi
}
hash_of() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["hash"]["value"])' "$1"; }
same_hash() { # name, json a, json b
    local a b
    a=$(hash_of "$2") b=$(hash_of "$3")
    check "$1: hashes equal ($a vs $b)" "[ \"$a\" = \"$b\" ]"
}

# ---- model files ----------------------------------------------------------------------
cat >"$T/mix.json" <<'EOF'
{"model": "mixture", "weights": [1, 3], "means": [[-2, 0], [2, 1]], "vars": [[0.25, 1], [0.5, 0.1]]}
EOF
cat >"$T/umix.json" <<'EOF'
{"model": "umix", "weights": [[1, 1], [1, 0]], "a": [[-2, 1], [0, 0]], "b": [[-1, 3], [1, 5]]}
EOF
cat >"$T/g.json" <<'EOF'
{"model": "gaussian", "lambda": [1, 2, 0.5, 0.25], "mean": [1, 0, -1, 0.5]}
EOF
cat >"$T/gdct.json" <<'EOF'
{"model": "gaussian", "lambda": [1, 2, 0.5, 0.25], "mean": [1, 0, -1, 0.5], "basis": "dct"}
EOF
cat >"$T/guided0.json" <<'EOF'
{"model": "guided", "w": 0,
 "cond": {"model": "gaussian", "lambda": [1, 2], "mean": [1, 0]},
 "uncond": {"model": "mixture", "weights": [1, 1], "means": [[-2, 0], [2, 1]], "vars": [[0.25, 1], [0.5, 0.1]]}}
EOF
cat >"$T/guided-same.json" <<'EOF'
{"model": "guided", "w": 1.5,
 "cond": {"model": "mixture", "weights": [1, 3], "means": [[-2, 0], [2, 1]], "vars": [[0.25, 1], [0.5, 0.1]]},
 "uncond": {"model": "mixture", "weights": [1, 3], "means": [[-2, 0], [2, 1]], "vars": [[0.25, 1], [0.5, 0.1]]}}
EOF
cat >"$T/pert0.json" <<'EOF'
{"model": "perturbed", "base": {"model": "gaussian", "lambda": [1, 2, 0.5, 0.25], "mean": [1, 0, -1, 0.5]},
 "kappa": [0, 0, 0, 0], "dl": [0, 0, 0, 0], "dm": [0, 0, 0, 0]}
EOF
cat >"$T/pert.json" <<'EOF'
{"model": "perturbed", "base": {"model": "gaussian", "lambda": [1, 2, 0.5, 0.25], "mean": [1, 0, -1, 0.5]},
 "kappa": [0.2, 0, -0.1, 0], "dl": [0, 0.5, 0, -0.125], "dm": [0, 0.25, 0, 0]}
EOF
$PY - "$T" <<'PY'
import sys, numpy as np
T = sys.argv[1]
d = 4
# DCT-II, orthonormal, column k = k-th vector (docs/models.md s.2), by its formula
n = np.arange(d)[:, None]; k = np.arange(d)[None, :]
U = np.where(k == 0, np.sqrt(1 / d), np.sqrt(2 / d)) * np.cos(np.pi * (2 * n + 1) * k / (2 * d))
np.save(T + "/dct.npy", U)
Q, _ = np.linalg.qr(np.random.default_rng(3).normal(size=(d, d)))
np.save(T + "/q.npy", Q)
# the same Gaussian as a covariance matrix and a mean in standard coordinates
lam = np.array([1, 2, 0.5, 0.25]); m = np.array([1, 0, -1, 0.5])
C = Q @ np.diag(lam) @ Q.T; C = (C + C.T) / 2
import json
json.dump({"model": "gaussian", "cov": C.tolist(), "mu": (Q @ m).tolist()}, open(T + "/cov.json", "w"))
# the mixture of mix.json by components (eigenpairs), without and with a common rotation R
R, _ = np.linalg.qr(np.random.default_rng(5).normal(size=(2, 2))); np.save(T + "/r.npy", R)
comps = [{"lambda": [0.25, 1], "mean": [-2, 0]}, {"model": "gaussian", "lambda": [0.5, 0.1], "mean": [2, 1]}]
json.dump({"model": "mixture", "weights": [1, 3], "components": comps}, open(T + "/meig.json", "w"))
json.dump({"model": "mixture", "weights": [1, 3], "components": [dict(c, basis="r.npy") for c in comps]},
          open(T + "/meigr.json", "w"))
np.save(T + "/notorth.npy", Q + 1e-3 * np.eye(d))
np.save(T + "/wrongshape.npy", Q[:3])
np.save(T + "/one.npy", np.array([[1.5, -0.5, 2.0]]))
np.save(T + "/train.npy", np.random.default_rng(4).normal(size=(40, 3)) * [1, 2, 0.5])
PY
cat >"$T/emp.json" <<'EOF'
{"model": "empirical", "train": "one.npy", "method": "direct"}
EOF

G=(--lambda 1,2,0.5,0.25 --mean 1,0,-1,0.5)
N=(--n 20000 --steps 50)

# ---- gaussian-dense --------------------------------------------------------------------
# U = I: the GEMMs multiply by exact 1s and add exact 0s, so the path is bit-identical to the
# diagonal model (for a stochastic and a deterministic scheme; not DDIM, whose fused diagonal
# loop uses a different affine form, fast.h).
for s in em heun; do
    run "${G[@]}" "${N[@]}" --scheme $s --stats "$T/diag-$s.json"
    run "${G[@]}" "${N[@]}" --scheme $s --model gaussian-dense --basis identity --stats "$T/di-$s.json"
    same_hash "dense identity = diagonal ($s)" "$T/diag-$s.json" "$T/di-$s.json"
done
check "dense stats: bit_exact false with a note" \
    "$PY -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(not (s[\"bit_exact\"] is False and \"bit_exact_note\" in s and s[\"model_spec\"][\"bit_exact\"] is False))' $T/di-em.json"
check "diagonal stats: bit_exact true" \
    "$PY -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(not (s[\"bit_exact\"] is True and s[\"model\"] == \"gaussian\"))' $T/diag-em.json"
# built-in DCT vs the numpy DCT of the formula (as a --basis file): same U to ~1 ulp,
# hence the same samples to ~1e-13.
run "${G[@]}" "${N[@]}" --model gaussian-dense --basis dct --out "$T/dct-b.npy" --stats "$T/dct-b.json"
run "${G[@]}" "${N[@]}" --model gaussian-dense --basis "$T/dct.npy" --out "$T/dct-f.npy" --stats "$T/dct-f.json"
run "${G[@]}" "${N[@]}" --out "$T/diag.npy"
run --model-file "$T/gdct.json" "${N[@]}" --stats "$T/gdct.json.st"
same_hash "model file gaussian+dct = --model gaussian-dense" "$T/dct-b.json" "$T/gdct.json.st"
run "${G[@]}" "${N[@]}" --model gaussian-dense --basis "$T/q.npy" --out "$T/q.npy.out" --stats "$T/q.json"
run --model-file "$T/cov.json" "${N[@]}" --out "$T/cov.npy.out"
# The law: the scheme is linear and the step noise isotropic, so the dense run with basis U
# has the law of U y for y the diagonal run (the paths differ: section 4 of docs/schemes.md).
# Compare U^T x with y: means by z-scores, covariances entrywise, n = 20000 each.
$PY - "$T" <<'PY' || fail=1
import sys, json, hashlib, numpy as np
T = sys.argv[1]; ok = True
y = np.load(T + "/diag.npy")
for name, B, f in (("dct", np.load(T + "/dct.npy"), "/dct-b.npy"), ("q", np.load(T + "/q.npy"), "/q.npy.out"),
                   ("cov", np.load(T + "/q.npy"), "/cov.npy.out")):
    x = np.load(T + f)
    z = x @ B                          # U^T x, row by row
    n = len(y); cy = np.cov(y.T); cz = np.cov(z.T)
    zm = (z.mean(0) - y.mean(0)) / np.sqrt((np.diag(cy) + np.diag(cz)) / n)
    # entrywise: se of a sample covariance <= sqrt((s_ii s_jj + s_ij^2)/n); two samples
    se = np.sqrt(2 * (np.outer(np.diag(cy), np.diag(cy)) + cy ** 2) / n)
    zc = (cz - cy) / se
    if np.abs(zm).max() > 5 or np.abs(zc).max() > 5:
        print("FAIL: dense %s: U^T x vs diagonal y: mean z %s, max cov z %.2f" % (name, zm, np.abs(zc).max())); ok = False
xb = np.load(T + "/dct-b.npy"); xf = np.load(T + "/dct-f.npy")
if np.abs(xb - xf).max() > 1e-12:
    print("FAIL: built-in DCT vs numpy DCT basis: max diff %g" % np.abs(xb - xf).max()); ok = False
st = json.load(open(T + "/q.json"))
f = [e for e in st["model_spec"]["files"] if e["role"] == "basis"]
if len(f) != 1 or f[0]["sha256"] != hashlib.sha256(open(T + "/q.npy", "rb").read()).hexdigest():
    print("FAIL: stats: basis file and its sha256", st["model_spec"]); ok = False
sys.exit(0 if ok else 1)
PY

# ---- perturbed --------------------------------------------------------------------------
# zero perturbation: S' = S, and the per-row loops give the diagonal model's bits; likewise the
# dense model with U = I (exact products by 1 and 0) -- for every scheme but DDIM (its fused
# diagonal loop uses a different affine form, fast.h); init exact, a null eigenvalue included
G0=(--lambda 1,2,0.5,0 --mean 1,0,-1,2 --init exact --eps 0.01 --n 600 --steps 20)
for s in em ei ddpm euler heun heun-edm rk4 dpm2 dpmpp2m; do
    run "${G0[@]}" --scheme $s --stats "$T/pd-$s.json"
    run "${G0[@]}" --scheme $s --model perturbed --stats "$T/pp-$s.json"
    run "${G0[@]}" --scheme $s --model gaussian-dense --basis identity --stats "$T/pi-$s.json"
    same_hash "perturbed 0 = gaussian ($s)" "$T/pd-$s.json" "$T/pp-$s.json"
    same_hash "dense identity = gaussian ($s, init exact)" "$T/pd-$s.json" "$T/pi-$s.json"
done
run "${G[@]}" --n 2000 --steps 50 --scheme em --stats "$T/pd-em.json"
run --model-file "$T/pert0.json" --n 2000 --steps 50 --stats "$T/pf0.json"
same_hash "model file perturbed 0 = gaussian" "$T/pd-em.json" "$T/pf0.json"
# kappa = 0, dl, dm: the score of N(m + dm, lambda + dl) exactly (docs/schemes.md s.3), so the
# same noise gives the same path as the gaussian model with those data, up to rounding
run "${G[@]}" "${N[@]}" --model perturbed --dl 0,0.5,0,-0.125 --dm 0,0.25,0,0 --out "$T/pdl.npy"
run --lambda 1,2.5,0.5,0.125 --mean 1,0.25,-1,0.5 "${N[@]}" --out "$T/gdl.npy"
# kappa: the CLI and the file give the same model (same bits)
run "${G[@]}" "${N[@]}" --model perturbed --kappa 0.2,0,-0.1,0 --dl 0,0.5,0,-0.125 --dm 0,0.25,0,0 \
    --stats "$T/pk-cli.json"
run --model-file "$T/pert.json" "${N[@]}" --stats "$T/pk-file.json"
same_hash "perturbed: --kappa/--dl/--dm = model file" "$T/pk-cli.json" "$T/pk-file.json"
# with a basis: zero perturbation is the dense Gaussian with that basis (same noise, same
# initial basis: the same paths up to the GEMM rounding)
run "${G[@]}" --n 2000 --steps 50 --model perturbed --basis "$T/q.npy" --out "$T/pq.npy"
run "${G[@]}" --n 2000 --steps 50 --model gaussian-dense --basis "$T/q.npy" --out "$T/dq.npy"
$PY - "$T" <<'PY' || fail=1
import sys, numpy as np
T = sys.argv[1]; ok = True
a = np.load(T + "/pdl.npy"); b = np.load(T + "/gdl.npy")
e = np.abs(a - b).max()
if not e < 1e-9:
    print("FAIL: perturbed dl/dm vs gaussian(lambda + dl, m + dm): max path difference %g" % e); ok = False
e = np.abs(np.load(T + "/pq.npy") - np.load(T + "/dq.npy")).max()
if not e < 1e-12:
    print("FAIL: perturbed 0 with basis Q vs dense Q: max path difference %g" % e); ok = False
sys.exit(0 if ok else 1)
PY

# ---- empirical ---------------------------------------------------------------------------
# One training point X: the exact denoiser is X itself, and DDIM (eta = 0) with D = X is the
# exact flow x_s = alpha_s X + (sigma_s / sigma_T)(x_T - alpha_T X), x_T ~ N(0, I). At eps = 1e-4
# every sample is within ~6 sigma_eps of X, with mean and spread given by the formula.
run --model-file "$T/emp.json" --scheme ddim --eps 1e-4 "${N[@]}" --out "$T/emp.npy" --stats "$T/emp.st"
run --model empirical --train "$T/one.npy" --scheme ddim --eps 1e-4 "${N[@]}" --stats "$T/emp-cli.st"
same_hash "empirical: --train = model file" "$T/emp.st" "$T/emp-cli.st"
# several points, DDIM (a probability-flow ODE solver) on a log-SNR grid to eps = 1e-4: every
# sample ends next to a training point (sigma_eps = 0.0032; measured max distance 0.025)
E40=(--scheme ddim --grid logsnr --eps 1e-4 --n 2000 --steps 50)
run --model empirical --train "$T/train.npy" "${E40[@]}" --out "$T/emp40.npy"
run --model empirical --train "$T/train.npy" --empirical gemm "${E40[@]}" --out "$T/emp40g.npy" --stats "$T/emp40g.st"
$PY - "$T" <<'PY' || fail=1
import sys, json, hashlib, numpy as np
T = sys.argv[1]; ok = True
X = np.array([1.5, -0.5, 2.0]); x = np.load(T + "/emp.npy")
B = lambda s: s * (0.05 + (10 - 0.05) * s / 2)           # vp-linear, docs/schemes.md s.1
al = lambda s: np.exp(-B(s)); sg = lambda s: np.sqrt(-np.expm1(-2 * B(s)))
r = sg(1e-4) / sg(1.0)
mean = al(1e-4) * X - r * al(1.0) * X
if np.abs(x - X).max() > 7 * r + (1 - al(1e-4)) * np.abs(X).max() + r * al(1.0) * np.abs(X).max():
    print("FAIL: empirical 1 point: max |x - X| = %g (sigma ratio %g)" % (np.abs(x - X).max(), r)); ok = False
zm = (x.mean(0) - mean) / (r / np.sqrt(len(x)))
sd = x.std(0, ddof=1) / r
if np.abs(zm).max() > 5 or np.abs(sd - 1).max() > 0.05:
    print("FAIL: empirical 1 point: mean z %s, std / (sigma_eps/sigma_T) %s" % (zm, sd)); ok = False
st = json.load(open(T + "/emp.st"))
sp = st["model_spec"]
if sp.get("file") != T + "/emp.json" or sp.get("sha256") != hashlib.sha256(open(T + "/emp.json", "rb").read()).hexdigest():
    print("FAIL: stats: model file path/sha256", sp); ok = False
tr = [e for e in sp["files"] if e["role"] == "train"]
if len(tr) != 1 or tr[0]["sha256"] != hashlib.sha256(open(T + "/one.npy", "rb").read()).hexdigest():
    print("FAIL: stats: train file sha256", sp["files"]); ok = False
if st["model"] != "empirical" or st["bit_exact"] is not True:
    print("FAIL: stats: model/bit_exact", st["model"], st["bit_exact"]); ok = False
P = np.load(T + "/train.npy")
for f in ("emp40.npy", "emp40g.npy"):
    y = np.load(T + "/" + f)
    dist = np.sqrt(((y[:, None, :] - P[None, :, :]) ** 2).sum(-1)).min(1)
    if dist.max() > 0.05:
        print("FAIL: empirical 40 points (%s): a sample is %g from every training point" % (f, dist.max())); ok = False
a = np.load(T + "/emp40.npy"); g = np.load(T + "/emp40g.npy")
if np.mean(np.abs(a - g).max(1) < 1e-6) < 0.95:   # same paths up to GEMM rounding (rare branch flips)
    print("FAIL: empirical direct vs gemm: only %.3f of the paths agree" % np.mean(np.abs(a - g).max(1) < 1e-6)); ok = False
if json.load(open(T + "/emp40g.st"))["bit_exact"] is not False:
    print("FAIL: empirical gemm: bit_exact should be false"); ok = False
sys.exit(0 if ok else 1)
PY

# ---- guided --------------------------------------------------------------------------------
# w = 0: D_w = D_cond exactly; cond = uncond: D_cond - D_uncond = 0 exactly, any w
run --model-file "$T/guided0.json" --n 2000 --steps 50 --stats "$T/gu0.json"
run --lambda 1,2 --mean 1,0 --n 2000 --steps 50 --stats "$T/gu0-cond.json"
same_hash "guided w = 0 = cond" "$T/gu0.json" "$T/gu0-cond.json"
run --model-file "$T/guided-same.json" --n 2000 --steps 50 --scheme heun --stats "$T/gus.json"
run --model-file "$T/mix.json" --n 2000 --steps 50 --scheme heun --stats "$T/gus-cond.json"
same_hash "guided cond = uncond = cond" "$T/gus.json" "$T/gus-cond.json"
# the scale form D_uncond + gamma (D_cond - D_uncond) = the w form with w = gamma - 1: gamma = 1
# is cond exactly; gamma = 0 is uncond up to rounding (D_c - (D_c - D_u)): same paths to 1e-8
G1='"cond": {"model": "mixture", "weights": [1, 3], "means": [[-2, 0], [2, 1]], "vars": [[0.25, 1], [0.5, 0.1]]},
 "uncond": {"model": "gaussian", "lambda": [1, 2], "mean": [1, 0]}'
echo "{\"model\": \"guided\", \"gamma\": 1, $G1}" >"$T/gamma1.json"
echo "{\"model\": \"guided\", \"gamma\": 0, $G1}" >"$T/gamma0.json"
run --model-file "$T/gamma1.json" --n 2000 --steps 50 --scheme heun --stats "$T/gg1.json"
same_hash "guided gamma = 1 = cond" "$T/gg1.json" "$T/gus-cond.json"
run --model-file "$T/gamma0.json" --n 2000 --steps 50 --scheme heun --out "$T/gg0.npy"
run --lambda 1,2 --mean 1,0 --n 2000 --steps 50 --scheme heun --out "$T/gg0-uncond.npy"
$PY -c 'import sys, numpy as np; e = np.abs(np.load(sys.argv[1]) - np.load(sys.argv[2])).max(); print("FAIL: guided gamma = 0 vs uncond: %g" % e) if not e < 1e-8 else None; sys.exit(not e < 1e-8)' \
    "$T/gg0.npy" "$T/gg0-uncond.npy" || fail=1

# ---- mixture, umix: the moments of the law, computed here from the parameters --------------------
run --model-file "$T/mix.json" --scheme heun "${N[@]}" --stats "$T/mix.st"
run --model-file "$T/umix.json" --scheme heun "${N[@]}" --stats "$T/umix.st"
# components form: no basis = the diagonal form (same bits); basis R: R^T x has the law of the
# diagonal mixture (compared by z-scores, as for the dense Gaussian)
run --model-file "$T/meig.json" --scheme heun "${N[@]}" --stats "$T/meig.st"
same_hash "mixture components = mixture means/vars" "$T/mix.st" "$T/meig.st"
run --model-file "$T/mix.json" --scheme heun "${N[@]}" --out "$T/mix.npy"
run --model-file "$T/meigr.json" --scheme heun "${N[@]}" --out "$T/meigr.npy" --stats "$T/meigr.st"
$PY - "$T" <<'PY' || fail=1
import sys, json, numpy as np
T = sys.argv[1]
y = np.load(T + "/mix.npy"); z = np.load(T + "/meigr.npy") @ np.load(T + "/r.npy")
n = len(y); cy = np.cov(y.T); cz = np.cov(z.T)
zm = (z.mean(0) - y.mean(0)) / np.sqrt((np.diag(cy) + np.diag(cz)) / n)
zc = (cz - cy) / np.sqrt(2 * (np.outer(np.diag(cy), np.diag(cy)) + cy ** 2) / n)
st = json.load(open(T + "/meigr.st"))
if np.abs(zm).max() > 5 or np.abs(zc).max() > 5 or st["model_spec"]["files"][0]["role"] != "basis":
    print("FAIL: rotated mixture: mean z %s, cov z %s" % (zm, zc)); sys.exit(1)
PY
$PY - "$T" <<'PY' || fail=1
import sys, json, numpy as np
T = sys.argv[1]; ok = True
w = np.array([1, 3.]); w /= w.sum(); mu = np.array([[-2, 0], [2, 1.]]); v = np.array([[0.25, 1], [0.5, 0.1]])
m = w @ mu; var = w @ (v + mu ** 2) - m ** 2
W = np.array([[1, 1], [1, 0.]]); W /= W.sum(1, keepdims=True); a = np.array([[-2, 1], [0, 0.]]); b = np.array([[-1, 3], [1, 5.]])
um = (W * (a + b) / 2).sum(1); uv = (W * (a * a + a * b + b * b) / 3).sum(1) - um ** 2
for f, M, V in (("mixture", m, var), ("umix", um, uv)):
    st = json.load(open(T + "/" + {"mixture": "mix", "umix": "umix"}[f] + ".st")); n = st["n"]
    z = (np.array(st["mean"]) - M) / np.sqrt(V / n)
    rel = np.array(st["var"]) / V - 1
    # tolerance: 5 standard errors (sqrt(2/n) bounds the relative se of a variance for these
    # light-tailed laws) plus 0.03 for the scheme's bias (Heun, 50 steps, measured < 0.02)
    if np.abs(z).max() > 5 or np.abs(rel).max() > 0.03 + 5 * np.sqrt(2 / n):
        print("FAIL: %s: mean z %s, variance relative error %s" % (f, z, rel)); ok = False
    if st["model"] != f or st["model_spec"]["kind"] != f or st["d"] != 2:
        print("FAIL: %s: stats model record" % f, st["model"], st["model_spec"]); ok = False
sys.exit(0 if ok else 1)
PY

# ---- init exact: a Gaussian file model uses its own data; other models are refused ----------
run "${G[@]}" --n 500 --steps 20 --init exact --stats "$T/ie-cli.json"
run --model-file "$T/g.json" --n 500 --steps 20 --init exact --stats "$T/ie-file.json"
same_hash "init exact: model file gaussian = --lambda/--mean" "$T/ie-cli.json" "$T/ie-file.json"

# ---- input errors: exit 2, message names the file / JSON path / value, no output ------------
bad() { # name, expected text (fixed string), args...
    local name=$1 want=$2; shift 2
    rm -f "$T/bad.npy" "$T/bad.json"
    "$BIN" sample --n 50 --steps 5 "$@" --out "$T/bad.npy" --stats "$T/bad.json" >/dev/null 2>"$T/err"
    local rc=$?
    check "$name: exit 2 (got $rc)" "[ $rc -eq 2 ]"
    if ! grep -qF -- "$want" "$T/err"; then
        echo "FAIL: $name: message should name '$want', got: $(head -c 400 "$T/err")"
        fail=1
    fi
    check "$name: no output file" "[ ! -e \"$T/bad.npy\" ] && [ ! -e \"$T/bad.json\" ]"
}
badjson() { # name, json text, expected text
    printf '%s\n' "$2" >"$T/b.json"
    bad "$1" "$3" --model-file "$T/b.json"
    grep -qF -- "$T/b.json" "$T/err" || { echo "FAIL: $1: message does not name the file"; fail=1; }
}
bad "missing model file" "$T/nosuch.json" --model-file "$T/nosuch.json"
badjson "malformed JSON" '{"model": "mixture", "weights": [1, 2,, 3]}' "malformed JSON"
badjson "negative weight" '{"model": "mixture", "weights": [1, -0.5], "means": [[0], [1]], "vars": [[1], [1]]}' \
    "weights[1] = -0.5"
badjson "zero weights" '{"model": "mixture", "weights": [0, 0], "means": [[0], [1]], "vars": [[1], [1]]}' \
    "all 0"
badjson "negative variance" '{"model": "mixture", "weights": [1, 1], "means": [[0, 0], [1, 1]], "vars": [[1, 1], [-2, 1]]}' \
    "vars[1][0] = -2"
badjson "means rows vs weights" '{"model": "mixture", "weights": [1, 1, 1], "means": [[0], [1]], "vars": [[1], [1]]}' \
    "means ="
badjson "ragged means" '{"model": "mixture", "weights": [1, 1], "means": [[0, 1], [1]], "vars": [[1, 1], [1, 1]]}' \
    "means[1] = [1]"
badjson "non-number" '{"model": "mixture", "weights": [1, "x"], "means": [[0], [1]], "vars": [[1], [1]]}' \
    'weights[1] = "x"'
badjson "umix a >= b" '{"model": "umix", "weights": [[1, 1]], "a": [[0, 2]], "b": [[1, 2]]}' "b[0][1] = 2"
badjson "umix shape" '{"model": "umix", "weights": [[1, 1]], "a": [[0]], "b": [[1, 2]]}' "a = [[0]]"
badjson "gaussian mean length" '{"model": "gaussian", "lambda": [1, 2], "mean": [0, 0, 0]}' "mean = [0,0,0]"
badjson "gaussian negative lambda" '{"model": "gaussian", "lambda": [1, -3]}' "lambda[1] = -3"
badjson "non-orthogonal basis" '{"model": "gaussian", "lambda": [1, 2], "basis": [[1, 0], [0.5, 1]]}' "orthogonal"
badjson "basis shape" '{"model": "gaussian", "lambda": [1, 2], "basis": [[1, 0, 0], [0, 1, 0]]}' "basis ="
badjson "components dims" '{"model": "mixture", "weights": [1, 1], "components": [{"lambda": [1, 2]}, {"lambda": [1]}]}' \
    "components[1].lambda = [1]"
badjson "components count" '{"model": "mixture", "weights": [1, 1], "components": [{"lambda": [1, 2]}]}' \
    "components ="
badjson "guided w and gamma" '{"model": "guided", "w": 1, "gamma": 2, "cond": {"model": "gaussian", "lambda": [1]}, "uncond": {"model": "gaussian", "lambda": [1]}}' \
    "gamma = 2"
badjson "asymmetric cov" '{"model": "gaussian", "cov": [[2, 0.5], [0.4, 1]]}' "cov[1][0] = 0.40000000000000002: differs from cov[0][1]"
badjson "cov not psd" '{"model": "gaussian", "cov": [[1, 2], [2, 1]], "mu": [0, 0]}' "cov has eigenvalue -1"
badjson "unknown key" '{"model": "mixture", "weights": [1], "means": [[0]], "vars": [[1]], "var": [[1]]}' "var ="
badjson "unknown model" '{"model": "banana"}' "banana"
badjson "guided dims" '{"model": "guided", "w": 1, "cond": {"model": "gaussian", "lambda": [1]}, "uncond": {"model": "gaussian", "lambda": [1, 2]}}' \
    "uncond"
badjson "nested bad value" '{"model": "guided", "w": 1, "cond": {"model": "gaussian", "lambda": [1]}, "uncond": {"model": "mixture", "weights": [1], "means": [[0]], "vars": [[-1]]}}' \
    "uncond.vars[0][0] = -1"
badjson "perturbed kappa" '{"model": "perturbed", "base": {"model": "gaussian", "lambda": [1, 2]}, "kappa": [0, -1]}' \
    "kappa[1] = -1"
badjson "perturbed dl" '{"model": "perturbed", "base": {"model": "gaussian", "lambda": [1, 2]}, "dl": [-1.5, 0]}' \
    "dl[0] = -1.5"
badjson "perturbed length" '{"model": "perturbed", "base": {"model": "gaussian", "lambda": [1, 2]}, "dm": [1]}' \
    "dm = [1]"
badjson "empirical missing npy" '{"model": "empirical", "train": "nosuch.npy"}' "nosuch.npy"
bad "basis file not orthogonal" "orthogonal" "${G[@]}" --model gaussian-dense --basis "$T/notorth.npy"
bad "basis file shape" "wrongshape.npy" "${G[@]}" --model gaussian-dense --basis "$T/wrongshape.npy"
bad "basis missing" "$T/nosuch.npy" "${G[@]}" --model gaussian-dense --basis "$T/nosuch.npy"
bad "dense needs lambda" "--lambda" --model gaussian-dense
bad "kappa length" "--kappa has 2 entries" "${G[@]}" --model perturbed --kappa 0,0
bad "kappa bound" "kappa" "${G[@]}" --model perturbed --kappa 0,-2,0,0
bad "kappa without perturbed" "--kappa" "${G[@]}" --kappa 0,0,0,0
bad "empirical without train" "--train" --model empirical
bad "file with lambda" "--lambda" --model-file "$T/mix.json" --lambda 1,2
bad "model and model-file" "--model-file" --model gaussian --model-file "$T/mix.json"
bad "init exact needs a Gaussian" "init exact" --model-file "$T/mix.json" --init exact
bad "unknown --model" "nosuch" --lambda 1 --model nosuch

exit $fail
