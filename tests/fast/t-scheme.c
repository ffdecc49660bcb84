/* Every scheme on every process against an independent scalar implementation
 * in long double written here from docs/schemes.md, in the score form
 * (S = -(y - alpha m)/lambda_s, D = (y + sigma^2 S)/alpha) rather than the fast
 * side's denoiser form, on the same grid points and the same Philox noise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv_test.h"

typedef long double ld;
static const ld PI = 3.14159265358979323846264338327950288L;

static const dmv_process *P;

static ld Bint(ld s) { return s * (P->beta_min + (P->beta_max - P->beta_min) * s / 2); }
static ld th(ld s) { return (PI / 2) * (s + P->cosine_offset) / (1 + P->cosine_offset); }
static ld alpha(ld s)
{
    switch (P->kind) {
    case DMV_PROCESS_VP_LINEAR: return expl(-Bint(s));
    case DMV_PROCESS_VP_LINEAR_SONG: return expl(-Bint(s) / 2);
    case DMV_PROCESS_VP_COSINE: return cosl(th(s)) / cosl(th(0));
    default: return 1;
    }
}
static ld sig2(ld s) { return P->kind == DMV_PROCESS_VE ? s * s : 1 - alpha(s) * alpha(s); }
static ld beta(ld s) { return P->beta_min + (P->beta_max - P->beta_min) * s; }
static ld fdrift(ld s)
{
    switch (P->kind) {
    case DMV_PROCESS_VP_LINEAR: return -beta(s);
    case DMV_PROCESS_VP_LINEAR_SONG: return -beta(s) / 2;
    case DMV_PROCESS_VP_COSINE: return -(PI / (2 * (1 + P->cosine_offset))) * tanl(th(s));
    default: return 0;
    }
}
static ld g2(ld s) { return P->kind == DMV_PROCESS_VE ? 2 * s : -2 * fdrift(s); }
static ld lsnr(ld s) { return logl(alpha(s) / sqrtl(sig2(s))); }
static ld lsnr_inv(ld l)
{
    ld B, bmin = P->beta_min;
    switch (P->kind) {
    case DMV_PROCESS_VP_LINEAR: B = log1pl(expl(-2 * l)) / 2; break;
    case DMV_PROCESS_VP_LINEAR_SONG: B = log1pl(expl(-2 * l)); break;
    case DMV_PROCESS_VP_COSINE: {
        ld a = 1 / sqrtl(1 + expl(-2 * l)), t = acosl(a * cosl(th(0)));
        return (2 * t / PI) * (1 + P->cosine_offset) - P->cosine_offset;
    }
    default: return expl(-l);
    }
    return 2 * B / (bmin + sqrtl(bmin * bmin + 2 * (P->beta_max - bmin) * B));
}

static ld LAM, MU; /* the current direction */
static ld score(ld y, ld s) { ld a = alpha(s); return -(y - a * MU) / (a * a * LAM + sig2(s)); }
static ld den(ld y, ld s) { return (y + sig2(s) * score(y, s)) / alpha(s); }
static ld vel(ld y, ld s) { return -fdrift(s) * y + g2(s) * score(y, s) / 2; }

