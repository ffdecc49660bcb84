/* The model's output parametrisation as a convention of the denoiser wrapper (docs/conventions.md
 * s.5): the base model's D is turned into what a network of that parametrisation outputs, and the
 * sampler's wrapper turns it back into D by the library's formula, both in double. In exact
 * arithmetic the round trip is the identity (the law is the base model's); in double it is a few
 * roundings, and it is where a wrong conversion would live. With x^ = x/alpha, sh = sigma/alpha
 * (the sigma parametrisation k-diffusion wraps every model in):
 *   epsilon       eps = (x^ - D)/sh;                D = x^ - sh eps       (DiscreteEpsDDPMDenoiser: c_out = -sigma)
 *   v_prediction  v = (D - c_skip x^)/c_out;        D = c_skip x^ + c_out v,
 *                 c_skip = sd^2/(sh^2 + sd^2), c_out = -sh sd/sqrt(sh^2 + sd^2)  (VDenoiser, sigma_data sd)
 *   sample        the output is D.
 * At sigma = 0 the epsilon and v forms are 0/0: the wrapper passes D through. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_internal.h"

typedef struct {
    const dmv_fast_model *base;
    int prediction;
    double sigma_data;
} pred_state;

static const char *const pred_names[] = {"sample", "epsilon", "v_prediction"};

const char *dmv_prediction_name(int prediction)
{
    return prediction >= 0 && prediction <= DMV_PREDICTION_V ? pred_names[prediction] : "unknown";
}

int dmv_prediction_from_name(int *prediction, const char *name, dmv_error *err)
{
    int i;
    for (i = 0; name != NULL && i <= DMV_PREDICTION_V; i++)
        if (strcmp(name, pred_names[i]) == 0) {
            *prediction = i;
            return DMV_OK;
        }
    return dmv_error_set(err, DMV_EINVAL, "prediction type '%s': unknown (sample, epsilon, v_prediction)",
                         name ? name : "(null)");
}

static void pred_clear(dmv_fast_model *m)
{
    free(m->state);
    m->state = NULL;
}

static size_t pred_workspace_size(const dmv_fast_model *m, long n)
{
    const pred_state *s = m->state;
    return s->base->workspace_size ? s->base->workspace_size(s->base, n) : 0;
}

static int pred_denoise(const dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x, double *out,
                        void *workspace, dmv_error *err)
{
    const pred_state *s = m->state;
    long e, ne = n * m->dim;
    double ia, sh, cs, co;
    int rc = dmv_fast_model_denoise_part(s->base, "base", ev, n, x, out, workspace, err);
    if (rc != DMV_OK || s->prediction == DMV_PREDICTION_SAMPLE || !(ev->sigma > 0))
        return rc;
    ia = 1 / ev->alpha;
    sh = ev->sigma / ev->alpha;
    if (s->prediction == DMV_PREDICTION_EPSILON) {
        for (e = 0; e < ne; e++) {
            double xh = x[e] * ia, eps = (xh - out[e]) / sh; /* the network's output */
            out[e] = xh - sh * eps;                          /* the wrapper's D */
        }
        return DMV_OK;
    }
    {
        double sd = s->sigma_data, q = sh * sh + sd * sd;
        cs = sd * sd / q;
        co = -sh * sd / sqrt(q);
        for (e = 0; e < ne; e++) {
            double xh = x[e] * ia, v = (out[e] - cs * xh) / co;
            out[e] = cs * xh + co * v;
        }
    }
    return DMV_OK;
}

int dmv_fast_model_prediction_init(dmv_fast_model *m, const dmv_fast_model *base, int prediction, double sigma_data,
                                   dmv_error *err)
{
    pred_state *s;
    int rc;
    if (base == NULL || (rc = dmv_fast_model_check(base, err)) != DMV_OK)
        return base == NULL ? dmv_error_set(err, DMV_EINVAL, "prediction wrapper: no base model") : rc;
    if (prediction < DMV_PREDICTION_SAMPLE || prediction > DMV_PREDICTION_V)
        return dmv_error_set(err, DMV_EINVAL, "prediction wrapper: prediction %d: unknown", prediction);
    if (!(sigma_data > 0 && isfinite(sigma_data)))
        return dmv_error_set(err, DMV_EINVAL, "prediction wrapper: sigma_data = %g: must be finite and > 0",
                             sigma_data);
    s = malloc(sizeof *s);
    if (s == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "prediction wrapper: out of memory");
    s->base = base;
    s->prediction = prediction;
    s->sigma_data = sigma_data;
    dmv_fast_model_init(m, "prediction");
    m->dim = base->dim;
    m->denoise = pred_denoise;
    m->workspace_size = pred_workspace_size;
    m->clear = pred_clear;
    m->state = s;
    m->ulp_bounded = base->ulp_bounded;
    return DMV_OK;
}
