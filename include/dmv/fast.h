/* fast/: double-precision samplers. Never includes reference/ or Arb/MPFR.
 * The mathematics is docs/schemes.md; fast/ implements it on its own. */
#ifndef DMV_FAST_H
#define DMV_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "dmv/error.h"
#include "dmv/spec.h"

/* ---- noise: Philox4x32-10, a pure function of (seed, sample, step, coordinate) ----
 * step 0 is the initial point; step k >= 1 is the noise of the step s_{k-1} -> s_k.
 * Exact bit-level definition: docs/schemes.md, section "Noise". */
double dmv_fast_noise(uint64_t seed, uint64_t sample, uint32_t step, uint32_t coord);
/* Fills out[0..d) with the noise of coordinates 0..d-1 (same values as dmv_fast_noise). */
void dmv_fast_noise_vec(uint64_t seed, uint64_t sample, uint32_t step, long d, double *out);
/* The instruction-set variant of the noise kernels in use: "baseline", "avx2" or "avx512"
 * (chosen at first use by cpuid, or by the environment variable DMV_NOISE_VARIANT when this CPU
 * supports the named one). Every variant gives the same bits. dmv_fast_noise_set_variant forces
 * one: DMV_EINVAL if unknown or not supported by this CPU. Not meant to be changed while other
 * threads draw noise. */
const char *dmv_fast_noise_variant(void);
int dmv_fast_noise_set_variant(const char *name);
/* Noise stream `stream` (0 .. DMV_FAST_NOISE_STREAMS - 1) of the same (seed, sample, step,
 * coordinate): independent Philox blocks for a second noise per step (churn, ancestral splits,
 * measurement noise). Stream 0 is dmv_fast_noise bit for bit. The stream is stored in the top
 * 8 bits of the step word: step < 2^24 when stream > 0 (docs/schemes.md s.4). Out-of-range
 * arguments give NaN (the _vec form fills out with NaN). */
#define DMV_FAST_NOISE_STREAMS 256u
#define DMV_FAST_NOISE_STREAM_STEPS (1ul << 24)
double dmv_fast_noise_stream(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, uint32_t coord);
void dmv_fast_noise_stream_vec(uint64_t seed, uint64_t sample, uint32_t step, uint32_t stream, long d,
                               double *out);

/* ---- model: every scheme sees the data only through a denoiser (docs/plugins.md) ----
 * denoise writes out[r*dim + j] = E[x_0 | x_s = x_r][j] for n rows x (row-major,
 * n x dim) at the evaluation ev: time s with scales alpha = alpha(s), sigma = sigma(s).
 * workspace: at least workspace_size(m, n) bytes, owned by the caller (one per thread).
 * On failure it returns a DMV_* code and, if err is not NULL, a message (dmv_error_set);
 * the sampler adds the model's name, the step and the time and returns it from
 * dmv_fast_sample / dmv_fast_run_rows / dmv_fast_trace_run. */

/* Where the sampler evaluates the denoiser. step k is the step s_k -> s_{k+1} of the grid
 * (0-based; its noise is counter step k + 1 of docs/schemes.md s.4); stage counts the denoiser
 * calls within that step from 0 (e.g. Heun: 0 at s_k, 1 at s_{k+1}; RK4: 0..3). Outside a
 * sampler (dmv_fast_model_denoise) step = -1, stage = 0 and s = NaN. */
typedef struct {
    double s, alpha, sigma;
    long step;
    int stage;
} dmv_fast_eval;

/* The version of the dmv_fast_model layout and of the denoise contract. The sampler refuses
 * a model whose abi_version or struct_size differs from this build's (DMV_EINVAL). */
#define DMV_FAST_MODEL_ABI 1u

