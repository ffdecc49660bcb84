/* The plug-in host of `dmverify audit --plugin lib.so` (include/dmv/plugin.h, docs/audit.md):
 * dlopen of exactly the path given, the ABI checks, and the run in process: the host's denoiser is
 * the problem's exact Gaussian denoiser (the fast model), its noise the Philox noise of the noise
 * layout (audit/noise.c), and every block of outputs is fed to the audit with the noise it consumed. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "dmv/fast.h"
#include "dmv/plugin.h"

typedef struct {
    dmv_fast_model model;
    void *workspace;
    size_t ws_size;
    const dmv_problem *p;
    long d, blocks, first, n; /* the chunk whose noise is in `noise` */
    const double *noise;
    dmv_error err;
} host_ctx;

/* Opens path (only that file: a name without '/' is taken in the current folder) and returns the
 * plug-in after the ABI checks. */
static int load(void **handle, const dmv_plugin **plugin, const char *path, dmv_error *err)
{
    char buf[4096];
    const char *use = path;
    dmv_plugin_entry_fn entry = NULL;
    void *sym;
    const dmv_plugin *pl;
    *handle = NULL;
    *plugin = NULL;
    if (strchr(path, '/') == NULL) {
        if (snprintf(buf, sizeof buf, "./%s", path) >= (int) sizeof buf)
            return dmv_error_set(err, DMV_EINVAL, "--plugin '%s': path too long", path);
        use = buf;
    }
    *handle = dlopen(use, RTLD_NOW | RTLD_LOCAL);
    if (*handle == NULL) {
        const char *e = dlerror();
        return dmv_error_set(err, DMV_EINVAL, "--plugin %s: cannot load: %s", path, e ? e : "dlopen failed");
    }
    dlerror();
    sym = dlsym(*handle, DMV_PLUGIN_ENTRY);
    if (sym == NULL) {
        dlclose(*handle);
        *handle = NULL;
        return dmv_error_set(err, DMV_EINVAL,
                             "--plugin %s: missing symbol '%s' (a plug-in exports const dmv_plugin *%s(void), "
                             "include/dmv/plugin.h)", path, DMV_PLUGIN_ENTRY, DMV_PLUGIN_ENTRY);
    }
    memcpy(&entry, &sym, sizeof entry); /* POSIX: an object pointer from dlsym holds a function's address */
    pl = entry();
    if (pl == NULL || pl->abi_version != DMV_PLUGIN_ABI || pl->struct_size != sizeof(dmv_plugin)) {
        int rc = dmv_error_set(err, DMV_EINVAL,
                               "--plugin %s: ABI mismatch: the plug-in has abi_version = %u, struct_size = %lu; this "
                               "dmverify needs abi_version = %u, struct_size = %lu (rebuild it against "
                               "include/dmv/plugin.h)", path, pl ? pl->abi_version : 0u,
                               pl ? (unsigned long) pl->struct_size : 0ul, DMV_PLUGIN_ABI,
                               (unsigned long) sizeof(dmv_plugin));
        dlclose(*handle);
        *handle = NULL;
        return rc;
    }
    if (pl->sample == NULL) {
        dlclose(*handle);
        *handle = NULL;
        return dmv_error_set(err, DMV_EINVAL, "--plugin %s: its dmv_plugin has no sample function", path);
    }
    *plugin = pl;
    return DMV_OK;
}

int dmv_audit_plugin_check(const char *path, dmv_error *err)
{
    void *h;
    const dmv_plugin *pl;
    int rc = load(&h, &pl, path, err);
    if (rc == DMV_OK)
        dlclose(h);
    return rc;
}

static int host_denoise(void *ctx, double s, long step, int stage, long n, const double *x, double *out)
{
    host_ctx *h = ctx;
    dmv_fast_eval ev;
    size_t need;
    ev.s = s;
    ev.alpha = dmv_fast_process_alpha(&h->p->process, s);
    ev.sigma = sqrt(dmv_fast_process_sigma2(&h->p->process, s));
    ev.step = step;
    ev.stage = stage;
    if (!(s >= h->p->grid.eps && s <= h->p->process.t_max) || n < 0) {
        dmv_error_set(&h->err, DMV_EINVAL, "denoise called with s = %.17g (outside [%.17g, %.17g]) or n = %ld", s,
                      h->p->grid.eps, h->p->process.t_max, n);
        return 1;
    }
    need = h->model.workspace_size ? h->model.workspace_size(&h->model, n) : 0;
    if (need > h->ws_size) {
        void *w = realloc(h->workspace, need);
        if (w == NULL) {
            dmv_error_set(&h->err, DMV_ENOMEM, "denoise: out of memory");
            return 1;
        }
        h->workspace = w;
        h->ws_size = need;
    }
    return h->model.denoise(&h->model, &ev, n, x, out, h->workspace, &h->err) != DMV_OK;
}

