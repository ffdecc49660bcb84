/* pg.table on small hand-made data folders whose cells are known independently:
 * - a 3-eigenvalue spectrum {0, 1, 4} (written with io/npy, including a -0.0);
 * - truncation-only cells (exact SDE/ODE from p_T): p_eps = N(0, lambda_eps),
 *   lambda_eps = e^{-2B} lambda + 1 - e^{-2B} (docs/math/laws.md#pg-closed-forms), W2 computed here in long double;
 * - Euler on the PF-ODE from p_T: var = lambda_T prod_k (1 + h beta_k (1 - 1/lambda_k))^2
 *   (docs/math/schemes.md#step-maps, the Euler row), computed here in long double;
 * - lambda = 1 alone: every ODE scheme keeps var 1 exactly (W2 = 0 at the printed precision);
 * - Heun at eps = 0 on a null eigenvalue is the paper's "-".
 * - Heun (paper form) on the PF-ODE, computed here in long double: printed from N = NFE points it agrees
 *   with pg.table (Heun's column reading) and disagrees with pg.table.labels (the stated NFE/2).
 * Checks: verdicts (an error without data, pass, fail naming the cell), the count of agreeing cells,
 * and the order of the cell table (disagreeing rows, then near-boundary rows, then the rest). */
#include <string.h>
#include <unistd.h>

#include "../../theorems/pg/pg_claims.h"
#include "dmv/claim.h"
#include "dmv/npy.h"
#include "dmv_test.h"

static const double T = 1.0, BMIN = 0.05, BMAX = 10.0;

static long double B(long double s)
{
    return s * (BMIN + (BMAX - BMIN) * s / 2);
}

static long double lam_s(long double lambda, long double s)
{
    long double e = expl(-2 * B(s));
    return e * lambda + (1 - e);
}

/* truncation only: W2(N(0, lambda_eps), N(0, lambda)) over the spectrum */
static double w2_trunc(const double *lam, int d, double eps)
{
    long double acc = 0;
    int j;
    for (j = 0; j < d; j++) {
        long double x = sqrtl(lam_s(lam[j], eps)) - sqrtl(lam[j]);
        acc += x * x;
    }
    return (double) sqrtl(acc);
}

/* Euler PF-ODE from p_T with `steps` uniform steps to eps */
static double w2_euler(const double *lam, int d, double eps, long steps)
{
    long double acc = 0, h = ((long double) T - eps) / steps;
    int j;
    long k;
    for (j = 0; j < d; j++) {
        long double v = lam_s(lam[j], T), x;
        for (k = 0; k < steps; k++) {
            long double s = k == 0 ? T : T - k * h, beta = BMIN + (BMAX - BMIN) * s;
            long double a = 1 + h * beta * (1 - 1 / lam_s(lam[j], s));
            v *= a * a;
        }
        x = sqrtl(v) - sqrtl(lam[j]);
        acc += x * x;
    }
    return (double) sqrtl(acc);
}

/* Heun (paper form) on the PF-ODE from p_T with `steps` uniform steps to eps (docs/schemes.md, the
 * Heun row: per direction x_{k+1} = a_k x_k, a_k = 1 + (h/2)[kappa_k + kappa_{k+1}(1 + h kappa_k)],
 * kappa(s) = beta(s)(1 - 1/lambda_s), the Euler factor being 1 + h kappa_k) */
static double w2_heun(const double *lam, int d, double eps, long steps)
{
    long double acc = 0, h = ((long double) T - eps) / steps;
    int j;
    long k;
    for (j = 0; j < d; j++) {
        long double v = lam_s(lam[j], T), x;
        for (k = 0; k < steps; k++) {
            long double s0 = T - k * h, s1 = k + 1 == steps ? (long double) eps : T - (k + 1) * h;
            long double k0 = (BMIN + (BMAX - BMIN) * s0) * (1 - 1 / lam_s(lam[j], s0));
            long double k1 = (BMIN + (BMAX - BMIN) * s1) * (1 - 1 / lam_s(lam[j], s1));
            long double a = 1 + h / 2 * (k0 + k1 * (1 + h * k0));
            v *= a * a;
        }
        x = sqrtl(v) - sqrtl(lam[j]);
        acc += x * x;
    }
    return (double) sqrtl(acc);
}

