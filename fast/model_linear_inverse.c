/* The linear_inverse model kind in double (docs/model-spec.md, "linear_inverse";
 * docs/math/mismatch.md): a Gaussian prior N(mu, Sigma), y = H x_0 + sigma_y n, and a zero-shot
 * rule that replaces the prior's denoiser D'(x) = mu + alpha Sigma C^-1 (x - alpha mu),
 * C = alpha^2 Sigma + sigma^2 I, by a corrected D~. With S0 = Sigma_{0|t} = sigma^2 Sigma C^-1,
 * H^+ = H^T (H H^T)^-1 and P = H^+ H:
 *   exact        m_post + alpha S_post (alpha^2 S_post + sigma^2 I)^-1 (x - alpha m_post)
 *   ddnm         H^+ y + (I - P) D'
 *   bo-ddnm      (I - P) D' + rho H^+ y + (1 - rho) P x / alpha,  rho = sigma^2/(sigma^2 + alpha^2 sigma_y^2)
 *   pigdm        D' + S0 H^T (sigma^2 H H^T + sigma_y^2 I)^-1 (y - H D')
 *   pigdm-exact  D' + S0 H^T (H S0 H^T + sigma_y^2 I)^-1 (y - H D')
 *   dps          D' + w S0 H^T (y - H D')
 * Every matrix is a Cholesky solve (LAPACK dpotrf/dpotrs), never an explicit inverse; the
 * per-call matrices depend only on (alpha, sigma), so a row's bits do not depend on the batch. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

typedef struct {
    long d, m;
    dmv_zs_rule rule;
    double sy2, w;
    double *mu, *Sig, *H, *y, *Hpy, *P; /* d, d x d, m x d, m, d, d x d */
    double *mpost, *Spost;              /* exact rule */
} li_state;

static void li_clear(dmv_fast_model *m)
{
    li_state *s = m->state;
    if (s == NULL)
        return;
    free(s->mu);
    free(s->Sig);
    free(s->H);
    free(s->y);
    free(s->Hpy);
    free(s->P);
    free(s->mpost);
    free(s->Spost);
    free(s);
    m->state = NULL;
}

/* A X = B for SPD A (n x n, destroyed: its Cholesky factor), B n x k row-major, in place. */
static int spd_solve(double *A, long n, double *B, long k)
{
    if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', (lapack_int) n, A, (lapack_int) n) != 0)
        return -1;
    return LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'L', (lapack_int) n, (lapack_int) k, A, (lapack_int) n, B,
                          (lapack_int) k) == 0 ? 0 : -1;
}

/* The workspace of one call: K = alpha Sigma C^-1 (D' = mu + K (x - alpha mu)), G (d x m, the gain
 * of y - H D'), Ke = alpha S_post Cy^-1 (exact rule), X and C (d x d scratch), M (m x m), Z (m x d),
 * and three vectors. */
static size_t li_ws(const dmv_fast_model *m, long n)
{
    const li_state *s = m->state;
    long d = s->d, mm = s->m;
    (void) n;
    return (size_t) (5 * d * d + 2 * d * mm + mm * mm + 4 * d) * sizeof(double);
}

