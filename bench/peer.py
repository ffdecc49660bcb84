#!/usr/bin/python3
"""Peers for bench/run: the same scheme on the same problem in NumPy or PyTorch (CPU).

    peer.py --lib numpy|torch --style literal|collapsed --scheme em|ddim --spectrum F.npy
            --n N --steps S [--threads T] [--block B]

Problem (as bench-sampler): VP linear (beta_min 0.05, beta_max 10, the paper's convention),
T = 1, eps = 1e-3, uniform grid, x_T ~ N(0, I), Gaussian data N(0, diag(lambda)) given by
its eigenvalues; float64 throughout.

style literal: the scheme as docs/schemes.md writes it, against a denoiser
    D(y) = c * y, c = alpha lambda / (alpha^2 lambda + sigma^2)   (one broadcast multiply)
  EM:   S = (a D - y)/sigma^2;  y = y + h (-f y + g^2 S) + sqrt(h g^2) z
  DDIM: e = (y - a D)/sigma;    y = a' D + sigma' e                  (eta = 0)
  written with in-place operations where NumPy/PyTorch allow it.
style collapsed: the same step folded by hand into one per-coordinate affine map
  (y = k * y + q z), which only works because the model is a diagonal Gaussian: the
  fastest a peer can possibly be on this problem, shown for honesty.
Samples are processed in blocks of B rows (default 1024) to bound memory.
Prints: seconds n d steps cpu_seconds (process CPU time, all threads)
"""
import argparse
import math
import sys
import time

import numpy as np


def schedule(steps, T=1.0, eps=1e-3, bmin=0.05, bmax=10.0):
    h = (T - eps) / steps
    s = [T - k * h for k in range(steps + 1)]
    s[0], s[-1] = T, eps
    out = []
    for k in range(steps + 1):
        B = s[k] * (bmin + (bmax - bmin) * s[k] / 2)
        beta = bmin + (bmax - bmin) * s[k]
        out.append(dict(s=s[k], a=math.exp(-B), sg2=-math.expm1(-2 * B), f=-beta, g2=2 * beta))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default="numpy")
    ap.add_argument("--style", default="literal")
    ap.add_argument("--scheme", default="em")
    ap.add_argument("--spectrum", required=True)
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--block", type=int, default=1024)
    a = ap.parse_args()
    lam = np.maximum(np.load(a.spectrum).astype(np.float64).ravel(), 0.0)
    d = lam.size
    sch = schedule(a.steps)
    t0 = time.perf_counter()
    c0 = time.process_time()
    if a.lib == "numpy":
        xp_lam = lam
        rng = np.random.default_rng(7)
        randn = lambda out: rng.standard_normal(out=out)
        empty = lambda r: np.empty((r, d))
    else:
        import torch
        if a.threads > 0:
            torch.set_num_threads(a.threads)
        xp_lam = torch.from_numpy(lam)
        gen = torch.Generator().manual_seed(7)
        randn = lambda out: torch.randn(out.shape, generator=gen, dtype=torch.float64, out=out)
        empty = lambda r: torch.empty((r, d), dtype=torch.float64)
    for b0 in range(0, a.n, a.block):
        rows = min(a.block, a.n - b0)
        y = empty(rows)
        z = empty(rows)
        D = empty(rows)
        randn(y)
        for k in range(a.steps):
            p, p1 = sch[k], sch[k + 1]
            h = p["s"] - p1["s"]
            c = (p["a"] * xp_lam) / (p["a"] * p["a"] * xp_lam + p["sg2"])
            if a.style == "collapsed":
                if a.scheme == "em":
                    kk = 1 + h * (-p["f"] + p["g2"] * (p["a"] * c - 1) / p["sg2"])
                    randn(z)
                    z *= math.sqrt(h * p["g2"])
                    y *= kk
                    y += z
                else:
                    sg, sg1 = math.sqrt(p["sg2"]), math.sqrt(p1["sg2"])
                    kk = p1["a"] * c + sg1 * (1 - p["a"] * c) / sg
                    y *= kk
                continue
            # literal: the denoiser, then the scheme's formula
            if a.lib == "numpy":
                np.multiply(y, c, out=D)
            else:
                torch.mul(y, c, out=D)
            if a.scheme == "em":
                D *= p["a"]
                D -= y
                D /= p["sg2"]              # D now holds the score S
                D *= p["g2"]
                D += -p["f"] * y
                D *= h
                randn(z)
                z *= math.sqrt(h * p["g2"])
                y += D
                y += z
            else:
                sg, sg1 = math.sqrt(p["sg2"]), math.sqrt(p1["sg2"])
                e = y - p["a"] * D
                e /= sg
                D *= p1["a"]
                e *= sg1
                D += e
                y, D = D, y
    sec = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print("%.6f %d %d %d %.6f" % (sec, a.n, d, a.steps, cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
