#!/usr/bin/python3
"""NumPy peer of bench-empirical: the same empirical-optimal denoiser on the same problem sizes.

    empirical_peer.py --n-train N --d D --batch B --reps R --sigma S

D(x) = sum_i softmax_i(-|x - alpha X_i|^2 / (2 sigma^2)) X_i for a batch of B rows, computed as NumPy
users would: G = x @ X.T (BLAS), q = |x|^2 - 2 alpha G + alpha^2 |X|^2, a log-sum-exp softmax over each
row, then P @ X (BLAS). float64. Data X ~ N(0, 1) (NumPy's generator), x = alpha X_j + sigma z.
Prints: n_train d batch reps seconds_per_call rows_per_second cpu_seconds_per_call max|D|
"""
import argparse
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-train", type=int, default=50000)
    ap.add_argument("--d", type=int, default=3072)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sigma", type=float, default=0.5)
    a = ap.parse_args()
    rng = np.random.default_rng(7)
    X = rng.standard_normal((a.n_train, a.d))
    alpha = (1 - a.sigma ** 2) ** 0.5
    j = rng.integers(0, a.n_train, a.batch)
    x = alpha * X[j] + a.sigma * rng.standard_normal((a.batch, a.d))
    Xn2 = np.einsum("ij,ij->i", X, X)

    def denoise(x):
        G = x @ X.T
        q = np.einsum("ij,ij->i", x, x)[:, None] - 2 * alpha * G + alpha * alpha * Xn2[None, :]
        L = q * (-0.5 / (a.sigma * a.sigma))
        L -= L.max(axis=1, keepdims=True)
        np.exp(L, out=L)
        return (L @ X) / L.sum(axis=1, keepdims=True)

    out = denoise(x)  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.reps):
        out = denoise(x)
    secs = (time.perf_counter() - t0) / a.reps
    cpu = (time.process_time() - c0) / a.reps
    print(a.n_train, a.d, a.batch, a.reps, "%.6g" % secs, "%.6g" % (a.batch / secs), "%.6g" % cpu,
          repr(float(np.abs(out).max())))


if __name__ == "__main__":
    main()
