/* The embedded Dormand-Prince 5(4) pair in Arb with step-size control and a step-halving
 * agreement test (include/dmv/ref_guided.h, docs/math/guidance.md#integrator).
 *
 * Adaptive pass: from t0 towards t1, a step h is accepted when the difference of the 5th- and
 * 4th-order solutions is <= tol max(1, |y|); the next step is h min(4, max(1/5, 0.9 (tol'/err)^{1/5})).
 * The mesh points are doubles (exact binary numbers): the last step ends exactly at t1. The 5th-order
 * solution is propagated (local extrapolation). Halving pass: the same mesh, every step split in two
 * at its exact midpoint, with the 5th-order formula. The reported value is the halved solution and the
 * error bound the distance between the two solutions.
 *
 * Arithmetic: every stage is a ball at prec; the state is recentred on its midpoint after each step
 * (the solve is a high-precision approximation, not an enclosure). */
#include <math.h>
#include <stdlib.h>

#include "dmv/ref_guided.h"

/* Butcher tableau of Dormand & Prince (1980), RK5(4)7M, as integer numerators / denominators. */
static const long DP_A[7][6][2] = {
    {{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}},
    {{1, 5}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}},
    {{3, 40}, {9, 40}, {0, 1}, {0, 1}, {0, 1}, {0, 1}},
    {{44, 45}, {-56, 15}, {32, 9}, {0, 1}, {0, 1}, {0, 1}},
    {{19372, 6561}, {-25360, 2187}, {64448, 6561}, {-212, 729}, {0, 1}, {0, 1}},
    {{9017, 3168}, {-355, 33}, {46732, 5247}, {49, 176}, {-5103, 18656}, {0, 1}},
    {{35, 384}, {0, 1}, {500, 1113}, {125, 192}, {-2187, 6784}, {11, 84}}};
static const long DP_C[7][2] = {{0, 1}, {1, 5}, {3, 10}, {4, 5}, {8, 9}, {1, 1}, {1, 1}};
/* 5th order weights = row 6 of A (FSAL); 4th order weights: */
static const long DP_B4[7][2] = {{5179, 57600}, {0, 1}, {7571, 16695}, {393, 640}, {-92097, 339200},
                                 {187, 2100}, {1, 40}};

typedef struct {
    arb_t a[7][6], c[7], b4[7];
    arb_t k[7], ys, ts, t;
} dp_work;

static void frac(arb_t x, const long q[2], slong prec)
{
    arb_set_si(x, q[0]);
    arb_div_si(x, x, q[1], prec);
}

static void dp_init(dp_work *W, slong prec)
{
    int i, j;
    for (i = 0; i < 7; i++) {
        for (j = 0; j < 6; j++) {
            arb_init(W->a[i][j]);
            frac(W->a[i][j], DP_A[i][j], prec);
        }
        arb_init(W->c[i]);
        frac(W->c[i], DP_C[i], prec);
        arb_init(W->b4[i]);
        frac(W->b4[i], DP_B4[i], prec);
        arb_init(W->k[i]);
    }
    arb_init(W->ys);
    arb_init(W->ts);
    arb_init(W->t);
}

static void dp_clear(dp_work *W)
{
    int i, j;
    for (i = 0; i < 7; i++) {
        for (j = 0; j < 6; j++)
            arb_clear(W->a[i][j]);
        arb_clear(W->c[i]);
        arb_clear(W->b4[i]);
        arb_clear(W->k[i]);
    }
    arb_clear(W->ys);
    arb_clear(W->ts);
    arb_clear(W->t);
}

/* One DP step from (t, y) with step h (exact ball): y5 (and y4 if not NULL). */
static int dp_step(arb_t y5, arb_t y4, dp_work *W, dmv_ref_rhs f, void *ctx, const arb_t t, const arb_t y,
                   const arb_t h, slong prec, long *fevals, dmv_error *err)
{
    int i, j, rc;
    for (i = 0; i < 7; i++) {
        arb_set(W->ys, y);
        for (j = 0; j < i; j++) {
            arb_mul(W->t, W->a[i][j], W->k[j], prec);
            arb_addmul(W->ys, W->t, h, prec);
        }
        arb_mul(W->ts, W->c[i], h, prec);
        arb_add(W->ts, W->ts, t, prec);
        if ((rc = f(W->k[i], W->ts, W->ys, ctx, prec, err)) != DMV_OK)
            return rc;
        (*fevals)++;
        if (i == 6)
            arb_set(y5, W->ys); /* FSAL: stage 7's argument is the 5th-order solution */
    }
    if (y4 != NULL) {
        arb_zero(W->ys);
        for (i = 0; i < 7; i++)
            arb_addmul(W->ys, W->b4[i], W->k[i], prec);
        arb_mul(W->ys, W->ys, h, prec);
        arb_add(y4, y, W->ys, prec);
    }
    return DMV_OK;
}

