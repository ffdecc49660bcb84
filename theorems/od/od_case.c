/* The linear cases of the od claims and small Arb helpers (theorems/od/od_claims.h). */
#include <stdio.h>

#include "od_claims.h"

static const double lin2_A[4] = {1.5, 0.4, -0.3, 0.8}, lin2_b[2] = {0.5, -0.25}, lin2_H[4] = {1, 0, 0, 1},
                    lin2_y[2] = {1.2, -0.7};
const dmv_od_linear dmv_od_lin2 = {2, 2, 2, lin2_A, lin2_b, lin2_H, lin2_y, 0.25};

static const double sing_A[6] = {1, 0.5, 0.2, -1, 0.7, 0.3}, sing_b[3] = {0.1, 0.2, -0.3},
                    sing_H[6] = {1, 0, 0.5, 0, 1, -0.5}, sing_y[2] = {0.4, -0.9};
const dmv_od_linear dmv_od_sing = {2, 3, 2, sing_A, sing_b, sing_H, sing_y, 0.09};

static void ball_strings(char *mid, size_t nmid, char *rad, size_t nrad, const arb_t x)
{
    arb_t t;
    char *s;
    arb_init(t);
    arb_set_arf(t, arb_midref(x));
    s = arb_get_str(t, 20, ARB_STR_NO_RADIUS);
    snprintf(mid, nmid, "%s", s);
    flint_free(s);
    arf_set_mag(arb_midref(t), arb_radref(x));
    mag_zero(arb_radref(t));
    s = arb_get_str(t, 3, ARB_STR_NO_RADIUS);
    snprintf(rad, nrad, "%s", s);
    flint_free(s);
    arb_clear(t);
}

int dmv_od_add_ball(dmv_result *r, const char *name, const arb_t x, const char *unit)
{
    char mid[128], rad[64];
    ball_strings(mid, sizeof mid, rad, sizeof rad, x);
    return dmv_result_add_ball(r, name, mid, rad, arf_get_d(arb_midref(x), ARF_RND_NEAR), unit);
}

void dmv_od_ball_cell(char *buf, size_t n, const arb_t x)
{
    char mid[128], rad[64];
    if (!arb_is_finite(x)) {
        snprintf(buf, n, "not finite");
        return;
    }
    ball_strings(mid, sizeof mid, rad, sizeof rad, x);
    snprintf(buf, n, "%.12s +/- %s", mid, rad);
}

int dmv_od_eig2(arb_ptr lam, arb_mat_t V, const arb_mat_t S, slong prec, dmv_error *err)
{
    arb_t p, q, r, h, disc, nrm, t;
    int j, status = DMV_OK;
    arb_init(p);
    arb_init(q);
    arb_init(r);
    arb_init(h);
    arb_init(disc);
    arb_init(nrm);
    arb_init(t);
    arb_set(p, arb_mat_entry(S, 0, 0));
    arb_set(r, arb_mat_entry(S, 1, 1));
    arb_add(q, arb_mat_entry(S, 0, 1), arb_mat_entry(S, 1, 0), prec);
    arb_mul_2exp_si(q, q, -1);
    if (!arb_is_nonzero(q)) {
        status = dmv_error_set(err, DMV_EPREC, "od: eig2 needs a certified non-zero off-diagonal entry");
        goto out;
    }
    /* lam = (p + r)/2 +- sqrt(((p - r)/2)^2 + q^2) */
    arb_sub(h, p, r, prec);
    arb_mul_2exp_si(h, h, -1);
    arb_mul(disc, h, h, prec);
    arb_addmul(disc, q, q, prec);
    arb_sqrt(disc, disc, prec);
    arb_add(h, p, r, prec);
    arb_mul_2exp_si(h, h, -1);
    arb_add(lam + 0, h, disc, prec);
    arb_sub(lam + 1, h, disc, prec);
    for (j = 0; j < 2; j++) {
        /* (q, lam - p) / norm */
        arb_sub(t, lam + j, p, prec);
        arb_mul(nrm, q, q, prec);
        arb_addmul(nrm, t, t, prec);
        arb_sqrt(nrm, nrm, prec);
        arb_div(arb_mat_entry(V, 0, j), q, nrm, prec);
        arb_div(arb_mat_entry(V, 1, j), t, nrm, prec);
    }
out:
    arb_clear(p);
    arb_clear(q);
    arb_clear(r);
    arb_clear(h);
    arb_clear(disc);
    arb_clear(nrm);
    arb_clear(t);
    return status;
}
