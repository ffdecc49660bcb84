/* The schedule: everything that does not depend on the eigenvalue, computed
 * once per (process, grid, scheme) at working precision prec + 32 and rounded
 * to prec, then shared read-only by every direction (and thread).
 *
 * Per-step constants q[i][k] for the step s = s_k -> s' = s_{k+1}, h = s - s'
 * (docs/schemes.md 5; a = alpha(s), a' = alpha(s'), sg = sigma(s) ...):
 *   EM      q0 = 1 - h f(s), q1 = h g(s)^2, q2 = sqrt(q1), q3 = q1
 *   EI      q0 = r = a'/a, q1 = gamma, q2 = sqrt(nu), q3 = nu
 *   DDPM    q0 = 1/sqrt(1 - b), q1 = b q0, q2 = sqrt(b), q3 = b      (b = h g(s)^2 < 1)
 *   Euler   q0 = h, q1 = h fnum (ref_internal.h)
 *   Heun    q0 = h, q1 = h/2
 *   RK4     q0 = h, q1 = h/2, q2 = h/6                                 (mid node (s + s')/2)
 *   HeunEDM q0 = 1/a, q1 = sh' - sh, q2 = a', q3 = a'/a, q4 = a'(sh' - sh)/2
 *   DDIM    q0 = a', q1 = sqrt(sg'^2 - c^2), q2 = c, q3 = c^2
 *   chain   q0 = r = a'/a, q1 = r - 1/r (= r b, b = 1 - 1/r^2), q2 = sqrt(q3), q3 = r^2 - 1
 *           (posterior variant: q3 = (sg'^2/sg^2) b)
 *   DPM2    q0 = am/a, q1 = sgm expm1(hl/2), q2 = a'/a, q3 = sg' expm1(hl)  (mid node sm)
 *   DPM++2M q0 = sg'/sg, q1 = a' expm1(-hl_k), q2 = 1 + 1/(2 r), q3 = 1/(2 r), r = hl_{k-1}/hl_k
 */
#include <stdlib.h>

#include "ref_internal.h"

static void node_init(dmv_ref_node *n)
{
    arb_init(n->alpha);
    arb_init(n->alpha2);
    arb_init(n->sigma);
    arb_init(n->sigma2);
    arb_init(n->mf);
    arb_init(n->hg2);
    arb_init(n->mfa2);
    arb_init(n->inva);
    arb_init(n->fnum);
}

static void node_clear(dmv_ref_node *n)
{
    arb_clear(n->alpha);
    arb_clear(n->alpha2);
    arb_clear(n->sigma);
    arb_clear(n->sigma2);
    arb_clear(n->mf);
    arb_clear(n->hg2);
    arb_clear(n->mfa2);
    arb_clear(n->inva);
    arb_clear(n->fnum);
}

static int node_set(dmv_ref_node *n, const dmv_process *p, const arb_t s, slong prec, dmv_error *err)
{
    slong wp = prec + 32;
    arb_t a, sg2, f, g2;
    int st;
    arb_init(a);
    arb_init(sg2);
    arb_init(f);
    arb_init(g2);
    st = dmv_ref_process_eval(a, sg2, f, g2, NULL, p, s, wp, err);
    if (st == DMV_OK) {
        arb_set_round(n->alpha, a, prec);
        arb_sqr(n->alpha2, a, prec);
        arb_set_round(n->sigma2, sg2, prec);
        arb_sqrtpos(n->sigma, sg2, prec);
        arb_neg_round(n->mf, f, prec);
        arb_mul_2exp_si(n->hg2, g2, -1);
        arb_set_round(n->hg2, n->hg2, prec);
        arb_sqr(a, a, wp);
        arb_mul(n->mfa2, a, f, prec);
        arb_neg(n->mfa2, n->mfa2);
        arb_inv(n->inva, n->alpha, prec);
        if (p->kind == DMV_PROCESS_VE)
            arb_neg(n->fnum, n->hg2);
        else
            arb_set(n->fnum, n->mfa2);
    }
    arb_clear(a);
    arb_clear(sg2);
    arb_clear(f);
    arb_clear(g2);
    return st;
}

