/* W2 of a scheme's law to the data N(0, diag lambda), every eigen-direction in double interval
 * arithmetic with upward rounding (docs/math/interval.md): the recursions of map1_fast
 * (reference/scheme.c, docs/math/schemes.md#step-maps) for EM, EI, DDPM, Euler, Heun and RK4 with
 * the exact score and no mean, on the schedule's constants enclosed in double intervals.
 *
 * Every interval [lo, hi] is computed with the rounding mode set to FE_UPWARD: an upper bound is
 * the operation rounded up, a lower bound is the negation of the negated operation rounded up
 * (round-down(x) = -round-up(-x)). IEEE 754 rounds +, -, *, / and sqrt correctly in every
 * rounding mode, so each interval contains the exact value of its real recursion. This file is
 * compiled with -frounding-math (CMakeLists.txt): GCC then honours the rounding mode and does not
 * rewrite (-a) * b as -(a * b). A self-check at run time (and tests/reference/t-interval.c)
 * confirms the rounding; if it fails, every start is reported DMV_EPREC (the caller falls back to
 * Arb). */
#include <fenv.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ref_internal.h"

#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

typedef struct {
    double lo, hi;
} ivl;

/* ---- interval operations; the rounding mode must be FE_UPWARD ---- */

static inline ivl iv_add(ivl a, ivl b)
{
    ivl r;
    r.lo = -((-a.lo) - b.lo);
    r.hi = a.hi + b.hi;
    return r;
}

static inline ivl iv_sub(ivl a, ivl b)
{
    ivl r;
    r.lo = -(b.hi - a.lo);
    r.hi = a.hi - b.lo;
    return r;
}

static inline ivl iv_add1(ivl a) /* a + 1 */
{
    ivl r;
    r.lo = -((-a.lo) - 1.0);
    r.hi = a.hi + 1.0;
    return r;
}

static inline double max2(double a, double b)
{
    return a > b ? a : b;
}

static inline ivl iv_mul(ivl a, ivl b)
{
    ivl r;
    if (a.lo >= 0 && b.lo >= 0) {
        r.lo = -((-a.lo) * b.lo);
        r.hi = a.hi * b.hi;
    } else {
        r.hi = max2(max2(a.lo * b.lo, a.lo * b.hi), max2(a.hi * b.lo, a.hi * b.hi));
        r.lo = -max2(max2((-a.lo) * b.lo, (-a.lo) * b.hi), max2((-a.hi) * b.lo, (-a.hi) * b.hi));
    }
    return r;
}

static inline ivl iv_sqr(ivl a)
{
    ivl r;
    if (a.lo >= 0) {
        r.lo = -((-a.lo) * a.lo);
        r.hi = a.hi * a.hi;
    } else if (a.hi <= 0) {
        r.lo = -((-a.hi) * a.hi);
        r.hi = a.lo * a.lo;
    } else {
        r.lo = 0.0;
        r.hi = max2(a.lo * a.lo, a.hi * a.hi);
    }
    return r;
}

/* a / b for b.lo > 0 */
static inline ivl iv_divp(ivl a, ivl b)
{
    ivl r;
    if (a.lo >= 0) {
        r.lo = -((-a.lo) / b.hi);
        r.hi = a.hi / b.lo;
    } else if (a.hi <= 0) {
        r.lo = -((-a.lo) / b.lo);
        r.hi = a.hi / b.hi;
    } else {
        r.lo = -((-a.lo) / b.lo);
        r.hi = a.hi / b.lo;
    }
    return r;
}

/* sqrt of a.lo >= 0: the lower bound one double below sqrt rounded up (docs/math/interval.md) */
static inline ivl iv_sqrt(ivl a)
{
    ivl r;
    r.hi = sqrt(a.hi);
    r.lo = a.lo > 0 ? nextafter(sqrt(a.lo), 0.0) : 0.0;
    return r;
}

static inline int iv_finite(ivl a)
{
    return fabs(a.lo) < INFINITY && fabs(a.hi) < INFINITY; /* false for NaN too */
}

/* ---- the schedule in intervals ---- */

typedef struct {
    ivl alpha2, sigma2, fnum;
} inode;

typedef struct {
    int vp, kind;
    long N, nnodes;
    inode *node;
    ivl *q[4];
} isched;

