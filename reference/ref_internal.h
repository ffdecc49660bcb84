/* Internal to reference/: the schedule's private part and shared helpers. */
#ifndef DMV_REF_INTERNAL_H
#define DMV_REF_INTERNAL_H

#include "dmv/ref.h"

/* What a score query at one time needs, independent of the eigenvalue. */
typedef struct {
    arb_t alpha, alpha2, sigma, sigma2;
    arb_t mf;   /* -f(s) */
    arb_t hg2;  /* g(s)^2 / 2 */
    arb_t mfa2; /* -f alpha^2 (VP: the ODE drift is mfa2 (lambda - 1)/lambda_s) */
    arb_t inva; /* 1/alpha */
    arb_t fnum; /* VP: mfa2 (drift = fnum (lambda - 1)/lambda_s); VE: -g^2/2 (drift = fnum/lambda_s); exact score */
} dmv_ref_node;

#define DMV_REF_NQ 5
typedef struct {
    int vp;          /* alpha^2 + sigma^2 = 1 */
    slong nnodes;    /* N + 1 grid nodes, then N mid nodes if has_mid */
    int has_mid;
    dmv_ref_node *node;
    arb_ptr q[DMV_REF_NQ]; /* per-step constants q[i][k], k = 0..N-1 (meaning per scheme: schedule.c) */
    int *last_zero;  /* Heun-EDM: sigma(s_{k+1}) == 0 */
} dmv_ref_priv;

/* z = x + d, z = x - d for a double d (exact binary value) */
static inline void _dmv_ref_add_d(arb_t z, const arb_t x, double d, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_d(t, d);
    arb_add(z, x, t, prec);
    arb_clear(t);
}
static inline void _dmv_ref_sub_d(arb_t z, const arb_t x, double d, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_d(t, d);
    arb_sub(z, x, t, prec);
    arb_clear(t);
}

void _dmv_ref_vp_B(arb_t B, const dmv_process *p, const arb_t s, slong prec);
void _dmv_ref_vp_dB(arb_t dB, const dmv_process *p, const arb_t s1, const arb_t s2, slong prec);
void _dmv_ref_cos_theta(arb_t th, const dmv_process *p, const arb_t s, slong prec);

#include "dmv/ref_step.h"
int _dmv_ref_step_den(arb_ptr out, const dmv_ref_stepper *st, const arb_t a, const arb_t sg, arb_srcptr x,
                      slong prec, dmv_error *err);

/* The k-diffusion / EDM schemes (reference/kdiff.c), behind dmv_ref_scheme_map1/affine1/path1. */
int _dmv_ref_kdiff_map1(arb_t A, arb_t Bsq, arb_t c, const dmv_ref_schedule *sch, const arb_t lambda,
                        const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err);
int _dmv_ref_kdiff_affine1(dmv_ref_affine1 *out, const dmv_ref_schedule *sch, const arb_t lambda,
                           const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err);
int _dmv_ref_kdiff_path1(arb_ptr A, arb_ptr Bsq, arb_ptr cv, const dmv_ref_schedule *sch, const arb_t lambda,
                         const arb_t mean, const dmv_ref_score_error *se, slong prec, dmv_error *err);

#endif
