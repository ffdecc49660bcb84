/* Processes in Arb (docs/schemes.md 1): alpha, sigma^2, f, g^2, log-SNR at a
 * time s, and the inverse of the log-SNR. Stable forms of docs/math/processes.md#stable-forms:
 * sigma^2 = -expm1(-2B) (VP linear), sin(t - t0) sin(t + t0)/cos^2(t0)
 * (cosine), nothing that cancels. */
#include "ref_internal.h"

/* B(s) = s (bmin + (bmax - bmin) s / 2), in the kind's own convention. */
void _dmv_ref_vp_B(arb_t B, const dmv_process *p, const arb_t s, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_d(t, p->beta_max);
    _dmv_ref_sub_d(t, t, p->beta_min, prec);
    arb_mul(t, t, s, prec);
    arb_mul_2exp_si(t, t, -1);
    _dmv_ref_add_d(t, t, p->beta_min, prec);
    arb_mul(B, t, s, prec);
    arb_clear(t);
}

/* B(s1) - B(s2) = (s1 - s2)(bmin + (bmax - bmin)(s1 + s2)/2) (docs/math/processes.md#stable-forms). */
void _dmv_ref_vp_dB(arb_t dB, const dmv_process *p, const arb_t s1, const arb_t s2, slong prec)
{
    arb_t t, u;
    arb_init(t);
    arb_init(u);
    arb_add(u, s1, s2, prec);
    arb_set_d(t, p->beta_max);
    _dmv_ref_sub_d(t, t, p->beta_min, prec);
    arb_mul(t, t, u, prec);
    arb_mul_2exp_si(t, t, -1);
    _dmv_ref_add_d(t, t, p->beta_min, prec);
    arb_sub(u, s1, s2, prec);
    arb_mul(dB, t, u, prec);
    arb_clear(t);
    arb_clear(u);
}

/* Cosine: theta(s) = (pi/2)(s + c)/(1 + c). */
void _dmv_ref_cos_theta(arb_t th, const dmv_process *p, const arb_t s, slong prec)
{
    arb_t pi, den;
    arb_init(pi);
    arb_init(den);
    arb_const_pi(pi, prec);
    arb_mul_2exp_si(pi, pi, -1);
    arb_set_d(den, 1.0);
    _dmv_ref_add_d(den, den, p->cosine_offset, prec);
    _dmv_ref_add_d(th, s, p->cosine_offset, prec);
    arb_mul(th, th, pi, prec);
    arb_div(th, th, den, prec);
    arb_clear(pi);
    arb_clear(den);
}

/* Discrete chain: alpha_bar_t = prod_{i<=t} (1 - beta_i) with the betas of dmv_process_beta taken
 * as exact doubles; t must be an exact integer in [0, T]. */
static int chain_abar(arb_t abar, const dmv_process *p, const arb_t s, slong prec, dmv_error *err)
{
    long t, i;
    arb_t b;
    if (!arb_is_exact(s) || !arf_is_int(arb_midref(s)) || arf_cmp_si(arb_midref(s), (slong) p->t_max) > 0)
        return dmv_error_set(err, DMV_EDOM, "process vp-discrete: time s = %.17g is not an integer timestep in "
                             "[0, %g]", arf_get_d(arb_midref(s), ARF_RND_NEAR), p->t_max);
    t = (long) arf_get_si(arb_midref(s), ARF_RND_NEAR);
    arb_init(b);
    arb_one(abar);
    for (i = 1; i <= t; i++) {
        arb_set_d(b, dmv_process_beta(p, i));
        arb_sub_ui(b, b, 1, prec);
        arb_neg(b, b);
        arb_mul(abar, abar, b, prec);
    }
    arb_clear(b);
    return DMV_OK;
}

