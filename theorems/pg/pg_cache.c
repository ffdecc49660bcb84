/* The certified ablation table shared by pg.table, pg.table.labels and pg.ranking.
 *
 * The three claims read the same 192 + 16 certified cells (and pg.table the Heun column under its
 * own reading): computed once per run by the first of them, reused by the others. The key is the
 * spectrum's values and the precision, so a folder rewritten between two runs of one process (the
 * tests do that) never returns stale numbers. Claims run one after another (theorems/run.c), so a
 * static cache is enough; it is freed by dmv_pg_table_cache_clear, registered with atexit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_claims.h"

static dmv_pg_table_values cache;
static int cache_valid = 0, atexit_done = 0, arb_only = 0;

void dmv_pg_table_cache_clear(void)
{
    if (cache.w2 != NULL)
        _arb_vec_clear(cache.w2, 2 * 6 * 4 * 4);
    if (cache.alt != NULL)
        _arb_vec_clear(cache.alt, 2 * 6 * 4 * 4);
    if (cache.cont != NULL)
        _arb_vec_clear(cache.cont, 2 * 2 * 4);
    free(cache.lambda);
    memset(&cache, 0, sizeof cache);
    cache_valid = 0;
}

void dmv_pg_table_cache_arb_only(int on)
{
    dmv_pg_table_cache_clear();
    arb_only = on != 0;
}

static double wall(void)
{
    struct timespec t;
    timespec_get(&t, TIME_UTC);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static void progress(const dmv_run *run, const char *claim_id, double f, const char *what)
{
    if (run != NULL && run->progress != NULL)
        run->progress(run->progress_ctx, claim_id, f, what);
}

/* Index of (start, scheme, eps, nfe) in the layout of dmv_pg_table_compute. */
#define PGC_K(st, sc, ie, in) ((((st) * 6 + (sc)) * 4 + (ie)) * 4 + (in))

/* The table in two passes (docs/math/interval.md): every scheme cell in double interval arithmetic,
 * then in Arb (DMV_PG_TABLE_PREC, retried at higher precision as dmv_pg_table_compute does) every
 * cell whose double enclosure does not decide its comparison with the published table
 * (dmv_pg_table_undecided) or is not certified (DMV_EPREC); all cells in Arb if the double table
 * leaves a sub-statement of pg.ranking undecided. The continuous cells are computed in Arb (closed
 * form, cheap). The result is as strict as the all-Arb table: every judgement on it is the one the
 * Arb balls give. */
