/* One description of a data model, shared by fast/ and reference/ (plain data, no numerics).
 *
 * A dmv_model_spec is a tagged tree: leaves hold data (a Gaussian, a Gaussian mixture, a
 * mixture of uniform boxes, a product of per-coordinate uniform mixtures, an empirical
 * training set), inner nodes combine denoisers (guidance, score errors). The format, the
 * meaning of every field and the JSON form are in docs/model-spec.md; the denoiser
 * D(x, s) = E[X_0 | alpha X_0 + sigma Z = x] of each kind is given there too.
 *
 * Parsed and validated by io/model_spec.c (JSON; errors name the JSON path and the value).
 * Built on the fast side by dmv_fast_model_from_spec (fast/model_spec.c, include/dmv/fast.h
 * is not included here) and on the reference side by dmv_ref_model_from_spec
 * (include/dmv/ref_model.h). A spec owns all its arrays and children: dmv_model_spec_clear
 * frees them. Builders never keep pointers into a spec unless they say so. */
#ifndef DMV_MODEL_SPEC_H
#define DMV_MODEL_SPEC_H

#include <stddef.h>

#include "dmv/error.h"
#include "dmv/spec.h"

typedef enum {
    DMV_MODEL_NONE = 0,      /* an initialised, empty spec */
    DMV_MODEL_GAUSSIAN = 1,  /* N(mu, Sigma): eigen form or full covariance          JSON "gaussian" */
    DMV_MODEL_MIXTURE = 2,   /* sum_k w_k N(mu_k, Sigma_k)                            JSON "mixture" */
    DMV_MODEL_BOXES = 3,     /* sum_k w_k U(box_k), box_k = prod_j [lo_kj, hi_kj]     JSON "boxes" */
    DMV_MODEL_UMIX = 4,      /* prod_j sum_k w_jk U[a_jk, b_jk] (docs/models.md s.4)   JSON "umix" */
    DMV_MODEL_EMPIRICAL = 5, /* (1/n) sum_i delta_{X_i}                               JSON "empirical" */
    DMV_MODEL_GUIDED = 6,    /* D_c + w (D_c - D_u)                                   JSON "guided" */
    DMV_MODEL_SCORE_MIX = 7, /* score error toward another spec: D + lambda (D_o - D) JSON "score_mix" */
    DMV_MODEL_TAIL = 8,      /* tail-corrupted score: 0 beyond a2 + kappa sigma_hat   JSON "tail" */
    DMV_MODEL_PERTURBED = 9, /* Gaussian-preserving score error (docs/schemes.md s.3) JSON "perturbed" */
    DMV_MODEL_LINEAR_INVERSE = 10, /* y = H x + sigma_y n, a zero-shot rule on a Gaussian prior
                                      (docs/model-spec.md, "linear_inverse")   JSON "linear_inverse" */
    DMV_MODEL_KIND_COUNT = 11
} dmv_model_kind;

/* How a Gaussian's eigenbasis U is given. */
typedef enum {
    DMV_BASIS_NONE = 0,     /* no basis: the diagonal model (U = I, fast: bit-exact diagonal path) */
    DMV_BASIS_IDENTITY = 1, /* U = I, but the fast side uses the dense (GEMM) model */
    DMV_BASIS_DCT = 2,      /* orthonormal DCT-II, U[n][k] = c_k cos(pi (2n+1) k / (2d)); computed by builders */
    DMV_BASIS_MATRIX = 3    /* the d x d row-major matrix `basis` (column j = eigenvector j) */
} dmv_basis_kind;

/* A Gaussian, in one of two forms:
 *   full = 0: N(U mean, U diag(lambda) U^T), lambda >= 0, mean in eigenbasis coordinates
 *             (NULL = 0), U by basis_kind (and basis);
 *   full = 1: N(mu, cov), cov d x d symmetric PSD (row-major), mu in standard coordinates (NULL = 0). */
typedef struct {
    long d;
    int full;
    double *lambda; /* full = 0: d eigenvalues */
    double *mean;   /* full = 0: d entries or NULL */
    dmv_basis_kind basis_kind;
    double *basis;  /* DMV_BASIS_MATRIX: d x d; NULL otherwise */
    double *cov;    /* full = 1: d x d */
    double *mu;     /* full = 1: d entries or NULL */
} dmv_model_gaussian;

