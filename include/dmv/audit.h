/* audit/: `dmverify audit`, checks of someone else's sampler from its samples (docs/audit.md).
 *
 * The audit takes any problem the problem machinery describes (dmv_problem: process, grid,
 * scheme, init, Gaussian data in eigen form) and rows of samples fed in chunks, so that files
 * of any size stream through bounded memory. Checks (each one outcome of a dmv_run_result, so
 * the usual report writers and exit statuses apply; Holm across the checks, docs/audit.md):
 *
 *   audit.law          in law against the certified exact law of the named scheme, per
 *                      direction (mean, variance) and jointly (dmv_stat_gaussian_moments_joint);
 *   audit.distance     W2 of the samples' per-direction Gaussian fit to the data law and to the
 *                      exact continuous flow's law: estimates with confidence intervals beside
 *                      the certified values of the scheme;
 *   audit.pathwise     (with the noise consumed) every output against the certified affine map
 *                      of the same initial point and noises (reference/scheme.c), within a
 *                      rounding budget of the sampler's floating-point type;
 *   audit.independence (with the noise consumed, stochastic schemes) the injected noises are
 *                      uncorrelated with the initial noise and with each other;
 *   audit.twosample    (data without a closed-form law: dmv_audit_new_model) two-sample KS tests
 *                      per coordinate against dmverify's own fast sampler on the same problem.
 *
 * A new scheme needs nothing here: everything goes through dmv_ref_schedule_init /
 * dmv_ref_spectrum_map / dmv_ref_scheme_affine1 of the problem's scheme (include/dmv/ref.h)
 * and dmv_scheme_is_stochastic (how many noise blocks a row carries). */
#ifndef DMV_AUDIT_H
#define DMV_AUDIT_H

#include <stdint.h>

#include "dmv/claim.h"
#include "dmv/error.h"
#include "dmv/spec.h"

/* ---- the noise layout (docs/audit.md, "Noise file") ---------------------------------------
 * One row per sample, (1 + S) blocks of d values: block 0 the initial point x_T (standard
 * coordinates), block k = 1..S the noise z_k of the step s_{k-1} -> s_k; S = steps for a
 * stochastic scheme, 0 for a deterministic one. Generated from Philox exactly as the fast
 * sampler draws them (docs/schemes.md s.4). */
long dmv_audit_noise_blocks(const dmv_problem *p);
/* Rows first .. first + n - 1 of the noise of problem p (seed p->seed) into out (n x blocks*d). */
int dmv_audit_noise_rows(double *out, const dmv_problem *p, long first, long n, dmv_error *err);

/* ---- configuration ------------------------------------------------------------------------ */
typedef struct {
    double alpha;      /* family-wise false-alarm level of the audit (default 1e-3) */
    double effect;     /* the effect the law tests must be able to detect (default 0.1: a mean shift of
                          0.1 standard deviations (Mahalanobis norm) or a relative variance error of 0.1;
                          the independence test: a correlation of 0.1) */
    int float_bits;    /* precision of the audited sampler: 64 (default) or 32 (the pathwise budget) */
    const char *source; /* what was audited (file name or plug-in), for the reports; may be NULL */
} dmv_audit_config;

void dmv_audit_config_default(dmv_audit_config *c);

/* The state of one audit: exact laws and maps (computed once), streaming accumulators. */
typedef struct dmv_audit dmv_audit;

/* Prepares the audit of samples of problem p (copied; data must be a Gaussian in eigen form,
 * basis NULL; DMV_EUNSUPPORTED otherwise). with_noise: rows will come with their noise
 * (dmv_audit_noise_blocks blocks). Computes the certified laws (Arb) before any sample is read.
 * DMV_EINVAL (naming the value) for a bad problem, DMV_EDOM for a scheme undefined on it. */
int dmv_audit_new(dmv_audit **a, const dmv_problem *p, const dmv_audit_config *cfg, int with_noise,
                  dmv_error *err);
/* The same for a problem whose data is any fast model (include/dmv/fast.h; e.g. from a model spec):
 * the only check is audit.twosample. p's data is ignored (the model gives the dimension); model is
 * borrowed (must outlive the audit). init exact is refused (DMV_EINVAL). */
struct dmv_fast_model;
int dmv_audit_new_model(dmv_audit **a, const dmv_problem *p, const struct dmv_fast_model *model,
                        const dmv_audit_config *cfg, dmv_error *err);
/* Feeds nrows samples (x: nrows x d) and, if with_noise, their noise rows (nrows x blocks*d). */
int dmv_audit_feed(dmv_audit *a, long nrows, const double *x, const double *noise, dmv_error *err);
/* Decides every check (Holm across them, docs/audit.md) into out (a run result the report writers
 * render; dmv_run_result_status gives the exit status). out stays valid until dmv_audit_free. */
int dmv_audit_finish(dmv_audit *a, dmv_run_result *out, dmv_error *err);
void dmv_audit_free(dmv_audit *a);

/* ---- sources: samples (and noise) files, read in chunks ------------------------------------
 * .npy (float32 or float64, 2-D n x d; 1-D when d = 1) or .csv (one sample per line, d numbers
 * separated by commas; blank lines and lines starting with '#' are skipped). Opening checks the
 * whole format (for CSV a first pass over the file) so that a bad file is refused before any
 * compute: DMV_EFORMAT/DMV_EIO naming the path and the row. */
typedef struct dmv_audit_source dmv_audit_source;
int dmv_audit_source_open(dmv_audit_source **s, const char *path, dmv_error *err);
long dmv_audit_source_rows(const dmv_audit_source *s);
long dmv_audit_source_cols(const dmv_audit_source *s);
int dmv_audit_source_float_bits(const dmv_audit_source *s); /* 32 for a float32 .npy, else 64 */
int dmv_audit_source_read(dmv_audit_source *s, double *rows, long nrows, dmv_error *err);
void dmv_audit_source_close(dmv_audit_source *s);

/* Streams samples (and optionally noise) sources through a prepared audit, chunk by chunk
 * (memory: chunk_rows x (d + blocks d) doubles). The shapes must match the problem (d columns,
 * (1 + S) d noise columns, equal rows): DMV_EINVAL naming both. */
int dmv_audit_stream(dmv_audit *a, dmv_audit_source *samples, dmv_audit_source *noise, long chunk_rows,
                     dmv_error *err);

/* ---- plug-ins (include/dmv/plugin.h, docs/audit.md "Plug-ins") -----------------------------
 * Loads the shared library at path (dlopen of exactly that path), checks its ABI version and
 * struct size, runs it on n samples of problem p with the host's denoiser (the exact Gaussian
 * denoiser of the problem) and noise, and feeds the audit (which must have been made with
 * with_noise = 1). DMV_EINVAL with a message naming the path and the missing symbol or the
 * version numbers; the plug-in's own failures are DMV_EINVAL naming its message. */
int dmv_audit_plugin_run(dmv_audit *a, const char *path, const dmv_problem *p, long n, long chunk_rows,
                         dmv_error *err);
/* Only loads and checks the plug-in (the CLI calls it before any compute). */
int dmv_audit_plugin_check(const char *path, dmv_error *err);

#endif
