/* Grids in Arb (docs/schemes.md 2): s_0 = t_max, s_N = eps exactly, the
 * interior points by the grid's formula in ball arithmetic from the exact
 * binary parameters. */
#include "ref_internal.h"

/* sigma_hat(s)^2 = sigma^2 / alpha^2 */
static int sh2_at(arb_t sh2, const dmv_process *p, const arb_t s, slong prec, dmv_error *err)
{
    arb_t a;
    int st;
    arb_init(a);
    st = dmv_ref_process_eval(a, sh2, NULL, NULL, NULL, p, s, prec, err);
    if (st == DMV_OK) {
        arb_sqr(a, a, prec);
        arb_div(sh2, sh2, a, prec);
    }
    arb_clear(a);
    return st;
}

/* diffusers' timesteps (docs/conventions.md, "diffusers timestep spacing"), written independently of
 * fast/grid.c: integer arithmetic for leading; numpy's double operations emulated exactly with arf
 * (each one rounded to 53 bits) for trailing and linspace, and round-half-even by arf_get_fmpz. */
static int ref_diffusers(arb_ptr s, const dmv_process *p, const dmv_grid *g, dmv_error *err)
{
    slong N = g->steps, T = (slong) p->t_max, k;
    arf_t r, a, b, y;
    fmpz_t z;
    int st = DMV_OK;
    if (!(p->t_max == (double) T) || T < 1)
        return dmv_error_set(err, DMV_EINVAL, "grid %s: t_max = %g: must be a positive integer (T)",
                             dmv_grid_name(g->kind), p->t_max);
    arf_init(r);
    arf_init(a);
    arf_init(b);
    arf_init(y);
    fmpz_init(z);
    for (k = 0; k < N; k++) {
        slong t; /* diffusers' tau + 1 */
        if (g->kind == DMV_GRID_LEADING) {
            t = (N - 1 - k) * (T / N) + (slong) g->steps_offset + 1;
        } else if (g->kind == DMV_GRID_TRAILING) {
            /* numpy arange(T, 0, -r): x_0 = T, x_1 = T - r, x_k = T + k (x_1 - T); r = T / N */
            arf_set_si(r, T);
            arf_div_si(r, r, N, 53, ARF_RND_NEAR);
            arf_set_si(a, T);
            arf_sub(b, a, r, 53, ARF_RND_NEAR); /* x_1 */
            if (k == 0)
                arf_set(y, a);
            else if (k == 1)
                arf_set(y, b);
            else {
                arf_sub(y, b, a, 53, ARF_RND_NEAR); /* delta */
                arf_mul_si(y, y, k, 53, ARF_RND_NEAR);
                arf_add(y, y, a, 53, ARF_RND_NEAR);
            }
            if (k == 0) { /* numpy's length ceil(T / r) must be N */
                arf_set_si(a, T);
                arf_div(a, a, r, 53, ARF_RND_NEAR);
                arf_get_fmpz(z, a, ARF_RND_CEIL);
                if (!fmpz_equal_si(z, N)) {
                    st = dmv_error_set(err, DMV_EINVAL, "grid trailing: numpy's arange(%ld, 0, -%ld/%ld) does not "
                                       "have %ld entries", (long) T, (long) T, (long) N, (long) N);
                    break;
                }
            }
            arf_get_fmpz(z, y, ARF_RND_NEAR);
            t = fmpz_get_si(z); /* round(x_k) - 1 + 1 */
        } else { /* linspace(0, T - 1, N): y_j = j ((T - 1) / (N - 1)), y_{N-1} = T - 1 */
            slong j = N - 1 - k;
            if (N == 1 || j == N - 1)
                arf_set_si(y, N == 1 ? 0 : T - 1);
            else {
                arf_set_si(y, T - 1);
                arf_div_si(y, y, N - 1, 53, ARF_RND_NEAR);
                arf_mul_si(y, y, j, 53, ARF_RND_NEAR);
            }
            arf_get_fmpz(z, y, ARF_RND_NEAR);
            t = fmpz_get_si(z) + 1;
        }
        arb_set_si(s + k, t);
    }
    if (st == DMV_OK)
        arb_set_si(s + N, g->set_alpha_to_one ? 0 : 1);
    if (st == DMV_OK && arf_cmp_si(arb_midref(s + 0), T) > 0)
        st = dmv_error_set(err, DMV_EINVAL, "grid %s, %ld steps, steps_offset %ld: first timestep beyond T - 1 = %ld",
                           dmv_grid_name(g->kind), (long) N, g->steps_offset, (long) (T - 1));
    for (k = 0; k < N && st == DMV_OK; k++)
        if (!arb_gt(s + k, s + k + 1))
            st = dmv_error_set(err, DMV_EINVAL,
                               "grid %s with %ld steps (steps_offset %ld, set_alpha_to_one %d): point %ld is not "
                               "above point %ld (diffusers' step there is the identity)",
                               dmv_grid_name(g->kind), (long) N, g->steps_offset, g->set_alpha_to_one, (long) k,
                               (long) (k + 1));
    arf_clear(r);
    arf_clear(a);
    arf_clear(b);
    arf_clear(y);
    fmpz_clear(z);
    return st;
}

