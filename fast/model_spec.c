/* Fast models from a model spec (include/dmv/model_spec.h, docs/model-spec.md): each kind is
 * built from the existing models of docs/models.md, wrapped in an owner that keeps the child
 * models and the buffers they point to (DCT bases, eigendecompositions), so that the result
 * outlives the spec. The wrapper forwards denoise and workspace_size unchanged: the bits are
 * those of the model it wraps. New here: the tail corruption (docs/model-spec.md, "tail"):
 * coordinate j gets D_j = x_j/alpha (score 0) when alpha > 0, sigma <= sigma_hat_max alpha and
 * x_j > alpha a2_j + kappa sigma (or x_j < alpha a1_j - kappa sigma), in double. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"
#include "dmv/model_spec.h"

#define SPEC_EMPIRICAL_GEMM_AUTO 65536L /* as the CLI: GEMM when n_train * d >= this */

typedef struct {
    dmv_fast_model inner;     /* the built model (unused for tail) */
    int has_inner;
    dmv_fast_model *child[2]; /* owned children (guided, score_mix, tail) */
    void *buf[4];             /* owned buffers the inner model points to or the init data uses */
    void **extra;             /* more owned buffers (mixture components), nextra of them */
    long nextra;
    dmv_gaussian g;           /* gaussian/perturbed: the init data */
    int has_g;
    /* tail */
    int is_tail;
    double *a1, *a2, kappa, shmax;
} owner_state;

static void owner_clear(dmv_fast_model *m)
{
    owner_state *o = m->state;
    int k;
    if (o == NULL)
        return;
    if (o->has_inner)
        dmv_fast_model_clear(&o->inner);
    for (k = 0; k < 2; k++)
        if (o->child[k]) {
            dmv_fast_model_clear(o->child[k]);
            free(o->child[k]);
        }
    for (k = 0; k < 4; k++)
        free(o->buf[k]);
    for (k = 0; k < o->nextra; k++)
        free(o->extra[k]);
    free(o->extra);
    free(o->a1);
    free(o->a2);
    free(o);
    m->state = NULL;
}

static int owner_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x, double *out,
                         void *workspace, dmv_error *err)
{
    const double alpha = ev->alpha, sigma = ev->sigma;
    const owner_state *o = m->state;
    const dmv_fast_model *b;
    long r, j, d = m->dim;
    int rc;
    if (!o->is_tail)
        return o->inner.denoise(&o->inner, ev, n, x, out, workspace, err);
    b = o->child[0];
    rc = dmv_fast_model_denoise_part(b, "base", ev, n, x, out, workspace, err);
    if (rc != DMV_OK || !(alpha > 0) || !(sigma <= o->shmax * alpha))
        return rc;
    for (r = 0; r < n; r++)
        for (j = 0; j < d; j++) {
            double xj = x[r * d + j];
            if ((o->a2 && xj > alpha * o->a2[j] + o->kappa * sigma) ||
                (o->a1 && xj < alpha * o->a1[j] - o->kappa * sigma))
                out[r * d + j] = xj / alpha;
        }
    return DMV_OK;
}

static size_t owner_workspace_size(const dmv_fast_model *m, long n)
{
    const owner_state *o = m->state;
    const dmv_fast_model *b = o->is_tail ? o->child[0] : &o->inner;
    return b->workspace_size ? b->workspace_size(b, n) : 0;
}

const dmv_gaussian *dmv_fast_model_spec_gaussian(const dmv_fast_model *m)
{
    const owner_state *o;
    if (m == NULL || m->denoise != owner_denoise)
        return NULL;
    o = m->state;
    return o->has_g ? &o->g : NULL;
}

/* The basis of an eigen-form Gaussian as the fast models take it (NULL = identity); a DCT is
 * computed into a buffer the owner keeps. */
