/* Claim pg.noise: the sampler's noise is the noise docs/schemes.md s.4 defines.
 *
 * Two parts, neither of which uses fast/'s internals for the expected values:
 *  1. Philox4x32-10 known answers: the three philox4x32 10-round vectors of the
 *     kat_vectors file of the Random123 distribution (Salmon, Moraes, Dror & Shaw,
 *     "Parallel random numbers: as easy as 1, 2, 3", SC'11; file tests/kat_vectors of
 *     github.com/DEShawResearch/random123, commit 9545ff6413f2), checked against
 *     Random123's own header (the oracle of part 2), and the fast variates of the two
 *     vectors reachable through the counter layout against the Box-Muller transform of the
 *     published words.
 *  2. Every variate of whole noise blocks (several seeds, samples and steps, 2 x 64 + 36
 *     pairs so that the vectorised generator's sub-blocks and an odd tail are crossed)
 *     from dmv_fast_noise_vec, and the scalar dmv_fast_noise, against the Box-Muller
 *     transform of Random123's words computed in MPFR at 200 bits:
 *     R = sqrt(-2 log u1), t = 2 pi u2, coordinate 2p: R cos t, 2p + 1: R sin t, with
 *     u1 = (a + 1/2) 2^-53 and u2 = (b + 1/2) 2^-53 evaluated in double as the spec says.
 *     Each must lie within NOISE_ULP_BOUND ulps of the exact value (the bound asserted by
 *     tests/fast/t-noise.c; measured maximum 2.53 ulp, docs/schemes.md s.4).
 * A changed round constant, counter layout or key moves every variate by O(1); an angle
 * or radius error by far more than 3 ulp. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>
#include <mpfr.h>

#include "dmv/fast.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define NOISE_ULP_BOUND ((double) DMV_PG_NOISE_ULP_BOUND)
#define NOISE_COORDS DMV_PG_NOISE_COORDS /* 100 pairs: one full block of 64 pairs and a tail of 36 */

/* The published known answers: counter words, key words, output words. */
static const uint32_t kat[3][10] = {
    {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
     0x9b00dbd8},
    {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e, 0xa20bc7c6,
     0x6d5451fd},
    {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420,
     0x24126ea1},
};

typedef struct {
    mpfr_t R, t, c, s, e, tmp;
} bm_work;

static void bm_init(bm_work *w)
{
    mpfr_inits2(200, w->R, w->t, w->c, w->s, w->e, w->tmp, (mpfr_ptr) 0);
}

static void bm_clear(bm_work *w)
{
    mpfr_clears(w->R, w->t, w->c, w->s, w->e, w->tmp, (mpfr_ptr) 0);
}

/* |z - e| in ulps of the double ulp at e; e = 0 demands z = 0 */
static double ulps(double z, mpfr_t e, mpfr_t t)
{
    if (mpfr_zero_p(e))
        return z == 0 ? 0 : HUGE_VAL;
    if (!isfinite(z))
        return HUGE_VAL;
    mpfr_sub_d(t, e, z, MPFR_RNDN);
    mpfr_abs(t, t, MPFR_RNDN);
    mpfr_mul_2si(t, t, 53 - mpfr_get_exp(e), MPFR_RNDN);
    return mpfr_get_d(t, MPFR_RNDN);
}

