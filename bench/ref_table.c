/* bench-ref_table: the cost of certifying the Pierret & Galerne table.
 *
 * Times the 192 scheme cells + 16 continuous cells of pg.table (CIFAR-10
 * spectrum, 3072 eigenvalues) computed by the Arb reference at 128 bits
 * (theorems/pg/pg_table.c: dmv_pg_table_compute, one map per (scheme, eps, NFE)
 * shared by both starts) and the same cells in plain double (the per-eigenvalue
 * recursions of docs/math/schemes.md#step-maps, written here), and prints both wall times, their
 * ratio and the largest relative difference between the two (a sanity check).
 *
 * usage: bench-ref_table [DATA_DIR [THREADS [PREC]]], or bench-ref_table --paths DATA_DIR THREADS [COLUMNS]
 * (the double and Arb paths of the claim's table: see paths() below).  (defaults: data, run from the
 * source tree; 2 threads; 128 bits). CPU times are printed beside wall times: on a shared
 * machine the CPU ratio is the meaningful one. Not part of ctest. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../theorems/pg/pg_claims.h"
#include "dmv/ref.h"

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static const double BMIN = 0.05, BMAX = 10.0, T = 1.0;
static const double EPS[4] = {0.0, 1e-5, 1e-4, 1e-3};
static const long NFE[4] = {50, 250, 500, 1000};
static const int EVALS[6] = {1, 1, 1, 1, 2, 4}; /* EM EI DDPM Euler Heun RK4 */

static double Bf(double s)
{
    return s * (BMIN + (BMAX - BMIN) * s / 2);
}

/* The schedule of one (eps, N): per point e^{-2B}, 1 - e^{-2B} (stable), beta; per step h,
 * expm1(dB), expm1(2 dB) and the midpoint's values (RK4). Shared by all eigenvalues, as in Arb. */
typedef struct {
    long N;
    double *E, *S2, *beta, *h, *g1, *g2, *Em, *S2m, *betam;
} sched;

static void sched_init(sched *q, double eps, long N)
{
    double h = (T - eps) / (double) N;
    long k;
    q->N = N;
    q->E = malloc(9 * (size_t) (N + 1) * sizeof(double));
    q->S2 = q->E + (N + 1);
    q->beta = q->S2 + (N + 1);
    q->h = q->beta + (N + 1);
    q->g1 = q->h + (N + 1);
    q->g2 = q->g1 + (N + 1);
    q->Em = q->g2 + (N + 1);
    q->S2m = q->Em + (N + 1);
    q->betam = q->S2m + (N + 1);
    for (k = 0; k <= N; k++) {
        double s = k == 0 ? T : k == N ? eps : T - (double) k * h;
        q->E[k] = exp(-2 * Bf(s));
        q->S2[k] = -expm1(-2 * Bf(s));
        q->beta[k] = BMIN + (BMAX - BMIN) * s;
    }
    for (k = 0; k < N; k++) {
        double s = k == 0 ? T : T - (double) k * h, s1 = k + 1 == N ? eps : T - (double) (k + 1) * h;
        double dB = (s - s1) * (BMIN + (BMAX - BMIN) * (s + s1) / 2), sm = s - (s - s1) / 2;
        q->h[k] = s - s1;
        q->g1[k] = expm1(dB);
        q->g2[k] = expm1(2 * dB);
        q->Em[k] = exp(-2 * Bf(sm));
        q->S2m[k] = -expm1(-2 * Bf(sm));
        q->betam[k] = BMIN + (BMAX - BMIN) * sm;
    }
}

static void sched_clear(sched *q)
{
    free(q->E);
}

/* kappa = beta (1 - 1/lambda_s) = beta e^{-2B} (lambda - 1) / lambda_s (docs/math/schemes.md#node) */
static double kap(double lam, double E, double S2, double beta)
{
    return beta * E * (lam - 1) / (E * lam + S2);
}