int dmv_ref_process_eval(arb_t alpha, arb_t sigma2, arb_t f, arb_t g2, arb_t logsnr,
                         const dmv_process *p, const arb_t s, slong prec, dmv_error *err)
{
    slong wp = prec + 16;
    arb_t B, a, sg2, ff, gg, t, u;
    int status = DMV_OK;

    if (arb_is_negative(s) || !arb_is_finite(s))
        return dmv_error_set(err, DMV_EINVAL, "process time s = %g: must be finite and >= 0",
                             arf_get_d(arb_midref(s), ARF_RND_NEAR));
    arb_init(B);
    arb_init(a);
    arb_init(sg2);
    arb_init(ff);
    arb_init(gg);
    arb_init(t);
    arb_init(u);

    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG: {
        int song = p->kind == DMV_PROCESS_VP_LINEAR_SONG;
        _dmv_ref_vp_B(B, p, s, wp);
        /* paper: alpha = exp(-B), sigma^2 = -expm1(-2B); Song: exp(-B/2), -expm1(-B) */
        arb_neg(t, B);
        if (song)
            arb_mul_2exp_si(t, t, -1);
        arb_exp(a, t, wp);
        arb_mul_2exp_si(t, t, 1);
        arb_expm1(sg2, t, wp);
        arb_neg(sg2, sg2);
        /* beta(s) */
        arb_set_d(t, p->beta_max);
        _dmv_ref_sub_d(t, t, p->beta_min, wp);
        arb_mul(t, t, s, wp);
        _dmv_ref_add_d(t, t, p->beta_min, wp);
        if (song) {
            arb_set(gg, t);
            arb_mul_2exp_si(ff, t, -1);
            arb_neg(ff, ff);
        } else {
            arb_mul_2exp_si(gg, t, 1);
            arb_neg(ff, t);
        }
        break;
    }
    case DMV_PROCESS_VP_COSINE: {
        arb_t th, th0, c0, pi, den;
        arb_init(th);
        arb_init(th0);
        arb_init(c0);
        arb_init(pi);
        arb_init(den);
        arb_zero(t);
        _dmv_ref_cos_theta(th0, p, t, wp);
        _dmv_ref_cos_theta(th, p, s, wp);
        arb_cos(c0, th0, wp);
        if (arb_is_zero(s))
            arb_one(a); /* alpha(0) = 1 exactly */
        else {
            arb_cos(a, th, wp);
            arb_div(a, a, c0, wp);
        }
        /* sigma^2 = sin(th - th0) sin(th + th0) / cos^2(th0), th - th0 = (pi/2) s/(1+c) */
        arb_const_pi(pi, wp);
        arb_mul_2exp_si(pi, pi, -1);
        arb_set_d(den, 1.0);
        _dmv_ref_add_d(den, den, p->cosine_offset, wp);
        arb_mul(t, s, pi, wp);
        arb_div(t, t, den, wp);
        arb_sin(t, t, wp);
        arb_add(u, th, th0, wp);
        arb_sin(u, u, wp);
        arb_mul(sg2, t, u, wp);
        arb_div(sg2, sg2, c0, wp);
        arb_div(sg2, sg2, c0, wp);
        /* f = -(pi/(2(1+c))) tan(th), g^2 = -2 f */
        arb_tan(t, th, wp);
        arb_mul(ff, t, pi, wp);
        arb_div(ff, ff, den, wp);
        arb_neg(ff, ff);
        arb_mul_2exp_si(gg, ff, 1);
        arb_neg(gg, gg);
        arb_clear(th);
        arb_clear(th0);
        arb_clear(c0);
        arb_clear(pi);
        arb_clear(den);
        break;
    }
    case DMV_PROCESS_VE:
        arb_one(a);
        arb_sqr(sg2, s, wp);
        arb_zero(ff);
        arb_mul_2exp_si(gg, s, 1);
        break;
    case DMV_PROCESS_VP_DISCRETE:
        if ((status = chain_abar(t, p, s, wp, err)) != DMV_OK)
            goto done;
        arb_sqrtpos(a, t, wp);
        arb_sub_ui(sg2, t, 1, wp);
        arb_neg(sg2, sg2);
        arb_indeterminate(ff); /* a chain has no drift: the SDE schemes refuse it (dmv_scheme_check) */
        arb_indeterminate(gg);
        break;
    default:
        status = dmv_error_set(err, DMV_EINVAL, "process kind %d: unknown", (int) p->kind);
        goto done;
    }

    if (logsnr != NULL) {
        if (arb_is_zero(s)) {
            status = dmv_error_set(err, DMV_EDOM, "log-SNR at s = 0 is +inf (needs eps > 0)");
            goto done;
        }
        /* l = log(alpha) - log(sigma^2)/2 */
        arb_log(t, sg2, wp);
        arb_mul_2exp_si(t, t, -1);
        if (p->kind == DMV_PROCESS_VP_LINEAR)
            arb_neg(u, B);
        else if (p->kind == DMV_PROCESS_VP_LINEAR_SONG) {
            arb_mul_2exp_si(u, B, -1);
            arb_neg(u, u);
        } else
            arb_log(u, a, wp);
        arb_sub(logsnr, u, t, prec);
    }
    if (alpha != NULL)
        arb_set_round(alpha, a, prec);
    if (sigma2 != NULL)
        arb_set_round(sigma2, sg2, prec);
    if (f != NULL)
        arb_set_round(f, ff, prec);
    if (g2 != NULL)
        arb_set_round(g2, gg, prec);
