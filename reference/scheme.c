/* Per eigen-direction: each scheme as its exact affine-Gaussian recursion
 * (docs/schemes.md 3, 5, 7). At a node (time s) the (perturbed) score is
 * S(y) = -P y + alpha mm P with P = (1 + kappa)/Lp, Lp = alpha^2 (lambda + dl) + sigma^2,
 * mm = m + dm; from it (stable forms, nothing cancels):
 *   F(y) = Fy y + Fc:  VP: Fy = -f (alpha^2 (lambda + dl - 1) - kappa)/Lp (docs/math/schemes.md#node),
 *                      VE: Fy = -(g^2/2) P;   Fc = (g^2/2) alpha mm P
 *   D(y) = Dy y + Dc:  Dy = (alpha^2 (lambda + dl) - kappa sigma^2)/(alpha Lp), Dc = sigma^2 mm P
 *   E(y) = Ey y + Ec:  Ey = sigma P, Ec = -sigma alpha mm P
 * The per-step constants are in the schedule (schedule.c). */
#include <stdlib.h>

#include "ref_internal.h"

typedef struct {
    arb_t lam1, lm1, kp1, kappa, mm;
    int has_mean, has_kappa;
} eig_t;

typedef struct {
    arb_t Lp, inv, P, Fy, Fc, Dy, Dc, Ey, Ec, Sc;
} nv_t;

enum { NEED_F = 1, NEED_D = 2, NEED_E = 4, NEED_S = 8 };

static void nv_init(nv_t *v)
{
    arb_init(v->Lp);
    arb_init(v->inv);
    arb_init(v->P);
    arb_init(v->Fy);
    arb_init(v->Fc);
    arb_init(v->Dy);
    arb_init(v->Dc);
    arb_init(v->Ey);
    arb_init(v->Ec);
    arb_init(v->Sc);
}

static void nv_clear(nv_t *v)
{
    arb_clear(v->Lp);
    arb_clear(v->inv);
    arb_clear(v->P);
    arb_clear(v->Fy);
    arb_clear(v->Fc);
    arb_clear(v->Dy);
    arb_clear(v->Dc);
    arb_clear(v->Ey);
    arb_clear(v->Ec);
    arb_clear(v->Sc);
}

static int eig_set(eig_t *e, const arb_t lambda, const arb_t mean, const dmv_ref_score_error *se,
                   slong prec, dmv_error *err)
{
    arb_init(e->lam1);
    arb_init(e->lm1);
    arb_init(e->kp1);
    arb_init(e->kappa);
    arb_init(e->mm);
    if (se != NULL) {
        arb_set_d(e->kappa, se->kappa);
        arb_set_d(e->lam1, se->dl);
        arb_add(e->lam1, e->lam1, lambda, prec);
        arb_set_d(e->mm, se->dm);
    } else
        arb_set(e->lam1, lambda);
    if (mean != NULL)
        arb_add(e->mm, e->mm, mean, prec);
    arb_sub_ui(e->lm1, e->lam1, 1, prec);
    arb_add_ui(e->kp1, e->kappa, 1, prec);
    e->has_mean = !arb_is_zero(e->mm);
    e->has_kappa = !arb_is_zero(e->kappa);
    if (arb_is_negative(e->lam1) || !arb_is_finite(e->lam1) || !arb_is_finite(e->mm) ||
        !arb_is_finite(e->kappa) || (!arb_is_nonnegative(e->lam1)))
        return dmv_error_set(err, DMV_EINVAL,
                             "lambda + dl = %g: must be finite and >= 0 (mean and kappa finite)",
                             arf_get_d(arb_midref(e->lam1), ARF_RND_NEAR));
    return DMV_OK;
}

static void eig_clear(eig_t *e)
{
    arb_clear(e->lam1);
    arb_clear(e->lm1);
    arb_clear(e->kp1);
    arb_clear(e->kappa);
    arb_clear(e->mm);
}