static int fast_basis(owner_state *o, int slot, const dmv_model_gaussian *g, const double **U, dmv_error *err)
{
    switch (g->basis_kind) {
    case DMV_BASIS_DCT: {
        double *b = malloc((size_t) g->d * (size_t) g->d * sizeof(double));
        if (b == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory for a DCT basis (d = %ld)", g->d);
        o->buf[slot] = b;
        *U = b;
        return dmv_fast_dct_basis(g->d, b, err);
    }
    case DMV_BASIS_MATRIX:
        *U = g->basis;
        return DMV_OK;
    default:
        *U = NULL;
        return DMV_OK;
    }
}

/* Eigen-form copy of a full-covariance Gaussian (LAPACKE_dsyevd, as dmv_fast_model_dense_cov_init:
 * eigenvalues in [-1e-12 max|ev|, 0) set to 0): lambda, mean = U^T mu, U (row-major, column j =
 * eigenvector j), in one buffer [lambda | mean | U] stored in o->buf[slot]. */
static int eig_of_cov(owner_state *o, int slot, const dmv_model_gaussian *g, dmv_gaussian *out, dmv_error *err)
{
    long d = g->d, i, j;
    double *b = malloc((size_t) (2 * d + d * d) * sizeof(double)), *lam, *mean, *U, mx = 0;
    lapack_int info;
    if (b == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory (d = %ld)", d);
    o->buf[slot] = b;
    lam = b;
    mean = b + d;
    U = b + 2 * d;
    memcpy(U, g->cov, (size_t) (d * d) * sizeof(double));
    info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) d, U, (lapack_int) d, lam);
    if (info != 0)
        return dmv_error_set(err, DMV_EINVAL, "model from spec: covariance eigendecomposition failed (info = %d)",
                             (int) info);
    for (j = 0; j < d; j++)
        mx = fmax(mx, fabs(lam[j]));
    for (j = 0; j < d; j++) {
        if (lam[j] < 0 && lam[j] >= -1e-12 * mx)
            lam[j] = 0;
        if (lam[j] < 0)
            return dmv_error_set(err, DMV_EINVAL, "model from spec: cov has eigenvalue %.17g < 0: not positive "
                                                  "semi-definite", lam[j]);
    }
    for (j = 0; j < d; j++) {
        double acc = 0;
        if (g->mu)
            for (i = 0; i < d; i++)
                acc += U[i * d + j] * g->mu[i];
        mean[j] = acc;
    }
    out->d = d;
    out->lambda = lam;
    out->mean = mean;
    out->basis = U;
    return DMV_OK;
}

static int build(dmv_fast_model *m, const dmv_model_spec *s, int depth, dmv_error *err);

