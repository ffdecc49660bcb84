/* Vectorisable special functions of fast/ (portable C: no intrinsics, no libm call, no branch in
 * the kernel, so GCC vectorises a loop over them; no fma and no contraction, so the bits do not
 * depend on the target or the -O level). Accuracy against MPFR: tests/fast/t-vmath.c.
 *
 * dmv_fast_exp_kernel(x): e^x for x in [-708, 709] (the caller guarantees the range; the
 * umix narrow regime has |x| <= 2). Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, with
 * ln2 split so that k*ln2_hi is exact; e^r by its Taylor polynomial of degree 13 (truncation
 * < 3e-18 relative at |r| = ln2/2) in Horner form; 2^k added to the exponent field. The shift
 * 1.5*2^52 rounds x/ln2 to the nearest integer without a conversion instruction.
 * dmv_fast_vexp(n, x, y): y = e^x on every double (NaN, +-inf, overflow to inf, subnormal and
 * zero results), the kernel plus selects. */
#ifndef DMV_FAST_VMATH_H
#define DMV_FAST_VMATH_H

#include <stdint.h>
#include <string.h>

static inline double dmv_fast_exp_kernel(double x)
{
    const double shift = 0x1.8p52, inv_ln2 = 0x1.71547652b82fep0;
    const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
    double kd = x * inv_ln2 + shift, r, p, out;
    uint64_t ki, bits;
    memcpy(&ki, &kd, sizeof ki);
    kd -= shift;
    r = (x - kd * ln2_hi) - kd * ln2_lo;
    p = 1.0 / 6227020800.0;          /* 1/13! */
    p = p * r + 1.0 / 479001600.0;   /* 1/12! */
    p = p * r + 1.0 / 39916800.0;    /* 1/11! */
    p = p * r + 1.0 / 3628800.0;     /* 1/10! */
    p = p * r + 1.0 / 362880.0;      /* 1/9! */
    p = p * r + 1.0 / 40320.0;       /* 1/8! */
    p = p * r + 1.0 / 5040.0;        /* 1/7! */
    p = p * r + 1.0 / 720.0;         /* 1/6! */
    p = p * r + 1.0 / 120.0;         /* 1/5! */
    p = p * r + 1.0 / 24.0;          /* 1/4! */
    p = p * r + 1.0 / 6.0;           /* 1/3! */
    p = p * r + 0.5;                 /* 1/2! */
    p = p * r * r + r;               /* e^r - 1 = r + r^2 (1/2 + r/6 + ...) */
    p = p + 1.0;
    memcpy(&bits, &p, sizeof bits);
    bits += ki << 52; /* the low bits of ki hold k (two's complement): 2^k into the exponent */
    memcpy(&out, &bits, sizeof out);
    return out;
}

/* y[i] = e^{x[i]}, i < n, for every double x[i] (y may alias x). */
void dmv_fast_vexp(long n, const double *x, double *y);

#endif
