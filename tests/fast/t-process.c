/* Processes in double against long-double transcriptions of the definitions,
 * numerical derivatives (f = d log alpha/ds, g^2 = d sigma^2/ds - 2 f sigma^2),
 * round trips of the log-SNR, and the exact halving identity Song(0.1, 20) =
 * paper(0.05, 10) bit for bit (docs/schemes.md s.1). */
#include <math.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

typedef long double ld;
static const ld PI = 3.14159265358979323846264338327950288L;

static ld alpha_ld(const dmv_process *p, ld s)
{
    ld B = s * (p->beta_min + (p->beta_max - p->beta_min) * s / 2);
    ld c = p->cosine_offset;
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return expl(-B);
    case DMV_PROCESS_VP_LINEAR_SONG: return expl(-B / 2);
    case DMV_PROCESS_VP_COSINE: return cosl((PI / 2) * (s + c) / (1 + c)) / cosl((PI / 2) * c / (1 + c));
    default: return 1;
    }
}
/* sigma^2 without the cancellation of 1 - alpha^2 near s = 0 (a different route from fast/:
 * expm1l for the linear kinds, (cos th0 - cos th)(cos th0 + cos th)/cos^2 th0 for the cosine) */
static ld sigma2_ld(const dmv_process *p, ld s)
{
    ld B = s * (p->beta_min + (p->beta_max - p->beta_min) * s / 2), c = p->cosine_offset;
    ld t0 = (PI / 2) * c / (1 + c), t = (PI / 2) * (s + c) / (1 + c);
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR: return -expm1l(-2 * B);
    case DMV_PROCESS_VP_LINEAR_SONG: return -expm1l(-B);
    case DMV_PROCESS_VP_COSINE:
        return (2 * sinl((t + t0) / 2) * sinl((t - t0) / 2)) * (cosl(t0) + cosl(t)) / (cosl(t0) * cosl(t0));
    default: return s * s;
    }
}
static int same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