done:
    arb_clear(B);
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(ff);
    arb_clear(gg);
    arb_clear(t);
    arb_clear(u);
    return status;
}

int dmv_ref_process_time_from_sh2(arb_t s, const dmv_process *p, const arb_t sh2, slong prec,
                                  dmv_error *err)
{
    slong wp = prec + 16;
    arb_t B, t, u;
    int status = DMV_OK;
    if (!arb_is_positive(sh2) || !arb_is_finite(sh2))
        return dmv_error_set(err, DMV_EINVAL, "sigma_hat^2 = %g: must be finite and > 0",
                             arf_get_d(arb_midref(sh2), ARF_RND_NEAR));
    arb_init(B);
    arb_init(t);
    arb_init(u);
    switch (p->kind) {
    case DMV_PROCESS_VP_LINEAR:
    case DMV_PROCESS_VP_LINEAR_SONG:
        arb_log1p(B, sh2, wp);
        if (p->kind == DMV_PROCESS_VP_LINEAR)
            arb_mul_2exp_si(B, B, -1);
        /* s = 2B / (bmin + sqrt(bmin^2 + 2 (bmax - bmin) B)) */
        arb_set_d(t, p->beta_max);
        _dmv_ref_sub_d(t, t, p->beta_min, wp);
        arb_mul(t, t, B, wp);
        arb_mul_2exp_si(t, t, 1);
        arb_set_d(u, p->beta_min);
        arb_addmul(t, u, u, wp);
        arb_sqrt(t, t, wp);
        arb_add(t, t, u, wp);
        arb_mul_2exp_si(B, B, 1);
        arb_div(s, B, t, prec);
        break;
    case DMV_PROCESS_VP_COSINE: {
        arb_t th0, pi;
        arb_init(th0);
        arb_init(pi);
        /* alpha = 1/sqrt(1 + sh2), theta = acos(alpha cos theta0), s = (2 theta/pi)(1+c) - c */
        arb_add_ui(t, sh2, 1, wp);
        arb_rsqrt(t, t, wp);
        arb_zero(u);
        _dmv_ref_cos_theta(th0, p, u, wp);
        arb_cos(u, th0, wp);
        arb_mul(t, t, u, wp);
        arb_acos(t, t, wp);
        arb_const_pi(pi, wp);
        arb_div(t, t, pi, wp);
        arb_mul_2exp_si(t, t, 1);
        arb_set_d(u, 1.0);
        _dmv_ref_add_d(u, u, p->cosine_offset, wp);
        arb_mul(t, t, u, wp);
        _dmv_ref_sub_d(s, t, p->cosine_offset, prec);
        arb_clear(th0);
        arb_clear(pi);
        break;
    }
    case DMV_PROCESS_VE:
        arb_sqrt(s, sh2, prec);
        break;
    case DMV_PROCESS_VP_DISCRETE:
        status = dmv_error_set(err, DMV_EDOM, "process vp-discrete: no time between integer timesteps");
        break;
    default:
        status = dmv_error_set(err, DMV_EINVAL, "process kind %d: unknown", (int) p->kind);
    }
    arb_clear(B);
    arb_clear(t);
    arb_clear(u);
    return status;
}
