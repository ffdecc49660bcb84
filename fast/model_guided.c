/* Classifier-free guidance (docs/models.md s.6): D_w = D_c + w (D_c - D_u), the denoiser of the
 * score (1 + w) s_c - w s_u (scores are affine in D at fixed x, alpha, sigma). w = 0 returns
 * D_c without calling the unconditional model, so it equals the conditional model bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

typedef struct {
    const dmv_fast_model *cond, *uncond;
    double w;
} guided_state;

static void guided_clear(dmv_fast_model *m)
{
    free(m->state);
    m->state = NULL;
}

static size_t guided_round(size_t s)
{
    return (s + 63) / 64 * 64;
}

static size_t guided_sub_size(const dmv_fast_model *b, long n)
{
    return b->workspace_size ? b->workspace_size(b, n) : 0;
}

/* layout: [D_u buffer, n x dim doubles, rounded to 64 bytes][workspace of cond or uncond] */
static size_t guided_workspace_size(const dmv_fast_model *m, long n)
{
    const guided_state *s = m->state;
    size_t a = guided_sub_size(s->cond, n), b = guided_sub_size(s->uncond, n);
    return guided_round((size_t) n * (size_t) m->dim * sizeof(double)) + (a > b ? a : b);
}

static int guided_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                          double *out, void *workspace, dmv_error *err)
{
    const guided_state *s = m->state;
    double *du = workspace, w = s->w;
    void *sub = (char *) workspace + guided_round((size_t) n * (size_t) m->dim * sizeof(double));
    long i, len = n * m->dim;
    int rc;
#ifdef DMV_FAULT_INJECTION
    if (!isnan(dmv_fast_fault("guided_w", NULL))) /* guided_w=D: w + D (fast/fault.c) */
        w += dmv_fast_fault("guided_w", NULL);
#endif
    rc = dmv_fast_model_denoise_part(s->cond, "conditional", ev, n, x, out, sub, err);
    if (rc != DMV_OK || w == 0)
        return rc;
    rc = dmv_fast_model_denoise_part(s->uncond, "unconditional", ev, n, x, du, sub, err);
    if (rc != DMV_OK)
        return rc;
    for (i = 0; i < len; i++)
        out[i] += w * (out[i] - du[i]);
    return DMV_OK;
}

int dmv_fast_model_guided_init(dmv_fast_model *m, const dmv_fast_model *cond, const dmv_fast_model *uncond,
                               double w, dmv_error *err)
{
    guided_state *s;
    if (m == NULL || cond == NULL || uncond == NULL)
        return dmv_error_set(err, DMV_EINVAL, "guided model: model, cond or uncond is NULL");
    if (dmv_fast_model_check(cond, err) != DMV_OK || dmv_fast_model_check(uncond, err) != DMV_OK)
        return DMV_EINVAL;
    if (cond->denoise == NULL || uncond->denoise == NULL)
        return dmv_error_set(err, DMV_EINVAL, "guided model: cond or uncond has no denoiser");
    if (cond->dim != uncond->dim)
        return dmv_error_set(err, DMV_EINVAL, "guided model: cond dim = %ld differs from uncond dim = %ld", cond->dim,
                             uncond->dim);
    if (!isfinite(w))
        return dmv_error_set(err, DMV_EINVAL, "guided model: w = %g: must be finite", w);
    s = malloc(sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "guided model: out of memory");
    s->cond = cond;
    s->uncond = uncond;
    s->w = w;
    dmv_fast_model_init(m, "guided");
    m->dim = cond->dim;
    m->denoise = guided_denoise;
    m->workspace_size = guided_workspace_size;
    m->clear = guided_clear;
    m->state = s;
    m->ulp_bounded = cond->ulp_bounded || (w != 0 && uncond->ulp_bounded);
    return DMV_OK;
}

int dmv_fast_model_guided_scale_init(dmv_fast_model *m, const dmv_fast_model *cond,
                                     const dmv_fast_model *uncond, double gamma, dmv_error *err)
{
    if (!isfinite(gamma))
        return dmv_error_set(err, DMV_EINVAL, "guided model: gamma = %g: must be finite", gamma);
    return dmv_fast_model_guided_init(m, cond, uncond, gamma - 1.0, err);
}