static double midd(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

int dmv_ref_rk45(arb_t y1, dmv_ref_rhs f, void *ctx, double t0, double t1, const arb_t y0, double h0, double tol,
                 slong prec, long max_steps, dmv_ref_guided_info *info, dmv_error *err)
{
    dp_work W;
    arb_t y, y5, y4, T, H;
    double *mesh = NULL, t, h, dir = t1 >= t0 ? 1.0 : -1.0, span = fabs(t1 - t0);
    long n = 0, cap = 0, rej = 0, fev = 0, k;
    int rc = DMV_OK;
    dmv_ref_guided_info inf0 = {0, 0, 0, 0, 0};
    if (info == NULL)
        info = &inf0;
    if (!(isfinite(t0) && isfinite(t1) && h0 > 0 && tol > 0 && max_steps > 0))
        return dmv_error_set(err, DMV_EINVAL,
                             "rk45: t0 = %g, t1 = %g, h0 = %g, tol = %g, max_steps = %ld: need finite ends, "
                             "h0 > 0, tol > 0, max_steps > 0",
                             t0, t1, h0, tol, max_steps);
    dp_init(&W, prec);
    arb_init(y);
    arb_init(y5);
    arb_init(y4);
    arb_init(T);
    arb_init(H);
    cap = 256;
    mesh = malloc((size_t) cap * sizeof *mesh);
    if (mesh == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "rk45: out of memory");
        goto done;
    }
    mesh[n++] = t0;
    arb_get_mid_arb(y, y0);
    t = t0;
    h = fmin(h0, span);
    while (t != t1 && rc == DMV_OK) {
        double tn, e, sc, fac;
        if (n - 1 >= max_steps) {
            rc = dmv_error_set(err, DMV_EPREC, "rk45: %ld steps at t = %.17g without reaching t1 = %g (tol = %g)",
                               max_steps, t, t1, tol);
            break;
        }
        tn = (fabs(t1 - t) <= 1.0001 * h) ? t1 : t + dir * h;
        if (tn == t) {
            rc = dmv_error_set(err, DMV_EPREC, "rk45: step size %g underflows at t = %.17g (tol = %g)", h, t, tol);
            break;
        }
        arb_set_d(T, t);
        arb_set_d(H, tn);
        arb_sub(H, H, T, prec); /* exact for doubles at prec >= 100 when the exponents are close */
        if ((rc = dp_step(y5, y4, &W, f, ctx, T, y, H, prec, &fev, err)) != DMV_OK)
            break;
        arb_sub(W.t, y5, y4, prec);
        e = fabs(midd(W.t)) + mag_get_d(arb_radref(W.t));
        sc = tol * fmax(1.0, fabs(midd(y5)));
        if (!isfinite(e)) {
            rc = dmv_error_set(err, DMV_EPREC, "rk45: non-finite stage at t = %.17g, h = %g", t, h);
            break;
        }
        fac = e > 0 ? 0.9 * pow(sc / e, 0.2) : 4.0;
        fac = fmin(4.0, fmax(0.2, fac));
        if (e <= sc) {
            t = tn;
            arb_get_mid_arb(y, y5);
            if (n == cap) {
                double *m2 = realloc(mesh, (size_t) (2 * cap) * sizeof *mesh);
                if (m2 == NULL) {
                    rc = dmv_error_set(err, DMV_ENOMEM, "rk45: out of memory");
                    break;
                }
                mesh = m2;
                cap *= 2;
            }
            mesh[n++] = t;
        } else
            rej++;
        h *= fac;
    }
    if (rc != DMV_OK)
        goto done;
    /* halving pass over the accepted mesh */
    arb_set(y4, y); /* the adaptive solution */
    arb_get_mid_arb(y, y0);
    for (k = 0; k + 1 < n && rc == DMV_OK; k++) {
        int half;
        arb_set_d(T, mesh[k]);
        arb_set_d(H, mesh[k + 1]);
        arb_sub(H, H, T, prec);
        arb_mul_2exp_si(H, H, -1);
        for (half = 0; half < 2 && rc == DMV_OK; half++) {
            if (half == 1)
                arb_add(T, T, H, prec);
            rc = dp_step(y5, NULL, &W, f, ctx, T, y, H, prec, &fev, err);
            arb_get_mid_arb(y, y5);
        }
    }
    if (rc != DMV_OK)
        goto done;
    arb_sub(W.t, y, y4, prec);
    info->err_halving = fabs(midd(W.t));
    info->err_tail = 0;
    info->steps = n - 1;
    info->rejected = rej;
    info->fevals = fev;
    arb_set(y1, y);
    arb_add_error(y1, W.t);
    arb_add_error_mag(y1, arb_radref(y5)); /* the last stage's arithmetic radius */
done:
    free(mesh);
    dp_clear(&W);
    arb_clear(y);
    arb_clear(y5);
    arb_clear(y4);
    arb_clear(T);
    arb_clear(H);
    return rc;
}