void dmv_ref_schedule_clear(dmv_ref_schedule *sch)
{
    dmv_ref_priv *pr = (dmv_ref_priv *) sch->priv;
    slong i;
    if (sch->s != NULL)
        _arb_vec_clear(sch->s, sch->steps + 1);
    if (sch->alpha != NULL)
        _arb_vec_clear(sch->alpha, sch->steps + 1);
    if (sch->sigma2 != NULL)
        _arb_vec_clear(sch->sigma2, sch->steps + 1);
    sch->s = sch->alpha = sch->sigma2 = NULL;
    if (pr != NULL) {
        if (pr->node != NULL) {
            for (i = 0; i < pr->nnodes; i++)
                node_clear(pr->node + i);
            free(pr->node);
        }
        for (i = 0; i < DMV_REF_NQ; i++)
            if (pr->q[i] != NULL)
                _arb_vec_clear(pr->q[i], sch->steps);
        free(pr->last_zero);
        free(pr);
    }
    sch->priv = NULL;
}

/* log-SNR at an arbitrary time, at wp */
static int logsnr_at(arb_t l, const dmv_process *p, const arb_t s, slong wp, dmv_error *err)
{
    return dmv_ref_process_eval(NULL, NULL, NULL, NULL, l, p, s, wp, err);
}