typedef struct dmv_fast_model {
    unsigned abi_version; /* DMV_FAST_MODEL_ABI (set by dmv_fast_model_init) */
    size_t struct_size;   /* sizeof(dmv_fast_model) (set by dmv_fast_model_init) */
    const char *name;     /* static string naming the model in messages; NULL: "model" */
    long dim;
    int (*denoise)(const struct dmv_fast_model *m, const dmv_fast_eval *ev, long n, const double *x,
                   double *out, void *workspace, dmv_error *err);
    size_t (*workspace_size)(const struct dmv_fast_model *m, long n); /* NULL: none needed */
    void (*clear)(struct dmv_fast_model *m);                          /* frees state; NULL: nothing */
    void *state;
    /* 0 (the default of a zeroed struct): bit-exact, a row's output does not depend on the
     * other rows of the batch. 1: BLAS path (dense GEMM), ulp-bounded, not bit-exact: a row's
     * output may differ at the ulp level with the batch shape. (Added by helper "models".) */
    int ulp_bounded;
} dmv_fast_model;

/* Zeroes m and sets abi_version = DMV_FAST_MODEL_ABI, struct_size = sizeof *m and name
 * (a static string; may be NULL). Every constructor starts with it; so must a plug-in. */
void dmv_fast_model_init(dmv_fast_model *m, const char *name);
/* DMV_OK if m was built for this ABI (version and size), else DMV_EINVAL with a message naming
 * both numbers and the expected ones. */
int dmv_fast_model_check(const dmv_fast_model *m, dmv_error *err);
/* m->name, or "model" if NULL. */
const char *dmv_fast_model_name(const dmv_fast_model *m);
/* Calls m->denoise outside a sampler: ev = {NaN, alpha, sigma, -1, 0}, no message (err NULL). */
int dmv_fast_model_denoise(const dmv_fast_model *m, double alpha, double sigma, long n, const double *x,
                           double *out, void *workspace);

/* Releases what a model constructor allocated (calls m->clear). */
void dmv_fast_model_clear(dmv_fast_model *m);


/* ==== fast core (helper "fast"): process, grid, Gaussian-diagonal model, schemes,
 * reproducible batched/threaded execution, SHA-256. docs/sample.md describes it. ==== */

/* ---- process in double (docs/schemes.md s.1, stable forms of docs/math/processes.md#stable-forms) ---- */
double dmv_fast_process_alpha(const dmv_process *p, double s);
double dmv_fast_process_sigma2(const dmv_process *p, double s); /* sigma(s)^2 */
double dmv_fast_process_f(const dmv_process *p, double s);      /* drift f(s) = d log alpha/ds */
double dmv_fast_process_g2(const dmv_process *p, double s);     /* g(s)^2 */
double dmv_fast_process_logsnr(const dmv_process *p, double s); /* l(s) = log(alpha/sigma) */
double dmv_fast_process_logsnr_inv(const dmv_process *p, double l);
/* alpha(s2)/alpha(s1) - 1, without cancellation (EI's r - 1). */
double dmv_fast_process_ratio_m1(const dmv_process *p, double s1, double s2);

/* ---- grid (docs/schemes.md s.2): s[0..steps], s[0] = t_max and s[steps] = eps exactly.
 * DMV_EINVAL naming the field if the grid is unusable (e.g. logsnr/karras with eps <= 0). */
int dmv_fast_grid(double *s, const dmv_grid *g, const dmv_process *p, dmv_error *err);

/* ---- Gaussian data given by eigenpairs, diagonal path (g->basis must be NULL):
 * D = m + (alpha lambda / lambda_s)(y - alpha m) per coordinate. Copies lambda and mean. */
int dmv_fast_model_gaussian_diag_init(dmv_fast_model *m, const dmv_gaussian *g, dmv_error *err);

/* ---- initial law (docs/schemes.md s.4): x~_T[j] = m0[j] + sqrt(v0[j]) z_0[j].
 * g (lambda, mean) is needed for init exact only; may be NULL otherwise. */
int dmv_fast_init_law(double *m0, double *v0, long d, const dmv_init *init, const dmv_process *p,
                      const dmv_gaussian *g, dmv_error *err);