/* Var = P v0 + Q of one direction for scheme sc (docs/math/schemes.md#step-maps). */
static void law_double(double *P, double *Q, int sc, double lam, const sched *q)
{
    double p = 1, v = 0;
    long k;
    for (k = 0; k < q->N; k++) {
        double ls = q->E[k] * lam + q->S2[k], hh = q->h[k], beta = q->beta[k], a, b2 = 0;
        switch (sc) {
        case 0: /* EM */
            a = 1 + hh * beta * (ls - 2) / ls;
            b2 = 2 * hh * beta;
            break;
        case 1: /* EI */
            a = 1 + q->g1[k] * (ls - 2) / ls;
            b2 = q->g2[k];
            break;
        case 2: { /* DDPM */
            double bD = 2 * hh * beta;
            a = (1 - bD / ls) / sqrt(1 - bD);
            b2 = bD;
            break;
        }
        case 3: /* Euler */
            a = 1 + hh * kap(lam, q->E[k], q->S2[k], beta);
            break;
        case 4: { /* Heun */
            double k0 = kap(lam, q->E[k], q->S2[k], beta), k1 = kap(lam, q->E[k + 1], q->S2[k + 1], q->beta[k + 1]);
            a = 1 + hh / 2 * (k0 + k1 * (1 + hh * k0));
            break;
        }
        default: { /* RK4 */
            double k0 = kap(lam, q->E[k], q->S2[k], beta), km = kap(lam, q->Em[k], q->S2m[k], q->betam[k]);
            double k1 = kap(lam, q->E[k + 1], q->S2[k + 1], q->beta[k + 1]);
            double A1 = k0, A2 = km * (1 + hh * A1 / 2), A3 = km * (1 + hh * A2 / 2), A4 = k1 * (1 + hh * A3);
            a = 1 + hh * (A1 + 2 * A2 + 2 * A3 + A4) / 6;
            break;
        }
        }
        p *= a * a;
        v = a * a * v + b2;
    }
    *P = p;
    *Q = v;
}

/* The same law computed the straightforward way: the schedule (exp, expm1) evaluated inside
 * the loop, for every eigenvalue and step, as a direct transcription of docs/math/schemes.md#step-maps would. */
static void law_double_naive(double *P, double *Q, int sc, double lam, double eps, long N)
{
    double h = (T - eps) / (double) N, p = 1, v = 0;
    long k;
    for (k = 0; k < N; k++) {
        double s = k == 0 ? T : T - (double) k * h, s1 = k + 1 == N ? eps : T - (double) (k + 1) * h;
        double E0 = exp(-2 * Bf(s)), S0 = -expm1(-2 * Bf(s)), E1 = exp(-2 * Bf(s1)), S1 = -expm1(-2 * Bf(s1));
        double beta = BMIN + (BMAX - BMIN) * s, beta1 = BMIN + (BMAX - BMIN) * s1, ls = E0 * lam + S0;
        double hh = s - s1, a, b2 = 0, dB = (s - s1) * (BMIN + (BMAX - BMIN) * (s + s1) / 2);
        switch (sc) {
        case 0:
            a = 1 + hh * beta * (ls - 2) / ls;
            b2 = 2 * hh * beta;
            break;
        case 1:
            a = 1 + expm1(dB) * (ls - 2) / ls;
            b2 = expm1(2 * dB);
            break;
        case 2: {
            double bD = 2 * hh * beta;
            a = (1 - bD / ls) / sqrt(1 - bD);
            b2 = bD;
            break;
        }
        case 3:
            a = 1 + hh * kap(lam, E0, S0, beta);
            break;
        case 4: {
            double k0 = kap(lam, E0, S0, beta), k1 = kap(lam, E1, S1, beta1);
            a = 1 + hh / 2 * (k0 + k1 * (1 + hh * k0));
            break;
        }
        default: {
            double sm = s - hh / 2, Em = exp(-2 * Bf(sm)), Sm = -expm1(-2 * Bf(sm));
            double k0 = kap(lam, E0, S0, beta), km = kap(lam, Em, Sm, BMIN + (BMAX - BMIN) * sm);
            double k1 = kap(lam, E1, S1, beta1);
            double A1 = k0, A2 = km * (1 + hh * A1 / 2), A3 = km * (1 + hh * A2 / 2), A4 = k1 * (1 + hh * A3);
            a = 1 + hh * (A1 + 2 * A2 + 2 * A3 + A4) / 6;
            break;
        }
        }
        p *= a * a;
        v = a * a * v + b2;
    }
    *P = p;
    *Q = v;
}