static int li_denoise(const dmv_fast_model *mod, const dmv_fast_eval *ev, long n, const double *x, double *out,
                      void *workspace, dmv_error *err)
{
    const li_state *s = mod->state;
    const long d = s->d, m = s->m;
    const double a = ev->alpha, s2 = ev->sigma * ev->sigma;
    double *K = workspace, *G = K + d * d, *Ke = G + d * m, *X = Ke + d * d, *C = X + d * d, *M = C + d * d,
           *Z = M + m * m, *v = Z + m * d, *Dp = v + d, *r = Dp + d;
    long i, j, l, row;
    if (!(a > 0) || !(s2 >= 0))
        return dmv_error_set(err, DMV_EDOM, "linear_inverse: alpha = %g, sigma = %g: needs alpha > 0", a, ev->sigma);
    /* C = a^2 Sigma + s2 I; X = C^-1 Sigma (d x d); K = a X^T = a Sigma C^-1; S0 = s2 X^T */
    for (i = 0; i < d * d; i++) {
        C[i] = a * a * s->Sig[i];
        X[i] = s->Sig[i];
    }
    for (i = 0; i < d; i++)
        C[i * d + i] += s2;
    if (spd_solve(C, d, X, d) != 0)
        return dmv_error_set(err, DMV_EDOM, "linear_inverse: alpha^2 Sigma + sigma^2 I is not positive definite at "
                             "alpha = %g, sigma = %g", a, ev->sigma);
    for (i = 0; i < d; i++)
        for (j = 0; j < d; j++)
            K[i * d + j] = a * X[j * d + i];
    if (s->rule == DMV_ZS_PIGDM || s->rule == DMV_ZS_PIGDM_EXACT || s->rule == DMV_ZS_DPS) {
        /* Z = H S0 (m x d), S0 = s2 X^T; G = S0 H^T R^-1 = (R^-1 Z)^T */
        for (i = 0; i < m; i++)
            for (j = 0; j < d; j++) {
                double acc = 0;
                for (l = 0; l < d; l++)
                    acc += s->H[i * d + l] * (s2 * X[j * d + l]);
                Z[i * d + j] = acc;
            }
        if (s->rule == DMV_ZS_DPS) {
            for (i = 0; i < d; i++)
                for (j = 0; j < m; j++)
                    G[i * m + j] = s->w * Z[j * d + i];
        } else {
            for (i = 0; i < m; i++)
                for (j = 0; j < m; j++) {
                    double acc = 0;
                    if (s->rule == DMV_ZS_PIGDM)
                        for (l = 0; l < d; l++)
                            acc += s2 * s->H[i * d + l] * s->H[j * d + l];
                    else
                        for (l = 0; l < d; l++)
                            acc += Z[i * d + l] * s->H[j * d + l];
                    M[i * m + j] = acc + (i == j ? s->sy2 : 0.0);
                }
            if (s->rule == DMV_ZS_PIGDM_EXACT) /* symmetrise H S0 H^T (rounding) */
                for (i = 0; i < m; i++)
                    for (j = 0; j < i; j++)
                        M[i * m + j] = M[j * m + i] = (M[i * m + j] + M[j * m + i]) / 2;
            if (spd_solve(M, m, Z, d) != 0)
                return dmv_error_set(err, DMV_EDOM, "linear_inverse %s: the measurement matrix is not positive "
                                     "definite at alpha = %g, sigma = %g", dmv_zs_rule_name(s->rule), a, ev->sigma);
            for (i = 0; i < d; i++)
                for (j = 0; j < m; j++)
                    G[i * m + j] = Z[j * d + i];
        }
    }
    if (s->rule == DMV_ZS_EXACT) { /* Ke = a S_post Cy^-1, Cy = a^2 S_post + s2 I */
        for (i = 0; i < d * d; i++) {
            C[i] = a * a * s->Spost[i];
            X[i] = s->Spost[i];
        }
        for (i = 0; i < d; i++)
            C[i * d + i] += s2;
        if (spd_solve(C, d, X, d) != 0)
            return dmv_error_set(err, DMV_EDOM, "linear_inverse exact: alpha^2 S_post + sigma^2 I is not positive "
                                 "definite at alpha = %g, sigma = %g", a, ev->sigma);
        for (i = 0; i < d; i++)
            for (j = 0; j < d; j++)
                Ke[i * d + j] = a * X[j * d + i];
    }
    for (row = 0; row < n; row++) {
        const double *xr = x + row * d;
        double *o = out + row * d;
        if (s->rule == DMV_ZS_EXACT) {
            for (i = 0; i < d; i++)
                v[i] = xr[i] - a * s->mpost[i];
            for (i = 0; i < d; i++) {
                double acc = 0;
                for (j = 0; j < d; j++)
                    acc += Ke[i * d + j] * v[j];
                o[i] = s->mpost[i] + acc;
            }
            continue;
        }
        for (i = 0; i < d; i++)
            v[i] = xr[i] - a * s->mu[i];
        for (i = 0; i < d; i++) {
            double acc = 0;
            for (j = 0; j < d; j++)
                acc += K[i * d + j] * v[j];
            Dp[i] = s->mu[i] + acc;
        }
        switch (s->rule) {
        case DMV_ZS_DDNM:
        case DMV_ZS_BO_DDNM: {
            double rho = s->rule == DMV_ZS_DDNM ? 1.0 : s2 / (s2 + a * a * s->sy2);
#ifdef DMV_FAULT_INJECTION
            if (s->rule == DMV_ZS_BO_DDNM && !isnan(dmv_fast_fault("bo_ddnm_no_sy", NULL)))
                rho = s2 / s2; /* the planted error: the denominator without alpha_bar sigma_y^2 */
#endif
            for (i = 0; i < d; i++) {
                double pd = 0, px = 0;
                for (j = 0; j < d; j++) {
                    pd += s->P[i * d + j] * Dp[j];
                    px += s->P[i * d + j] * xr[j];
                }
                o[i] = (Dp[i] - pd) + rho * s->Hpy[i] + (s->rule == DMV_ZS_DDNM ? 0.0 : (1 - rho) * px / a);
            }
            break;
        }
        default: /* pigdm, pigdm-exact, dps: D' + G (y - H D') */
            for (i = 0; i < m; i++) {
                double acc = 0;
                for (j = 0; j < d; j++)
                    acc += s->H[i * d + j] * Dp[j];
                r[i] = s->y[i] - acc;
            }
            for (i = 0; i < d; i++) {
                double acc = 0;
                for (j = 0; j < m; j++)
                    acc += G[i * m + j] * r[j];
                o[i] = Dp[i] + acc;
            }
            break;
        }
    }
    return DMV_OK;
}