static int build_child(owner_state *o, int k, const dmv_model_spec *s, int depth, dmv_error *err)
{
    o->child[k] = calloc(1, sizeof(dmv_fast_model));
    if (o->child[k] == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
    return build(o->child[k], s, depth + 1, err);
}

static int build_kind(owner_state *o, const dmv_model_spec *s, int depth, dmv_error *err)
{
    dmv_fast_model *in = &o->inner;
    int rc;
    long k;
    switch (s->kind) {
    case DMV_MODEL_GAUSSIAN: {
        const dmv_model_gaussian *g = &s->u.gaussian;
        const double *U = NULL;
        if (g->full)
            return dmv_fast_model_dense_cov_init(in, g->d, g->cov, g->mu, err);
        /* own copies: the init data must outlive the spec */
        o->buf[1] = malloc((size_t) (2 * g->d) * sizeof(double));
        if (o->buf[1] == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
        memcpy(o->buf[1], g->lambda, (size_t) g->d * sizeof(double));
        if (g->mean)
            memcpy((double *) o->buf[1] + g->d, g->mean, (size_t) g->d * sizeof(double));
        if (g->basis_kind == DMV_BASIS_MATRIX) {
            o->buf[0] = malloc((size_t) (g->d * g->d) * sizeof(double));
            if (o->buf[0] == NULL)
                return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
            memcpy(o->buf[0], g->basis, (size_t) (g->d * g->d) * sizeof(double));
            U = o->buf[0];
        } else if ((rc = fast_basis(o, 0, g, &U, err)) != DMV_OK)
            return rc;
        o->g.d = g->d;
        o->g.lambda = o->buf[1];
        o->g.mean = g->mean ? (double *) o->buf[1] + g->d : NULL;
        o->g.basis = U;
        o->has_g = 1;
        return g->basis_kind == DMV_BASIS_NONE ? dmv_fast_model_gaussian_diag_init(in, &o->g, err)
                                               : dmv_fast_model_dense_init(in, &o->g, err);
    }
    case DMV_MODEL_PERTURBED: {
        const dmv_model_gaussian *g = &s->u.perturbed.base;
        const double *U = NULL;
        if ((rc = fast_basis(o, 0, g, &U, err)) != DMV_OK)
            return rc;
        if (g->basis_kind == DMV_BASIS_MATRIX) {
            o->buf[0] = malloc((size_t) (g->d * g->d) * sizeof(double));
            if (o->buf[0] == NULL)
                return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
            memcpy(o->buf[0], g->basis, (size_t) (g->d * g->d) * sizeof(double));
            U = o->buf[0];
        }
        o->buf[1] = malloc((size_t) (2 * g->d) * sizeof(double));
        if (o->buf[1] == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
        memcpy(o->buf[1], g->lambda, (size_t) g->d * sizeof(double));
        if (g->mean)
            memcpy((double *) o->buf[1] + g->d, g->mean, (size_t) g->d * sizeof(double));
        o->g.d = g->d;
        o->g.lambda = o->buf[1];
        o->g.mean = g->mean ? (double *) o->buf[1] + g->d : NULL;
        o->g.basis = U;
        o->has_g = 1;
        return dmv_fast_model_perturbed_gaussian_init(in, &o->g, s->u.perturbed.kappa, s->u.perturbed.dl,
                                                      s->u.perturbed.dm, err);
    }
    case DMV_MODEL_MIXTURE: {
        long K = s->u.mixture.K;
        dmv_gaussian *comp = calloc((size_t) K, sizeof *comp);
        if (comp == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
        o->buf[0] = comp;
        /* per-component buffers (DCT bases, eigendecompositions), freed with the owner */
        o->extra = calloc((size_t) K, sizeof *o->extra);
        if (o->extra == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
        o->nextra = K;
        for (k = 0; k < K; k++) {
            const dmv_model_gaussian *g = &s->u.mixture.comp[k];
            owner_state tmp;
            memset(&tmp, 0, sizeof tmp);
            if (g->full)
                rc = eig_of_cov(&tmp, 0, g, &comp[k], err);
            else {
                comp[k].d = g->d;
                comp[k].lambda = g->lambda;
                comp[k].mean = g->mean;
                rc = fast_basis(&tmp, 0, g, &comp[k].basis, err);
            }
            o->extra[k] = tmp.buf[0]; /* NULL or a buffer to free with the owner */
            if (rc != DMV_OK)
                return rc;
        }
        return dmv_fast_model_mixture_eig_init(in, K, s->u.mixture.w, comp, err);
    }
    case DMV_MODEL_UMIX:
        return dmv_fast_model_umix_init(in, s->dim, s->u.umix.K, s->u.umix.w, s->u.umix.a, s->u.umix.b, err);
    case DMV_MODEL_BOXES:
        /* every d and K (fast/model_boxes.c); for d = 1 or K = 1 its bits are those of the umix
         * model with box k's interval on coordinate j as entry [j][k] (tests/fast/t-model-boxes.c) */
        return dmv_fast_model_boxes_init(in, s->dim, s->u.boxes.K, s->u.boxes.w, s->u.boxes.lo, s->u.boxes.hi, err);
    case DMV_MODEL_EMPIRICAL: {
        long n = s->u.empirical.n, d = s->dim;
        int gemm = s->u.empirical.method == DMV_EMPIRICAL_GEMM ||
                   (s->u.empirical.method == DMV_EMPIRICAL_AUTO &&
                    (double) n * (double) d >= (double) SPEC_EMPIRICAL_GEMM_AUTO);
        return gemm ? dmv_fast_model_empirical_gemm_init(in, d, n, s->u.empirical.X, err)
                    : dmv_fast_model_empirical_init(in, d, n, s->u.empirical.X, err);
    }
    case DMV_MODEL_GUIDED:
        if ((rc = build_child(o, 0, s->u.guided.cond, depth, err)) != DMV_OK ||
            (rc = build_child(o, 1, s->u.guided.uncond, depth, err)) != DMV_OK)
            return rc;
        return dmv_fast_model_guided_init(in, o->child[0], o->child[1], s->u.guided.w, err);
    case DMV_MODEL_SCORE_MIX:
        /* D + lambda (D_o - D) = D + w (D - D_o) with w = -lambda: the guided combination */
        if ((rc = build_child(o, 0, s->u.score_mix.base, depth, err)) != DMV_OK ||
            (rc = build_child(o, 1, s->u.score_mix.other, depth, err)) != DMV_OK)
            return rc;
        return dmv_fast_model_guided_init(in, o->child[0], o->child[1], -s->u.score_mix.lambda, err);
    case DMV_MODEL_TAIL:
        if ((rc = build_child(o, 0, s->u.tail.base, depth, err)) != DMV_OK)
            return rc;
        o->is_tail = 1;
        o->kappa = s->u.tail.kappa;
        o->shmax = s->u.tail.sigma_hat_max;
        if (s->u.tail.a1) {
            o->a1 = malloc((size_t) s->dim * sizeof(double));
            if (o->a1 == NULL)
                return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
            memcpy(o->a1, s->u.tail.a1, (size_t) s->dim * sizeof(double));
        }
        if (s->u.tail.a2) {
            o->a2 = malloc((size_t) s->dim * sizeof(double));
            if (o->a2 == NULL)
                return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
            memcpy(o->a2, s->u.tail.a2, (size_t) s->dim * sizeof(double));
        }
        return DMV_OK;
    case DMV_MODEL_LINEAR_INVERSE:
        return dmv_fast_model_linear_inverse_init(in, s, err);
    default:
        return dmv_error_set(err, DMV_EUNSUPPORTED, "model from spec: kind %s has no fast model",
                             dmv_model_kind_name(s->kind));
    }
}

static int build(dmv_fast_model *m, const dmv_model_spec *s, int depth, dmv_error *err)
{
    owner_state *o;
    int rc;
    dmv_fast_model_init(m, dmv_model_kind_name(s->kind));
    if (depth > 64)
        return dmv_error_set(err, DMV_EINVAL, "model from spec: nested deeper than 64");
    o = calloc(1, sizeof *o);
    if (o == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "model from spec: out of memory");
    m->state = o;
    m->clear = owner_clear;
    m->dim = s->dim;
    m->denoise = owner_denoise;
    m->workspace_size = owner_workspace_size;
    rc = build_kind(o, s, depth, err);
    o->has_inner = !o->is_tail && rc == DMV_OK;
    if (rc != DMV_OK) {
        if (!o->is_tail && o->inner.clear == NULL)
            memset(&o->inner, 0, sizeof o->inner);
        owner_clear(m);
        memset(m, 0, sizeof *m);
        return rc;
    }
    m->ulp_bounded = o->is_tail ? o->child[0]->ulp_bounded : o->inner.ulp_bounded;
    return DMV_OK;
}

int dmv_fast_model_from_spec(dmv_fast_model *m, const dmv_model_spec *spec, dmv_error *err)
{
    int rc;
    if (m == NULL)
        return dmv_error_set(err, DMV_EINVAL, "model from spec: model is NULL");
    if ((rc = dmv_model_spec_check(spec, "", err)) != DMV_OK)
        return rc;
    return build(m, spec, 0, err);
}