static void node_eval(nv_t *v, const dmv_ref_node *n, const eig_t *e, int vp, int need, slong prec)
{
    arb_fma(v->Lp, n->alpha2, e->lam1, n->sigma2, prec);
    arb_inv(v->inv, v->Lp, prec);
    if (e->has_kappa)
        arb_mul(v->P, e->kp1, v->inv, prec);
    else
        arb_set(v->P, v->inv);
    if (need & NEED_F) {
        if (vp) {
            arb_mul(v->Fy, n->mfa2, e->lm1, prec);
            if (e->has_kappa)
                arb_submul(v->Fy, n->mf, e->kappa, prec);
            arb_mul(v->Fy, v->Fy, v->inv, prec);
        } else {
            arb_mul(v->Fy, n->hg2, v->P, prec);
            arb_neg(v->Fy, v->Fy);
        }
    }
    if (need & NEED_D) {
        arb_mul(v->Dy, n->alpha2, e->lam1, prec);
        if (e->has_kappa)
            arb_submul(v->Dy, e->kappa, n->sigma2, prec);
        arb_mul(v->Dy, v->Dy, v->inv, prec);
        arb_mul(v->Dy, v->Dy, n->inva, prec);
    }
    if (need & NEED_E)
        arb_mul(v->Ey, n->sigma, v->P, prec);
    if (e->has_mean) {
        arb_mul(v->Sc, n->alpha, e->mm, prec);
        arb_mul(v->Sc, v->Sc, v->P, prec); /* alpha mm P */
        if (need & NEED_F)
            arb_mul(v->Fc, n->hg2, v->Sc, prec);
        if (need & NEED_D) {
            arb_mul(v->Dc, n->sigma2, e->mm, prec);
            arb_mul(v->Dc, v->Dc, v->P, prec);
        }
        if (need & NEED_E) {
            arb_mul(v->Ec, n->sigma, v->Sc, prec);
            arb_neg(v->Ec, v->Ec);
        }
    } else {
        arb_zero(v->Sc);
        arb_zero(v->Fc);
        arb_zero(v->Dc);
        arb_zero(v->Ec);
    }
}

/* workspace of one direction */
typedef struct {
    nv_t v0, v1, v2;
    arb_t t, u, X, Xc, A2, C2, A3, C3;
} ws_t;

static void ws_init(ws_t *w)
{
    nv_init(&w->v0);
    nv_init(&w->v1);
    nv_init(&w->v2);
    arb_init(w->t);
    arb_init(w->u);
    arb_init(w->X);
    arb_init(w->Xc);
    arb_init(w->A2);
    arb_init(w->C2);
    arb_init(w->A3);
    arb_init(w->C3);
}

static void ws_clear(ws_t *w)
{
    nv_clear(&w->v0);
    nv_clear(&w->v1);
    nv_clear(&w->v2);
    arb_clear(w->t);
    arb_clear(w->u);
    arb_clear(w->X);
    arb_clear(w->Xc);
    arb_clear(w->A2);
    arb_clear(w->C2);
    arb_clear(w->A3);
    arb_clear(w->C3);
}

/* One step k of a single-state scheme: y_{k+1} = a y_k + c + b z_{k+1};
 * b2 = b^2. b may be NULL (not wanted). c is 0 without a mean. */
