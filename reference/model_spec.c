/* The reference model built from a spec (include/dmv/ref_model.h): exact bases, the dispatcher
 * over the kinds, the composite kinds (guided, score_mix, tail) and precision escalation.
 * Formulas: docs/model-spec.md, "Reference denoisers". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/ref_model.h"

/* The DCT bases of the Gaussians of the spec tree (exact balls), keyed by the Gaussian's address.
 * Matrix bases are not copied: the denoisers read the spec's doubles as exact numbers. */
typedef struct {
    const dmv_model_gaussian *g;
    arb_mat_t U;
} basis_entry;

typedef struct {
    long n, cap;
    basis_entry *e;
    slong basis_prec;
} ref_priv;

static const arb_mat_struct *find_basis(const ref_priv *p, const dmv_model_gaussian *g)
{
    long k;
    for (k = 0; k < p->n; k++)
        if (p->e[k].g == g)
            return p->e[k].U;
    return NULL;
}

static int add_basis(ref_priv *p, const dmv_model_gaussian *g, dmv_error *err)
{
    long d = g->d;
    arb_mat_struct *U;
    if (g->full || g->basis_kind != DMV_BASIS_DCT) /* a matrix basis is read from the spec's doubles */
        return DMV_OK;
    if (p->n == p->cap) {
        long cap = p->cap ? 2 * p->cap : 8;
        basis_entry *e = realloc(p->e, (size_t) cap * sizeof *e);
        if (e == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "reference model: out of memory");
        p->e = e;
        p->cap = cap;
    }
    p->e[p->n].g = g;
    U = p->e[p->n].U;
    arb_mat_init(U, d, d);
    p->n++;
    dmv_ref_dct_basis(U, d, p->basis_prec);
    return DMV_OK;
}

static int collect(ref_priv *p, const dmv_model_spec *s, dmv_error *err)
{
    long k;
    int rc = DMV_OK;
    switch (s->kind) {
    case DMV_MODEL_GAUSSIAN:
        return add_basis(p, &s->u.gaussian, err);
    case DMV_MODEL_PERTURBED:
        return add_basis(p, &s->u.perturbed.base, err);
    case DMV_MODEL_MIXTURE:
        for (k = 0; k < s->u.mixture.K && rc == DMV_OK; k++)
            rc = add_basis(p, &s->u.mixture.comp[k], err);
        return rc;
    case DMV_MODEL_GUIDED:
        if ((rc = collect(p, s->u.guided.cond, err)) != DMV_OK)
            return rc;
        return collect(p, s->u.guided.uncond, err);
    case DMV_MODEL_SCORE_MIX:
        if ((rc = collect(p, s->u.score_mix.base, err)) != DMV_OK)
            return rc;
        return collect(p, s->u.score_mix.other, err);
    case DMV_MODEL_TAIL:
        return collect(p, s->u.tail.base, err);
    default:
        return DMV_OK;
    }
}

void dmv_ref_model_clear(dmv_ref_model *m)
{
    ref_priv *p;
    long k;
    if (m == NULL)
        return;
    p = m->priv;
    if (p != NULL) {
        for (k = 0; k < p->n; k++)
            arb_mat_clear(p->e[k].U);
        free(p->e);
        free(p);
    }
    memset(m, 0, sizeof *m);
}

int dmv_ref_model_from_spec(dmv_ref_model *m, const dmv_model_spec *spec, slong prec, dmv_error *err)
{
    ref_priv *p;
    int rc;
    if (m == NULL)
        return dmv_error_set(err, DMV_EINVAL, "reference model: model is NULL");
    memset(m, 0, sizeof *m);
    if (prec < 16)
        return dmv_error_set(err, DMV_EINVAL, "reference model: prec = %ld: must be >= 16", (long) prec);
    if ((rc = dmv_model_spec_check(spec, "", err)) != DMV_OK)
        return rc;
    p = calloc(1, sizeof *p);
    if (p == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "reference model: out of memory");
    /* DCT bases carry room for the escalation of dmv_ref_model_denoise_acc up to 4 prec (their
     * radius, 2^-(4 prec), then bounds further escalation) */
    p->basis_prec = 4 * prec + 64;
    m->priv = p;
    m->spec = spec;
    m->dim = spec->dim;
    if ((rc = collect(p, spec, err)) != DMV_OK) {
        dmv_ref_model_clear(m);
        return rc;
    }
    return DMV_OK;
}

/* tri-state: 1 certified true, 0 certified false, -1 undecided */
static int tri_positive(const arb_t t)
{
    if (arb_is_positive(t))
        return 1;
    if (arb_is_nonpositive(t))
        return 0;
    return -1;
}

static int denoise_node(arb_ptr out, const ref_priv *p, const dmv_model_spec *s, const arb_t a, const arb_t sg,
                        arb_srcptr x, slong prec, dmv_error *err);