int main(void)
{
    dmv_test_rng rng = {11};
    long it, iters = dmv_test_iters(2000);
    int k;
    for (k = 0; k < 4; k++) {
        dmv_process p;
        dmv_process_default(&p, (dmv_process_kind) k);
        if (k == DMV_PROCESS_VE)
            p.t_max = 80;
        for (it = 0; it < iters; it++) {
            double s = dmv_test_loguniform(&rng, 1e-5, p.t_max), s2 = s * (1 - 0.3 * dmv_test_uniform(&rng));
            ld a = alpha_ld(&p, s), sg2 = sigma2_ld(&p, s);
            ld hh = 1e-5L * (k == DMV_PROCESS_VP_COSINE && 1 - s < s ? 1 - s : s); /* cosine: a pole at s = 1 */
            double fa = dmv_fast_process_alpha(&p, s), fs = dmv_fast_process_sigma2(&p, s);
            ld dloga = (logl(alpha_ld(&p, s + hh)) - logl(alpha_ld(&p, s - hh))) / (2 * hh);
            ld dsg2 = (sigma2_ld(&p, s + hh) - sigma2_ld(&p, s - hh)) / (2 * hh);
            double f = dmv_fast_process_f(&p, s), g2 = dmv_fast_process_g2(&p, s);
            ld g2want = dsg2 - 2 * dloga * sg2;
            double l = dmv_fast_process_logsnr(&p, s), back = dmv_fast_process_logsnr_inv(&p, l);
            ld lwant = logl(a / sqrtl(sg2));
            ld rwant = alpha_ld(&p, s2) / a - 1;
            double rm1 = dmv_fast_process_ratio_m1(&p, s, s2);
            DMV_CHECK(fabsl(fa - a) <= 2.3e-16L * (2 + fabsl(logl(a))) * a, /* B rounded: error ~ u B */ "%s alpha(%.17g) = %.17g vs %.20Lg", dmv_process_name(p.kind), s, fa, a);
            DMV_CHECK(fabsl(fs - sg2) <= 1e-14L * sg2, "%s sigma2(%.17g) = %.17g vs %.20Lg", dmv_process_name(p.kind), s, fs, sg2);
            DMV_CHECK(fabsl(f - dloga) <= 1e-7L * (1 + fabsl(dloga)), "%s f(%.17g) = %.17g vs d log alpha/ds %.12Lg",
                      dmv_process_name(p.kind), s, f, dloga);
            DMV_CHECK(fabsl(g2 - g2want) <= 1e-6L * (1 + fabsl(g2want)), "%s g2(%.17g) = %.17g vs %.12Lg",
                      dmv_process_name(p.kind), s, g2, g2want);
            DMV_CHECK(fabsl(l - lwant) <= 1e-13L * (1 + fabsl(lwant)), "%s logsnr(%.17g) = %.17g vs %.20Lg",
                      dmv_process_name(p.kind), s, l, lwant);
            DMV_CHECK(fabs(back - s) <= 1e-11 * s, "%s logsnr_inv(logsnr(%.17g)) = %.17g", dmv_process_name(p.kind), s, back);
            DMV_CHECK(fabsl(rm1 - rwant) <= 1e-13L * fabsl(rwant) + 1e-18L, /* the long double reference cancels */ "%s ratio_m1(%.17g, %.17g) = %.17g vs %.20Lg",
                      dmv_process_name(p.kind), s, s2, rm1, rwant);
            if (k != DMV_PROCESS_VE)
                DMV_CHECK(fabs(fa * fa + fs - 1) <= 4.5e-16, "%s alpha^2 + sigma^2 - 1 = %g at %.17g",
                          dmv_process_name(p.kind), fa * fa + fs - 1, s);
        }
    }
    /* Song's (0.1, 20) is the paper's (0.05, 10): bit-identical (halving is exact) */
    {
        dmv_process a, b;
        dmv_process_default(&a, DMV_PROCESS_VP_LINEAR);
        dmv_process_default(&b, DMV_PROCESS_VP_LINEAR_SONG);
        DMV_CHECK(a.beta_min * 2 == b.beta_min && a.beta_max * 2 == b.beta_max, "defaults are not halved");
        for (it = 0; it < iters; it++) {
            double s = dmv_test_loguniform(&rng, 1e-6, 1), s2 = s * dmv_test_uniform(&rng);
            DMV_CHECK(same(dmv_fast_process_alpha(&a, s), dmv_fast_process_alpha(&b, s)), "alpha at %.17g", s);
            DMV_CHECK(same(dmv_fast_process_sigma2(&a, s), dmv_fast_process_sigma2(&b, s)), "sigma2 at %.17g", s);
            DMV_CHECK(same(dmv_fast_process_f(&a, s), dmv_fast_process_f(&b, s)), "f at %.17g", s);
            DMV_CHECK(same(dmv_fast_process_g2(&a, s), dmv_fast_process_g2(&b, s)), "g2 at %.17g", s);
            DMV_CHECK(same(dmv_fast_process_logsnr(&a, s), dmv_fast_process_logsnr(&b, s)), "logsnr at %.17g", s);
            DMV_CHECK(same(dmv_fast_process_ratio_m1(&a, s, s2), dmv_fast_process_ratio_m1(&b, s, s2)), "ratio at %.17g", s);
        }
    }
    /* hand values: VE alpha = 1, sigma^2 = s^2, g^2 = 2s; VP linear at s = 1: B = 0.05 + 9.95/2 = 5.025 */
    {
        dmv_process p;
        dmv_process_default(&p, DMV_PROCESS_VE);
        DMV_CHECK(dmv_fast_process_alpha(&p, 3.0) == 1 && dmv_fast_process_sigma2(&p, 3.0) == 9 &&
                      dmv_fast_process_g2(&p, 3.0) == 6 && dmv_fast_process_f(&p, 3.0) == 0,
                  "VE hand values");
        dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
        /* exp(-5.025) = 0.006571586494929613 (Python's math.exp); B(1) = 0.05 + 9.95/2 is rounded */
        DMV_CHECK(fabs(dmv_fast_process_alpha(&p, 1.0) - 0.006571586494929613) <= 2e-15 * 0.0066, "alpha(1) = %.17g",
                  dmv_fast_process_alpha(&p, 1.0));
    }
    DMV_TEST_DONE("t-process");
}