static int compute(dmv_pg_table_values *tv, const double *lambda, long d, int threads, const dmv_run *run,
                   const char *claim_id, dmv_error *err)
{
    double *v0lo = malloc((size_t) d * sizeof *v0lo), *v0hi = malloc((size_t) d * sizeof *v0hi);
    unsigned char w2flag[2 * 6 * 4 * 4], altflag[2 * 6 * 4 * 4], contflag[2 * 2 * 4];
    int sc, ie, in, st, rc = DMV_OK;
    long done = 0, total;
    memset(w2flag, 0, sizeof w2flag);
    memset(altflag, 0, sizeof altflag);
    memset(contflag, 0, sizeof contflag);
    tv->ncell_double = tv->ncell_arb = tv->ncell_cont = 0;
    if (v0lo == NULL || v0hi == NULL) {
        free(v0lo);
        free(v0hi);
        return dmv_error_set(err, DMV_ENOMEM, "pg.table: out of memory");
    }
    rc = dmv_pg_table_pT_var(v0lo, v0hi, lambda, d, err);
    total = 6 * 4 * 4 + 4 * 4;
    if (arb_only) { /* every scheme cell in Arb: the table as it was before the double pass */
        memset(w2flag, 1, sizeof w2flag);
        memset(altflag, 1, sizeof altflag);
        for (sc = 0; sc < 2 * 6 * 4 * 4; sc++)
            tv->status[sc] = tv->astatus[sc] = DMV_EPREC;
    }
    /* pass 1: double intervals */
    for (sc = 0; sc < 6 && rc == DMV_OK && !arb_only; sc++) {
        int reading = dmv_pg_table_column_reading(sc);
        for (ie = 0; ie < 4 && rc == DMV_OK; ie++)
            for (in = 0; in < 4 && rc == DMV_OK; in++) {
                long k0 = PGC_K(0, sc, ie, in), k1 = PGC_K(1, sc, ie, in);
                rc = dmv_pg_table_cell_double(tv->w2 + k0, tv->w2 + k1, &tv->status[k0], &tv->status[k1], sc, ie,
                                              in, DMV_PG_READ_STATED, lambda, d, v0lo, v0hi, threads, err);
                if (rc == DMV_OK && reading != DMV_PG_READ_STATED)
                    rc = dmv_pg_table_cell_double(tv->alt + k0, tv->alt + k1, &tv->astatus[k0], &tv->astatus[k1],
                                                  sc, ie, in, reading, lambda, d, v0lo, v0hi, threads, err);
                else if (rc == DMV_OK) {
                    arb_set(tv->alt + k0, tv->w2 + k0);
                    arb_set(tv->alt + k1, tv->w2 + k1);
                    tv->astatus[k0] = tv->status[k0];
                    tv->astatus[k1] = tv->status[k1];
                }
                progress(run, claim_id, (double) ++done / (double) total, "scheme cells in double intervals");
            }
    }
    free(v0lo);
    free(v0hi);
    if (rc == DMV_OK)
        rc = dmv_pg_table_compute_continuous(tv->cont, tv->cstatus, lambda, d, tv->prec);
    tv->ncell_cont = 2 * 2 * 4;
    /* which cells the double pass does not decide */
    if (rc == DMV_OK && !arb_only)
        rc = dmv_pg_table_undecided(w2flag, altflag, contflag, tv, run->data_dir, err);
    if (rc == DMV_OK && !arb_only) {
        int fin[6 * 4 * 4];
        long nfalse = 0, nund = 0, k;
        dmv_result scratch;
        for (k = 0; k < 2 * 6 * 4 * 4; k++) {
            w2flag[k] |= tv->status[k] != DMV_OK && tv->status[k] != DMV_ENOTFINITE;
            altflag[k] |= tv->astatus[k] != DMV_OK && tv->astatus[k] != DMV_ENOTFINITE;
        }
        for (k = 0; k < 6 * 4 * 4; k++)
            fin[k] = tv->status[k] == DMV_OK && tv->status[6 * 4 * 4 + k] == DMV_OK && arb_is_finite(tv->w2 + k) &&
                     arb_is_finite(tv->w2 + 6 * 4 * 4 + k);
        dmv_result_init(&scratch);
        dmv_pg_ranking_judge(&scratch, tv->w2, fin, "abcde", &nfalse, &nund);
        dmv_result_clear(&scratch);
        if (nund > 0) /* pg.ranking would see an undecided comparison: everything in Arb */
            memset(w2flag, 1, sizeof w2flag);
    }
    /* pass 2: Arb for the undecided cells (both starts of a cell at once) */
    for (sc = 0; sc < 6 && rc == DMV_OK; sc++) {
        int reading = dmv_pg_table_column_reading(sc);
        for (ie = 0; ie < 4 && rc == DMV_OK; ie++)
            for (in = 0; in < 4 && rc == DMV_OK; in++) {
                long k0 = PGC_K(0, sc, ie, in), k1 = PGC_K(1, sc, ie, in);
                int redo_w2 = w2flag[k0] || w2flag[k1], redo_alt = altflag[k0] || altflag[k1];
                if (reading == DMV_PG_READ_STATED)
                    redo_w2 = redo_w2 || redo_alt;
                if (redo_w2) {
                    rc = dmv_pg_table_compute_cell(tv->w2 + k0, tv->w2 + k1, &tv->status[k0], &tv->status[k1], sc,
                                                   ie, in, DMV_PG_READ_STATED, lambda, d, threads, tv->prec, err);
                    tv->ncell_arb += 2;
                    if (reading == DMV_PG_READ_STATED)
                        for (st = 0; st < 2; st++) {
                            long k = st ? k1 : k0;
                            arb_set(tv->alt + k, tv->w2 + k);
                            tv->astatus[k] = tv->status[k];
                        }
                } else
                    tv->ncell_double += 2;
                if (reading != DMV_PG_READ_STATED) {
                    if (redo_alt && rc == DMV_OK) {
                        rc = dmv_pg_table_compute_cell(tv->alt + k0, tv->alt + k1, &tv->astatus[k0],
                                                       &tv->astatus[k1], sc, ie, in, reading, lambda, d, threads,
                                                       tv->prec, err);
                        tv->ncell_arb += 2;
                    } else
                        tv->ncell_double += 2;
                }
                progress(run, claim_id, (double) ++done / (double) total, "undecided cells in Arb");
            }
    }
    return rc;
}

int dmv_pg_table_values_get(const dmv_pg_table_values **out, int *reused, const dmv_run *run, const char *claim_id,
                            dmv_error *err)
{
    double *lambda = NULL, t0;
    long d = 0;
    int rc, threads = (run != NULL && run->threads > 0) ? run->threads : 1;
    *out = NULL;
    *reused = 0;
    rc = dmv_pg_table_load_spectrum(&lambda, &d, run != NULL ? run->data_dir : NULL, err);
    if (rc != DMV_OK)
        return rc;
    if (cache_valid && cache.d == d && cache.prec == DMV_PG_TABLE_PREC &&
        memcmp(cache.lambda, lambda, (size_t) d * sizeof *lambda) == 0) {
        free(lambda);
        *out = &cache;
        *reused = 1;
        return DMV_OK;
    }
    dmv_pg_table_cache_clear();
    if (!atexit_done && atexit(dmv_pg_table_cache_clear) == 0)
        atexit_done = 1;
    cache.lambda = lambda;
    cache.d = d;
    cache.prec = DMV_PG_TABLE_PREC;
    snprintf(cache.claim_id, sizeof cache.claim_id, "%s", claim_id != NULL ? claim_id : "");
    cache.w2 = _arb_vec_init(2 * 6 * 4 * 4);
    cache.alt = _arb_vec_init(2 * 6 * 4 * 4);
    cache.cont = _arb_vec_init(2 * 2 * 4);
    t0 = wall();
    rc = compute(&cache, lambda, d, threads, run, claim_id, err);
    cache.seconds = wall() - t0;
    if (rc != DMV_OK) {
        dmv_pg_table_cache_clear();
        return rc;
    }
    cache_valid = 1;
    *out = &cache;
    return DMV_OK;
}