/* Classifier-free and classifier guidance: which parametrisation the file used. The denoiser
 * is always D_c + w (D_c - D_u) with the `w` below (docs/model-spec.md, "guided"):
 *   DMV_GUIDANCE_W:          w as given (Chidambaram et al.: score (1 + w) s_c - w s_u);
 *   DMV_GUIDANCE_GAMMA:      scale = gamma, D_u + gamma (D_c - D_u): w = gamma - 1;
 *   DMV_GUIDANCE_CLASSIFIER_UNCOND: s_u + scale grad log p_t(z | x): w = scale - 1;
 *   DMV_GUIDANCE_CLASSIFIER_COND:   s_c + scale grad log p_t(z | x): w = scale. */
typedef enum {
    DMV_GUIDANCE_W = 0,
    DMV_GUIDANCE_GAMMA = 1,
    DMV_GUIDANCE_CLASSIFIER_UNCOND = 2,
    DMV_GUIDANCE_CLASSIFIER_COND = 3
} dmv_guidance_param;

typedef enum {
    DMV_EMPIRICAL_AUTO = 0,  /* fast: GEMM when n d >= 65536 */
    DMV_EMPIRICAL_DIRECT = 1,
    DMV_EMPIRICAL_GEMM = 2
} dmv_empirical_method;

/* The zero-shot rules of a linear_inverse model (docs/model-spec.md, "linear_inverse";
 * docs/math/mismatch.md): each replaces the prior's denoiser D' by a corrected D~(x, alpha, sigma). */
typedef enum {
    DMV_ZS_EXACT = 0,       /* the exact posterior denoiser (closed form for a Gaussian prior)   "exact" */
    DMV_ZS_DDNM = 1,        /* H^+ y + (I - P) D'                                                "ddnm" */
    DMV_ZS_BO_DDNM = 2,     /* (I - P) D' + rho H^+ y + (1 - rho) P x / alpha, rho = sigma^2/(sigma^2 + alpha^2 sigma_y^2)  "bo-ddnm" */
    DMV_ZS_PIGDM = 3,       /* D' + S0 H^T (sigma^2 H H^T + sigma_y^2 I)^-1 (y - H D')           "pigdm" */
    DMV_ZS_PIGDM_EXACT = 4, /* D' + S0 H^T (H S0 H^T + sigma_y^2 I)^-1 (y - H D')                "pigdm-exact" */
    DMV_ZS_DPS = 5,         /* D' + w S0 H^T (y - H D'), fixed weight w (default 1/sigma_y^2)    "dps" */
    DMV_ZS_COUNT = 6
} dmv_zs_rule;

/* "exact", "ddnm", ... ; "?" for an unknown rule. */
const char *dmv_zs_rule_name(dmv_zs_rule r);

typedef struct dmv_model_spec dmv_model_spec;

struct dmv_model_spec {
    dmv_model_kind kind;
    long dim;
    union {
        dmv_model_gaussian gaussian; /* DMV_MODEL_GAUSSIAN */
        struct {                     /* DMV_MODEL_MIXTURE */
            long K;
            double *w;               /* K weights >= 0, not all 0 (builders normalise) */
            dmv_model_gaussian *comp; /* K components of dimension dim */
        } mixture;
        struct {                     /* DMV_MODEL_BOXES */
            long K;
            double *w;               /* K weights >= 0, not all 0 */
            double *lo, *hi;         /* K x dim, lo < hi */
        } boxes;
        struct {                     /* DMV_MODEL_UMIX */
            long K;                  /* intervals per coordinate */
            double *w, *a, *b;       /* dim x K; w >= 0 not all 0 in a row; a < b */
        } umix;
        struct {                     /* DMV_MODEL_EMPIRICAL */
            long n;
            double *X;               /* n x dim */
            dmv_empirical_method method;
        } empirical;
        struct {                     /* DMV_MODEL_GUIDED */
            dmv_model_spec *cond, *uncond;
            double w;                /* the w of D_c + w (D_c - D_u) */
            dmv_guidance_param param;
            double scale;            /* the number as given in the file (w, gamma or the classifier scale) */
        } guided;
        struct {                     /* DMV_MODEL_SCORE_MIX: s^ = s + lambda (s_other - s) */
            dmv_model_spec *base, *other;
            double lambda;
        } score_mix;
        struct {                     /* DMV_MODEL_TAIL (docs/model-spec.md, "tail") */
            dmv_model_spec *base;
            double *a2;              /* dim upper thresholds, or NULL (no upper region) */
            double *a1;              /* dim lower thresholds, or NULL (no lower region) */
            double kappa;            /* >= 0 */
            double sigma_hat_max;    /* corruption only while sigma/alpha <= this (> 0; may be +inf) */
        } tail;
        struct {                     /* DMV_MODEL_LINEAR_INVERSE: S0 = Sigma_{0|t} = sigma^2 Sigma C^-1 */
            dmv_model_spec *prior;   /* a gaussian spec (full covariance, or eigen form without basis) */
            long m;                  /* measurements */
            double *H;               /* m x dim, full row rank (H^+ = H^T (H H^T)^-1, P = H^+ H) */
            double *y;               /* m */
            double sigma_y;          /* >= 0 */
            dmv_zs_rule rule;
            double rule_param;       /* dps: the weight w (NaN: 1/sigma_y^2); unused otherwise */
        } linear_inverse;
        struct {                     /* DMV_MODEL_PERTURBED (docs/schemes.md s.3) */
            dmv_model_gaussian base; /* full = 0 */
            double *kappa, *dl, *dm; /* dim entries each or NULL (= 0) */
        } perturbed;
    } u;
    /* Files read while parsing (basis and train .npy), as opened (relative to the JSON file's
     * directory when relative in the JSON). Only the top-level spec fills these; children
     * have nfiles = 0. The CLI hashes them for the stats record. */
    long nfiles;
    char **files;
    char **file_roles; /* "basis", "train" */
};