/* ---- execution ---------------------------------------------------------------------
 * A job: one scheme on one model for samples 0..n-1. Sample i depends only on
 * (seed, i): results, statistics and the hash are bit-identical for any threads/batch. */
typedef struct {
    const dmv_process *process;
    const dmv_grid *grid;
    const dmv_scheme *scheme;
    const dmv_init *init;
    const dmv_gaussian *init_basis_data; /* eigenbasis U (basis, NULL = identity) and, for init
                                            exact, lambda/mean; may be NULL for identity + non-exact init */
    const dmv_fast_model *model;
    long n;        /* number of samples */
    uint64_t seed;
    int threads;   /* >= 1 */
    long batch;    /* rows per scheme call and per thread; memory ~ 5 * batch * dim doubles per thread */
    int generic_only; /* 1: never use the fused Gaussian-diagonal loops (bit-identical except DDIM's affine map; tests) */
} dmv_fast_job;

void dmv_fast_job_init(dmv_fast_job *job); /* zeroes; threads = 1, batch = DMV_FAST_BATCH_DEFAULT */
#define DMV_FAST_BATCH_DEFAULT 32
#define DMV_FAST_CHUNK 128 /* statistics and hash are accumulated per 128 samples (fixed); also the unit of work */

/* Streaming per-coordinate statistics; chunks of DMV_FAST_CHUNK samples (Welford),
 * merged by Chan's formula in chunk order. hash: hex of the "sha256-chunk128" digest =
 * SHA-256 of the concatenated 32-byte SHA-256 digests of each chunk's samples, each chunk
 * hashed as its rows' float64 little-endian bytes, row-major (the .npy data order). */
typedef struct {
    long n, d;
    double *mean;     /* d entries */
    double *m2;       /* d entries: sum of squared deviations (variance = m2/(n-1)) */
    long nonfinite;   /* number of non-finite values among the n*d outputs */
    long nonfinite_rows;
    char hash[65];
    const char *hash_name; /* "sha256-chunk128" */
    int bit_exact;         /* 1 unless the model is ulp_bounded (then the hash may change with batch) */
} dmv_fast_stats;

void dmv_fast_stats_init(dmv_fast_stats *st);
void dmv_fast_stats_clear(dmv_fast_stats *st);

/* Runs the job. sink (may be NULL) receives consecutive blocks of rows in sample
 * order (first, rows, x = rows x dim); a non-zero return stops the run with that code.
 * progress (may be NULL) is called, under a lock, after every batch with the fraction of samples
 * computed so far (non-decreasing).
 * stats (may be NULL) receives the statistics and hash; with NULL neither is computed. */
int dmv_fast_sample(dmv_fast_stats *stats, const dmv_fast_job *job,
                    int (*sink)(void *ctx, long first, long rows, const double *x), void *sink_ctx,
                    void (*progress)(void *ctx, double fraction), void *progress_ctx, dmv_error *err);

/* ---- distributed runs (cli/mpi_layer.c, docs/scale-out.md) ---------------------------------
 * A part of a run: the per-chunk records of chunks first_chunk .. first_chunk+nchunks-1
 * (chunk c = samples 128c .. 128c+127, clipped to n; records past n are not written), each
 * dmv_fast_part_size(d) bytes: int64 count, nonfinite, nonfinite_rows; the chunk's 32-byte
 * SHA-256; mean[d]; m2[d]. Threads as in dmv_fast_sample. Feeding every chunk's record, in
 * chunk order, to dmv_fast_merge_add gives dmv_fast_sample's statistics and hash bit for bit
 * (same Welford per chunk, same Chan merge, same outer SHA-256). */
size_t dmv_fast_part_size(long d);
int dmv_fast_sample_part(unsigned char *rec, const dmv_fast_job *job, long first_chunk, long nchunks,
                         void (*progress)(void *ctx, double fraction), void *progress_ctx, dmv_error *err);
