/* reference/: certified denoisers of every model kind of include/dmv/model_spec.h (Arb).
 *
 * D(x) = E[X_0 | X_t = x] for X_t = a X_0 + s Z, Z ~ N(0, I), a = alpha_t >= 0 and s = sigma_t
 * given as Arb balls (usually exact: the doubles the fast sampler used). x is a vector of
 * dim balls (usually exact doubles). Every result is a ball that contains the exact value for
 * every (a, s, x) in the input balls, with the spec's doubles taken as exact numbers. The
 * formulas and the numerical forms are in docs/model-spec.md, "Reference denoisers"; they
 * follow the conventions of the fast models (docs/models.md): the same D, the same eigenbasis
 * formula for a Gaussian given by eigenpairs (U taken as the exact matrix given, or the exact
 * DCT-II), the same guided and perturbed combinations.
 *
 * Errors: DMV_EINVAL (bad argument), DMV_EDOM (a < 0, s < 0, s = 0 for a kind that needs
 * s > 0, a ball for a or s that contains 0 without being 0), DMV_EPREC (a certified value could
 * not be obtained at this precision: e.g. a singular covariance solve), DMV_EUNSUPPORTED
 * (reserved kinds), DMV_ENOMEM. Library code never prints. */
#ifndef DMV_REF_MODEL_H
#define DMV_REF_MODEL_H

#include <arb.h>
#include <arb_mat.h>

#include "dmv/error.h"
#include "dmv/model_spec.h"

/* A reference model: borrows the spec (which must outlive it) and holds the exact DCT-II bases
 * (at 4 prec + 64 bits; matrix bases are read from the spec). Read-only after construction:
 * threads may share it. */
typedef struct {
    const dmv_model_spec *spec;
    long dim;
    void *priv;
} dmv_ref_model;

/* Checks the spec (dmv_model_spec_check) and precomputes the bases at precision prec. */
int dmv_ref_model_from_spec(dmv_ref_model *m, const dmv_model_spec *spec, slong prec, dmv_error *err);
void dmv_ref_model_clear(dmv_ref_model *m);

/* out[0..dim) = D(x) at working precision prec (out: dim initialised arbs, distinct from x). */
int dmv_ref_model_denoise(arb_ptr out, const dmv_ref_model *m, const arb_t a, const arb_t s, arb_srcptr x,
                          slong prec, dmv_error *err);

/* Precision escalation: evaluates at prec, 2 prec, 4 prec, ... up to prec_max until every
 * out[j] has radius <= 2^-acc_bits max(1, |mid out[j]|). *prec_used (may be NULL) receives
 * the precision that succeeded. DMV_EPREC (naming the coordinate and its radius) if prec_max is
 * reached; out then holds the last (valid but wide) enclosure. The radii of a, s and x bound
 * what any precision can reach. */
int dmv_ref_model_denoise_acc(arb_ptr out, const dmv_ref_model *m, const arb_t a, const arb_t s, arb_srcptr x,
                              slong acc_bits, slong prec, slong prec_max, slong *prec_used, dmv_error *err);

/* The same for doubles taken as exact (a, s, x[dim]). */
int dmv_ref_model_denoise_d(arb_ptr out, const dmv_ref_model *m, double a, double s, const double *x,
                            slong acc_bits, slong prec, dmv_error *err);

/* ---- per-kind denoisers (reference/denoise_*.c) ---------------------------------------------
 * Exposed for tests and for composite models. logev (may be NULL) receives the log-evidence
 * log p(x) + (d/2) log(2 pi) + (constant common to the kind), the quantity the mixtures weigh
 * by: for a Gaussian N(a mu, a^2 Sigma + s^2 I), -1/2 (log det + quadratic form). */

/* The exact orthonormal DCT-II (docs/models.md s.2): U[n][k] = c_k cos(pi (2n + 1) k / (2d)). */
void dmv_ref_dct_basis(arb_mat_t U, long d, slong prec);

/* Gaussian g (eigen form: U = the exact DCT for basis_kind DCT (dmv_ref_dct_basis), ignored
 * otherwise: a matrix basis is read from g->basis as exact doubles; full form: a certified solve
 * with (a^2 Sigma + s^2 I)). */
int dmv_ref_denoise_gaussian(arb_ptr out, arb_t logev, const dmv_model_gaussian *g, const arb_mat_struct *U,
                             const arb_t a, const arb_t s, arb_srcptr x, slong prec, dmv_error *err);

/* Gaussian-preserving score error (docs/schemes.md s.3) on the eigen-form base. */
/* linear_inverse (reference/denoise_linear_inverse.c): the zero-shot rule's D~ on its Gaussian prior. */
int dmv_ref_denoise_linear_inverse(arb_ptr out, const dmv_model_spec *s, const arb_t a, const arb_t sg,
                                   arb_srcptr x, slong prec, dmv_error *err);
int dmv_ref_denoise_perturbed(arb_ptr out, const dmv_model_spec *spec, const arb_mat_struct *U, const arb_t a,
                              const arb_t s, arb_srcptr x, slong prec, dmv_error *err);

/* Mixture: bases[k] the exact basis of component k (or NULL). Log-sum-exp in balls. */
int dmv_ref_denoise_mixture(arb_ptr out, const dmv_model_spec *spec, const arb_mat_struct *const *bases,
                            const arb_t a, const arb_t s, arb_srcptr x, slong prec, dmv_error *err);

/* One interval [lo, hi] under x = a x0 + s z (one coordinate): logz = log of the evidence
 * (Phi(h) - Phi(l)) / (a (hi - lo)) and mean = E[x0 | x, x0 in [lo, hi]], with
 * l = (a lo - x)/s, h = (a hi - x)/s, by erfc differences (arb_hypgeom_erfc, no underflow).
 * a = 0 exactly: logz = 0, mean = (lo + hi)/2 (the evidence no longer depends on the interval). */
int dmv_ref_interval_posterior(arb_t logz, arb_t mean, double lo, double hi, const arb_t a, const arb_t s,
                               const arb_t x, slong prec, dmv_error *err);

int dmv_ref_denoise_boxes(arb_ptr out, const dmv_model_spec *spec, const arb_t a, const arb_t s, arb_srcptr x,
                          slong prec, dmv_error *err);
int dmv_ref_denoise_umix(arb_ptr out, const dmv_model_spec *spec, const arb_t a, const arb_t s, arb_srcptr x,
                         slong prec, dmv_error *err);
/* Softmax in balls over the n training points. */
int dmv_ref_denoise_empirical(arb_ptr out, const dmv_model_spec *spec, const arb_t a, const arb_t s, arb_srcptr x,
                              slong prec, dmv_error *err);

/* Checks a >= 0 and s >= 0 (s > 0 when need_s_pos) as certified by the balls; DMV_EDOM naming
 * the value otherwise. Shared by the denoisers. */
int dmv_ref_denoise_check_args(const arb_t a, const arb_t s, int need_s_pos, const char *who, dmv_error *err);

/* Softmax of n log-weights L (n >= 1; entries may be NULL-skipped with skip[k] = 1, skip may be
 * NULL): p[k] = exp(L[k] - max) / sum. Shared by the mixtures. */
void dmv_ref_softmax(arb_ptr p, arb_srcptr L, const int *skip, slong n, slong prec);
/* p = softmax(L) as above and out[j] = sum_k p[k] M[k d + j] (j < d) over the entries not
 * skipped: the posterior mean of K components with means M (K x d, row-major). */
void dmv_ref_softmax_mean(arb_ptr out, arb_ptr p, arb_srcptr L, const int *skip, arb_srcptr M, slong K, slong d,
                          slong prec);

#endif