static void step1(arb_t a, arb_t c, arb_t b, arb_t b2, const dmv_ref_schedule *sch, slong k,
                  const eig_t *e, ws_t *w, slong prec)
{
    const dmv_ref_priv *pr = (const dmv_ref_priv *) sch->priv;
    const dmv_ref_node *n0 = pr->node + k, *n1 = pr->node + k + 1;
    arb_srcptr q0 = pr->q[0] + k, q1 = pr->q[1] + k, q2 = pr->q[2] + k, q3 = pr->q[3] + k,
               q4 = pr->q[4] + k;
    nv_t *v0 = &w->v0, *v1 = &w->v1, *vm = &w->v2;
    int vp = pr->vp;
    slong N = sch->steps;

    switch (sch->scheme.kind) {
    case DMV_SCHEME_EM:
    case DMV_SCHEME_EI:
    case DMV_SCHEME_DDPM:
    case DMV_SCHEME_DDPM_CHAIN:
    case DMV_SCHEME_DDPM_POSTERIOR:
        /* a = q0 - q1 P, c = q1 alpha mm P, b = q2, b^2 = q3 */
        node_eval(v0, n0, e, vp, NEED_S, prec);
        arb_mul(w->t, q1, v0->P, prec);
        arb_sub(a, q0, w->t, prec);
        if (e->has_mean)
            arb_mul(c, q1, v0->Sc, prec);
        else
            arb_zero(c);
        if (b != NULL)
            arb_set(b, q2);
        arb_set(b2, q3);
        return;
    case DMV_SCHEME_EULER:
        node_eval(v0, n0, e, vp, NEED_F, prec);
        arb_mul(a, q0, v0->Fy, prec);
        arb_add_ui(a, a, 1, prec);
        if (e->has_mean)
            arb_mul(c, q0, v0->Fc, prec);
        else
            arb_zero(c);
        break;
    case DMV_SCHEME_HEUN:
        /* a = 1 + (h/2)(Fy0 + Fy1 (1 + h Fy0)), c = (h/2)(Fc0 + Fc1 + h Fy1 Fc0) */
        node_eval(v0, n0, e, vp, NEED_F, prec);
        node_eval(v1, n1, e, vp, NEED_F, prec);
        arb_mul(w->t, q0, v0->Fy, prec);
        arb_add_ui(w->t, w->t, 1, prec);
        arb_mul(w->t, w->t, v1->Fy, prec);
        arb_add(w->t, w->t, v0->Fy, prec);
        arb_mul(a, w->t, q1, prec);
        arb_add_ui(a, a, 1, prec);
        if (e->has_mean) {
            arb_mul(w->t, v1->Fy, v0->Fc, prec);
            arb_mul(w->t, w->t, q0, prec);
            arb_add(w->t, w->t, v0->Fc, prec);
            arb_add(w->t, w->t, v1->Fc, prec);
            arb_mul(c, w->t, q1, prec);
        } else
            arb_zero(c);
        break;
    case DMV_SCHEME_RK4: {
        /* A1 = k0, A2 = km (1 + h A1/2), A3 = km (1 + h A2/2), A4 = k1 (1 + h A3) (docs/math/schemes.md#step-maps) */
        const dmv_ref_node *nm = pr->node + N + 1 + k;
        node_eval(v0, n0, e, vp, NEED_F, prec);
        node_eval(vm, nm, e, vp, NEED_F, prec);
        node_eval(v1, n1, e, vp, NEED_F, prec);
        arb_mul(w->t, q1, v0->Fy, prec);
        arb_add_ui(w->t, w->t, 1, prec);
        arb_mul(w->A2, vm->Fy, w->t, prec);
        arb_mul(w->t, q1, w->A2, prec);
        arb_add_ui(w->t, w->t, 1, prec);
        arb_mul(w->A3, vm->Fy, w->t, prec);
        arb_mul(w->t, q0, w->A3, prec);
        arb_add_ui(w->t, w->t, 1, prec);
        arb_mul(w->t, v1->Fy, w->t, prec); /* A4 */
        arb_add(w->t, w->t, v0->Fy, prec);
        arb_add(w->u, w->A2, w->A3, prec);
        arb_mul_2exp_si(w->u, w->u, 1);
        arb_add(w->t, w->t, w->u, prec);
        arb_mul(a, w->t, q2, prec);
        arb_add_ui(a, a, 1, prec);
        if (e->has_mean) {
            /* C2 = km h C1/2 + qm, C3 = km h C2/2 + qm, C4 = k1 h C3 + q1 */
            arb_mul(w->t, vm->Fy, q1, prec);
            arb_mul(w->C2, w->t, v0->Fc, prec);
            arb_add(w->C2, w->C2, vm->Fc, prec);
            arb_mul(w->C3, w->t, w->C2, prec);
            arb_add(w->C3, w->C3, vm->Fc, prec);
            arb_mul(w->u, v1->Fy, q0, prec);
            arb_mul(w->u, w->u, w->C3, prec);
            arb_add(w->u, w->u, v1->Fc, prec); /* C4 */
            arb_add(w->u, w->u, v0->Fc, prec);
            arb_add(w->t, w->C2, w->C3, prec);
            arb_mul_2exp_si(w->t, w->t, 1);
            arb_add(w->t, w->t, w->u, prec);
            arb_mul(c, w->t, q2, prec);
        } else
            arb_zero(c);
        break;
    }
    case DMV_SCHEME_HEUN_EDM:
        /* X = 1/a + dsh Ey0, Xc = dsh Ec0; last step to sigma = 0: y' = a' X y + a' Xc;
         * else a = a'/a + a' dsh/2 (Ey0 + Ey1 a' X), c = a' dsh/2 (Ec0 + Ey1 a' Xc + Ec1) */
        node_eval(v0, n0, e, vp, NEED_E, prec);
        arb_mul(w->X, q1, v0->Ey, prec);
        arb_add(w->X, w->X, q0, prec);
        if (e->has_mean)
            arb_mul(w->Xc, q1, v0->Ec, prec);
        if (pr->last_zero[k]) {
            arb_mul(a, q2, w->X, prec);
            if (e->has_mean)
                arb_mul(c, q2, w->Xc, prec);
            else
                arb_zero(c);
        } else {
            node_eval(v1, n1, e, vp, NEED_E, prec);
            arb_mul(w->t, v1->Ey, q2, prec); /* Ey1 a' */
            arb_mul(w->u, w->t, w->X, prec);
            arb_add(w->u, w->u, v0->Ey, prec);
            arb_mul(a, w->u, q4, prec);
            arb_add(a, a, q3, prec);
            if (e->has_mean) {
                arb_mul(w->u, w->t, w->Xc, prec);
                arb_add(w->u, w->u, v0->Ec, prec);
                arb_add(w->u, w->u, v1->Ec, prec);
                arb_mul(c, w->u, q4, prec);
            } else
                arb_zero(c);
        }
        break;
    case DMV_SCHEME_DDIM:
        /* a = a' Dy + sq Ey, c = a' Dc + sq Ec, b = c_ddim */
        node_eval(v0, n0, e, vp, NEED_D | NEED_E, prec);
        arb_mul(a, q0, v0->Dy, prec);
        arb_addmul(a, q1, v0->Ey, prec);
        if (e->has_mean) {
            arb_mul(c, q0, v0->Dc, prec);
            arb_addmul(c, q1, v0->Ec, prec);
        } else
            arb_zero(c);
        if (b != NULL)
            arb_set(b, q2);
        arb_set(b2, q3);
        return;
    case DMV_SCHEME_DPM2: {
        /* U = q0 - q1 Ey0, Uc = -q1 Ec0; a = q2 - q3 Eym U, c = -q3 (Eym Uc + Ecm) */
        const dmv_ref_node *nm = pr->node + N + 1 + k;
        node_eval(v0, n0, e, vp, NEED_E, prec);
        node_eval(vm, nm, e, vp, NEED_E, prec);
        arb_mul(w->X, q1, v0->Ey, prec);
        arb_sub(w->X, q0, w->X, prec);
        arb_mul(w->t, vm->Ey, w->X, prec);
        arb_mul(w->t, w->t, q3, prec);
        arb_sub(a, q2, w->t, prec);
        if (e->has_mean) {
            arb_mul(w->Xc, q1, v0->Ec, prec);
            arb_mul(w->t, vm->Ey, w->Xc, prec);
            arb_sub(w->t, vm->Ec, w->t, prec);
            arb_mul(c, w->t, q3, prec);
            arb_neg(c, c);
        } else
            arb_zero(c);
        break;
    }
    default:
        break;
    }
    if (b != NULL)
        arb_zero(b);
    arb_zero(b2);
}

