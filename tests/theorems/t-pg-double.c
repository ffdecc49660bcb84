/* The two paths of the certified Pierret & Galerne table (docs/math/interval.md) compared on every
 * cell: the double interval pass with Arb for the undecided cells (the default) against every
 * scheme cell in Arb (dmv_pg_table_cache_arb_only). The Arb side is the independent oracle.
 * Spectrum: the CIFAR-10 eigenvalues subsampled (every STRIDE-th one, and every null eigenvalue,
 * so that the '-' cells stay), with the published table; DMV_PG_DOUBLE_STRIDE=1 runs the full
 * spectrum (about 30 s of CPU: the bench does it, bench/README.md).
 * Checks, for every scheme cell (224, both starts) and continuous cell:
 * - the same status in both paths;
 * - the default path's enclosure contains the Arb ball's midpoint;
 * - where the default path kept the double enclosure, it decides the cell: pg.table,
 *   pg.table.labels and pg.ranking give the same verdict, counts, cell table (agree, near, tie,
 *   rounded value, note, row order) and sub-statement results in both paths;
 * - the double pass decided at least 90% of the scheme cells (the speed of the claim rests on it). */
#include <string.h>
#include <unistd.h>

#include "../../theorems/pg/pg_claims.h"
#include "dmv/claim.h"
#include "dmv/npy.h"
#include "dmv_test.h"

#define NK (2 * 6 * 4 * 4)

static char dir[600];

static double number(const dmv_result *r, const char *name)
{
    long i;
    for (i = 0; i < r->nnumbers; i++)
        if (strcmp(r->numbers[i].name, name) == 0)
            return r->numbers[i].value;
    return -1;
}

/* the three claims on dir; results in r[0..3] (pg.table, pg.table.labels, pg.ranking, .heun) */
static void run_claims(dmv_result *r)
{
    dmv_run run;
    dmv_error err;
    dmv_pg_ranking_param rp[2] = {{"abcde"}, {"a"}};
    dmv_claim c[2];
    int i;
    memset(&run, 0, sizeof run);
    memset(c, 0, sizeof c);
    run.threads = 2;
    run.data_dir = dir;
    for (i = 0; i < 4; i++) {
        dmv_result_init(&r[i]);
        dmv_error_init(&err);
        if (i < 2) {
            DMV_CHECK((i ? dmv_claim_pg_table_labels_check : dmv_claim_pg_table_check)(NULL, &run, &r[i], &err) ==
                          DMV_OK,
                      "claim %d: %s", i, err.msg);
        } else {
            c[i - 2].id = i == 2 ? "pg.ranking" : "pg.ranking.heun";
            c[i - 2].params = &rp[i - 2];
            DMV_CHECK(dmv_claim_pg_ranking_check(&c[i - 2], &run, &r[i], &err) == DMV_OK, "claim %d: %s", i,
                      err.msg);
        }
    }
}

/* same judgement: verdict, summary, every number except timings, ball values and cell counts of
 * the paths, and every table cell except the printed balls and the 4-decimal distances */
static void same_results(const dmv_result *a, const dmv_result *b, const char *what)
{
    long i, t;
    DMV_CHECK(a->verdict == b->verdict, "%s: verdict %s vs %s", what, dmv_verdict_name(a->verdict),
              dmv_verdict_name(b->verdict));
    DMV_CHECK(a->summary && b->summary && strcmp(a->summary, b->summary) == 0, "%s: summaries differ:\n  %s\n  %s",
              what, a->summary ? a->summary : "", b->summary ? b->summary : "");
    DMV_CHECK(a->nnumbers == b->nnumbers, "%s: %ld vs %ld numbers", what, a->nnumbers, b->nnumbers);
    for (i = 0; i < a->nnumbers && i < b->nnumbers; i++) {
        const char *n = a->numbers[i].name;
        if (strstr(n, "(s)") || strstr(n, "reused") || strstr(n, "W2,") || strstr(n, "cells certified by") ||
            strstr(n, "computed in Arb (not"))
            continue;
        DMV_CHECK(strcmp(n, b->numbers[i].name) == 0 && a->numbers[i].value == b->numbers[i].value,
                  "%s: number '%s' = %g vs '%s' = %g", what, n, a->numbers[i].value, b->numbers[i].name,
                  b->numbers[i].value);
    }
    DMV_CHECK(a->ntables == b->ntables, "%s: tables", what);
    for (t = 0; t < a->ntables && t < b->ntables; t++) {
        const dmv_ev_table *x = &a->tables[t], *y = &b->tables[t];
        DMV_CHECK(x->nrows == y->nrows && x->ncols == y->ncols, "%s: table %ld shape", what, t);
        if (x->nrows != y->nrows || x->ncols != y->ncols)
            continue;
        for (i = 0; i < x->nrows * x->ncols; i++) {
            const char *h = x->header[i % x->ncols];
            if (strstr(h, "certified W2") || strstr(h, "distance to a rounding") || strstr(h, "certified W2"))
                continue;
            if (strcmp(x->cells[i], y->cells[i]) != 0 && strchr(x->cells[i], '+') && strchr(y->cells[i], '+'))
                continue; /* a printed ball "m +/- r" */
            DMV_CHECK(strcmp(x->cells[i], y->cells[i]) == 0, "%s: table '%s' row %ld column '%s': '%s' vs '%s'",
                      what, x->name, i / x->ncols, h, x->cells[i], y->cells[i]);
        }
    }
}