/* out = D_1 + c (D_1 - D_2) (guided: c = w; score_mix: c = -lambda); c = 0 evaluates D_1 only. */
static int combine(arb_ptr out, const ref_priv *p, const dmv_model_spec *s1, const dmv_model_spec *s2, double c,
                   const arb_t a, const arb_t sg, arb_srcptr x, slong prec, dmv_error *err)
{
    long d = s1->dim, j;
    arb_ptr d2;
    arb_t t;
    int rc = denoise_node(out, p, s1, a, sg, x, prec, err);
    if (rc != DMV_OK || c == 0)
        return rc;
    d2 = _arb_vec_init(d);
    arb_init(t);
    rc = denoise_node(d2, p, s2, a, sg, x, prec, err);
    if (rc == DMV_OK)
        for (j = 0; j < d; j++) {
            arb_sub(t, out + j, d2 + j, prec);
            arb_set_d(d2 + j, c);
            arb_addmul(out + j, t, d2 + j, prec);
        }
    _arb_vec_clear(d2, d);
    arb_clear(t);
    return rc;
}

/* Tail corruption (docs/model-spec.md, "tail"): for alpha > 0 and sigma <= sigma_hat_max alpha,
 * coordinate j with x_j > alpha a2_j + kappa sigma (or x_j < alpha a1_j - kappa sigma) gets the
 * score 0, i.e. D_j = x_j / alpha. Undecided comparisons (the boundary inside the balls) give the
 * union of both values. */
static int tail(arb_ptr out, const ref_priv *p, const dmv_model_spec *s, const arb_t a, const arb_t sg,
                arb_srcptr x, slong prec, dmv_error *err)
{
    long d = s->dim, j;
    int rc = denoise_node(out, p, s->u.tail.base, a, sg, x, prec, err), active, in, up, lo;
    arb_t t, u, xa;
    if (rc != DMV_OK || arb_is_zero(a))
        return rc;
    if (!arb_is_positive(a))
        return dmv_error_set(err, DMV_EDOM, "tail denoiser: alpha is neither 0 nor certified > 0");
    arb_init(t);
    arb_init(u);
    arb_init(xa);
    if (isinf(s->u.tail.sigma_hat_max))
        active = 1;
    else {
        arb_set_d(t, s->u.tail.sigma_hat_max);
        arb_mul(t, t, a, prec);
        arb_sub(t, t, sg, prec); /* sigma_hat_max alpha - sigma >= 0 */
        active = arb_is_nonnegative(t) ? 1 : arb_is_negative(t) ? 0 : -1;
    }
    for (j = 0; j < d && active != 0; j++) {
        up = lo = 0;
        arb_set_d(u, s->u.tail.kappa);
        arb_mul(u, u, sg, prec); /* kappa sigma */
        if (s->u.tail.a2) {
            arb_set_d(t, s->u.tail.a2[j]);
            arb_mul(t, t, a, prec);
            arb_add(t, t, u, prec);
            arb_sub(t, x + j, t, prec); /* x - (alpha a2 + kappa sigma) > 0 */
            up = tri_positive(t);
        }
        if (s->u.tail.a1) {
            arb_set_d(t, s->u.tail.a1[j]);
            arb_mul(t, t, a, prec);
            arb_sub(t, t, u, prec);
            arb_sub(t, t, x + j, prec); /* (alpha a1 - kappa sigma) - x > 0 */
            lo = tri_positive(t);
        }
        in = (up == 1 || lo == 1) ? 1 : (up == -1 || lo == -1) ? -1 : 0;
        if (in == 1 && active == -1)
            in = -1;
        if (in == 0)
            continue;
        arb_div(xa, x + j, a, prec);
        if (in == 1)
            arb_set(out + j, xa);
        else
            arb_union(out + j, out + j, xa, prec);
    }
    arb_clear(t);
    arb_clear(u);
    arb_clear(xa);
    return DMV_OK;
}

static int denoise_node(arb_ptr out, const ref_priv *p, const dmv_model_spec *s, const arb_t a, const arb_t sg,
                        arb_srcptr x, slong prec, dmv_error *err)
{
    switch (s->kind) {
    case DMV_MODEL_GAUSSIAN:
        return dmv_ref_denoise_gaussian(out, NULL, &s->u.gaussian, find_basis(p, &s->u.gaussian), a, sg, x, prec,
                                        err);
    case DMV_MODEL_PERTURBED:
        return dmv_ref_denoise_perturbed(out, s, find_basis(p, &s->u.perturbed.base), a, sg, x, prec, err);
    case DMV_MODEL_MIXTURE: {
        const arb_mat_struct **b = flint_malloc((size_t) s->u.mixture.K * sizeof *b);
        long k;
        int rc;
        for (k = 0; k < s->u.mixture.K; k++)
            b[k] = find_basis(p, &s->u.mixture.comp[k]);
        rc = dmv_ref_denoise_mixture(out, s, b, a, sg, x, prec, err);
        flint_free(b);
        return rc;
    }
    case DMV_MODEL_BOXES:
        return dmv_ref_denoise_boxes(out, s, a, sg, x, prec, err);
    case DMV_MODEL_UMIX:
        return dmv_ref_denoise_umix(out, s, a, sg, x, prec, err);
    case DMV_MODEL_EMPIRICAL:
        return dmv_ref_denoise_empirical(out, s, a, sg, x, prec, err);
    case DMV_MODEL_GUIDED:
        return combine(out, p, s->u.guided.cond, s->u.guided.uncond, s->u.guided.w, a, sg, x, prec, err);
    case DMV_MODEL_SCORE_MIX:
        return combine(out, p, s->u.score_mix.base, s->u.score_mix.other, -s->u.score_mix.lambda, a, sg, x, prec,
                       err);
    case DMV_MODEL_TAIL:
        return tail(out, p, s, a, sg, x, prec, err);
    case DMV_MODEL_LINEAR_INVERSE:
        return dmv_ref_denoise_linear_inverse(out, s, a, sg, x, prec, err);
    default:
        return dmv_error_set(err, DMV_EINVAL, "reference denoiser: kind %d unknown", (int) s->kind);
    }
}