/* Diagnoses a non-finite result: which node made the score infinite. */
static int diagnose(const dmv_ref_schedule *sch, const eig_t *e, slong prec, dmv_error *err)
{
    const dmv_ref_priv *pr = (const dmv_ref_priv *) sch->priv;
    slong i;
    arb_t Lp;
    int st = DMV_OK;
    arb_init(Lp);
    for (i = 0; i < pr->nnodes && st == DMV_OK; i++) {
        arb_mul(Lp, pr->node[i].alpha2, e->lam1, prec);
        arb_add(Lp, Lp, pr->node[i].sigma2, prec);
        if (arb_is_zero(Lp))
            st = dmv_error_set(err, DMV_ENOTFINITE,
                               "scheme %s: the score at s = %g is infinite for lambda + dl = %g "
                               "(lambda_s = 0; the paper's '-')",
                               dmv_scheme_name(sch->scheme.kind),
                               i <= sch->steps ? arf_get_d(arb_midref(sch->s + i), ARF_RND_NEAR) : -1.0,
                               arf_get_d(arb_midref(e->lam1), ARF_RND_NEAR));
        else if (arb_contains_zero(Lp))
            st = dmv_error_set(err, DMV_EPREC,
                               "scheme %s: lambda_s not certified nonzero at %ld bits (node %ld)",
                               dmv_scheme_name(sch->scheme.kind), (long) prec, (long) i);
    }
    arb_clear(Lp);
    if (st == DMV_OK)
        st = dmv_error_set(err, DMV_EPREC,
                           "scheme %s: result not finite at %ld bits for lambda + dl = %g (overflow or "
                           "precision loss)",
                           dmv_scheme_name(sch->scheme.kind), (long) prec,
                           arf_get_d(arb_midref(e->lam1), ARF_RND_NEAR));
    return st;
}

/* 1 if x lost more than 3/4 of the working precision: rad > 2^(-prec/4) max(|mid|, 1) */
static int too_wide(const arb_t x, slong prec)
{
    mag_t m;
    int r;
    mag_init(m);
    arf_get_mag(m, arb_midref(x));
    if (mag_cmp_2exp_si(m, 0) < 0)
        mag_one(m);
    mag_mul_2exp_si(m, m, -(prec / 4));
    r = mag_cmp(arb_radref(x), m) > 0;
    mag_clear(m);
    return r;
}

static int check_width(const arb_t A, const arb_t Bsq, const arb_t c, const dmv_ref_schedule *sch, slong prec,
                       dmv_error *err)
{
    if (too_wide(A, prec) || too_wide(Bsq, prec) || too_wide(c, prec))
        return dmv_error_set(err, DMV_EPREC,
                             "scheme %s, %ld steps: the result lost more than 3/4 of the %ld bits of precision "
                             "(coefficient radius %.3g); use a higher precision",
                             dmv_scheme_name(sch->scheme.kind), (long) sch->steps, (long) prec,
                             mag_get_d(arb_radref(A)));
    return DMV_OK;
}