typedef struct dmv_fast_merge dmv_fast_merge;
dmv_fast_merge *dmv_fast_merge_new(long d); /* NULL when out of memory or d < 1 */
void dmv_fast_merge_add(dmv_fast_merge *m, const unsigned char *rec, long nrec); /* records with count 0 skipped */
int dmv_fast_merge_finish(dmv_fast_merge *m, dmv_fast_stats *stats, const dmv_fast_job *job, dmv_error *err);
void dmv_fast_merge_free(dmv_fast_merge *m);

/* When a hook is set (once, before any run: not thread-safe), dmv_fast_sample with stats != NULL
 * and sink == NULL calls it instead of sampling in-process (the MPI layer, cli/mpi_layer.c). */
typedef int (*dmv_fast_sample_hook)(void *ctx, dmv_fast_stats *stats, const dmv_fast_job *job,
                                    void (*progress)(void *pctx, double fraction), void *progress_ctx,
                                    dmv_error *err);
void dmv_fast_set_sample_hook(dmv_fast_sample_hook hook, void *ctx);

/* Samples first_sample .. first_sample+n-1 of the job into out (n x dim, row-major),
 * in the calling thread (job->threads is ignored). Same values as dmv_fast_sample. */
int dmv_fast_run_rows(double *out, const dmv_fast_job *job, long first_sample, long n, dmv_error *err);

/* ---- SHA-256 (FIPS 180-4), used for sample hashes ---- */
typedef struct {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    unsigned nbuf;
} dmv_fast_sha256;
void dmv_fast_sha256_init(dmv_fast_sha256 *c);
void dmv_fast_sha256_update(dmv_fast_sha256 *c, const void *data, size_t len);
void dmv_fast_sha256_final(dmv_fast_sha256 *c, unsigned char out[32]);
/* ==== end of fast core section ==== */


/* ==== data models (helper "models"): the formulas are in docs/models.md ==================
 * Constructors copy the data they are given, except guided and perturbed (generic), which
 * keep pointers to their base models: those must outlive the new model. Release every model
 * with dmv_fast_model_clear. Bad arguments: DMV_EINVAL with a message naming the argument.
 * denoise returns DMV_EDOM (with a message naming alpha and sigma) if alpha < 0, sigma < 0, either
 * is not finite, or sigma = 0 for a model whose denoiser needs sigma > 0 (all but the
 * Gaussian ones). Thread-safe for concurrent calls with distinct workspaces. Every model
 * here is bit-exact per row (ulp_bounded = 0) except the dense Gaussian (GEMM, ulp_bounded = 1)
 * and guided/perturbed models built on an ulp-bounded base. */

/* Dense Gaussian N(U mean, U diag(lambda) U^T), g->basis a d x d row-major orthogonal U
 * (column j = eigenvector j; NULL = identity), mean in eigenbasis coordinates (NULL = 0).
 * Two cblas_dgemm per call over the whole batch; ulp_bounded = 1. U is checked to be
 * orthogonal to 1e-10 (max |U^T U - I|), else DMV_EINVAL. */
int dmv_fast_model_dense_init(dmv_fast_model *m, const dmv_gaussian *g, dmv_error *err);
/* Same from a full symmetric covariance cov (d x d row-major) and a mean mu in standard
 * coordinates (NULL = 0), eigendecomposed once by LAPACKE_dsyevd. Eigenvalues in
 * [-1e-12 max|ev|, 0) are set to 0; more negative ones are DMV_EINVAL. */
int dmv_fast_model_dense_cov_init(dmv_fast_model *m, long d, const double *cov, const double *mu,
                                  dmv_error *err);
/* Orthonormal DCT-II basis as a d x d row-major U (column k = k-th DCT vector):
 * U[n*d + k] = c_k cos(pi (2n + 1) k / (2d)), c_0 = sqrt(1/d), c_k = sqrt(2/d) for k >= 1. */
int dmv_fast_dct_basis(long d, double *U, dmv_error *err);