static char dir[600];

static void write_case(const double *lam, long d, const char *csv)
{
    char path[700];
    FILE *f;
    long shape[2] = {d, 1};
    dmv_error err;
    dmv_error_init(&err);
    snprintf(path, sizeof path, "%s/cifar10_eigenvalues.npy", dir);
    DMV_CHECK(dmv_npy_write(path, lam, 1, shape, &err) == DMV_OK, "npy: %s", err.msg);
    snprintf(path, sizeof path, "%s/pierret_galerne_table.csv", dir);
    f = fopen(path, "w");
    fputs("# test table\nscheme,eps,nfe,start,value\n", f);
    fputs(csv, f);
    fclose(f);
}

static double number(const dmv_result *r, const char *name)
{
    long i;
    for (i = 0; i < r->nnumbers; i++)
        if (strcmp(r->numbers[i].name, name) == 0)
            return r->numbers[i].value;
    return -1;
}

/* Runs pg.table (labels = 0) or pg.table.labels (1) on dir; checks the verdict, the number of agreeing
 * cells, a phrase of the summary, and that the cell table lists the disagreeing rows first (their
 * "agrees" column says NO) followed by the near-boundary rows. Returns the result (caller clears). */
static void run_case(dmv_result *r, const char *what, int labels, dmv_verdict want, double want_agree,
                     const char *summary_has)
{
    dmv_run run;
    dmv_error err;
    int rc;
    long i, ndis;
    memset(&run, 0, sizeof run);
    run.threads = 1;
    run.data_dir = dir;
    dmv_result_init(r);
    dmv_error_init(&err);
    rc = labels ? dmv_claim_pg_table_labels_check(NULL, &run, r, &err) : dmv_claim_pg_table_check(NULL, &run, r, &err);
    DMV_CHECK(rc == DMV_OK, "%s: rc %d %s", what, rc, err.msg);
    DMV_CHECK(r->verdict == want, "%s (%s): verdict %s, expected %s\n  summary: %s", what,
              labels ? "labels" : "table", dmv_verdict_name(r->verdict), dmv_verdict_name(want),
              r->summary ? r->summary : "");
    DMV_CHECK(number(r, "cells agreeing at the printed precision") == want_agree,
              "%s: %g cells agree, expected %g\n  summary: %s", what,
              number(r, "cells agreeing at the printed precision"), want_agree, r->summary ? r->summary : "");
    if (summary_has)
        DMV_CHECK(r->summary && strstr(r->summary, summary_has), "%s: summary lacks '%s': %s", what, summary_has,
                  r->summary ? r->summary : "");
    DMV_CHECK(r->ntables == 1 && r->nplots == (labels ? 0 : 4), "%s: %ld tables, %ld plots", what, r->ntables,
              r->nplots);
    if (r->ntables == 1) {
        const dmv_ev_table *t = &r->tables[0];
        int stage = 0; /* 0: disagreeing rows, 1: near-boundary rows, 2: the rest */
        DMV_CHECK(t->ncols == 16 && strcmp(t->header[9], "agrees") == 0 && strcmp(t->header[11], "near boundary") == 0,
                  "%s: table layout", what);
        for (i = 0, ndis = 0; i < t->nrows && t->ncols == 16; i++) {
            int dis = strcmp(t->cells[i * 16 + 9], "NO") == 0, near = strcmp(t->cells[i * 16 + 11], "NEAR") == 0;
            int s = dis ? 0 : near ? 1 : 2;
            DMV_CHECK(s >= stage, "%s: row %ld (%s %s %s) out of order", what, i, t->cells[i * 16],
                      t->cells[i * 16 + 1], t->cells[i * 16 + 2]);
            stage = s;
            ndis += dis;
        }
        DMV_CHECK((double) (t->nrows - ndis) == want_agree, "%s: %ld rows say NO", what, ndis);
    }
}