int dmv_fast_model_linear_inverse_init(dmv_fast_model *mod, const dmv_model_spec *spec, dmv_error *err)
{
    const dmv_model_gaussian *g = &spec->u.linear_inverse.prior->u.gaussian;
    const long d = spec->dim, m = spec->u.linear_inverse.m;
    li_state *s;
    double *HH, *Z, *S, *W, *r;
    long i, j, l;
    int ok;
    dmv_fast_model_init(mod, "linear_inverse");
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "linear_inverse: out of memory");
    mod->state = s;
    mod->clear = li_clear;
    mod->dim = d;
    mod->denoise = li_denoise;
    mod->workspace_size = li_ws;
    s->d = d;
    s->m = m;
    s->rule = spec->u.linear_inverse.rule;
    s->sy2 = spec->u.linear_inverse.sigma_y * spec->u.linear_inverse.sigma_y;
    s->w = isnan(spec->u.linear_inverse.rule_param) ? 1 / s->sy2 : spec->u.linear_inverse.rule_param;
    s->mu = calloc((size_t) d, sizeof(double));
    s->Sig = calloc((size_t) (d * d), sizeof(double));
    s->H = malloc((size_t) (m * d) * sizeof(double));
    s->y = malloc((size_t) m * sizeof(double));
    s->Hpy = calloc((size_t) d, sizeof(double));
    s->P = calloc((size_t) (d * d), sizeof(double));
    s->mpost = calloc((size_t) d, sizeof(double));
    s->Spost = calloc((size_t) (d * d), sizeof(double));
    HH = malloc((size_t) (m * m) * sizeof(double));
    Z = malloc((size_t) (m * d) * sizeof(double));
    S = malloc((size_t) (m * m) * sizeof(double));
    W = malloc((size_t) (m * d) * sizeof(double));
    r = malloc((size_t) m * sizeof(double));
    ok = s->mu && s->Sig && s->H && s->y && s->Hpy && s->P && s->mpost && s->Spost && HH && Z && S && W && r;
    if (ok) {
        memcpy(s->H, spec->u.linear_inverse.H, (size_t) (m * d) * sizeof(double));
        memcpy(s->y, spec->u.linear_inverse.y, (size_t) m * sizeof(double));
        if (g->full) {
            memcpy(s->Sig, g->cov, (size_t) (d * d) * sizeof(double));
            if (g->mu)
                memcpy(s->mu, g->mu, (size_t) d * sizeof(double));
        } else
            for (i = 0; i < d; i++) {
                s->Sig[i * d + i] = g->lambda[i];
                s->mu[i] = g->mean ? g->mean[i] : 0.0;
            }
        /* H^+ = Z^T with Z = (H H^T)^-1 H; P = H^T Z; H^+ y = Z^T y */
        for (i = 0; i < m; i++)
            for (j = 0; j < m; j++) {
                double acc = 0;
                for (l = 0; l < d; l++)
                    acc += s->H[i * d + l] * s->H[j * d + l];
                HH[i * m + j] = acc;
            }
        memcpy(Z, s->H, (size_t) (m * d) * sizeof(double));
        if (spd_solve(HH, m, Z, d) != 0) {
            li_clear(mod);
            free(HH), free(Z), free(S), free(W), free(r);
            return dmv_error_set(err, DMV_EINVAL, "linear_inverse: H H^T is not positive definite (H must have full "
                                 "row rank)");
        }
        for (i = 0; i < d; i++) {
            for (j = 0; j < d; j++) {
                double acc = 0;
                for (l = 0; l < m; l++)
                    acc += s->H[l * d + i] * Z[l * d + j];
                s->P[i * d + j] = acc;
            }
            for (l = 0; l < m; l++)
                s->Hpy[i] += Z[l * d + i] * s->y[l];
        }
        /* posterior: S = H Sigma H^T + sy2 I, W = S^-1 H Sigma; S_post = Sigma - (H Sigma)^T W,
         * m_post = mu + W^T (y - H mu) */
        for (i = 0; i < m; i++)
            for (j = 0; j < d; j++) {
                double acc = 0;
                for (l = 0; l < d; l++)
                    acc += s->H[i * d + l] * s->Sig[l * d + j];
                W[i * d + j] = Z[i * d + j] = acc; /* H Sigma */
            }
        for (i = 0; i < m; i++) {
            double acc = 0;
            for (j = 0; j < m; j++) {
                double c = 0;
                for (l = 0; l < d; l++)
                    c += Z[i * d + l] * s->H[j * d + l];
                S[i * m + j] = c + (i == j ? s->sy2 : 0.0);
            }
            for (l = 0; l < d; l++)
                acc += s->H[i * d + l] * s->mu[l];
            r[i] = s->y[i] - acc;
        }
        for (i = 0; i < m; i++) /* symmetrise the rounding of H Sigma H^T */
            for (j = 0; j < i; j++)
                S[i * m + j] = S[j * m + i] = (S[i * m + j] + S[j * m + i]) / 2;
        if (spd_solve(S, m, W, d) != 0) {
            li_clear(mod);
            free(HH), free(Z), free(S), free(W), free(r);
            return dmv_error_set(err, DMV_EINVAL, "linear_inverse: H Sigma H^T + sigma_y^2 I is not positive "
                                 "definite");
        }
        for (i = 0; i < d; i++) {
            double acc = 0;
            for (j = 0; j < d; j++) {
                double c = 0;
                for (l = 0; l < m; l++)
                    c += Z[l * d + i] * W[l * d + j];
                s->Spost[i * d + j] = s->Sig[i * d + j] - c;
            }
            for (l = 0; l < m; l++)
                acc += W[l * d + i] * r[l];
            s->mpost[i] = s->mu[i] + acc;
        }
        for (i = 0; i < d; i++)
            for (j = 0; j < i; j++)
                s->Spost[i * d + j] = s->Spost[j * d + i] = (s->Spost[i * d + j] + s->Spost[j * d + i]) / 2;
    }
    free(HH);
    free(Z);
    free(S);
    free(W);
    free(r);
    if (!ok) {
        li_clear(mod);
        return dmv_error_set(err, DMV_ENOMEM, "linear_inverse: out of memory");
    }
    return DMV_OK;
}