int dmv_ref_schedule_init(dmv_ref_schedule *sch, const dmv_process *p, const dmv_grid *g,
                          const dmv_scheme *scheme, slong prec, dmv_error *err)
{
    slong N, k, i, wp = prec + 32;
    dmv_ref_priv *pr;
    arb_t h, t, u, v, w, lk, lk1, hlprev;
    int st;

    sch->s = sch->alpha = sch->sigma2 = NULL;
    sch->priv = NULL;
    sch->steps = 0;
    if (prec < 16 || prec > 100000)
        return dmv_error_set(err, DMV_EINVAL, "precision %ld bits: must be in [16, 100000]", (long) prec);
    if ((st = dmv_process_check(p, err)) != DMV_OK || (st = dmv_grid_check(g, p, err)) != DMV_OK ||
        (st = dmv_scheme_check(scheme, p, err)) != DMV_OK)
        return st;
    if ((scheme->kind == DMV_SCHEME_DPM2 || scheme->kind == DMV_SCHEME_DPMPP2M) && !(dmv_grid_last(g) > 0))
        return dmv_error_set(err, DMV_EDOM, "scheme %s needs eps > 0 (log-SNR is infinite at s = 0)",
                             dmv_scheme_name(scheme->kind));
    if (scheme->kind == DMV_SCHEME_DDPM && p->kind == DMV_PROCESS_VE)
        return dmv_error_set(err, DMV_EINVAL, "scheme ddpm: VP processes only");

    N = g->steps;
    sch->process = *p;
    sch->grid = *g;
    sch->scheme = *scheme;
    sch->prec = prec;
    sch->steps = N;
    sch->s = _arb_vec_init(N + 1);
    sch->alpha = _arb_vec_init(N + 1);
    sch->sigma2 = _arb_vec_init(N + 1);
    pr = (dmv_ref_priv *) calloc(1, sizeof(dmv_ref_priv));
    if (pr == NULL) {
        dmv_ref_schedule_clear(sch);
        return dmv_error_set(err, DMV_ENOMEM, "schedule: out of memory");
    }
    sch->priv = pr;
    pr->vp = p->kind != DMV_PROCESS_VE;
    pr->has_mid = scheme->kind == DMV_SCHEME_RK4 || scheme->kind == DMV_SCHEME_DPM2;
    pr->nnodes = pr->has_mid ? 2 * N + 1 : N + 1;
    pr->node = (dmv_ref_node *) malloc(sizeof(dmv_ref_node) * pr->nnodes);
    pr->last_zero = (int *) calloc(N, sizeof(int));
    if (pr->node == NULL || pr->last_zero == NULL) {
        free(pr->node);
        pr->node = NULL;
        dmv_ref_schedule_clear(sch);
        return dmv_error_set(err, DMV_ENOMEM, "schedule: out of memory");
    }
    for (i = 0; i < pr->nnodes; i++)
        node_init(pr->node + i);
    for (i = 0; i < DMV_REF_NQ; i++)
        pr->q[i] = _arb_vec_init(N);

    /* grid at wp, then rounded */
    {
        arb_ptr sw = _arb_vec_init(N + 1);
        st = dmv_ref_grid_points(sw, p, g, wp, err);
        for (k = 0; k <= N; k++)
            arb_set_round(sch->s + k, sw + k, prec);
        _arb_vec_clear(sw, N + 1);
        if (st != DMV_OK) {
            dmv_ref_schedule_clear(sch);
            return st;
        }
    }
    for (k = 0; k <= N && st == DMV_OK; k++) {
        st = node_set(pr->node + k, p, sch->s + k, prec, err);
        arb_set(sch->alpha + k, pr->node[k].alpha);
        arb_set(sch->sigma2 + k, pr->node[k].sigma2);
    }
    if (st != DMV_OK) {
        dmv_ref_schedule_clear(sch);
        return st;
    }

    arb_init(h);
    arb_init(t);
    arb_init(u);
    arb_init(v);
    arb_init(w);
    arb_init(lk);
    arb_init(lk1);
    arb_init(hlprev);
    if (scheme->kind == DMV_SCHEME_DPM2 || scheme->kind == DMV_SCHEME_DPMPP2M)
        st = logsnr_at(lk, p, sch->s + 0, wp, err);
    for (k = 0; k < N && st == DMV_OK && !dmv_scheme_is_kdiff(scheme->kind); k++) { /* kdiff: reference/kdiff.c */
        const arb_srcptr s0 = sch->s + k, s1 = sch->s + k + 1;
        const dmv_ref_node *n0 = pr->node + k, *n1 = pr->node + k + 1;
        arb_sub(h, s0, s1, wp);
        switch (scheme->kind) {
        case DMV_SCHEME_EM:
            arb_mul(t, h, n0->mf, wp);
            arb_add_ui(pr->q[0] + k, t, 1, prec);
            arb_mul(t, h, n0->hg2, wp);
            arb_mul_2exp_si(t, t, 1);
            arb_set_round(pr->q[1] + k, t, prec);
            arb_sqrtpos(pr->q[2] + k, t, prec);
            arb_set_round(pr->q[3] + k, t, prec);
            break;
        case DMV_SCHEME_EI:
            /* r = a'/a; gamma = 2(r - 1), nu = r^2 - 1 (VP); VE: gamma = nu = sg^2 - sg'^2 */
            if (p->kind == DMV_PROCESS_VP_LINEAR || p->kind == DMV_PROCESS_VP_LINEAR_SONG) {
                _dmv_ref_vp_dB(t, p, s0, s1, wp);
                if (p->kind == DMV_PROCESS_VP_LINEAR_SONG)
                    arb_mul_2exp_si(t, t, -1);
                arb_exp(pr->q[0] + k, t, prec);
                arb_expm1(u, t, wp);
                arb_mul_2exp_si(pr->q[1] + k, u, 1);
                arb_set_round(pr->q[1] + k, pr->q[1] + k, prec);
                arb_mul_2exp_si(t, t, 1);
                arb_expm1(v, t, wp);
            } else if (p->kind == DMV_PROCESS_VP_COSINE) {
                /* r - 1 = 2 sin((th + th')/2) sin((th - th')/2) / cos(th) */
                _dmv_ref_cos_theta(t, p, s0, wp);
                _dmv_ref_cos_theta(u, p, s1, wp);
                arb_add(w, t, u, wp);
                arb_mul_2exp_si(w, w, -1);
                arb_sin(w, w, wp);
                arb_sub(v, t, u, wp);
                arb_mul_2exp_si(v, v, -1);
                arb_sin(v, v, wp);
                arb_mul(w, w, v, wp);
                arb_mul_2exp_si(w, w, 1);
                arb_cos(t, t, wp);
                arb_div(u, w, t, wp); /* r - 1 */
                arb_add_ui(t, u, 1, wp);
                arb_set_round(pr->q[0] + k, t, prec);
                arb_mul_2exp_si(pr->q[1] + k, u, 1);
                arb_set_round(pr->q[1] + k, pr->q[1] + k, prec);
                arb_add_ui(t, t, 1, wp);
                arb_mul(v, u, t, wp); /* (r - 1)(r + 1) */
            } else {
                arb_one(pr->q[0] + k);
                arb_add(t, s0, s1, wp);
                arb_mul(v, t, h, wp);
                arb_set_round(pr->q[1] + k, v, prec);
            }
            arb_sqrtpos(pr->q[2] + k, v, prec);
            arb_set_round(pr->q[3] + k, v, prec);
            break;
        case DMV_SCHEME_DDPM:
            arb_mul(t, h, n0->hg2, wp);
            arb_mul_2exp_si(t, t, 1); /* b = h g^2 */
            arb_one(u);
            if (!arb_lt(t, u)) {
                st = dmv_error_set(err, DMV_EDOM,
                                   "ddpm step %ld (s = %.17g -> %.17g): b = h g^2 = %.17g must be < 1 "
                                   "(use more steps)",
                                   (long) (k + 1), arf_get_d(arb_midref(s0), ARF_RND_NEAR),
                                   arf_get_d(arb_midref(s1), ARF_RND_NEAR),
                                   arf_get_d(arb_midref(t), ARF_RND_NEAR));
                break;
            }
            arb_sub_ui(u, t, 1, wp);
            arb_neg(u, u);
            arb_rsqrt(u, u, wp);
            arb_set_round(pr->q[0] + k, u, prec);
            arb_mul(pr->q[1] + k, t, u, prec);
            arb_sqrtpos(pr->q[2] + k, t, prec);
            arb_set_round(pr->q[3] + k, t, prec);
            break;
        case DMV_SCHEME_DDPM_CHAIN:
        case DMV_SCHEME_DDPM_POSTERIOR:
            arb_div(t, n1->alpha, n0->alpha, wp); /* r */
            arb_inv(u, t, wp);
            arb_sub(v, t, u, wp);                 /* r - 1/r */
            arb_set_round(pr->q[0] + k, t, prec);
            arb_set_round(pr->q[1] + k, v, prec);
            if (scheme->kind == DMV_SCHEME_DDPM_CHAIN) {
                arb_sqr(w, t, wp);
                arb_sub_ui(w, w, 1, wp);
            } else {
                arb_mul(w, u, v, wp);             /* b */
                arb_mul(w, w, n1->sigma2, wp);
                arb_div(w, w, n0->sigma2, wp);
            }
            arb_sqrtpos(pr->q[2] + k, w, prec);
            arb_set_round(pr->q[3] + k, w, prec);
            break;
        case DMV_SCHEME_EULER:
            arb_set_round(pr->q[0] + k, h, prec);
            arb_mul(pr->q[1] + k, h, n0->fnum, prec); /* the fast path: a = 1 + q1 (lambda - 1)/lambda_s (VE: q1/lambda_s) */
            break;
        case DMV_SCHEME_HEUN:
        case DMV_SCHEME_RK4:
            arb_set_round(pr->q[0] + k, h, prec);
            arb_mul_2exp_si(t, h, -1);
            arb_set_round(pr->q[1] + k, t, prec);
            arb_div_ui(pr->q[2] + k, h, 6, prec);
            if (scheme->kind == DMV_SCHEME_RK4) {
                arb_add(t, s0, s1, wp);
                arb_mul_2exp_si(t, t, -1);
                st = node_set(pr->node + N + 1 + k, p, t, prec, err);
            }
            break;
        case DMV_SCHEME_HEUN_EDM:
            /* sh = sigma/alpha */
            arb_sqrtpos(t, n0->sigma2, wp);
            arb_div(t, t, n0->alpha, wp);
            arb_sqrtpos(u, n1->sigma2, wp);
            arb_div(u, u, n1->alpha, wp);
            arb_sub(v, u, t, wp); /* sh' - sh */
            arb_set(pr->q[0] + k, n0->inva);
            arb_set_round(pr->q[1] + k, v, prec);
            arb_set(pr->q[2] + k, n1->alpha);
            arb_div(pr->q[3] + k, n1->alpha, n0->alpha, prec);
            arb_mul(w, v, n1->alpha, wp);
            arb_mul_2exp_si(w, w, -1);
            arb_set_round(pr->q[4] + k, w, prec);
            pr->last_zero[k] = arb_is_zero(n1->sigma2);
            break;
        case DMV_SCHEME_DDIM:
            /* c^2 = eta^2 sg'^2 (1 - sh'^2/sh^2); sg'^2 - c^2 = sg'^2 (1 - eta^2 + eta^2 sh'^2/sh^2) */
            arb_set(pr->q[0] + k, n1->alpha);
            arb_div(t, n0->sigma2, n0->alpha2, wp); /* sh^2 */
            arb_div(u, n1->sigma2, n1->alpha2, wp); /* sh'^2 */
            arb_div(w, u, t, wp);                   /* ratio */
            arb_sub(v, t, u, wp);
            arb_div(v, v, t, wp);                   /* 1 - ratio */
            arb_set_d(t, scheme->eta);
            arb_sqr(t, t, wp);                      /* eta^2 */
            arb_mul(v, v, t, wp);
            arb_mul(v, v, n1->sigma2, wp);          /* c^2 */
            arb_set_round(pr->q[3] + k, v, prec);
            arb_sqrtpos(pr->q[2] + k, v, prec);
            arb_mul(w, w, t, wp);
            arb_sub_ui(t, t, 1, wp);
            arb_sub(w, w, t, wp);                   /* 1 - eta^2 + eta^2 ratio */
            arb_mul(w, w, n1->sigma2, wp);
            arb_sqrtpos(pr->q[1] + k, w, prec);
            break;
        case DMV_SCHEME_DPM2:
            st = logsnr_at(lk1, p, s1, wp, err);
            if (st != DMV_OK)
                break;
            arb_sub(v, lk1, lk, wp); /* hl > 0 */
            arb_mul_2exp_si(w, v, -1);
            arb_add(t, lk, w, wp);   /* l_mid */
            arb_mul_2exp_si(t, t, 1);
            arb_neg(t, t);
            arb_exp(t, t, wp);       /* sh2 at the midpoint */
            st = dmv_ref_process_time_from_sh2(u, p, t, wp, err);
            if (st == DMV_OK)
                st = node_set(pr->node + N + 1 + k, p, u, prec, err);
            if (st != DMV_OK)
                break;
            {
                const dmv_ref_node *nm = pr->node + N + 1 + k;
                arb_mul(pr->q[0] + k, nm->alpha, n0->inva, prec);
                arb_expm1(t, w, wp);
                arb_mul(pr->q[1] + k, t, nm->sigma, prec);
                arb_mul(pr->q[2] + k, n1->alpha, n0->inva, prec);
                arb_expm1(t, v, wp);
                arb_mul(pr->q[3] + k, t, n1->sigma, prec);
            }
            arb_swap(lk, lk1);
            break;
        case DMV_SCHEME_DPMPP2M:
            st = logsnr_at(lk1, p, s1, wp, err);
            if (st != DMV_OK)
                break;
            arb_sub(v, lk1, lk, wp); /* hl_k */
            arb_div(pr->q[0] + k, n1->sigma, n0->sigma, prec);
            arb_neg(t, v);
            arb_expm1(t, t, wp);
            arb_mul(pr->q[1] + k, t, n1->alpha, prec);
            if (k > 0) {
                /* 1/(2r) = hl_k / (2 hl_{k-1}) */
                arb_div(t, v, hlprev, wp);
                arb_mul_2exp_si(t, t, -1);
                arb_set_round(pr->q[3] + k, t, prec);
                arb_add_ui(pr->q[2] + k, t, 1, prec);
            }
            arb_set(hlprev, v);
            arb_swap(lk, lk1);
            break;
        default:
            st = dmv_error_set(err, DMV_EUNSUPPORTED, "scheme kind %d", (int) scheme->kind);
        }
    }
    arb_clear(h);
    arb_clear(t);
    arb_clear(u);
    arb_clear(v);
    arb_clear(w);
    arb_clear(lk);
    arb_clear(lk1);
    arb_clear(hlprev);
    if (st != DMV_OK)
        dmv_ref_schedule_clear(sch);
    return st;
}