int main(void)
{
    double *lam = NULL, *sub = NULL;
    long d = 0, n = 0, j, k, stride = 32, ndouble = 0, narb = 0;
    dmv_error err;
    dmv_run run;
    const dmv_pg_table_values *tv;
    arb_ptr fw2, falt;
    int fst[NK], fast[NK], reused, i;
    dmv_result ra[4], rb[4];
    char cmd[1400];
    const char *env = getenv("DMV_PG_DOUBLE_STRIDE");
    if (env != NULL && atol(env) >= 1)
        stride = atol(env);

    dmv_error_init(&err);
    DMV_CHECK(dmv_pg_table_load_spectrum(&lam, &d, DMV_SOURCE_DIR "/data", &err) == DMV_OK, "spectrum: %s",
              err.msg);
    sub = malloc((size_t) d * sizeof *sub);
    for (j = 0; j < d; j++)
        if (j % stride == 0 || lam[j] == 0)
            sub[n++] = lam[j];
    snprintf(dir, sizeof dir, "%s/t-pg-double-%ld", DMV_BINARY_DIR, (long) getpid());
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/data/pierret_galerne_table.csv' '%s/'", dir,
             DMV_SOURCE_DIR, dir);
    DMV_CHECK(system(cmd) == 0, "%s", cmd);
    {
        char path[700];
        snprintf(path, sizeof path, "%s/cifar10_eigenvalues.npy", dir);
        DMV_CHECK(dmv_npy_write(path, sub, 1, &n, &err) == DMV_OK, "write %s: %s", path, err.msg);
    }
    printf("spectrum: %ld of %ld eigenvalues (stride %ld and the null ones)\n", n, d, stride);

    /* the default path */
    memset(&run, 0, sizeof run);
    run.threads = 2;
    run.data_dir = dir;
    dmv_pg_table_cache_arb_only(0);
    DMV_CHECK(dmv_pg_table_values_get(&tv, &reused, &run, "test", &err) == DMV_OK, "default path: %s", err.msg);
    fw2 = _arb_vec_init(NK);
    falt = _arb_vec_init(NK);
    _arb_vec_set(fw2, tv->w2, NK);
    _arb_vec_set(falt, tv->alt, NK);
    memcpy(fst, tv->status, sizeof fst);
    memcpy(fast, tv->astatus, sizeof fast);
    ndouble = tv->ncell_double;
    narb = tv->ncell_arb;
    DMV_CHECK(tv->ncell_double + tv->ncell_arb == 224, "cells: %ld double + %ld Arb != 224", tv->ncell_double,
              tv->ncell_arb);
    run_claims(ra);

    /* every scheme cell in Arb */
    dmv_pg_table_cache_arb_only(1);
    DMV_CHECK(dmv_pg_table_values_get(&tv, &reused, &run, "test", &err) == DMV_OK, "Arb path: %s", err.msg);
    DMV_CHECK(tv->ncell_double == 0 && tv->ncell_arb == 224, "Arb only: %ld double, %ld Arb", tv->ncell_double,
              tv->ncell_arb);
    for (k = 0; k < NK; k++)
        for (i = 0; i < 2; i++) {
            arb_srcptr x = i ? falt + k : fw2 + k, y = i ? tv->alt + k : tv->w2 + k;
            int sx = i ? fast[k] : fst[k], sy = i ? tv->astatus[k] : tv->status[k];
            DMV_CHECK(sx == sy, "cell %ld (%s): status %d vs Arb %d", k, i ? "column reading" : "stated", sx, sy);
            if (sx == DMV_OK && sy == DMV_OK)
                DMV_CHECK(arb_contains_arf(x, arb_midref(y)),
                          "cell %ld (%s): the enclosure [%.17g +/- %.3g] misses the Arb midpoint %.17g", k,
                          i ? "column reading" : "stated", arf_get_d(arb_midref(x), ARF_RND_NEAR),
                          mag_get_d(arb_radref(x)), arf_get_d(arb_midref(y), ARF_RND_NEAR));
        }
    run_claims(rb);
    same_results(&ra[0], &rb[0], "pg.table");
    same_results(&ra[1], &rb[1], "pg.table.labels");
    same_results(&ra[2], &rb[2], "pg.ranking");
    same_results(&ra[3], &rb[3], "pg.ranking.heun");
    DMV_CHECK(number(&ra[0], "scheme cells certified by the double interval pass (docs/math/interval.md)") ==
                  (double) ndouble,
              "pg.table reports %g double cells, the cache %ld",
              number(&ra[0], "scheme cells certified by the double interval pass (docs/math/interval.md)"), ndouble);
    DMV_CHECK(ndouble >= 0.9 * 224, "only %ld of 224 scheme cells decided in double (%ld in Arb)", ndouble, narb);
    printf("double pass: %ld scheme cells, Arb: %ld; verdicts %s %s %s %s in both paths\n", ndouble, narb,
           dmv_verdict_name(ra[0].verdict), dmv_verdict_name(ra[1].verdict), dmv_verdict_name(ra[2].verdict),
           dmv_verdict_name(ra[3].verdict));
    for (i = 0; i < 4; i++) {
        dmv_result_clear(&ra[i]);
        dmv_result_clear(&rb[i]);
    }

    /* a table printed to 14 decimals from the Arb values: too fine for the double enclosures
     * (relative width ~1e-12), so these cells must go to Arb, and the judgement must still match */
    {
        static const char *const names[6] = {"EM", "EI", "DDPM", "Euler", "Heun", "RK4"};
        static const char *const epsn[4] = {"0", "1e-5", "1e-4", "1e-3"};
        static const long nfes[4] = {50, 250, 500, 1000};
        static const int pick[3][4] = {{1, 0, 3, 3}, {1, 5, 2, 0}, {0, 3, 1, 1}}; /* start, scheme, eps, nfe */
        char path[700];
        FILE *f;
        snprintf(path, sizeof path, "%s/pierret_galerne_table.csv", dir);
        f = fopen(path, "w");
        DMV_CHECK(f != NULL, "write %s", path);
        fprintf(f, "scheme,eps,nfe,start,value\n");
        for (i = 0; i < 3; i++) {
            k = ((pick[i][0] * 6 + pick[i][1]) * 4 + pick[i][2]) * 4 + pick[i][3];
            fprintf(f, "%s,%s,%ld,%s,%.14f\n", names[pick[i][1]], epsn[pick[i][2]], nfes[pick[i][3]],
                    pick[i][0] ? "N0" : "pT", arf_get_d(arb_midref(tv->w2 + k), ARF_RND_NEAR));
        }
        fclose(f);
        run_claims(rb); /* Arb only (the cache is still in that mode) */
        dmv_pg_table_cache_arb_only(0);
        run_claims(ra);
        DMV_CHECK(dmv_pg_table_values_get(&tv, &reused, &run, "test", &err) == DMV_OK, "default: %s", err.msg);
        DMV_CHECK(tv->ncell_arb >= 6 && tv->ncell_arb < 224, "14-decimal table: %ld cells in Arb (expected the 3 "
                  "printed cells, 2 starts each, and not all)", tv->ncell_arb);
        same_results(&ra[0], &rb[0], "pg.table, 14 decimals");
        same_results(&ra[1], &rb[1], "pg.table.labels, 14 decimals");
        printf("14-decimal table: %ld scheme cells in double, %ld in Arb; pg.table %s in both paths\n",
               tv->ncell_double, tv->ncell_arb, dmv_verdict_name(ra[0].verdict));
        for (i = 0; i < 4; i++) {
            dmv_result_clear(&ra[i]);
            dmv_result_clear(&rb[i]);
        }
    }
    dmv_pg_table_cache_arb_only(0);
    _arb_vec_clear(fw2, NK);
    _arb_vec_clear(falt, NK);
    free(lam);
    free(sub);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    DMV_CHECK(system(cmd) == 0, "%s", cmd);
    return dmv_test_failures != 0;
}
