/* An independent Euler sampler as a dmverify audit plug-in (include/dmv/plugin.h, docs/audit.md).
 *
 * Written to k-diffusion's convention (VE, x = x0 + sigma n): for each step sigma -> sigma',
 *     d = (x - D(x, sigma)) / sigma,   x' = x + d (sigma' - sigma),
 * which is the Euler step of the probability-flow ODE (docs/schemes.md s.5, "Euler", with
 * f = 0, g^2 = 2 s on the ve process). It needs nothing of dmverify but the header.
 *
 * Build: cc -std=c11 -shared -fPIC -I include examples/plugins/euler.c -o euler.so
 * With -DPLANTED_BUG=1e-5 the step size of step 5 is off by that relative amount (the planted
 * bug of tests/audit/e2e-plugin.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/plugin.h"

#ifndef PLANTED_BUG
#define PLANTED_BUG 0.0
#define PLUGIN_NAME "euler (k-diffusion convention)"
#else
#define PLUGIN_NAME "euler with a planted bug"
#endif

static int euler_sample(const dmv_plugin_host *host, long first, long n, double *out, char *msg, size_t msg_size)
{
    const dmv_plugin_problem *p = host->problem;
    long d, k, i, nd;
    double *den;
    if (host->abi_version != DMV_PLUGIN_ABI || host->struct_size != sizeof(dmv_plugin_host) ||
        p->abi_version != DMV_PLUGIN_ABI || p->struct_size != sizeof(dmv_plugin_problem)) {
        snprintf(msg, msg_size, "host ABI %u (size %lu) does not match the plug-in's %u", host->abi_version,
                 (unsigned long) host->struct_size, DMV_PLUGIN_ABI);
        return 1;
    }
    if (strcmp(p->process, "ve") != 0 || strcmp(p->scheme, "euler") != 0) {
        snprintf(msg, msg_size, "this sampler is Euler on the ve process (got scheme %s on %s)", p->scheme, p->process);
        return 1;
    }
    d = p->dim;
    nd = n * d;
    den = malloc((size_t) nd * sizeof *den);
    if (den == NULL) {
        snprintf(msg, msg_size, "out of memory");
        return 1;
    }
    if (host->initial(host->ctx, first, n, out) != 0) { /* x = sigma_max * randn, from the host */
        free(den);
        snprintf(msg, msg_size, "the host's initial points failed");
        return 1;
    }
    for (k = 0; k < p->steps; k++) {
        double sg = p->sigma[k], sg1 = p->sigma[k + 1], dt = sg1 - sg;
        if (k == 5)
            dt *= 1.0 + PLANTED_BUG;
        if (host->denoise(host->ctx, p->s[k], k, 0, n, out, den) != 0) {
            free(den);
            snprintf(msg, msg_size, "the host's denoiser failed at step %ld", k);
            return 1;
        }
        for (i = 0; i < nd; i++)
            out[i] += (out[i] - den[i]) / sg * dt;
    }
    free(den);
    return 0;
}

static const dmv_plugin plugin = {DMV_PLUGIN_ABI, sizeof(dmv_plugin), PLUGIN_NAME, euler_sample};

const dmv_plugin *dmv_plugin_entry(void);
const dmv_plugin *dmv_plugin_entry(void)
{
    return &plugin;
}