/* one sample, one direction j: the whole chain */
static ld chain(const double *s, long N, dmv_scheme_kind k, ld eta, uint64_t seed, uint64_t i, uint32_t j, ld m0, ld v0)
{
    ld y = m0 + sqrtl(v0) * dmv_fast_noise(seed, i, 0, j), Dprev = 0, hlprev = 0;
    long n;
    for (n = 0; n < N; n++) {
        ld a = s[n], b = s[n + 1], h = a - b, z = dmv_fast_noise(seed, i, (uint32_t) (n + 1), j);
        ld al = alpha(a), al1 = alpha(b), sg = sqrtl(sig2(a)), sg1 = sqrtl(sig2(b));
        switch (k) {
        case DMV_SCHEME_EM: y = y + h * (-fdrift(a) * y + g2(a) * score(y, a)) + sqrtl(h * g2(a)) * z; break;
        case DMV_SCHEME_EI: {
            ld r = al1 / al, gam, nu;
            if (P->kind == DMV_PROCESS_VE) gam = nu = sig2(a) - sig2(b);
            else gam = 2 * (r - 1), nu = r * r - 1;
            y = r * y + gam * score(y, a) + sqrtl(nu) * z;
            break;
        }
        case DMV_SCHEME_DDPM: { ld bb = h * g2(a); y = (y + bb * score(y, a)) / sqrtl(1 - bb) + sqrtl(bb) * z; break; }
        case DMV_SCHEME_DDPM_CHAIN:
        case DMV_SCHEME_DDPM_POSTERIOR: { /* mismatch form: alpha_t = abar/abar', (y + beta S)/sqrt(alpha_t) + q z */
            ld at = (al / al1) * (al / al1), bt = 1 - at;
            ld q = k == DMV_SCHEME_DDPM_CHAIN ? sqrtl(bt / at) : sqrtl(sig2(b) / sig2(a) * bt);
            y = (y + bt * score(y, a)) / sqrtl(at) + q * z;
            break;
        }
        case DMV_SCHEME_EULER: y = y + h * vel(y, a); break;
        case DMV_SCHEME_HEUN: { ld d1 = vel(y, a), d2 = vel(y + h * d1, b); y = y + h / 2 * (d1 + d2); break; }
        case DMV_SCHEME_HEUN_EDM: {
            ld xh = y / al, sh = sg / al, sh1 = sg1 / al1, d1 = (xh - den(y, a)) / sh, xt = xh + (sh1 - sh) * d1;
            if (sg1 == 0) y = al1 * xt;
            else { ld d2 = (xt - den(al1 * xt, b)) / sh1; y = al1 * (xh + (sh1 - sh) * (d1 + d2) / 2); }
            break;
        }
        case DMV_SCHEME_RK4: {
            ld sm = (a + b) / 2, k1 = vel(y, a), k2 = vel(y + h / 2 * k1, sm), k3 = vel(y + h / 2 * k2, sm), k4 = vel(y + h * k3, b);
            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            break;
        }
        case DMV_SCHEME_DDIM: {
            ld x0 = den(y, a), e = (y - al * x0) / sg;
            ld c2 = eta * eta * sig2(b) * (1 - (al * sg1) * (al * sg1) / ((al1 * sg) * (al1 * sg)));
            y = al1 * x0 + sqrtl(sig2(b) - c2) * e + (eta > 0 ? sqrtl(c2) * z : 0);
            break;
        }
        case DMV_SCHEME_DPM2: {
            ld hl = lsnr(b) - lsnr(a), sm = lsnr_inv(lsnr(a) + hl / 2), am = alpha(sm), sgm = sqrtl(sig2(sm));
            ld E = (y - al * den(y, a)) / sg, u = am / al * y - sgm * expm1l(hl / 2) * E;
            ld E2 = (u - am * den(u, sm)) / sgm;
            y = al1 / al * y - sg1 * expm1l(hl) * E2;
            break;
        }
        case DMV_SCHEME_DPMPP2M: {
            ld hl = lsnr(b) - lsnr(a), D = den(y, a), Db = D;
            if (n > 0) { ld r = hlprev / hl; Db = (1 + 1 / (2 * r)) * D - 1 / (2 * r) * Dprev; }
            y = sg1 / sg * y - al1 * expm1l(-hl) * Db;
            Dprev = D, hlprev = hl;
            break;
        }
        default: break;
        }
    }
    return y;
}