/* The errors (ulps) of the two variates z0 (cos) and z1 (sin) of the Philox words r[0..3]. */
static void bm_check(bm_work *w, const uint32_t r[4], double z0, double z1, double *e0, double *e1)
{
    uint64_t a = (((uint64_t) r[0] << 32) | r[1]) >> 11, b = (((uint64_t) r[2] << 32) | r[3]) >> 11;
    double u1 = ((double) a + 0.5) * 0x1.0p-53, u2 = ((double) b + 0.5) * 0x1.0p-53;
    mpfr_set_d(w->R, u1, MPFR_RNDN);
    mpfr_log(w->R, w->R, MPFR_RNDN);
    mpfr_mul_si(w->R, w->R, -2, MPFR_RNDN);
    mpfr_sqrt(w->R, w->R, MPFR_RNDN);
    mpfr_const_pi(w->t, MPFR_RNDN);
    mpfr_mul_d(w->t, w->t, u2, MPFR_RNDN);
    mpfr_mul_2si(w->t, w->t, 1, MPFR_RNDN);
    mpfr_sin_cos(w->s, w->c, w->t, MPFR_RNDN);
    /* exact zeros that a 200-bit pi gives as ~2^-200 */
    if (u2 == 0.25 || u2 == 0.75)
        mpfr_set_zero(w->c, 1);
    if (u2 == 0.5 || u2 == 1.0)
        mpfr_set_zero(w->s, 1);
    if (u1 == 1.0)
        mpfr_set_zero(w->R, 1);
    mpfr_mul(w->e, w->R, w->c, MPFR_RNDN);
    *e0 = ulps(z0, w->e, w->tmp);
    mpfr_mul(w->e, w->R, w->s, MPFR_RNDN);
    *e1 = ulps(z1, w->e, w->tmp);
}