int main(void)
{
    double lam[3] = {-0.0, 1.0, 4.0}, one[1] = {1.0}, l0[3] = {0.0, 1.0, 4.0};
    char csv[8192];
    dmv_run run;
    dmv_result r;
    dmv_error err;

    /* no data folder, an empty folder: an error naming what is missing (never a silent verdict) */
    memset(&run, 0, sizeof run);
    dmv_result_init(&r);
    dmv_error_init(&err);
    DMV_CHECK(dmv_claim_pg_table_check(NULL, &run, &r, &err) == DMV_EINVAL && strstr(err.msg, "--data-dir"),
              "no data: %d %s", err.code, err.msg);
    dmv_result_clear(&r);
    snprintf(dir, sizeof dir, "%s/t-pg-table-%ld", DMV_BINARY_DIR, (long) getpid());
    {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
        DMV_CHECK(system(cmd) == 0, "mkdir %s", dir);
    }
    run.data_dir = dir;
    dmv_result_init(&r);
    dmv_error_init(&err);
    DMV_CHECK(dmv_claim_pg_table_labels_check(NULL, &run, &r, &err) == DMV_EINVAL &&
                  strstr(err.msg, "pierret_galerne_table.csv") && strstr(err.msg, dir),
              "empty folder: %d %s", err.code, err.msg);
    dmv_result_clear(&r);

    /* 1. all right: truncation cells, Euler cells (stated: 50 points = 49 steps), '-' for Heun at eps = 0 */
    snprintf(csv, sizeof csv,
             "EM,0,continuous,pT,0\n"
             "EM,1e-3,continuous,pT,%.2f\n"
             "Euler,1e-4,continuous,pT,%.1E\n"
             "EM,1e-5,continuous,pT,%.1E\n"
             "Euler,1e-3,50,pT,%.4E\n"
             "Euler,1e-4,250,pT,%.3f\n"
             "Heun,0,50,pT,-\n"
             "Heun,0,1000,N0,-\n",
             w2_trunc(l0, 3, 1e-3), w2_trunc(l0, 3, 1e-4), w2_trunc(l0, 3, 1e-5), w2_euler(l0, 3, 1e-3, 49),
             w2_euler(l0, 3, 1e-4, 249));
    write_case(lam, 3, csv);
    run_case(&r, "all right", 0, DMV_VERDICT_PASS, 8, "all 8 published cells agree");
    dmv_result_clear(&r);
    run_case(&r, "all right", 1, DMV_VERDICT_PASS, 8, "all 8 published cells agree");
    dmv_result_clear(&r);

    /* 2. one wrong continuous value and a '-' where the value is finite: both claims fail, naming them,
     *    and the two disagreeing rows come first */
    snprintf(csv, sizeof csv,
             "Euler,1e-3,50,pT,%.4E\n"
             "EM,1e-3,continuous,pT,%.2f\n"
             "Heun,1e-3,50,pT,-\n",
             w2_euler(l0, 3, 1e-3, 49), w2_trunc(l0, 3, 1e-3) + 0.02);
    write_case(lam, 3, csv);
    run_case(&r, "wrong values", 0, DMV_VERDICT_FAIL, 1, "EM eps=1e-3 NFE continuous pT");
    DMV_CHECK(r.ntables == 1 && strcmp(r.tables[0].cells[0], "EM") == 0 && strcmp(r.tables[0].cells[16], "Heun") == 0 &&
                  strcmp(r.tables[0].cells[32], "Euler") == 0,
              "wrong values: the disagreeing rows first");
    dmv_result_clear(&r);

    /* 3. Heun cells printed from N = NFE points (what the published Heun column does): pg.table agrees
     *    (that is Heun's column reading), pg.table.labels fails naming the Heun cells with both numbers */
    snprintf(csv, sizeof csv,
             "Euler,1e-3,50,pT,%.4E\n"
             "Heun,1e-3,50,pT,%.4E\n"
             "Heun,1e-4,50,pT,%.4E\n"
             "EM,0,continuous,pT,0\n",
             w2_euler(l0, 3, 1e-3, 49), w2_heun(l0, 3, 1e-3, 49), w2_heun(l0, 3, 1e-4, 49));
    write_case(lam, 3, csv);
    run_case(&r, "Heun read as NFE points", 0, DMV_VERDICT_PASS, 4, "all 4 published cells agree");
    dmv_result_clear(&r);
    run_case(&r, "Heun read as NFE points", 1, DMV_VERDICT_FAIL, 2, "with 25 points");
    DMV_CHECK(number(&r, "cells disagreeing, Heun") == 2, "labels: Heun disagreeing cells %g",
              number(&r, "cells disagreeing, Heun"));
    DMV_CHECK(r.summary && strstr(r.summary, "Heun eps=1e-3 NFE 50 pT") && strstr(r.summary, "with 50 points"),
              "labels summary: %s", r.summary ? r.summary : "");
    dmv_result_clear(&r);
    /* the same cells printed from the stated NFE/2 = 25 points: the labels agree, pg.table does not */
    snprintf(csv, sizeof csv, "Heun,1e-3,50,pT,%.4E\nHeun,1e-4,50,pT,%.4E\n", w2_heun(l0, 3, 1e-3, 24),
             w2_heun(l0, 3, 1e-4, 24));
    write_case(lam, 3, csv);
    run_case(&r, "Heun as stated", 1, DMV_VERDICT_PASS, 2, NULL);
    dmv_result_clear(&r);
    run_case(&r, "Heun as stated", 0, DMV_VERDICT_FAIL, 0, "Heun eps=1e-3 NFE 50 pT");
    dmv_result_clear(&r);

    /* 4. a near-boundary cell: the truncation value printed with k decimals such that it lies within
     *    0.01 of a unit of a rounding boundary (k found here); it agrees and is listed after the
     *    disagreeing row and before the far one */
    {
        int k, ie, found = 0;
        static const double epsv[3] = {1e-3, 1e-4, 1e-5};
        static const char *const epsn[3] = {"1e-3", "1e-4", "1e-5"};
        for (ie = 0; ie < 3 && !found; ie++)
            for (k = 2; k <= 14 && !found; k++) {
                long double w = (long double) w2_trunc(l0, 3, epsv[ie]), x = w * powl(10, k);
                long double fr = x - floorl(x);
                if (fabsl(fr - 0.5L) < 0.008L) {
                    /* printed value: rounded to k decimals (the boundary is within 0.008 units) */
                    snprintf(csv, sizeof csv,
                             "Euler,1e-3,50,pT,%.4E\nEM,%s,continuous,pT,%.*Lf\nEM,1e-3,continuous,N0,9.99\n",
                             w2_euler(l0, 3, 1e-3, 49), epsn[ie], k, w);
                    found = 1;
                }
            }
        DMV_CHECK(found, "no near-boundary printing found");
        if (found) {
            write_case(lam, 3, csv);
            run_case(&r, "near boundary", 0, DMV_VERDICT_FAIL, 2, NULL);
            DMV_CHECK(r.ntables == 1 && r.tables[0].nrows == 3 && strcmp(r.tables[0].cells[9], "NO") == 0 &&
                          strcmp(r.tables[0].cells[16 + 11], "NEAR") == 0 && strcmp(r.tables[0].cells[16], "EM") == 0 &&
                          strcmp(r.tables[0].cells[32 + 11], "") == 0,
                      "near boundary: rows %s/%s/%s", r.ntables ? r.tables[0].cells[11] : "",
                      r.ntables ? r.tables[0].cells[16 + 11] : "", r.ntables ? r.tables[0].cells[32 + 11] : "");
            dmv_result_clear(&r);
        }
    }
    /* 5. lambda = 1: every ODE scheme keeps the variance, W2 = 0 from either start */
    write_case(one, 1,
               "Euler,0,50,N0,0\nHeun,1e-5,50,N0,0.00\nRK4,1e-3,1000,pT,0.00\nEuler,0,continuous,N0,0\n"
               "Heun,0,50,pT,0.00\n");
    run_case(&r, "lambda = 1", 0, DMV_VERDICT_PASS, 5, NULL);
    dmv_result_clear(&r);
    {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        DMV_CHECK(system(cmd) == 0, "rm %s", dir);
    }
    dmv_pg_table_cache_clear();
    flint_cleanup();
    DMV_TEST_DONE("t-pg-table");
}
