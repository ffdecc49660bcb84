/* The first pass of the certified table: each scheme cell of pg.table in double interval
 * arithmetic with upward rounding (dmv_ref_spectrum_w2_interval, docs/math/interval.md), on the
 * schedule computed in Arb and enclosed in doubles. The result is a certified enclosure like the
 * Arb one, only wider (relative width about 1e-12); theorems/pg/pg_cache.c keeps it where it
 * decides the published comparison and recomputes the other cells in Arb. */
#include <math.h>
#include <stdlib.h>

#include "dmv/ref.h"
#include "pg_claims.h"

/* the schedule's precision: its constants are rounded outward to doubles afterwards, so 64 bits
 * (arb works at 64 + 32 inside) is ample and half the cost of 128 */
#define PGD_SCHED_PREC 64

static const dmv_scheme_kind pgd_kinds[6] = {DMV_SCHEME_EM,    DMV_SCHEME_EI,   DMV_SCHEME_DDPM,
                                             DMV_SCHEME_EULER, DMV_SCHEME_HEUN, DMV_SCHEME_RK4};
static const double pgd_eps[4] = {0.0, 1e-5, 1e-4, 1e-3};
static const long pgd_nfe[4] = {50, 250, 500, 1000};

int dmv_pg_table_pT_var(double *v0lo, double *v0hi, const double *lambda, long d, dmv_error *err)
{
    dmv_process p;
    dmv_init init;
    arb_t lam, m, m0, v0;
    arf_t t;
    long j;
    int rc = DMV_OK;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_init_default(&init);
    init.kind = DMV_INIT_EXACT;
    arb_init(lam);
    arb_init(m);
    arb_init(m0);
    arb_init(v0);
    arf_init(t);
    for (j = 0; j < d && rc == DMV_OK; j++) {
        arb_set_d(lam, lambda[j]);
        rc = dmv_ref_init_law1(m0, v0, &init, &p, lam, m, PGD_SCHED_PREC, err);
        if (rc != DMV_OK)
            break;
        arb_get_lbound_arf(t, v0, PGD_SCHED_PREC);
        v0lo[j] = arf_get_d(t, ARF_RND_FLOOR);
        arb_get_ubound_arf(t, v0, PGD_SCHED_PREC);
        v0hi[j] = arf_get_d(t, ARF_RND_CEIL);
        if (!arb_is_finite(v0) || !isfinite(v0lo[j]) || !isfinite(v0hi[j])) {
            v0lo[j] = 0.0; /* not representable: the interval pass reports the cell undecided */
            v0hi[j] = INFINITY;
        }
    }
    arb_clear(lam);
    arb_clear(m);
    arb_clear(m0);
    arb_clear(v0);
    arf_clear(t);
    return rc;
}

static void set_ball(arb_ptr x, double lo, double hi)
{
    arf_t a, b;
    arf_init(a);
    arf_init(b);
    arf_set_d(a, lo);
    arf_set_d(b, hi);
    arb_set_interval_arf(x, a, b, 64); /* an enclosure of [lo, hi] (rounded outward) */
    arf_clear(a);
    arf_clear(b);
}

int dmv_pg_table_cell_double(arb_ptr out0, arb_ptr out1, int *st0, int *st1, int scheme, int eps, int nfe,
                             int reading, const double *lambda, long d, const double *v0lo, const double *v0hi,
                             int threads, dmv_error *err)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_ref_schedule sch;
    dmv_error e2;
    double *lo = NULL, *hi = NULL, wlo[2] = {0.0, 0.0}, whi[2] = {0.0, 0.0};
    int st[2] = {DMV_EPREC, DMV_EPREC}, rc = DMV_OK, i;
    long j;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM;
    g.eps = pgd_eps[eps];
    g.steps = dmv_pg_table_points(scheme, pgd_nfe[nfe], reading) - 1;
    dmv_scheme_default(&s);
    s.kind = pgd_kinds[scheme];
    dmv_error_init(&e2);
    lo = malloc(2 * (size_t) d * sizeof *lo);
    hi = malloc(2 * (size_t) d * sizeof *hi);
    if (lo == NULL || hi == NULL) {
        free(lo);
        free(hi);
        return dmv_error_set(err, DMV_ENOMEM, "pg.table: out of memory (double pass)");
    }
    for (j = 0; j < d; j++) {
        lo[j] = v0lo[j]; /* start p_T */
        hi[j] = v0hi[j];
        lo[d + j] = 1.0; /* start N(0, I) */
        hi[d + j] = 1.0;
    }
    /* a schedule Arb cannot build (DMV_EDOM, ...) is left to the Arb path, which reports it */
    if (dmv_ref_schedule_init(&sch, &p, &g, &s, PGD_SCHED_PREC, &e2) == DMV_OK) {
        rc = dmv_ref_spectrum_w2_interval(wlo, whi, st, &sch, lambda, d, lo, hi, 2, threads, err);
        dmv_ref_schedule_clear(&sch);
    }
    free(lo);
    free(hi);
    for (i = 0; i < 2; i++) {
        arb_ptr x = i == 0 ? out0 : out1;
        if (rc == DMV_OK && st[i] == DMV_OK)
            set_ball(x, wlo[i], whi[i]);
        else
            arb_indeterminate(x);
    }
    *st0 = rc == DMV_OK ? st[0] : DMV_EPREC;
    *st1 = rc == DMV_OK ? st[1] : DMV_EPREC;
    return rc;
}