int dmv_claim_pg_noise_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const uint64_t seeds[3] = {run->seed, 0, UINT64_C(0xfedcba9876543210)};
    const uint64_t samples[4] = {0, 1, 127, UINT64_C(0x123456789)};
    const uint32_t steps[4] = {0, 1, 100, 0x80000001u};
    bm_work w;
    double z[NOISE_COORDS], max_ulp = 0.0, worst_z = 0.0;
    long nvar = 0, nbad = 0, nscalar_bad = 0, nkat_bad = 0, worst_coord = -1;
    uint64_t worst_seed = 0, worst_sample = 0;
    uint32_t worst_step = 0;
    char *cells[3 * 5];
    const char *header[5] = {"vector (ctr; key)", "published words", "Random123 header", "fast variates (ulp)",
                             "outcome"};
    char buf[160];
    int v, i;
    long si, ki, ti, j;
    (void) c;
    (void) err;

    bm_init(&w);
    /* 1. the known answers */
    for (v = 0; v < 3; v++) {
        philox4x32_ctr_t ctr = {{kat[v][0], kat[v][1], kat[v][2], kat[v][3]}};
        philox4x32_key_t key = {{kat[v][4], kat[v][5]}};
        philox4x32_ctr_t r = philox4x32_R(10, ctr, key);
        int same = 1;
        double e0 = NAN, e1 = NAN;
        for (i = 0; i < 4; i++)
            same &= r.v[i] == kat[v][6 + i];
        if (!same)
            nkat_bad++;
        /* through the fast API: key = seed words, ctr = {j >> 1, step, sample lo, sample hi};
         * vector 1 (all ones) needs j >> 1 = 2^32 - 1, beyond a 32-bit coordinate */
        if (v != 1) {
            uint64_t seed = ((uint64_t) kat[v][5] << 32) | kat[v][4];
            uint64_t sample = ((uint64_t) kat[v][3] << 32) | kat[v][2];
            uint32_t coord = 2 * kat[v][0];
            double z0 = dmv_fast_noise(seed, sample, kat[v][1], coord);
            double z1 = dmv_fast_noise(seed, sample, kat[v][1], coord + 1);
            bm_check(&w, &kat[v][6], z0, z1, &e0, &e1);
            if (!(e0 <= NOISE_ULP_BOUND && e1 <= NOISE_ULP_BOUND))
                nkat_bad++;
            if (v == 0) { /* the vectorised generator too (coordinates 0 and 1 of a block) */
                double zz[2];
                dmv_fast_noise_vec(seed, sample, kat[v][1], 2, zz);
                if (!(zz[0] == z0 && zz[1] == z1))
                    nkat_bad++;
            }
        }
        snprintf(buf, sizeof buf, "%08x %08x %08x %08x; %08x %08x", kat[v][0], kat[v][1], kat[v][2], kat[v][3],
                 kat[v][4], kat[v][5]);
        cells[5 * v] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%08x %08x %08x %08x", kat[v][6], kat[v][7], kat[v][8], kat[v][9]);
        cells[5 * v + 1] = dmv_strdup(buf);
        snprintf(buf, sizeof buf, "%08x %08x %08x %08x", r.v[0], r.v[1], r.v[2], r.v[3]);
        cells[5 * v + 2] = dmv_strdup(buf);
        if (v == 1)
            snprintf(buf, sizeof buf, "not reachable (coordinate >= 2^32)");
        else
            snprintf(buf, sizeof buf, "%.2f, %.2f", e0, e1);
        cells[5 * v + 3] = dmv_strdup(buf);
        cells[5 * v + 4] = dmv_strdup(same && (v == 1 || (e0 <= NOISE_ULP_BOUND && e1 <= NOISE_ULP_BOUND))
                                          ? "agrees"
                                          : "differs");
    }
    dmv_result_add_table(out, "Random123 known answers (philox4x32, 10 rounds)", 3, 5, header,
                         (const char *const *) cells);
    for (i = 0; i < 15; i++)
        free(cells[i]);

    /* 2. every variate of whole blocks */
    for (si = 0; si < 3; si++)
        for (ki = 0; ki < 4; ki++)
            for (ti = 0; ti < 4; ti++) {
                uint64_t seed = seeds[si], sample = samples[ki];
                uint32_t step = steps[ti];
                dmv_fast_noise_vec(seed, sample, step, NOISE_COORDS, z);
                for (j = 0; j < NOISE_COORDS; j += 2) {
                    philox4x32_ctr_t ctr = {{(uint32_t) (j >> 1), step, (uint32_t) sample, (uint32_t) (sample >> 32)}};
                    philox4x32_key_t key = {{(uint32_t) seed, (uint32_t) (seed >> 32)}};
                    philox4x32_ctr_t r = philox4x32_R(10, ctr, key);
                    double e[2];
                    int q;
                    bm_check(&w, r.v, z[j], z[j + 1], &e[0], &e[1]);
                    for (q = 0; q < 2; q++) {
                        nvar++;
                        if (!(e[q] <= NOISE_ULP_BOUND))
                            nbad++;
                        if (!(e[q] <= max_ulp)) {
                            max_ulp = isnan(e[q]) ? HUGE_VAL : e[q];
                            worst_seed = seed;
                            worst_sample = sample;
                            worst_step = step;
                            worst_coord = j + q;
                            worst_z = z[j + q];
                        }
                        /* the scalar generator gives the same bits */
                        if (j % 16 == 0 && dmv_fast_noise(seed, sample, step, (uint32_t) (j + q)) != z[j + q])
                            nscalar_bad++;
                    }
                }
            }
    bm_clear(&w);
    dmv_result_add_number(out, "variates compared with MPFR", (double) nvar, 0, NULL);
    dmv_result_add_number(out, "variates beyond the bound", (double) nbad, 0, NULL);
    dmv_result_add_number(out, "max error", max_ulp, 0, "ulp");
    dmv_result_add_number(out, "bound", NOISE_ULP_BOUND, 0, "ulp");
    dmv_result_add_number(out, "scalar variates differing from the block", (double) nscalar_bad, 0, NULL);
    dmv_result_add_number(out, "known-answer mismatches", (double) nkat_bad, 0, NULL);
    if (nkat_bad > 0 || nbad > 0 || nscalar_bad > 0) {
        out->verdict = DMV_VERDICT_FAIL;
        dmv_result_set_summary(out,
                               "%ld known-answer mismatches, %ld of %ld variates beyond %.0f ulp of the MPFR "
                               "Box-Muller value, %ld scalar/block differences; worst: seed %llu, sample %llu, step "
                               "%lu, coordinate %ld: z = %.17g (%.3g ulp)",
                               nkat_bad, nbad, nvar, NOISE_ULP_BOUND, nscalar_bad, (unsigned long long) worst_seed,
                               (unsigned long long) worst_sample, (unsigned long) worst_step, worst_coord, worst_z,
                               max_ulp);
    } else {
        out->verdict = DMV_VERDICT_PASS;
        dmv_result_set_summary(out,
                               "Random123's known answers hold; %ld variates of 48 blocks are within %.2f ulp of "
                               "the MPFR Box-Muller value (bound %.0f ulp)",
                               nvar, max_ulp, NOISE_ULP_BOUND);
    }
    return DMV_OK;
}