static int copy_block(host_ctx *h, long k, long first, long n, double *out)
{
    long i;
    if (k < 0 || k >= h->blocks || first < h->first || n < 0 || first + n > h->first + h->n) {
        dmv_error_set(&h->err, DMV_EINVAL,
                      "noise of step %ld for samples %ld..%ld asked: this block has steps 0..%ld and samples %ld..%ld", k,
                      first, first + n - 1, h->blocks - 1, h->first, h->first + h->n - 1);
        return 1;
    }
    for (i = 0; i < n; i++)
        memcpy(out + (size_t) i * (size_t) h->d,
               h->noise + (size_t) (first - h->first + i) * (size_t) (h->blocks * h->d) + (size_t) (k * h->d),
               (size_t) h->d * sizeof(double));
    return 0;
}

static int host_initial(void *ctx, long first, long n, double *x)
{
    return copy_block(ctx, 0, first, n, x);
}

static int host_noise(void *ctx, long k, long first, long n, double *z)
{
    host_ctx *h = ctx;
    if (k < 1) {
        dmv_error_set(&h->err, DMV_EINVAL, "noise step k = %ld: steps are 1..%ld (0 is the initial point)", k,
                      h->blocks - 1);
        return 1;
    }
    return copy_block(ctx, k, first, n, z);
}

int dmv_audit_plugin_run(dmv_audit *a, const char *path, const dmv_problem *p, long n, long chunk_rows,
                         dmv_error *err)
{
    void *handle = NULL;
    const dmv_plugin *pl;
    host_ctx h;
    dmv_plugin_problem pp;
    dmv_plugin_host host;
    double *s = NULL, *al = NULL, *sg = NULL, *noise = NULL, *out = NULL;
    long N = p->grid.steps, k, first;
    int rc;
    if (!a->with_noise)
        return dmv_error_set(err, DMV_EINVAL, "--plugin: the audit must be made with noise");
    memset(&h, 0, sizeof h);
    dmv_error_init(&h.err);
    rc = load(&handle, &pl, path, err);
    if (rc != DMV_OK)
        return rc;
    rc = dmv_fast_model_gaussian_diag_init(&h.model, &p->data, err);
    if (rc != DMV_OK) {
        dlclose(handle);
        return rc;
    }
    if (chunk_rows < 1)
        chunk_rows = 1;
    h.p = p;
    h.d = p->data.d;
    h.blocks = dmv_audit_noise_blocks(p);
    s = malloc((size_t) (3 * (N + 1)) * sizeof *s);
    noise = malloc((size_t) chunk_rows * (size_t) (h.blocks * h.d) * sizeof *noise);
    out = malloc((size_t) chunk_rows * (size_t) h.d * sizeof *out);
    if (s == NULL || noise == NULL || out == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "--plugin: out of memory for a block of %ld samples", chunk_rows);
        goto done;
    }
    al = s + N + 1;
    sg = s + 2 * (N + 1);
    rc = dmv_fast_grid(s, &p->grid, &p->process, err);
    if (rc != DMV_OK)
        goto done;
    for (k = 0; k <= N; k++) {
        al[k] = dmv_fast_process_alpha(&p->process, s[k]);
        sg[k] = sqrt(dmv_fast_process_sigma2(&p->process, s[k]));
    }
    pp.abi_version = DMV_PLUGIN_ABI;
    pp.struct_size = sizeof pp;
    pp.process = dmv_process_name(p->process.kind);
    pp.beta_min = p->process.beta_min;
    pp.beta_max = p->process.beta_max;
    pp.cosine_offset = p->process.cosine_offset;
    pp.t_max = p->process.t_max;
    pp.scheme = dmv_scheme_name(p->scheme.kind);
    pp.eta = p->scheme.eta;
    pp.steps = N;
    pp.s = s;
    pp.alpha = al;
    pp.sigma = sg;
    pp.dim = h.d;
    host.abi_version = DMV_PLUGIN_ABI;
    host.struct_size = sizeof host;
    host.problem = &pp;
    host.ctx = &h;
    host.denoise = host_denoise;
    host.initial = host_initial;
    host.noise = host_noise;
    h.noise = noise;
    for (first = 0; rc == DMV_OK && first < n; first += chunk_rows) {
        long m = n - first < chunk_rows ? n - first : chunk_rows;
        char msg[512];
        msg[0] = '\0';
        rc = dmv_audit_noise_rows(noise, p, first, m, err);
        if (rc != DMV_OK)
            break;
        h.first = first;
        h.n = m;
        if (pl->sample(&host, first, m, out, msg, sizeof msg) != 0) {
            msg[sizeof msg - 1] = '\0';
            rc = dmv_error_set(err, DMV_EINVAL, "--plugin %s ('%s'): sample failed on samples %ld..%ld: %s%s%s", path,
                               pl->name ? pl->name : "plug-in", first, first + m - 1, msg[0] ? msg : "(no message)",
                               h.err.code != DMV_OK ? "; host: " : "", h.err.code != DMV_OK ? h.err.msg : "");
            break;
        }
        rc = dmv_audit_feed(a, m, out, noise, err);
    }
done:
    free(s);
    free(noise);
    free(out);
    free(h.workspace);
    dmv_fast_model_clear(&h.model);
    dlclose(handle);
    return rc;
}