/* Gaussian mixture sum_k w_k N(mu_k, Sigma_k), diagonal covariances: weights w[K] >= 0 (not all
 * 0; normalised here), means mean[K*d] and variances var[K*d] >= 0, row k = component k. */
int dmv_fast_model_mixture_init(dmv_fast_model *m, long d, long K, const double *w,
                                const double *mean, const double *var, dmv_error *err);
/* Same with components given by eigenpairs (comp[k].basis may be NULL; all comp[k].d equal). */
int dmv_fast_model_mixture_eig_init(dmv_fast_model *m, long K, const double *w,
                                    const dmv_gaussian *comp, dmv_error *err);

/* Mixture of uniforms, product form: coordinate j is independent with law
 * sum_k w[j*K + k] U[a[j*K + k], b[j*K + k]] (K intervals per coordinate; w >= 0 not all 0
 * in a coordinate, a < b finite). */
int dmv_fast_model_umix_init(dmv_fast_model *m, long d, long K, const double *w, const double *a,
                             const double *b, dmv_error *err);
/* Mixture of K uniform boxes sum_k w_k U(prod_j [lo_kj, hi_kj]) (docs/model-spec.md, "boxes"):
 * w (K, >= 0, not all 0), lo and hi (K x d row-major, lo < hi finite, |.| <= 1e150) are copied.
 * Per box and coordinate the interval functions of the umix model; log-sum-exp over boxes. */
int dmv_fast_model_boxes_init(dmv_fast_model *m, long d, long K, const double *w, const double *lo,
                              const double *hi, dmv_error *err);

/* Empirical law (1/n_train) sum_i delta_{X_i} of a training set X (n_train x d, row-major):
 * the exact denoiser of its noised law, sum_i softmax_i(-|x - alpha X_i|^2 / (2 sigma^2)) X_i. */
int dmv_fast_model_empirical_init(dmv_fast_model *m, long d, long n_train, const double *X,
                                  dmv_error *err);
/* Same law, for large n_train: one cblas_dgemm per call for the cross terms x.X_i, with the
 * points whose GEMM exponent is not accurate enough recomputed directly (docs/models.md s.5).
 * ulp_bounded = 1. Needs sigma >= ~1e-154 (DMV_EDOM below). */
int dmv_fast_model_empirical_gemm_init(dmv_fast_model *m, long d, long n_train, const double *X,
                                       dmv_error *err);

/* Classifier-free guidance, the parametrisation of Chidambaram et al. (docs/math/models.md#guided):
 * score (1 + w) s_cond - w s_uncond, i.e. D_w = D_cond + w (D_cond - D_uncond); w = 0 gives
 * D_cond exactly. Keeps the two pointers (same dim). w finite (negative allowed). */
int dmv_fast_model_guided_init(dmv_fast_model *m, const dmv_fast_model *cond,
                               const dmv_fast_model *uncond, double w, dmv_error *err);
/* The "guidance scale" form D = D_uncond + gamma (D_cond - D_uncond): gamma = 1 + w. */
int dmv_fast_model_guided_scale_init(dmv_fast_model *m, const dmv_fast_model *cond,
                                     const dmv_fast_model *uncond, double gamma, dmv_error *err);

/* Perturbed Gaussian (docs/schemes.md s.3): per eigen-direction j the score
 * S'_j = -(1 + kappa_j)(y_j - alpha (m_j + dm_j)) / (lambda_s,j + alpha^2 dl_j)
 * (eigenbasis coordinates; g->basis may be NULL). kappa, dl, dm: d entries each, NULL = 0.
 * Needs lambda_j + dl_j >= 0 and kappa_j > -1. Bit-exact (per-row loops). */
int dmv_fast_model_perturbed_gaussian_init(dmv_fast_model *m, const dmv_gaussian *g,
                                           const double *kappa, const double *dl,
                                           const double *dm, dmv_error *err);