/* W2 of every scheme cell in double; naive = 1: law_double_naive. */
static void table_double(double *w2d, const double *lam, long d, int naive)
{
    int sc, ie, in, st;
    long j;
    for (sc = 0; sc < 6; sc++)
        for (ie = 0; ie < 4; ie++)
            for (in = 0; in < 4; in++) {
                long N = NFE[in] / EVALS[sc] - 1;
                double acc[2] = {0, 0}, lT;
                sched q;
                memset(&q, 0, sizeof q);
                if (!naive)
                    sched_init(&q, EPS[ie], N);
                for (j = 0; j < d; j++) {
                    double P, Q, v, x;
                    if (naive)
                        law_double_naive(&P, &Q, sc, lam[j], EPS[ie], N);
                    else
                        law_double(&P, &Q, sc, lam[j], &q);
                    lT = exp(-2 * Bf(T)) * lam[j] - expm1(-2 * Bf(T));
                    for (st = 0; st < 2; st++) {
                        v = P * (st == 0 ? lT : 1.0) + Q;
                        x = (v - lam[j]) / (sqrt(v) + sqrt(lam[j]));
                        if (v == lam[j])
                            x = 0;
                        acc[st] += x * x;
                    }
                }
                if (!naive)
                    sched_clear(&q);
                for (st = 0; st < 2; st++)
                    w2d[((st * 6 + sc) * 4 + ie) * 4 + in] = sqrt(acc[st]);
            }
}

/* --paths DATA_DIR THREADS [NNFE]: the two paths of the certified table (docs/math/interval.md).
 * The default path (double intervals, Arb for the undecided cells) on the whole table, as pg.table
 * runs it; the all-Arb path on the cells of the first NNFE NFE labels (default 1: NFE 50, 48 cells
 * of the 6 schemes x 4 eps x 2 starts; 4 = the whole stated table, about 27 s of CPU); every Arb
 * cell's status must equal the default path's and its midpoint lie in the default path's enclosure.
 * ASTEPS / TSTEPS: the steps of the Arb cells and of the whole table (224 cells), for an
 * extrapolation of the all-Arb cost. Prints one line for bench/run:
 *   reftable DWALL DCPU NDOUBLE NARB AWALL ACPU ACELLS MISSES ASTEPS TSTEPS */