/* DPM-Solver++(2M): state (y_k, D_{k-1}), deterministic. Fills A, c, and
 * optionally the per-step 2x2 maps for the growth coefficients. */
static void dpmpp_run(arb_t A, arb_t c, arb_ptr m11, arb_ptr m12, arb_ptr m21, arb_ptr pathA, arb_ptr pathc,
                      const dmv_ref_schedule *sch, const eig_t *e, ws_t *w, slong prec)
{
    const dmv_ref_priv *pr = (const dmv_ref_priv *) sch->priv;
    slong k, N = sch->steps;
    arb_t Y, Yc, Dp, Dpc, Dk, Dkc, Db, Dbc;
    arb_init(Y);
    arb_init(Yc);
    arb_init(Dp);
    arb_init(Dpc);
    arb_init(Dk);
    arb_init(Dkc);
    arb_init(Db);
    arb_init(Dbc);
    arb_one(Y);
    for (k = 0; k < N; k++) {
        nv_t *v = &w->v0;
        node_eval(v, pr->node + k, e, pr->vp, NEED_D, prec);
        arb_mul(Dk, v->Dy, Y, prec);
        if (e->has_mean) {
            arb_mul(Dkc, v->Dy, Yc, prec);
            arb_add(Dkc, Dkc, v->Dc, prec);
        }
        if (k == 0) {
            arb_set(Db, Dk);
            arb_set(Dbc, Dkc);
        } else {
            arb_mul(Db, pr->q[2] + k, Dk, prec);
            arb_submul(Db, pr->q[3] + k, Dp, prec);
            if (e->has_mean) {
                arb_mul(Dbc, pr->q[2] + k, Dkc, prec);
                arb_submul(Dbc, pr->q[3] + k, Dpc, prec);
            }
        }
        if (m11 != NULL) {
            /* y_{k+1} = (q0 - q1 w1 Dy) y_k + q1 w2 D_{k-1};  D_k = Dy y_k */
            if (k == 0) {
                arb_mul(m11 + k, pr->q[1] + k, v->Dy, prec);
                arb_zero(m12 + k);
            } else {
                arb_mul(m11 + k, pr->q[1] + k, pr->q[2] + k, prec);
                arb_mul(m11 + k, m11 + k, v->Dy, prec);
                arb_mul(m12 + k, pr->q[1] + k, pr->q[3] + k, prec);
            }
            arb_sub(m11 + k, pr->q[0] + k, m11 + k, prec);
            arb_set(m21 + k, v->Dy);
        }
        arb_mul(Y, Y, pr->q[0] + k, prec);
        arb_submul(Y, pr->q[1] + k, Db, prec);
        if (e->has_mean) {
            arb_mul(Yc, Yc, pr->q[0] + k, prec);
            arb_submul(Yc, pr->q[1] + k, Dbc, prec);
        }
        if (pathA != NULL) {
            arb_set(pathA + k + 1, Y);
            arb_set(pathc + k + 1, Yc);
        }
        arb_swap(Dp, Dk);
        arb_swap(Dpc, Dkc);
    }
    arb_set(A, Y);
    arb_set(c, Yc);
    arb_clear(Y);
    arb_clear(Yc);
    arb_clear(Dp);
    arb_clear(Dpc);
    arb_clear(Dk);
    arb_clear(Dkc);
    arb_clear(Db);
    arb_clear(Dbc);
}

/* The lean path for the paper's six schemes with the exact score and no mean
 * (the ablation table): fewest operations, one division per model query, the
 * end node's drift carried to the next step, no constant term. */
static int fast_ok(const dmv_ref_schedule *sch, const eig_t *e)
{
    dmv_scheme_kind k = sch->scheme.kind;
    return !e->has_mean && !e->has_kappa &&
           (k == DMV_SCHEME_EM || k == DMV_SCHEME_EI || k == DMV_SCHEME_DDPM || k == DMV_SCHEME_DDPM_CHAIN ||
            k == DMV_SCHEME_DDPM_POSTERIOR || k == DMV_SCHEME_EULER ||
            k == DMV_SCHEME_HEUN || k == DMV_SCHEME_RK4);
}

/* F = drift coefficient at a node (exact score): VP fnum (lambda - 1)/Lp, VE fnum/Lp */
static void fast_fy(arb_t F, arb_t Lp, const dmv_ref_node *n, const eig_t *e, int vp, slong prec)
{
    arb_fma(Lp, n->alpha2, e->lam1, n->sigma2, prec);
    if (vp) {
        arb_mul(F, n->fnum, e->lm1, prec);
        arb_div(F, F, Lp, prec);
    } else
        arb_div(F, n->fnum, Lp, prec);
}