int main(void)
{
    dmv_test_rng rng = {7};
    const long d = 3, n = 4;
    int pk, sk, gk, gen;
    long checked = 0;
    ld worst = 0, worst_path[2][DMV_SCHEME_COUNT] = {{0}};
    for (gen = 0; gen < 2; gen++) /* the fused Gaussian-diagonal path, then the generic one */
    for (pk = 0; pk < 4; pk++)
        for (gk = 0; gk < 4; gk++)
            for (sk = 0; sk < DMV_SCHEME_COUNT; sk++) {
                dmv_process p;
                dmv_grid g;
                dmv_scheme s;
                dmv_init in;
                dmv_gaussian ga;
                dmv_fast_model m;
                dmv_fast_job job;
                dmv_error err;
                double lam[3], mean[3], out[12], *pts;
                long i, j;
                int rc;
                if ((sk == DMV_SCHEME_DDPM || sk == DMV_SCHEME_DDPM_CHAIN || sk == DMV_SCHEME_DDPM_POSTERIOR) &&
                    pk == DMV_PROCESS_VE)
                    continue;
                dmv_process_default(&p, (dmv_process_kind) pk);
                if (pk == DMV_PROCESS_VE) p.t_max = 20;
                P = &p;
                dmv_grid_default(&g);
                g.kind = (dmv_grid_kind) gk;
                g.steps = 30;
                g.eps = pk == DMV_PROCESS_VE ? 0.02 : 1e-2;
                s.kind = (dmv_scheme_kind) sk;
                s.eta = 0.7;
                dmv_init_default(&in);
                if (gk == 1) in.kind = DMV_INIT_EXACT;
                if (gk == 2) in.kind = DMV_INIT_GAUSSIAN, in.mean = 0.3, in.var = 2.0;
                for (j = 0; j < d; j++)
                    lam[j] = dmv_test_loguniform(&rng, 1e-2, 10), mean[j] = 2 * dmv_test_uniform(&rng) - 1;
                ga.d = d, ga.lambda = lam, ga.mean = mean, ga.basis = NULL;
                dmv_error_init(&err);
                dmv_fast_model_gaussian_diag_init(&m, &ga, &err);
                dmv_fast_job_init(&job);
                job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.init_basis_data = &ga;
                job.model = &m, job.n = n, job.seed = 1234 + (uint64_t) sk;
                job.generic_only = gen;
                rc = dmv_fast_run_rows(out, &job, 100, n, &err);
                if (rc == DMV_EDOM && sk == DMV_SCHEME_DDPM) { /* b >= 1: check the claim */
                    dmv_fast_model_clear(&m);
                    continue;
                }
                DMV_CHECK(rc == 0, "%s %s %s: %s", dmv_process_name(p.kind), dmv_grid_name(g.kind),
                          dmv_scheme_name(s.kind), err.msg);
                pts = malloc((size_t) (g.steps + 1) * sizeof(double));
                dmv_fast_grid(pts, &g, &p, &err);
                for (i = 0; i < n; i++)
                    for (j = 0; j < d; j++) {
                        ld m0, v0, want, got = out[i * d + j];
                        ld aT = alpha(p.t_max), tol;
                        LAM = lam[j], MU = mean[j];
                        if (in.kind == DMV_INIT_STANDARD) m0 = 0, v0 = pk == DMV_PROCESS_VE ? p.t_max * p.t_max : 1;
                        else if (in.kind == DMV_INIT_EXACT) m0 = aT * MU, v0 = aT * aT * LAM + sig2(p.t_max);
                        else m0 = in.mean, v0 = in.var;
                        want = chain(pts, g.steps, s.kind, s.eta, job.seed, (uint64_t) (100 + i), (uint32_t) j, m0, v0);
                        tol = 1e-11L * (1 + fabsl(want));
                        checked++;
                        if (fabsl(got - want) / (1 + fabsl(want)) > worst) worst = fabsl(got - want) / (1 + fabsl(want));
                        if (fabsl(got - want) / (1 + fabsl(want)) > worst_path[gen][sk])
                            worst_path[gen][sk] = fabsl(got - want) / (1 + fabsl(want));
                        DMV_CHECK(fabsl(got - want) <= tol, "%s %s %s init %d sample %ld dir %ld: fast %.17g, long double %.17Lg",
                                  dmv_process_name(p.kind), dmv_grid_name(g.kind), dmv_scheme_name(s.kind),
                                  (int) in.kind, i, j, (double) got, want);
                    }
                free(pts);
                dmv_fast_model_clear(&m);
            }
    /* eps = 0: Heun and RK4 evaluate the score at sigma = 0, finite for lambda > 0 and infinite
     * for lambda = 0 (the paper's "-"): the finite directions must still match */
    {
        int schemes[3] = {DMV_SCHEME_HEUN, DMV_SCHEME_RK4, DMV_SCHEME_EULER}, q;
        for (q = 0; q < 3; q++) {
            dmv_process p;
            dmv_grid g;
            dmv_scheme s;
            dmv_init in;
            dmv_gaussian ga;
            dmv_fast_model m;
            dmv_fast_job job;
            dmv_error err;
            double lam[3] = {0.5, 2.0, 0.0}, mean[3] = {0.3, -0.2, 0.1}, out[6], pts[21];
            long i, j;
            int rc;
            dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
            P = &p;
            dmv_grid_default(&g);
            g.steps = 20, g.eps = 0;
            s.kind = (dmv_scheme_kind) schemes[q], s.eta = 0;
            dmv_init_default(&in);
            ga.d = 3, ga.lambda = lam, ga.mean = mean, ga.basis = NULL;
            dmv_error_init(&err);
            dmv_fast_model_gaussian_diag_init(&m, &ga, &err);
            dmv_fast_job_init(&job);
            job.process = &p, job.grid = &g, job.scheme = &s, job.init = &in, job.init_basis_data = &ga;
            job.model = &m, job.n = 2, job.seed = 77;
            rc = dmv_fast_run_rows(out, &job, 0, 2, &err);
            dmv_fast_grid(pts, &g, &p, &err);
            DMV_CHECK(rc == 0, "eps 0 %s: %s", dmv_scheme_name(s.kind), err.msg);
            for (i = 0; i < 2; i++)
                for (j = 0; j < 3; j++) {
                    ld want;
                    LAM = lam[j], MU = mean[j];
                    want = chain(pts, g.steps, s.kind, 0, 77, (uint64_t) i, (uint32_t) j, 0, 1);
                    if (lam[j] == 0 && s.kind != DMV_SCHEME_EULER)
                        DMV_CHECK(!isfinite(out[i * d + j]), "eps 0 %s, lambda 0: %.17g should be non-finite",
                                  dmv_scheme_name(s.kind), out[i * d + j]);
                    else
                        DMV_CHECK(fabsl(out[i * d + j] - want) <= 1e-11L * (1 + fabsl(want)),
                                  "eps 0 %s sample %ld dir %ld: fast %.17g, long double %.17Lg", dmv_scheme_name(s.kind),
                                  i, j, out[i * d + j], want);
                }
            dmv_fast_model_clear(&m);
        }
    }
    for (sk = 0; sk < DMV_SCHEME_COUNT; sk++)
        printf("%-9s worst error / (1 + |y|): fused %.3Lg, generic %.3Lg\n", dmv_scheme_name((dmv_scheme_kind) sk),
               worst_path[0][sk], worst_path[1][sk]);
    printf("%ld values checked, worst |fast - long double|/(1 + |y|) = %.3Lg\n", checked, worst);
    DMV_CHECK(checked > 1000, "only %ld values checked", checked);
    DMV_TEST_DONE("t-scheme");
}