static int paths(const char *dir, int threads, int ncol)
{
    dmv_run run;
    dmv_error err;
    const dmv_pg_table_values *tv;
    double *lam = NULL, t0, dwall, dcpu, awall, acpu;
    long d = 0, ndouble, narb, acells = 0, misses = 0, asteps = 0, tsteps = 0;
    int reused, sc, ie, in, st0, st1;
    clock_t c0;
    arb_ptr x = _arb_vec_init(2);
    memset(&run, 0, sizeof run);
    run.threads = threads;
    run.data_dir = dir;
    dmv_error_init(&err);
    dmv_pg_table_cache_arb_only(0);
    t0 = now();
    c0 = clock();
    if (dmv_pg_table_values_get(&tv, &reused, &run, "bench", &err) != DMV_OK ||
        dmv_pg_table_load_spectrum(&lam, &d, dir, &err) != DMV_OK) {
        fprintf(stderr, "bench-ref_table: %s\n", err.msg);
        return 2;
    }
    dwall = now() - t0;
    dcpu = (double) (clock() - c0) / CLOCKS_PER_SEC;
    ndouble = tv->ncell_double;
    narb = tv->ncell_arb;
    t0 = now();
    c0 = clock();
    for (sc = 0; sc < 6; sc++)
        for (in = 0; in < 4; in++) {
            long n = dmv_pg_table_points(sc, in == 0 ? 50 : in == 1 ? 250 : in == 2 ? 500 : 1000, DMV_PG_READ_STATED);
            tsteps += 4 * (n - 1);
            if (dmv_pg_table_column_reading(sc) != DMV_PG_READ_STATED)
                tsteps += 4 * (dmv_pg_table_points(sc, in == 0 ? 50 : in == 1 ? 250 : in == 2 ? 500 : 1000,
                                                   dmv_pg_table_column_reading(sc)) - 1);
            if (in < ncol)
                asteps += 4 * (n - 1);
        }
    for (sc = 0; sc < 6; sc++)
        for (ie = 0; ie < 4; ie++)
            for (in = 0; in < ncol && in < 4; in++) {
                long k0 = ((0 * 6 + sc) * 4 + ie) * 4 + in, k1 = ((1 * 6 + sc) * 4 + ie) * 4 + in;
                if (dmv_pg_table_compute_cell(x, x + 1, &st0, &st1, sc, ie, in, DMV_PG_READ_STATED, lam, d, threads,
                                              DMV_PG_TABLE_PREC, &err) != DMV_OK) {
                    fprintf(stderr, "bench-ref_table: %s\n", err.msg);
                    return 2;
                }
                acells += 2;
                misses += st0 != tv->status[k0] || st1 != tv->status[k1];
                misses += st0 == DMV_OK && !arb_contains_arf(tv->w2 + k0, arb_midref(x));
                misses += st1 == DMV_OK && !arb_contains_arf(tv->w2 + k1, arb_midref(x + 1));
            }
    awall = now() - t0;
    acpu = (double) (clock() - c0) / CLOCKS_PER_SEC;
    printf("reftable %.4f %.4f %ld %ld %.4f %.4f %ld %ld %ld %ld\n", dwall, dcpu, ndouble, narb, awall, acpu, acells,
           misses, asteps, tsteps);
    _arb_vec_clear(x, 2);
    free(lam);
    flint_cleanup();
    return misses != 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--paths") == 0)
        return paths(argc > 2 ? argv[2] : "data", argc > 3 ? atoi(argv[3]) : 2, argc > 4 ? atoi(argv[4]) : 1);
    {
    const char *dir = argc > 1 ? argv[1] : "data"; /* run from the source tree */
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    slong prec = argc > 3 ? atol(argv[3]) : 128;
    clock_t c0;
    double c_arb, c_dbl, c_naive, t_naive, w2n[2 * 6 * 4 * 4];
    double *lam = NULL, t0, t_arb, t_dbl, w2d[2 * 6 * 4 * 4], maxrel = 0;
    long d = 0, j, nonfinite_d = 0, nonfinite_a = 0, mismatch = 0;
    int status[2 * 6 * 4 * 4], cstatus[16];
    arb_ptr w2 = _arb_vec_init(2 * 6 * 4 * 4), cont = _arb_vec_init(16);
    dmv_error err;
    dmv_error_init(&err);
    if (dmv_pg_table_load_spectrum(&lam, &d, dir, &err) != DMV_OK) {
        fprintf(stderr, "bench-ref_table: %s\n", err.msg);
        return 2;
    }
    t0 = now();
    c0 = clock();
    if (dmv_pg_table_compute(w2, status, cont, cstatus, lam, d, threads, prec, NULL, "bench", &err) != DMV_OK) {
        fprintf(stderr, "bench-ref_table: %s\n", err.msg);
        return 2;
    }
    t_arb = now() - t0;
    c_arb = (double) (clock() - c0) / CLOCKS_PER_SEC;

    t0 = now();
    c0 = clock();
    table_double(w2d, lam, d, 0);
    t_dbl = now() - t0;
    c_dbl = (double) (clock() - c0) / CLOCKS_PER_SEC;
    t0 = now();
    c0 = clock();
    table_double(w2n, lam, d, 1);
    t_naive = now() - t0;
    c_naive = (double) (clock() - c0) / CLOCKS_PER_SEC;

    for (j = 0; j < 2 * 6 * 4 * 4; j++) {
        int fin_d = isfinite(w2d[j]), fin_a = status[j] == DMV_OK;
        nonfinite_d += !fin_d;
        nonfinite_a += !fin_a;
        if (fin_d != fin_a)
            mismatch++;
        else if (fin_d) {
            double a = arf_get_d(arb_midref(w2 + j), ARF_RND_NEAR), rel = fabs(w2d[j] - a) / fabs(a);
            if (rel > maxrel)
                maxrel = rel;
        }
    }
    printf("pg.table cells: 192 scheme cells (96 maps shared by both starts) + 16 continuous, d = %ld\n", d);
    printf("Arb, %ld bits, %d thread(s): wall %.2f s, CPU %.2f s\n", (long) prec, threads, t_arb, c_arb);
    printf("plain double, 1 thread:      wall %.3f s, CPU %.3f s\n", t_dbl, c_dbl);
    printf("ratio Arb / double:          wall %.1f (Arb on %d threads, double on 1), CPU %.1f\n", t_arb / t_dbl,
           threads, c_arb / c_dbl);
    printf("naive double (schedule recomputed per eigenvalue and step), 1 thread: wall %.3f s, CPU %.3f s; "
           "ratio Arb / naive: CPU %.1f\n", t_naive, c_naive, c_arb / c_naive);
    printf("non-finite cells: Arb %ld, double %ld, finiteness mismatches %ld\n", nonfinite_a, nonfinite_d, mismatch);
    printf("largest relative difference double vs Arb over finite cells: %.3g\n", maxrel);
    _arb_vec_clear(w2, 2 * 6 * 4 * 4);
    _arb_vec_clear(cont, 16);
    free(lam);
    flint_cleanup();
    return 0;
    }
}