static void map1_fast(arb_t A, arb_t Bsq, const dmv_ref_schedule *sch, const eig_t *e, slong prec)
{
    const dmv_ref_priv *pr = (const dmv_ref_priv *) sch->priv;
    slong k, N = sch->steps;
    int vp = pr->vp;
    arb_t Lp, a, t, F0, F1, Fm, A2, A3;
    arb_init(Lp);
    arb_init(a);
    arb_init(t);
    arb_init(F0);
    arb_init(F1);
    arb_init(Fm);
    arb_init(A2);
    arb_init(A3);
    arb_one(A);
    arb_zero(Bsq);
    switch (sch->scheme.kind) {
    case DMV_SCHEME_EM:
    case DMV_SCHEME_EI:
    case DMV_SCHEME_DDPM:
    case DMV_SCHEME_DDPM_CHAIN:
    case DMV_SCHEME_DDPM_POSTERIOR:
        /* a = q0 - q1/Lp; A *= a; Bsq = a^2 Bsq + q3 */
        for (k = 0; k < N; k++) {
            const dmv_ref_node *n0 = pr->node + k;
            arb_fma(Lp, n0->alpha2, e->lam1, n0->sigma2, prec);
            arb_div(t, pr->q[1] + k, Lp, prec);
            arb_sub(a, pr->q[0] + k, t, prec);
            arb_mul(A, A, a, prec);
            arb_sqr(t, a, prec);
            arb_fma(Bsq, Bsq, t, pr->q[3] + k, prec);
        }
        break;
    case DMV_SCHEME_EULER:
        for (k = 0; k < N; k++) {
            const dmv_ref_node *n0 = pr->node + k;
            arb_fma(Lp, n0->alpha2, e->lam1, n0->sigma2, prec);
            if (vp) {
                arb_mul(t, pr->q[1] + k, e->lm1, prec);
                arb_div(t, t, Lp, prec);
            } else
                arb_div(t, pr->q[1] + k, Lp, prec);
            arb_add_ui(a, t, 1, prec);
            arb_mul(A, A, a, prec);
        }
        break;
    case DMV_SCHEME_HEUN:
        /* a = 1 + (h/2)(F0 + F1 (1 + h F0)) */
        fast_fy(F0, Lp, pr->node + 0, e, vp, prec);
        for (k = 0; k < N; k++) {
            fast_fy(F1, Lp, pr->node + k + 1, e, vp, prec);
            arb_mul(t, pr->q[0] + k, F0, prec);
            arb_add_ui(t, t, 1, prec);
            arb_mul(t, t, F1, prec);
            arb_add(t, t, F0, prec);
            arb_mul(t, t, pr->q[1] + k, prec);
            arb_add_ui(a, t, 1, prec);
            arb_mul(A, A, a, prec);
            arb_swap(F0, F1);
        }
        break;
    case DMV_SCHEME_RK4:
        fast_fy(F0, Lp, pr->node + 0, e, vp, prec);
        for (k = 0; k < N; k++) {
            fast_fy(Fm, Lp, pr->node + N + 1 + k, e, vp, prec);
            fast_fy(F1, Lp, pr->node + k + 1, e, vp, prec);
            arb_mul(t, pr->q[1] + k, F0, prec);
            arb_add_ui(t, t, 1, prec);
            arb_mul(A2, Fm, t, prec);
            arb_mul(t, pr->q[1] + k, A2, prec);
            arb_add_ui(t, t, 1, prec);
            arb_mul(A3, Fm, t, prec);
            arb_mul(t, pr->q[0] + k, A3, prec);
            arb_add_ui(t, t, 1, prec);
            arb_mul(t, F1, t, prec); /* A4 */
            arb_add(A2, A2, A3, prec);
            arb_mul_2exp_si(A2, A2, 1);
            arb_add(t, t, A2, prec);
            arb_add(t, t, F0, prec);
            arb_mul(t, t, pr->q[2] + k, prec);
            arb_add_ui(a, t, 1, prec);
            arb_mul(A, A, a, prec);
            arb_swap(F0, F1);
        }
        break;
    default:
        break;
    }
    arb_clear(Lp);
    arb_clear(a);
    arb_clear(t);
    arb_clear(F0);
    arb_clear(F1);
    arb_clear(Fm);
    arb_clear(A2);
    arb_clear(A3);
}