int dmv_ref_model_denoise(arb_ptr out, const dmv_ref_model *m, const arb_t a, const arb_t s, arb_srcptr x,
                          slong prec, dmv_error *err)
{
    if (m == NULL || m->spec == NULL || out == NULL || x == NULL)
        return dmv_error_set(err, DMV_EINVAL, "reference denoiser: NULL argument");
    return denoise_node(out, m->priv, m->spec, a, s, x, prec, err);
}

/* 1 if every out[j] has radius <= 2^-acc max(1, |mid|); *worst = the first coordinate that fails. */
static int accurate(arb_srcptr out, long d, slong acc, long *worst)
{
    long j;
    mag_t bound, r;
    int ok = 1;
    mag_init(bound);
    mag_init(r);
    for (j = 0; j < d && ok; j++) {
        arf_get_mag(bound, arb_midref(out + j));
        if (mag_cmp_2exp_si(bound, 0) < 0)
            mag_one(bound);
        mag_mul_2exp_si(bound, bound, -acc);
        if (!arb_is_finite(out + j) || mag_cmp(arb_radref(out + j), bound) > 0) {
            ok = 0;
            *worst = j;
        }
    }
    mag_clear(bound);
    mag_clear(r);
    return ok;
}

int dmv_ref_model_denoise_acc(arb_ptr out, const dmv_ref_model *m, const arb_t a, const arb_t s, arb_srcptr x,
                              slong acc_bits, slong prec, slong prec_max, slong *prec_used, dmv_error *err)
{
    slong wp;
    long worst = 0;
    int rc;
    if (m == NULL)
        return dmv_error_set(err, DMV_EINVAL, "reference denoiser: model is NULL");
    if (prec < 16 || prec_max < prec || acc_bits < 1)
        return dmv_error_set(err, DMV_EINVAL, "reference denoiser: prec = %ld, prec_max = %ld, acc_bits = %ld: need "
                                              "16 <= prec <= prec_max and acc_bits >= 1",
                             (long) prec, (long) prec_max, (long) acc_bits);
    for (wp = prec;; wp *= 2) {
        dmv_error e;
        dmv_error_init(&e);
        rc = dmv_ref_model_denoise(out, m, a, s, x, wp, &e);
        if (rc == DMV_OK && accurate(out, m->dim, acc_bits, &worst)) {
            if (prec_used)
                *prec_used = wp;
            return DMV_OK;
        }
        if (rc != DMV_OK && rc != DMV_EPREC)
            return dmv_error_set(err, rc, "%s", e.msg);
        if (2 * wp > prec_max) {
            if (rc != DMV_OK)
                return dmv_error_set(err, rc, "%s (up to %ld bits)", e.msg, (long) wp);
            return dmv_error_set(err, DMV_EPREC,
                                 "reference denoiser (%s): D[%ld] has radius %.3g, above 2^-%ld max(1, |D|) at %ld "
                                 "bits (the largest allowed)",
                                 dmv_model_kind_name(m->spec->kind), worst,
                                 mag_get_d(arb_radref(out + worst)), (long) acc_bits, (long) wp);
        }
    }
}

int dmv_ref_model_denoise_d(arb_ptr out, const dmv_ref_model *m, double a, double s, const double *x,
                            slong acc_bits, slong prec, dmv_error *err)
{
    arb_t aa, ss;
    arb_ptr xx;
    long j;
    int rc;
    if (m == NULL || x == NULL)
        return dmv_error_set(err, DMV_EINVAL, "reference denoiser: NULL argument");
    arb_init(aa);
    arb_init(ss);
    xx = _arb_vec_init(m->dim);
    arb_set_d(aa, a);
    arb_set_d(ss, s);
    for (j = 0; j < m->dim; j++)
        arb_set_d(xx + j, x[j]);
    rc = dmv_ref_model_denoise_acc(out, m, aa, ss, xx, acc_bits, prec, 16 * prec, NULL, err);
    _arb_vec_clear(xx, m->dim);
    arb_clear(aa);
    arb_clear(ss);
    return rc;
}