static int ivl_from_arb(ivl *o, const arb_t x)
{
    arf_t t;
    arf_init(t);
    arb_get_lbound_arf(t, x, 64);
    o->lo = arf_get_d(t, ARF_RND_FLOOR);
    arb_get_ubound_arf(t, x, 64);
    o->hi = arf_get_d(t, ARF_RND_CEIL);
    arf_clear(t);
    return arb_is_finite(x) && isfinite(o->lo) && isfinite(o->hi);
}

static void isched_clear(isched *s)
{
    int i;
    free(s->node);
    for (i = 0; i < 4; i++)
        free(s->q[i]);
}

static int isched_init(isched *s, const dmv_ref_schedule *sch)
{
    const dmv_ref_priv *pr = (const dmv_ref_priv *) sch->priv;
    long i, k;
    int ok = 1;
    memset(s, 0, sizeof *s);
    s->vp = pr->vp;
    s->kind = (int) sch->scheme.kind;
    s->N = sch->steps;
    s->nnodes = pr->nnodes;
    s->node = malloc((size_t) (pr->nnodes > 0 ? pr->nnodes : 1) * sizeof *s->node);
    for (i = 0; i < 4; i++)
        s->q[i] = malloc((size_t) (s->N > 0 ? s->N : 1) * sizeof *s->q[i]);
    if (s->node == NULL || s->q[0] == NULL || s->q[1] == NULL || s->q[2] == NULL || s->q[3] == NULL)
        return DMV_ENOMEM;
    for (i = 0; i < pr->nnodes; i++) {
        ok &= ivl_from_arb(&s->node[i].alpha2, pr->node[i].alpha2);
        ok &= ivl_from_arb(&s->node[i].sigma2, pr->node[i].sigma2);
        ok &= ivl_from_arb(&s->node[i].fnum, pr->node[i].fnum);
    }
    for (i = 0; i < 4; i++)
        for (k = 0; k < s->N; k++)
            ok &= ivl_from_arb(&s->q[i][k], pr->q[i] + k);
    return ok ? DMV_OK : DMV_EPREC;
}

/* ---- one direction ---- */

enum { DIR_OK = 0, DIR_ZERO = 1, DIR_FAIL = 2 };

/* lambda_s = alpha^2 lam + sigma^2 at node n (both terms >= 0): DIR_ZERO if it is exactly 0
 * (every bound 0: the score is infinite), DIR_FAIL if not certified > 0 */
static inline int node_lp(ivl *Lp, const inode *n, double lam)
{
    double p = (-n->alpha2.lo) * lam; /* -round-down(alpha2.lo lam) */
    Lp->lo = -(p - n->sigma2.lo);
    Lp->hi = n->alpha2.hi * lam + n->sigma2.hi;
    if (Lp->lo > 0)
        return DIR_OK;
    return (Lp->lo == 0 && Lp->hi == 0) ? DIR_ZERO : DIR_FAIL;
}

/* drift coefficient at a node: VP fnum (lam - 1)/Lp, VE fnum/Lp */
static inline int node_f(ivl *F, const isched *s, long i, double lam, ivl lm1)
{
    ivl Lp;
    int r = node_lp(&Lp, s->node + i, lam);
    if (r != DIR_OK)
        return r;
    *F = s->vp ? iv_divp(iv_mul(s->node[i].fnum, lm1), Lp) : iv_divp(s->node[i].fnum, Lp);
    return DIR_OK;
}

