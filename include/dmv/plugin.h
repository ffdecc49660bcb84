/* The plug-in sampler ABI of `dmverify audit --plugin lib.so` (docs/audit.md, "Plug-ins").
 *
 * A plug-in is a shared library that exports one symbol,
 *
 *     const dmv_plugin *dmv_plugin_entry(void);
 *
 * returning a static dmv_plugin with abi_version = DMV_PLUGIN_ABI and struct_size =
 * sizeof(dmv_plugin). The host (dmverify) refuses a library without the symbol or with another
 * version or size (exit 2, naming the numbers), then calls plugin->sample for consecutive blocks
 * of samples. The plug-in sees the data only through the host's denoiser (the exact denoiser of
 * the problem, docs/plugins.md's contract: D(x, s) = E[x_0 | x_s = x]) and draws its randomness
 * only through the host's noise API, so that the host knows the noise every output consumed and
 * can compare each output with the certified map of that noise (the pathwise check).
 *
 * This header is self-contained (no other dmverify header): a plug-in builds with
 * `cc -shared -fPIC -I include my_sampler.c -o my_sampler.so`. Version 1 is the layout below;
 * DMV_PLUGIN_ABI changes whenever a field is added, removed or changes meaning. The model
 * plug-in interface of the fast sampler (dmv_fast_model, docs/plugins.md) is a different
 * struct with its own version; both give the denoiser the time s and the step index. */
#ifndef DMV_PLUGIN_H
#define DMV_PLUGIN_H

#include <stddef.h>

#define DMV_PLUGIN_ABI 1u

/* The problem, as plain numbers (docs/schemes.md). */
typedef struct {
    unsigned abi_version; /* DMV_PLUGIN_ABI */
    size_t struct_size;   /* sizeof(dmv_plugin_problem) */
    const char *process;  /* "vp-linear", "vp-linear-song", "vp-cosine", "ve" */
    double beta_min, beta_max, cosine_offset, t_max;
    const char *scheme;   /* the scheme the audit checks against: "euler", "ddim", ... */
    double eta;           /* DDIM's eta */
    long steps;           /* N */
    const double *s;      /* N + 1 grid points, s[0] = t_max > ... > s[N] = eps (docs/schemes.md s.2) */
    const double *alpha;  /* alpha(s_k), k = 0..N */
    const double *sigma;  /* sigma(s_k), k = 0..N */
    long dim;             /* d */
} dmv_plugin_problem;

/* What the host gives the plug-in. Every callback returns 0 on success, non-zero on failure
 * (the plug-in then returns non-zero itself). Rows are samples first .. first + n - 1 of the
 * block being sampled, row-major n x dim. */
typedef struct dmv_plugin_host {
    unsigned abi_version; /* DMV_PLUGIN_ABI */
    size_t struct_size;   /* sizeof(dmv_plugin_host) */
    const dmv_plugin_problem *problem;
    void *ctx; /* the host's; pass it back */
    /* out = D(x, s) for n rows at time s (any s in [s_N, s_0]); step: the step k (0-based, the step
     * s_k -> s_{k+1}) being computed, stage: the call within the step (0, 1, ...). */
    int (*denoise)(void *ctx, double s, long step, int stage, long n, const double *x, double *out);
    /* The initial points x_T of samples first .. first + n - 1 (n x dim). */
    int (*initial)(void *ctx, long first, long n, double *x);
    /* The standard normal noise z_k of step s_{k-1} -> s_k (k = 1..N) of those samples (n x dim). */
    int (*noise)(void *ctx, long k, long first, long n, double *z);
} dmv_plugin_host;

typedef struct {
    unsigned abi_version; /* DMV_PLUGIN_ABI */
    size_t struct_size;   /* sizeof(dmv_plugin) */
    const char *name;     /* names the plug-in in messages and reports */
    /* Writes the outputs of samples first .. first + n - 1 (n x dim) into out. Returns 0 on success;
     * otherwise non-zero, with a message (NUL-terminated, at most msg_size bytes) in msg. */
    int (*sample)(const dmv_plugin_host *host, long first, long n, double *out, char *msg, size_t msg_size);
} dmv_plugin;

/* The exported entry point (the symbol the host looks up). */
typedef const dmv_plugin *(*dmv_plugin_entry_fn)(void);
#define DMV_PLUGIN_ENTRY "dmv_plugin_entry"

#endif