int dmv_ref_scheme_map1(arb_t A, arb_t Bsq, arb_t c, const dmv_ref_schedule *sch,
                        const arb_t lambda, const arb_t mean, const dmv_ref_score_error *se,
                        slong prec, dmv_error *err)
{
    eig_t e;
    ws_t w;
    arb_t a, cc, b2;
    slong k;
    int st;

    if (sch == NULL || sch->priv == NULL)
        return dmv_error_set(err, DMV_EINVAL, "schedule: not initialised");
    if (dmv_scheme_is_kdiff(sch->scheme.kind))
        return _dmv_ref_kdiff_map1(A, Bsq, c, sch, lambda, mean, se, prec, err);
    st = eig_set(&e, lambda, mean, se, prec, err);
    if (st != DMV_OK) {
        eig_clear(&e);
        return st;
    }
    ws_init(&w);
    if (fast_ok(sch, &e)) {
        map1_fast(A, Bsq, sch, &e, prec);
        arb_zero(c);
    } else if (sch->scheme.kind == DMV_SCHEME_DPMPP2M) {
        dpmpp_run(A, c, NULL, NULL, NULL, NULL, NULL, sch, &e, &w, prec);
        arb_zero(Bsq);
    } else {
        arb_init(a);
        arb_init(cc);
        arb_init(b2);
        arb_one(A);
        arb_zero(Bsq);
        arb_zero(c);
        for (k = 0; k < sch->steps; k++) {
            step1(a, cc, NULL, b2, sch, k, &e, &w, prec);
            arb_mul(A, A, a, prec);
            if (e.has_mean) {
                arb_mul(c, c, a, prec);
                arb_add(c, c, cc, prec);
            }
            arb_mul(Bsq, Bsq, a, prec);
            arb_mul(Bsq, Bsq, a, prec);
            arb_add(Bsq, Bsq, b2, prec);
        }
        arb_clear(a);
        arb_clear(cc);
        arb_clear(b2);
    }
    if (!arb_is_finite(A) || !arb_is_finite(Bsq) || !arb_is_finite(c))
        st = diagnose(sch, &e, prec, err);
    else
        st = check_width(A, Bsq, c, sch, prec, err);
    ws_clear(&w);
    eig_clear(&e);
    return st;
}

int dmv_ref_scheme_law1(arb_t mean_out, arb_t var_out, const dmv_ref_schedule *sch,
                        const arb_t lambda, const arb_t mean_data, const arb_t m0, const arb_t v0,
                        const dmv_ref_score_error *e, slong prec, dmv_error *err)
{
    arb_t A, Bsq, c;
    int st;
    arb_init(A);
    arb_init(Bsq);
    arb_init(c);
    st = dmv_ref_scheme_map1(A, Bsq, c, sch, lambda, mean_data, e, prec, err);
    if (st == DMV_OK) {
        arb_mul(mean_out, A, m0, prec);
        arb_add(mean_out, mean_out, c, prec);
        arb_sqr(var_out, A, prec);
        arb_mul(var_out, var_out, v0, prec);
        arb_add(var_out, var_out, Bsq, prec);
    }
    arb_clear(A);
    arb_clear(Bsq);
    arb_clear(c);
    return st;
}

void dmv_ref_affine1_init(dmv_ref_affine1 *a, slong steps)
{
    a->steps = steps;
    arb_init(a->x0_coef);
    arb_init(a->shift);
    a->noise_coef = _arb_vec_init(steps > 0 ? steps : 1);
    a->growth = _arb_vec_init(steps + 1);
}

void dmv_ref_affine1_clear(dmv_ref_affine1 *a)
{
    arb_clear(a->x0_coef);
    arb_clear(a->shift);
    _arb_vec_clear(a->noise_coef, a->steps > 0 ? a->steps : 1);
    _arb_vec_clear(a->growth, a->steps + 1);
}