/* A and Bsq of direction lam (map1_fast) */
static int dir_map(ivl *A, ivl *B, const isched *s, double lam)
{
    long k, N = s->N;
    ivl a, t, F0, F1, Fm, A2, A3, Lp, lm1, one = {1.0, 1.0}, zero = {0.0, 0.0};
    int r, ok = 1;
    lm1.lo = -(1.0 - lam);
    lm1.hi = lam - 1.0;
    *A = one;
    *B = zero;
    switch (s->kind) {
    case DMV_SCHEME_EM:
    case DMV_SCHEME_EI:
    case DMV_SCHEME_DDPM:
        for (k = 0; k < N; k++) {
            if ((r = node_lp(&Lp, s->node + k, lam)) != DIR_OK)
                return r;
            a = iv_sub(s->q[0][k], iv_divp(s->q[1][k], Lp));
            *A = iv_mul(*A, a);
            *B = iv_add(iv_mul(*B, iv_sqr(a)), s->q[3][k]);
            ok &= iv_finite(*A) & iv_finite(*B);
        }
        break;
    case DMV_SCHEME_EULER:
        for (k = 0; k < N; k++) {
            if ((r = node_lp(&Lp, s->node + k, lam)) != DIR_OK)
                return r;
            t = s->vp ? iv_divp(iv_mul(s->q[1][k], lm1), Lp) : iv_divp(s->q[1][k], Lp);
            *A = iv_mul(*A, iv_add1(t));
            ok &= iv_finite(*A);
        }
        break;
    case DMV_SCHEME_HEUN:
        if ((r = node_f(&F0, s, 0, lam, lm1)) != DIR_OK)
            return r;
        for (k = 0; k < N; k++) {
            if ((r = node_f(&F1, s, k + 1, lam, lm1)) != DIR_OK)
                return r;
            t = iv_add1(iv_mul(s->q[0][k], F0));
            t = iv_add(iv_mul(t, F1), F0);
            a = iv_add1(iv_mul(t, s->q[1][k]));
            *A = iv_mul(*A, a);
            ok &= iv_finite(*A);
            F0 = F1;
        }
        break;
    case DMV_SCHEME_RK4:
        if ((r = node_f(&F0, s, 0, lam, lm1)) != DIR_OK)
            return r;
        for (k = 0; k < N; k++) {
            if ((r = node_f(&Fm, s, N + 1 + k, lam, lm1)) != DIR_OK)
                return r;
            if ((r = node_f(&F1, s, k + 1, lam, lm1)) != DIR_OK)
                return r;
            A2 = iv_mul(Fm, iv_add1(iv_mul(s->q[1][k], F0)));
            A3 = iv_mul(Fm, iv_add1(iv_mul(s->q[1][k], A2)));
            t = iv_mul(F1, iv_add1(iv_mul(s->q[0][k], A3))); /* A4 */
            A2 = iv_add(A2, A3);
            A2.lo *= 2.0; /* exact */
            A2.hi *= 2.0;
            t = iv_add(iv_add(t, A2), F0);
            a = iv_add1(iv_mul(t, s->q[2][k]));
            *A = iv_mul(*A, a);
            ok &= iv_finite(*A);
            F0 = F1;
        }
        break;
    default:
        return DIR_FAIL;
    }
    return ok ? DIR_OK : DIR_FAIL;
}

/* W2^2 contribution of one direction: the law N(0, A^2 v0 + Bsq) against N(0, lam),
 * (v - lam)^2 / (sqrt v + sqrt lam)^2 (docs/math/distances.md#w2-1d) */
static ivl dir_w2sq(ivl A, ivl B, ivl v0, double lam)
{
    ivl v = iv_add(iv_mul(iv_sqr(A), v0), B), L = {lam, lam}, sv, sl, den, dd;
    if (v.lo < 0)
        v.lo = 0; /* A^2 v0 + Bsq >= 0 */
    sv = iv_sqrt(v);
    sl = iv_sqrt(L);
    den = iv_add(sv, sl);
    if (den.lo > 0)
        dd = iv_divp(iv_sub(v, L), den);
    else
        dd = iv_sub(sv, sl);
    return iv_sqr(dd);
}

/* ---- threads ---- */

typedef struct {
    const isched *s;
    const double *lambda, *v0lo, *v0hi;
    long d, lo, hi;
    int nstart;
    ivl *contrib; /* [start * d + j] */
    int *dstat;   /* [j] */
} ijob;

/* 1 if the rounding mode is upward and honoured by this file's arithmetic */
static int rounding_up_works(void)
{
    volatile double one = 1.0, tiny = 0x1p-60;
    double a = one + tiny, b = -((-one) - tiny);
    return fegetround() == FE_UPWARD && a > 1.0 && b == 1.0;
}

static void *ijob_run(void *arg)
{
    ijob *jb = (ijob *) arg;
    long j;
    int old = fegetround(), st;
    if (fesetround(FE_UPWARD) != 0 || !rounding_up_works()) {
        for (j = jb->lo; j < jb->hi; j++)
            jb->dstat[j] = DIR_FAIL;
        fesetround(old);
        return NULL;
    }
    for (j = jb->lo; j < jb->hi; j++) {
        ivl A, B;
        int i;
        double lam = jb->lambda[j];
        st = (lam >= 0 && lam < INFINITY) ? dir_map(&A, &B, jb->s, lam) : DIR_FAIL;
        jb->dstat[j] = st;
        if (st != DIR_OK)
            continue;
        for (i = 0; i < jb->nstart; i++) {
            ivl v0, w;
            v0.lo = jb->v0lo[i * jb->d + j];
            v0.hi = jb->v0hi[i * jb->d + j];
            w = v0.lo >= 0 && v0.hi < INFINITY ? dir_w2sq(A, B, v0, lam) : (ivl){NAN, NAN};
            jb->contrib[i * jb->d + j] = w;
            if (!iv_finite(w))
                jb->dstat[j] = DIR_FAIL;
        }
    }
    fesetround(old);
    return NULL;
}

