/* The model interface: shared helpers (docs/plugins.md). */
#include <math.h>
#include <string.h>

#include "fast_internal.h"

void dmv_fast_model_init(dmv_fast_model *m, const char *name)
{
    memset(m, 0, sizeof *m);
    m->abi_version = DMV_FAST_MODEL_ABI;
    m->struct_size = sizeof *m;
    m->name = name;
}

const char *dmv_fast_model_name(const dmv_fast_model *m)
{
    return m != NULL && m->name != NULL ? m->name : "model";
}

int dmv_fast_model_check(const dmv_fast_model *m, dmv_error *err)
{
    if (m == NULL)
        return dmv_error_set(err, DMV_EINVAL, "model is NULL");
    if (m->abi_version != DMV_FAST_MODEL_ABI || m->struct_size != sizeof *m)
        return dmv_error_set(err, DMV_EINVAL,
                             "model '%s': abi_version = %u, struct_size = %zu: this build needs abi_version = %u "
                             "and struct_size = %zu (build the model with dmv_fast_model_init; docs/plugins.md)",
                             dmv_fast_model_name(m), m->abi_version, m->struct_size, DMV_FAST_MODEL_ABI,
                             sizeof *m);
    return DMV_OK;
}

int dmv_fast_model_denoise(const dmv_fast_model *m, double alpha, double sigma, long n, const double *x,
                           double *out, void *workspace)
{
    dmv_fast_eval ev;
    ev.s = NAN;
    ev.alpha = alpha;
    ev.sigma = sigma;
    ev.step = -1;
    ev.stage = 0;
    return m->denoise(m, &ev, n, x, out, workspace, NULL);
}

int dmv_fast_model_denoise_part(const dmv_fast_model *part, const char *role, const dmv_fast_eval *ev, long n,
                                const double *x, double *out, void *workspace, dmv_error *err)
{
    dmv_error perr;
    int rc;
    dmv_error_init(&perr);
    rc = part->denoise(part, ev, n, x, out, workspace, &perr);
    if (rc != DMV_OK)
        return dmv_error_set(err, rc, "%s model '%s': %s", role, dmv_fast_model_name(part),
                             perr.msg[0] ? perr.msg : dmv_error_name(rc));
    return DMV_OK;
}

void dmv_fast_model_clear(dmv_fast_model *m)
{
    if (m == NULL)
        return;
    if (m->clear)
        m->clear(m);
    memset(m, 0, sizeof *m);
}