int dmv_ref_scheme_affine1(dmv_ref_affine1 *out, const dmv_ref_schedule *sch, const arb_t lambda,
                           const arb_t mean, const dmv_ref_score_error *se, slong prec,
                           dmv_error *err)
{
    eig_t e;
    ws_t w;
    slong k, N;
    arb_ptr av, cv, bv;
    arb_t b2, t;
    int st;

    if (sch == NULL || sch->priv == NULL)
        return dmv_error_set(err, DMV_EINVAL, "schedule: not initialised");
    N = sch->steps;
    if (out->steps != N)
        return dmv_error_set(err, DMV_EINVAL, "affine1 has %ld steps, the schedule %ld", (long) out->steps,
                             (long) N);
    if (dmv_scheme_is_kdiff(sch->scheme.kind))
        return _dmv_ref_kdiff_affine1(out, sch, lambda, mean, se, prec, err);
    st = eig_set(&e, lambda, mean, se, prec, err);
    if (st != DMV_OK) {
        eig_clear(&e);
        return st;
    }
    ws_init(&w);
    av = _arb_vec_init(N);
    cv = _arb_vec_init(N);
    bv = _arb_vec_init(N);
    arb_init(b2);
    arb_init(t);
    if (sch->scheme.kind == DMV_SCHEME_DPMPP2M) {
        /* row vector (gy, gd) of y_N w.r.t. (y_k, D_{k-1}), back-propagated through
         * (y_{k+1}, D_k) = [[m11, m12], [m21, 0]] (y_k, D_{k-1}) */
        arb_t gy, gd;
        arb_init(gy);
        arb_init(gd);
        dpmpp_run(out->x0_coef, out->shift, av, cv, bv, NULL, NULL, sch, &e, &w, prec);
        arb_one(gy);
        arb_zero(gd);
        arb_one(out->growth + N);
        for (k = N - 1; k >= 0; k--) {
            arb_mul(t, gy, cv + k, prec); /* new gd = gy m12 */
            arb_mul(gy, gy, av + k, prec);
            arb_addmul(gy, gd, bv + k, prec);
            arb_swap(gd, t);
            arb_set(out->growth + k, gy);
            arb_zero(out->noise_coef + k);
        }
        arb_clear(gy);
        arb_clear(gd);
    } else {
        for (k = 0; k < N; k++)
            step1(av + k, cv + k, bv + k, b2, sch, k, &e, &w, prec);
        arb_one(out->growth + N);
        arb_zero(out->shift);
        for (k = N - 1; k >= 0; k--) {
            arb_mul(out->noise_coef + k, out->growth + k + 1, bv + k, prec);
            arb_addmul(out->shift, out->growth + k + 1, cv + k, prec);
            arb_mul(out->growth + k, out->growth + k + 1, av + k, prec);
        }
        arb_set(out->x0_coef, out->growth + 0);
    }
    if (!arb_is_finite(out->x0_coef) || !arb_is_finite(out->shift) ||
        !_arb_vec_is_finite(out->noise_coef, N))
        st = diagnose(sch, &e, prec, err);
    else
        st = check_width(out->x0_coef, out->x0_coef, out->shift, sch, prec, err);
    _arb_vec_clear(av, N);
    _arb_vec_clear(cv, N);
    _arb_vec_clear(bv, N);
    arb_clear(b2);
    arb_clear(t);
    ws_clear(&w);
    eig_clear(&e);
    return st;
}

int dmv_ref_scheme_path1(arb_ptr A, arb_ptr Bsq, arb_ptr c, const dmv_ref_schedule *sch, const arb_t lambda,
                         const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err)
{
    eig_t e;
    ws_t w;
    arb_t a, cc, b2, t;
    slong k, N;
    int st;

    if (sch == NULL || sch->priv == NULL)
        return dmv_error_set(err, DMV_EINVAL, "schedule: not initialised");
    N = sch->steps;
    if (dmv_scheme_is_kdiff(sch->scheme.kind))
        return _dmv_ref_kdiff_path1(A, Bsq, c, sch, lambda, mean, se, prec, err);
    st = eig_set(&e, lambda, mean, se, prec, err);
    if (st != DMV_OK) {
        eig_clear(&e);
        return st;
    }
    ws_init(&w);
    arb_init(a);
    arb_init(cc);
    arb_init(b2);
    arb_init(t);
    arb_one(A + 0);
    arb_zero(Bsq + 0);
    arb_zero(c + 0);
    if (sch->scheme.kind == DMV_SCHEME_DPMPP2M) {
        dpmpp_run(a, cc, NULL, NULL, NULL, A, c, sch, &e, &w, prec);
        _arb_vec_zero(Bsq, N + 1);
    } else {
        for (k = 0; k < N; k++) {
            step1(a, cc, NULL, b2, sch, k, &e, &w, prec);
            arb_mul(A + k + 1, A + k, a, prec);
            arb_mul(c + k + 1, c + k, a, prec);
            arb_add(c + k + 1, c + k + 1, cc, prec);
            arb_sqr(t, a, prec);
            arb_fma(Bsq + k + 1, Bsq + k, t, b2, prec);
        }
    }
    if (!_arb_vec_is_finite(A, N + 1) || !_arb_vec_is_finite(Bsq, N + 1) || !_arb_vec_is_finite(c, N + 1))
        st = diagnose(sch, &e, prec, err);
    else
        st = check_width(A + N, Bsq + N, c + N, sch, prec, err);
    arb_clear(a);
    arb_clear(cc);
    arb_clear(b2);
    arb_clear(t);
    ws_clear(&w);
    eig_clear(&e);
    return st;
}