int dmv_ref_grid_points(arb_ptr s, const dmv_process *p, const dmv_grid *g, slong prec,
                        dmv_error *err)
{
    slong N = g->steps, k, wp = prec + 16;
    arb_t T, eps, h, lo, hi, t, u;
    int st = dmv_process_check(p, err);
    if (st != DMV_OK)
        return st;
    st = dmv_grid_check(g, p, err);
    if (st != DMV_OK)
        return st;
    if (dmv_grid_is_diffusers(g->kind))
        return ref_diffusers(s, p, g, err);

    arb_init(T);
    arb_init(eps);
    arb_init(h);
    arb_init(lo);
    arb_init(hi);
    arb_init(t);
    arb_init(u);
    arb_set_d(T, p->t_max);
    arb_set_d(eps, g->eps);

    switch (g->kind) {
    case DMV_GRID_UNIFORM:
        arb_sub(h, T, eps, wp);
        arb_div_si(h, h, N, wp);
        for (k = 1; k < N; k++) {
            arb_mul_si(t, h, k, wp);
            arb_sub(s + k, T, t, prec);
        }
        break;
    case DMV_GRID_QUADRATIC:
        arb_sub(h, T, eps, wp);
        for (k = 1; k < N; k++) {
            arb_set_si(t, N - k);
            arb_div_si(t, t, N, wp);
            arb_sqr(t, t, wp);
            arb_mul(t, t, h, wp);
            arb_add(s + k, t, eps, prec);
        }
        break;
    case DMV_GRID_LOGSNR:
        /* l_k = l(T) + (k/N)(l(eps) - l(T)); sigma_hat^2 = exp(-2 l_k) */
        st = sh2_at(lo, p, T, wp, err);
        if (st == DMV_OK)
            st = sh2_at(hi, p, eps, wp, err);
        if (st != DMV_OK)
            break;
        arb_log(lo, lo, wp); /* -2 l(T) */
        arb_log(hi, hi, wp); /* -2 l(eps) */
        arb_sub(h, hi, lo, wp);
        for (k = 1; k < N && st == DMV_OK; k++) {
            arb_mul_si(t, h, k, wp);
            arb_div_si(t, t, N, wp);
            arb_add(t, t, lo, wp);
            arb_exp(t, t, wp);
            st = dmv_ref_process_time_from_sh2(s + k, p, t, prec, err);
        }
        break;
    case DMV_GRID_FILE: /* the user's points, exact binary numbers (docs/conventions.md) */
        for (k = 1; k < N; k++)
            arb_set_d(s + k, g->points[k]);
        break;
    case DMV_GRID_KARRAS:
    case DMV_GRID_KARRAS_ZERO:
        /* a = sh(T)^(1/rho), b = sh(eps)^(1/rho), sh_k = (a + (k/N)(b - a))^rho; karras-zero: N - 1
         * intervals from T to eps, then 0 (k-diffusion's get_sigmas_karras with the final 0) */
        st = sh2_at(lo, p, T, wp, err);
        if (st == DMV_OK)
            st = sh2_at(hi, p, eps, wp, err);
        if (st != DMV_OK)
            break;
        arb_set_d(u, g->rho);
        arb_log(lo, lo, wp);
        arb_mul_2exp_si(lo, lo, -1);
        arb_div(lo, lo, u, wp);
        arb_exp(lo, lo, wp);
        arb_log(hi, hi, wp);
        arb_mul_2exp_si(hi, hi, -1);
        arb_div(hi, hi, u, wp);
        arb_exp(hi, hi, wp);
        arb_sub(h, hi, lo, wp);
        arb_mul_2exp_si(u, u, 1); /* sh^2 = base^(2 rho) */
        for (k = 1; k < (g->kind == DMV_GRID_KARRAS_ZERO ? N - 1 : N) && st == DMV_OK; k++) {
            arb_mul_si(t, h, k, wp);
            arb_div_si(t, t, g->kind == DMV_GRID_KARRAS_ZERO ? N - 1 : N, wp);
            arb_add(t, t, lo, wp);
            arb_log(t, t, wp);
            arb_mul(t, t, u, wp);
            arb_exp(t, t, wp);
            st = dmv_ref_process_time_from_sh2(s + k, p, t, prec, err);
        }
        break;
    default:
        st = dmv_error_set(err, DMV_EINVAL, "grid kind %d: unknown", (int) g->kind);
    }
    arb_set(s + 0, T);
    arb_set(s + N, eps);
    if (g->kind == DMV_GRID_KARRAS_ZERO) {
        if (N >= 2)
            arb_set(s + N - 1, eps);
        arb_zero(s + N);
    } else if (g->kind == DMV_GRID_FILE)
        arb_set_d(s + N, g->points[N]);
    if (st == DMV_OK) {
        for (k = 0; k < N; k++)
            if (!arb_gt(s + k, s + k + 1)) {
                st = dmv_error_set(err, DMV_EPREC,
                                   "grid point s_%ld = %g is not certified > s_%ld = %g at %ld bits", k,
                                   arf_get_d(arb_midref(s + k), ARF_RND_NEAR), k + 1,
                                   arf_get_d(arb_midref(s + k + 1), ARF_RND_NEAR), (long) prec);
                break;
            }
    }
    arb_clear(T);
    arb_clear(eps);
    arb_clear(h);
    arb_clear(lo);
    arb_clear(hi);
    arb_clear(t);
    arb_clear(u);
    return st;
}

long dmv_ref_paper_steps(dmv_scheme_kind k, long nfe)
{
    long per = dmv_scheme_evals_per_step(k);
    if (per < 1)
        per = 1;
    return nfe / per - 1;
}