void dmv_model_spec_init(dmv_model_spec *s);
void dmv_model_spec_clear(dmv_model_spec *s);
void dmv_model_gaussian_init(dmv_model_gaussian *g);
void dmv_model_gaussian_clear(dmv_model_gaussian *g);

/* "gaussian", "mixture", ... (the JSON name); "?" for an unknown kind. */
const char *dmv_model_kind_name(dmv_model_kind k);

/* Parses the JSON text of one model object into spec (initialised, empty).
 *   what:      prefix of every message, e.g. "model file m.json" (NULL: "model");
 *   path:      the JSON path of the object, e.g. "model" (NULL or "": top level) -- messages
 *              then read "what: model.components[2].lambda[0] = -1: an eigenvalue must be >= 0";
 *   base_dir:  directory against which relative .npy names are resolved (NULL: current).
 * Errors: DMV_EINVAL (bad value: path and value named), DMV_EFORMAT (malformed JSON or .npy),
 * DMV_EIO, DMV_ENOMEM. On error the
 * spec is left empty (cleared). */
int dmv_model_spec_parse(dmv_model_spec *spec, const char *text, size_t len, const char *what,
                         const char *path, const char *base_dir, dmv_error *err);

/* The same from a cJSON item (passed as const void * so that this header does not need
 * cJSON): for a problem file that embeds a model object. */
int dmv_model_spec_from_cjson(dmv_model_spec *spec, const void *item, const char *what, const char *path,
                              const char *base_dir, dmv_error *err);

/* Reads a JSON file (a model file of docs/model-file.md or any spec of docs/model-spec.md);
 * relative .npy names are resolved against the file's directory; messages start with
 * "model file PATH". */
int dmv_model_spec_read(dmv_model_spec *spec, const char *filename, dmv_error *err);

/* Checks a spec built in C (not parsed): the same rules as the parser. DMV_OK or DMV_EINVAL
 * naming the field (as a path from `path`, e.g. "cond.lambda[2]"). */
int dmv_model_spec_check(const dmv_model_spec *spec, const char *path, dmv_error *err);

/* ---- builders ---------------------------------------------------------------------------------
 * The fast side (fast/model_spec.c; the model type is in include/dmv/fast.h): builds the existing
 * fast models of docs/models.md from the spec; the result owns everything it needs (the spec may
 * be cleared afterwards); release it with dmv_fast_model_clear. Kinds without a fast model give
 * DMV_EUNSUPPORTED naming the kind (every parsed kind, boxes with any d and K and linear_inverse
 * included, has a fast model). The reference side:
 * dmv_ref_model_from_spec in include/dmv/ref_model.h. */
struct dmv_fast_model;
int dmv_fast_model_from_spec(struct dmv_fast_model *m, const dmv_model_spec *spec, dmv_error *err);
/* For a model built by dmv_fast_model_from_spec from a gaussian (eigen form) or perturbed spec:
 * its Gaussian data with the basis in use (the eigenbasis of the initial law, docs/schemes.md s.4;
 * basis NULL for none/identity), owned by the model. NULL for every other model. */
const dmv_gaussian *dmv_fast_model_spec_gaussian(const struct dmv_fast_model *m);

#endif