/* A known score error: fills e (n x dim) with e(x_r, s) for the n rows of x; returns DMV_OK or
 * an error code. Must be thread-safe if the model is used from several threads. */
typedef int (*dmv_fast_score_error_fn)(void *ctx, double alpha, double sigma, long n, long dim,
                                       const double *x, double *e);
/* base plus a score error: S' = S + e, D' = D + (sigma^2 / alpha) e (needs alpha > 0). */
int dmv_fast_model_perturbed_init(dmv_fast_model *m, const dmv_fast_model *base,
                                  dmv_fast_score_error_fn e, void *ctx, dmv_error *err);
/* ==== end of data models section ==== */


/* ==== per-step trace (helper "replay", fast/trace.c; docs/replay.md) ========================
 * One sample of a job run step by step by the sampler's own step code: x[k*d .. k*d + d) is the
 * state before step k (k = 0: the initial point, k = steps: the output, bit-identical to
 * dmv_fast_sample / dmv_fast_run_rows for bit-exact models), s the grid, z[k*d ..] the noise of
 * counter step k (k = 0: the initial noise; k >= 1: the noise of the step s_{k-1} -> s_k, zeros
 * for deterministic schemes). DPM-Solver++(2M)'s carried denoiser output is not traced: it is
 * D(x_{k-1}, s_{k-1}), recomputed by the replay from the traced previous state. */
typedef struct {
    long d, steps, sample;
    int stochastic; /* 1 if the steps drew noises (dmv_scheme_is_stochastic) */
    double *s;      /* steps + 1 grid points */
    double *x;      /* (steps + 1) x d states */
    double *z;      /* (steps + 1) x d noises */
} dmv_fast_trace;

void dmv_fast_trace_init(dmv_fast_trace *tr);
void dmv_fast_trace_clear(dmv_fast_trace *tr);
/* Traces sample `sample` of job (job->n, threads and batch are ignored). tr must be initialised;
 * its previous contents are released. */
int dmv_fast_trace_run(dmv_fast_trace *tr, const dmv_fast_job *job, long sample, dmv_error *err);
/* ==== end of the trace section ==== */

/* ---- k-diffusion / EDM coefficients (fast/kdiff.c, docs/conventions.md) ---- */
/* Churn gamma_k at sigma for N steps: min(S_churn/N, 2 ** 0.5 - 1) if S_tmin <= sigma <= S_tmax (S_tmax
 * = 0: no limit) for the churn schemes, else 0. k-euler-ancestral's split of sigma -> sn with eta.
 * The k-lms weights c[0..order) of d_k, d_{k-1}, ... for the step s[k] -> s[k+1] (order <= k + 1,
 * <= 4; DMV_EINVAL otherwise). */
double dmv_fast_kdiff_gamma(const dmv_scheme *sc, double sigma, long N);
void dmv_fast_kdiff_ancestral(double s, double sn, double eta, double *sigma_down, double *sigma_up);
int dmv_fast_kdiff_lms_coef(double *c, const double *s, long k, int order);

/* ---- the model's output parametrisation (fast/model_prediction.c, docs/conventions.md s.5) ----
 * diffusers' prediction_type names: "sample" (x0, the denoiser itself), "epsilon", "v_prediction"
 * (k-diffusion's VDenoiser with sigma_data). The wrapper turns the base model's D into that output
 * and back by the library's formula (the identity in exact arithmetic; the law is the base's). */
enum { DMV_PREDICTION_SAMPLE = 0, DMV_PREDICTION_EPSILON = 1, DMV_PREDICTION_V = 2 };
const char *dmv_prediction_name(int prediction);
int dmv_prediction_from_name(int *prediction, const char *name, dmv_error *err);
/* m borrows base (must outlive m); sigma_data > 0 (v_prediction; k-diffusion's default 1). */
int dmv_fast_model_prediction_init(dmv_fast_model *m, const dmv_fast_model *base, int prediction, double sigma_data,
                                   dmv_error *err);

#endif
