#!/usr/bin/python3
"""A NumPy sampler written to k-diffusion's convention, to be audited by `dmverify audit`.

k-diffusion (Crowson, github.com/crowsonkb/k-diffusion, k_diffusion/sampling.py) works in the VE
parametrisation x = x0 + sigma n with a denoiser D(x, sigma). This file re-implements, from that
documented behaviour, on the exact denoiser of Gaussian data N(mean, diag(lambda)):

  * get_sigmas_karras: sigma_i = (sigma_max^(1/rho) + i/(n-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho
    (k-diffusion then appends a final 0; here the grid ends at sigma_min, as dmverify's `karras` grid);
  * sample_euler:   d = (x - D(x, sigma)) / sigma;  x <- x + d (sigma_next - sigma);
  * sample_euler_ancestral (eta): sigma_up = min(sigma_next, eta sqrt(sigma_next^2 (sigma^2 - sigma_next^2) / sigma^2)),
    sigma_down = sqrt(sigma_next^2 - sigma_up^2);  x <- x + d (sigma_down - sigma) + sigma_up z.

The exact denoiser of N(m, lambda) per coordinate at noise level sigma is m + lambda/(lambda + sigma^2) (x - m).

Noise: with --noise FILE (written by `dmverify noise`, docs/audit.md) the initial points and the
step noises are read from it, so that `dmverify audit --noise FILE` can check every output against the
certified map of the same noise; without it NumPy's generator draws them (x = sigma_max randn).

--bug E multiplies one coefficient (the step size of step 5) by (1 + E): the planted bug of
tests/audit/e2e-python.sh.
"""
import argparse
import sys

import numpy as np


def karras_sigmas(n_steps, sigma_min, sigma_max, rho):
    ramp = np.linspace(0, 1, n_steps + 1)
    min_inv_rho = sigma_min ** (1 / rho)
    max_inv_rho = sigma_max ** (1 / rho)
    sigmas = (max_inv_rho + ramp * (min_inv_rho - max_inv_rho)) ** rho
    sigmas[0], sigmas[-1] = sigma_max, sigma_min  # the end points exactly
    return sigmas


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sampler", choices=["euler", "euler_ancestral"], default="euler")
    ap.add_argument("--eta", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--sigma-min", type=float, default=0.002)
    ap.add_argument("--sigma-max", type=float, default=80.0)
    ap.add_argument("--rho", type=float, default=7.0)
    ap.add_argument("--lambda", dest="lam", default="0.01,0.25,1,4")
    ap.add_argument("--mean", default="0.5,-1,0,2")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--noise", help="noise file of `dmverify noise` (initial points and step noises)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bug", type=float, default=0.0, help="relative error planted in one coefficient")
    ap.add_argument("--record-noise", help="write the noise consumed (dmverify's noise layout) to this .npy")
    ap.add_argument("--reuse-initial-noise", action="store_true",
                    help="planted bug: the first ancestral step reuses the initial noise")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    lam = np.array([float(v) for v in a.lam.split(",")])
    mean = np.array([float(v) for v in a.mean.split(",")])
    d = lam.size
    sigmas = karras_sigmas(a.steps, a.sigma_min, a.sigma_max, a.rho)
    ancestral = a.sampler == "euler_ancestral"

    if a.noise:
        noise = np.load(a.noise, mmap_mode="r")
        blocks = 1 + (a.steps if ancestral else 0)
        if noise.shape[1] != blocks * d:
            sys.exit(f"--noise {a.noise}: {noise.shape[1]} columns, expected {blocks} x {d}")
        n = noise.shape[0]
        x = np.array(noise[:, :d], dtype=np.float64)
        step_noise = lambda i: np.asarray(noise[:, (i + 1) * d:(i + 2) * d])  # z_{i+1}: step i
    else:
        rng = np.random.default_rng(a.seed)
        n = a.n
        z0 = rng.standard_normal((n, d))
        x = z0 * a.sigma_max
        step_noise = lambda i: z0 if (i == 0 and a.reuse_initial_noise) else rng.standard_normal((n, d))
    record = None
    if a.record_noise:
        record = np.zeros((n, (1 + (a.steps if ancestral else 0)) * d))
        record[:, :d] = x

    def denoise(x, sigma):
        return mean + lam / (lam + sigma * sigma) * (x - mean)

    for i in range(a.steps):
        sigma, sigma_next = sigmas[i], sigmas[i + 1]
        den = denoise(x, sigma)
        dx = (x - den) / sigma
        if ancestral:
            sigma_up = min(sigma_next, a.eta * (sigma_next ** 2 * (sigma ** 2 - sigma_next ** 2) / sigma ** 2) ** 0.5)
            sigma_down = (sigma_next ** 2 - sigma_up ** 2) ** 0.5
        else:
            sigma_up, sigma_down = 0.0, sigma_next
        dt = sigma_down - sigma
        if i == 5:
            dt *= 1.0 + a.bug
        x = x + dx * dt
        if ancestral:
            z = step_noise(i)
            if record is not None:
                record[:, (i + 1) * d:(i + 2) * d] = z
            if sigma_up > 0:
                x = x + z * sigma_up
    np.save(a.out, x)
    if record is not None:
        np.save(a.record_noise, record)


if __name__ == "__main__":
    main()
