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
static int cache_valid = 0, atexit_done = 0;

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

static double wall(void)
{
    struct timespec t;
    timespec_get(&t, TIME_UTC);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

int dmv_pg_table_values_get(const dmv_pg_table_values **out, int *reused, const dmv_run *run, const char *claim_id,
                            dmv_error *err)
{
    double *lambda = NULL, t0;
    long d = 0;
    int rc, sc, threads = (run != NULL && run->threads > 0) ? run->threads : 1;
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
    rc = dmv_pg_table_compute(cache.w2, cache.status, cache.cont, cache.cstatus, lambda, d, threads,
                              DMV_PG_TABLE_PREC, run, claim_id, err);
    for (sc = 0; sc < 6 && rc == DMV_OK; sc++) {
        int st, ie, in;
        if (dmv_pg_table_column_reading(sc) == DMV_PG_READ_STATED) {
            for (st = 0; st < 2; st++)
                for (ie = 0; ie < 4; ie++)
                    for (in = 0; in < 4; in++) {
                        long k = ((st * 6 + sc) * 4 + ie) * 4 + in;
                        arb_set(cache.alt + k, cache.w2 + k);
                        cache.astatus[k] = cache.status[k];
                    }
        } else {
            arb_ptr col = _arb_vec_init(2 * 4 * 4);
            int cst[2 * 4 * 4];
            rc = dmv_pg_table_compute_column(col, cst, sc, dmv_pg_table_column_reading(sc), lambda, d, threads,
                                             DMV_PG_TABLE_PREC, err);
            for (st = 0; st < 2 && rc == DMV_OK; st++)
                for (ie = 0; ie < 4; ie++)
                    for (in = 0; in < 4; in++) {
                        long k = ((st * 6 + sc) * 4 + ie) * 4 + in, kc = (st * 4 + ie) * 4 + in;
                        arb_set(cache.alt + k, col + kc);
                        cache.astatus[k] = cst[kc];
                    }
            _arb_vec_clear(col, 2 * 4 * 4);
        }
    }
    cache.seconds = wall() - t0;
    if (rc != DMV_OK) {
        dmv_pg_table_cache_clear();
        return rc;
    }
    cache_valid = 1;
    *out = &cache;
    return DMV_OK;
}