int dmv_ref_spectrum_w2_interval(double *w2lo, double *w2hi, int *status, const dmv_ref_schedule *sch,
                                 const double *lambda, long d, const double *v0lo, const double *v0hi, int nstart,
                                 int threads, dmv_error *err)
{
    isched s;
    ijob jobs[64];
    pthread_t tid[64];
    int started[64], nt, i, old, rc;
    long j;
    ivl *contrib = NULL;
    int *dstat = NULL, anyzero = 0, anyfail = 0;
    if (sch == NULL || sch->priv == NULL)
        return dmv_error_set(err, DMV_EINVAL, "schedule: not initialised");
    if (d < 1 || nstart < 1)
        return dmv_error_set(err, DMV_EINVAL, "interval W2: d = %ld and nstart = %d must be >= 1", d, nstart);
    switch (sch->scheme.kind) {
    case DMV_SCHEME_EM:
    case DMV_SCHEME_EI:
    case DMV_SCHEME_DDPM:
    case DMV_SCHEME_EULER:
    case DMV_SCHEME_HEUN:
    case DMV_SCHEME_RK4:
        break;
    default:
        return dmv_error_set(err, DMV_EINVAL, "interval W2: scheme '%s' is not supported (EM, EI, DDPM, Euler, "
                             "Heun, RK4 only)", dmv_scheme_name(sch->scheme.kind));
    }
    for (i = 0; i < nstart; i++) {
        w2lo[i] = 0;
        w2hi[i] = INFINITY;
        status[i] = DMV_EPREC;
    }
    rc = isched_init(&s, sch);
    if (rc == DMV_ENOMEM) {
        isched_clear(&s);
        return dmv_error_set(err, DMV_ENOMEM, "interval W2: out of memory");
    }
    if (rc != DMV_OK) { /* a schedule constant not representable: undecided */
        isched_clear(&s);
        return DMV_OK;
    }
    contrib = malloc((size_t) nstart * (size_t) d * sizeof *contrib);
    dstat = malloc((size_t) d * sizeof *dstat);
    if (contrib == NULL || dstat == NULL) {
        free(contrib);
        free(dstat);
        isched_clear(&s);
        return dmv_error_set(err, DMV_ENOMEM, "interval W2: out of memory");
    }
    nt = threads < 1 ? 1 : (threads > 64 ? 64 : threads);
    if (nt > d)
        nt = (int) d;
    for (i = 0; i < nt; i++) {
        jobs[i].s = &s;
        jobs[i].lambda = lambda;
        jobs[i].v0lo = v0lo;
        jobs[i].v0hi = v0hi;
        jobs[i].d = d;
        jobs[i].lo = d * i / nt;
        jobs[i].hi = d * (i + 1) / nt;
        jobs[i].nstart = nstart;
        jobs[i].contrib = contrib;
        jobs[i].dstat = dstat;
    }
    for (i = 1; i < nt; i++)
        started[i] = pthread_create(&tid[i], NULL, ijob_run, &jobs[i]) == 0;
    ijob_run(&jobs[0]);
    for (i = 1; i < nt; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            ijob_run(&jobs[i]);
    }
    for (j = 0; j < d; j++) {
        anyzero |= dstat[j] == DIR_ZERO;
        anyfail |= dstat[j] == DIR_FAIL;
    }
    if (anyzero) {
        /* an exact zero lambda_s: the score is infinite, the law not finite (as dmv_ref_scheme_map1) */
        for (i = 0; i < nstart; i++)
            status[i] = DMV_ENOTFINITE;
    } else if (!anyfail) {
        old = fegetround();
        if (fesetround(FE_UPWARD) == 0 && rounding_up_works()) {
            for (i = 0; i < nstart; i++) { /* in the order of j: the same bounds with any thread count */
                ivl sum = {0.0, 0.0}, w;
                for (j = 0; j < d; j++)
                    sum = iv_add(sum, contrib[i * d + j]);
                w = iv_sqrt(sum);
                if (iv_finite(w)) {
                    w2lo[i] = w.lo;
                    w2hi[i] = w.hi;
                    status[i] = DMV_OK;
                }
            }
        }
        fesetround(old);
    }
    free(contrib);
    free(dstat);
    isched_clear(&s);
    return DMV_OK;
}
