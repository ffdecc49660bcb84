/* pg.table on small hand-made data folders whose cells are known independently:
 * - a 3-eigenvalue spectrum {0, 1, 4} (written with io/npy, including a -0.0);
 * - truncation-only cells (exact SDE/ODE from p_T): p_eps = N(0, lambda_eps),
 *   lambda_eps = e^{-2B} lambda + 1 - e^{-2B} (docs/math/laws.md#pg-closed-forms), W2 computed here in long double;
 * - Euler on the PF-ODE from p_T: var = lambda_T prod_k (1 + h beta_k (1 - 1/lambda_k))^2
 *   (docs/math/schemes.md#step-maps, the Euler row), computed here in long double;
 * - lambda = 1 alone: every ODE scheme keeps var 1 exactly (W2 = 0 at the printed precision);
 * - Heun at eps = 0 on a null eigenvalue is the paper's "-".
 * Checks: verdicts (inconclusive without data, pass, fail naming the cell), the count of agreeing
 * cells, and the "explained by another reading" path (Euler cells printed from N = NFE steps). */
#include <string.h>
#include <unistd.h>

#include "../../theorems/pg_claims.h"
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

static void run_case(const char *what, dmv_verdict want, double want_agree, double want_unexplained,
                     const char *summary_has)
{
    dmv_run run;
    dmv_result r;
    dmv_error err;
    int rc;
    memset(&run, 0, sizeof run);
    run.threads = 1;
    run.data_dir = dir;
    dmv_result_init(&r);
    dmv_error_init(&err);
    rc = dmv_claim_pg_table_check(NULL, &run, &r, &err);
    DMV_CHECK(rc == DMV_OK, "%s: rc %d %s", what, rc, err.msg);
    DMV_CHECK(r.verdict == want, "%s: verdict %s, expected %s\n  summary: %s", what, dmv_verdict_name(r.verdict),
              dmv_verdict_name(want), r.summary ? r.summary : "");
    DMV_CHECK(number(&r, "cells agreeing at the printed precision (stated counting)") == want_agree,
              "%s: %g cells agree, expected %g\n  summary: %s", what,
              number(&r, "cells agreeing at the printed precision (stated counting)"), want_agree,
              r.summary ? r.summary : "");
    DMV_CHECK(number(&r, "cells disagreeing under every reading of their label") == want_unexplained,
              "%s: %g unexplained, expected %g", what, number(&r, "cells disagreeing under every reading of their label"),
              want_unexplained);
    if (summary_has)
        DMV_CHECK(r.summary && strstr(r.summary, summary_has), "%s: summary lacks '%s': %s", what, summary_has,
                  r.summary ? r.summary : "");
    DMV_CHECK(r.ntables == 1 && r.nplots == 4, "%s: %ld tables, %ld plots", what, r.ntables, r.nplots);
    dmv_result_clear(&r);
}

int main(void)
{
    double lam[3] = {-0.0, 1.0, 4.0}, one[1] = {1.0};
    char csv[4096];
    dmv_run run;
    dmv_result r;
    dmv_error err;

    /* no data folder: inconclusive, not failed */
    memset(&run, 0, sizeof run);
    dmv_result_init(&r);
    dmv_error_init(&err);
    DMV_CHECK(dmv_claim_pg_table_check(NULL, &run, &r, &err) == DMV_OK && r.verdict == DMV_VERDICT_INCONCLUSIVE,
              "no data: verdict %s", dmv_verdict_name(r.verdict));
    dmv_result_clear(&r);
    snprintf(dir, sizeof dir, "%s/t-pg-table-%ld", DMV_BINARY_DIR, (long) getpid());
    {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
        DMV_CHECK(system(cmd) == 0, "mkdir %s", dir);
    }
    run.data_dir = dir; /* empty folder: inconclusive */
    dmv_result_init(&r);
    DMV_CHECK(dmv_claim_pg_table_check(NULL, &run, &r, &err) == DMV_OK && r.verdict == DMV_VERDICT_INCONCLUSIVE,
              "empty folder: verdict %s", dmv_verdict_name(r.verdict));
    dmv_result_clear(&r);

    /* 1. all right: truncation cells, Euler cells (stated: 50 points = 49 steps), '-' for Heun at eps = 0 */
    {
        double l0[3] = {0.0, 1.0, 4.0};
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
        run_case("all right", DMV_VERDICT_PASS, 8, 0, "all 8 published cells agree");
    }
    /* 2. one wrong continuous value and a '-' where the value is finite: fail, naming both */
    {
        double l0[3] = {0.0, 1.0, 4.0};
        snprintf(csv, sizeof csv,
                 "EM,1e-3,continuous,pT,%.2f\n"
                 "Euler,1e-3,50,pT,%.4E\n"
                 "Heun,1e-3,50,pT,-\n",
                 w2_trunc(l0, 3, 1e-3) + 0.02, w2_euler(l0, 3, 1e-3, 49));
        write_case(lam, 3, csv);
        run_case("wrong values", DMV_VERDICT_FAIL, 1, 2, "EM eps=1e-3 nfe=continuous pT");
    }
    /* 3. Euler cells printed from N = NFE steps (one more point than stated): they disagree under the
     * stated counting and are all explained by the "steps" reading of the whole Euler column */
    {
        double l0[3] = {0.0, 1.0, 4.0};
        snprintf(csv, sizeof csv,
                 "Euler,1e-3,50,pT,%.4E\n"
                 "Euler,1e-4,50,pT,%.4E\n"
                 "EM,0,continuous,pT,0\n",
                 w2_euler(l0, 3, 1e-3, 50), w2_euler(l0, 3, 1e-4, 50));
        write_case(lam, 3, csv);
        run_case("explained", DMV_VERDICT_PASS, 1, 0, "Euler: every cell agrees when NFE is read as");
    }
    /* 4. lambda = 1: every ODE scheme keeps the variance, W2 = 0 from either start */
    write_case(one, 1,
               "Euler,0,50,N0,0\nHeun,1e-5,50,N0,0.00\nRK4,1e-3,1000,pT,0.00\nEuler,0,continuous,N0,0\n"
               "Heun,0,50,pT,0.00\n");
    run_case("lambda = 1", DMV_VERDICT_PASS, 5, 0, NULL);
    {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        DMV_CHECK(system(cmd) == 0, "rm %s", dir);
    }
    flint_cleanup();
    DMV_TEST_DONE("t-pg-table");
}
