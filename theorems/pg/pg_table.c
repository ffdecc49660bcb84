/* pg.table and pg.table.labels: the published ablation table of Pierret &
 * Galerne (arXiv 2405.14250), recomputed with certified values and compared
 * cell by cell at the printed precision (docs/claims.md).
 *
 * Inputs (run->data_dir): pierret_galerne_table.csv (scheme, eps, nfe, start,
 * value) and cifar10_eigenvalues.npy (3072 float32; -0.0 read as 0). A missing
 * file is an error naming its path (DMV_EINVAL). The certified cells come from
 * the per-run cache of theorems/pg/pg_cache.c (shared with pg.ranking).
 *
 * Conventions (docs/schemes.md 2): VP linear in the paper's convention,
 * beta_min = 0.05, beta_max = 10, T = 1; uniform grid from T to eps. The
 * stated counting (pg.table.labels): NFE = N points (N - 1 steps) for EM, EI,
 * DDPM, Euler, N = NFE/2 points for Heun, N = NFE/4 for RK4
 * (dmv_ref_paper_steps). Each column's reading (pg.table): the same, except
 * Heun with N = NFE points (dmv_pg_table_column_reading). Start pT = exact p_T,
 * N0 = N(0, I); W2 to the data law N(0, diag(lambda)). "continuous": the exact
 * reverse SDE (EM row) or PF-ODE (Euler row) stopped at eps.
 *
 * Agreement at the printed precision: a printed number with k decimals
 * ("4.78", "0.03") or a mantissa with k decimals and exponent e ("6.7E-04")
 * stands for every value that rounds to it, the interval p +/- u/2 with
 * u = 10^-k (resp. 10^(e-k)). A cell agrees when the certified ball meets that
 * interval (at 128 bits the ball is far narrower than u, so this is "the
 * certified value rounds to the printed one"; a ball on a rounding boundary
 * counts as agreeing and is flagged "tie"). The bare "0" is read as "0.00",
 * the table's usual two decimals (stricter than reading it as an integer). A
 * "-" cell agrees iff the certified computation reports the value as not
 * finite (DMV_ENOTFINITE: the score is evaluated at s = 0 on a null
 * eigenvalue) or it exceeds 1e30 (an absurd overflow); a numeric cell whose
 * computation is not finite disagrees. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/npy.h"
#include "dmv/ref.h"
#include "dmv/str.h"
#include "pg_claims.h"

#define PGT_PREC 128

static const char *const pgt_scheme_names[6] = {"EM", "EI", "DDPM", "Euler", "Heun", "RK4"};
static const dmv_scheme_kind pgt_scheme_kinds[6] = {DMV_SCHEME_EM,    DMV_SCHEME_EI,   DMV_SCHEME_DDPM,
                                                    DMV_SCHEME_EULER, DMV_SCHEME_HEUN, DMV_SCHEME_RK4};
static const double pgt_eps[4] = {0.0, 1e-5, 1e-4, 1e-3};
static const long pgt_nfe[4] = {50, 250, 500, 1000};

int dmv_pg_table_load_spectrum(double **lambda, long *d, const char *data_dir, dmv_error *err)
{
    char path[4096];
    dmv_npy_array a;
    long i, n;
    int rc;
    *lambda = NULL;
    *d = 0;
    if (data_dir == NULL)
        return dmv_error_set(err, DMV_EINVAL, "no data folder given (--data-dir) for cifar10_eigenvalues.npy");
    snprintf(path, sizeof path, "%s/cifar10_eigenvalues.npy", data_dir);
    {
        FILE *f = fopen(path, "rb");
        if (f == NULL)
            return dmv_error_set(err, DMV_EINVAL, "'%s': missing or unreadable (the CIFAR-10 spectrum)", path);
        fclose(f);
    }
    dmv_npy_array_init(&a);
    rc = dmv_npy_read(&a, path, err);
    if (rc != DMV_OK)
        return rc;
    n = a.shape[0] * a.shape[1];
    for (i = 0; i < n; i++) {
        if (a.data[i] < 0 && a.data[i] > -1e-6)
            a.data[i] = 0.0; /* docs/math/laws.md#cifar-spectrum: float32 rounding of null eigenvalues */
        else if (a.data[i] == 0)
            a.data[i] = 0.0; /* -0.0 */
        else if (a.data[i] < 0) {
            rc = dmv_error_set(err, DMV_EFORMAT, "%s: eigenvalue [%ld] = %g is negative", path, i, a.data[i]);
            dmv_npy_array_clear(&a);
            return rc;
        }
    }
    *lambda = a.data;
    *d = n;
    return DMV_OK;
}

static long pgt_steps(dmv_scheme_kind k, long nfe, int reading)
{
    switch (reading) {
    case DMV_PG_READ_POINTS:
        return nfe - 1;
    case DMV_PG_READ_STEPS:
        return nfe / dmv_scheme_evals_per_step(k);
    default:
        return dmv_ref_paper_steps(k, nfe);
    }
}

int dmv_pg_table_column_reading(int scheme)
{
    /* the published Heun column follows N = NFE points (docs/claims.md, pg.table.labels) */
    return pgt_scheme_kinds[scheme] == DMV_SCHEME_HEUN ? DMV_PG_READ_POINTS : DMV_PG_READ_STATED;
}

long dmv_pg_table_points(int scheme, long nfe, int reading)
{
    return pgt_steps(pgt_scheme_kinds[scheme], nfe, reading) + 1;
}

typedef struct {
    dmv_process p;
    dmv_gaussian data;
    dmv_init init[2];
    arb_ptr A, Bsq, c, mean, var, dm, dv;
    arb_t t;
    long d;
} pgt_work;

static void work_init(pgt_work *w, const double *lambda, long d)
{
    long j;
    dmv_process_default(&w->p, DMV_PROCESS_VP_LINEAR);
    w->d = d;
    w->data.d = d;
    w->data.lambda = lambda;
    w->data.mean = NULL;
    w->data.basis = NULL;
    dmv_init_default(&w->init[0]);
    w->init[0].kind = DMV_INIT_EXACT;
    dmv_init_default(&w->init[1]);
    w->init[1].kind = DMV_INIT_STANDARD;
    w->A = _arb_vec_init(d);
    w->Bsq = _arb_vec_init(d);
    w->c = _arb_vec_init(d);
    w->mean = _arb_vec_init(d);
    w->var = _arb_vec_init(d);
    w->dm = _arb_vec_init(d);
    w->dv = _arb_vec_init(d);
    arb_init(w->t);
    for (j = 0; j < d; j++)
        arb_set_d(w->dv + j, lambda[j]); /* the data law N(0, diag lambda); dm = 0 */
}

static void work_clear(pgt_work *w)
{
    _arb_vec_clear(w->A, w->d);
    _arb_vec_clear(w->Bsq, w->d);
    _arb_vec_clear(w->c, w->d);
    _arb_vec_clear(w->mean, w->d);
    _arb_vec_clear(w->var, w->d);
    _arb_vec_clear(w->dm, w->d);
    _arb_vec_clear(w->dv, w->d);
    arb_clear(w->t);
}

static int scheme_cell_prec(arb_ptr out0, arb_ptr out1, int *st0, int *st1, pgt_work *w, int sc, int ie, int in,
                            int reading, int threads, slong prec);

/* One scheme cell under a reading: both starts, out[st] and status[st]; a cell whose balls got too
 * wide (DMV_EPREC) is recomputed at twice the precision, up to 4x. DMV_ENOMEM is returned. */
static int scheme_cell(arb_ptr out0, arb_ptr out1, int *st0, int *st1, pgt_work *w, int sc, int ie, int in,
                       int reading, int threads, slong prec)
{
    int rc = scheme_cell_prec(out0, out1, st0, st1, w, sc, ie, in, reading, threads, prec);
    slong p2 = prec;
    while (rc == DMV_OK && (*st0 == DMV_EPREC || *st1 == DMV_EPREC) && p2 < 4 * prec) {
        p2 *= 2;
        rc = scheme_cell_prec(out0, out1, st0, st1, w, sc, ie, in, reading, threads, p2);
    }
    return rc;
}

static int scheme_cell_prec(arb_ptr out0, arb_ptr out1, int *st0, int *st1, pgt_work *w, int sc, int ie, int in,
                            int reading, int threads, slong prec)
{
    dmv_grid g;
    dmv_scheme s;
    dmv_ref_schedule sch;
    dmv_error e2;
    int cst, st;
    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM;
    g.eps = pgt_eps[ie];
    g.steps = pgt_steps(pgt_scheme_kinds[sc], pgt_nfe[in], reading);
    dmv_scheme_default(&s);
    s.kind = pgt_scheme_kinds[sc];
    dmv_error_init(&e2);
    cst = dmv_ref_schedule_init(&sch, &w->p, &g, &s, prec, &e2);
    if (cst == DMV_OK) {
        cst = dmv_ref_spectrum_map(w->A, w->Bsq, w->c, &sch, &w->data, NULL, threads, prec, &e2);
        dmv_ref_schedule_clear(&sch);
    }
    for (st = 0; st < 2; st++) {
        arb_ptr x = st == 0 ? out0 : out1;
        int s2 = cst;
        if (s2 == DMV_OK)
            s2 = dmv_ref_spectrum_apply(w->mean, w->var, w->A, w->Bsq, w->c, &w->init[st], &w->p, &w->data, prec,
                                        &e2);
        if (s2 == DMV_OK) {
            dmv_ref_w2sq_spectrum(w->t, NULL, w->mean, w->var, w->dm, w->dv, w->d, prec);
            arb_sqrtpos(x, w->t, prec);
            if (!arb_is_finite(x))
                s2 = DMV_ENOTFINITE;
        }
        if (s2 != DMV_OK)
            arb_indeterminate(x);
        *(st == 0 ? st0 : st1) = s2;
    }
    return (cst == DMV_ENOMEM || *st0 == DMV_ENOMEM || *st1 == DMV_ENOMEM) ? DMV_ENOMEM : DMV_OK;
}

/* The 4 continuous cells of eps index ie (both rows, both starts). */
static void continuous_cells(arb_ptr cont, int *cstatus, pgt_work *w, int ie, slong prec)
{
    int row, st;
    for (row = 0; row < 2; row++)
        for (st = 0; st < 2; st++) {
            long k = (st * 2 + row) * 4 + ie;
            dmv_error e2;
            dmv_error_init(&e2);
            cstatus[k] = dmv_ref_spectrum_continuous(w->mean, w->var, row == 0, &w->p, pgt_eps[ie], &w->init[st],
                                                     &w->data, prec, &e2);
            if (cstatus[k] == DMV_OK) {
                dmv_ref_w2sq_spectrum(w->t, NULL, w->mean, w->var, w->dm, w->dv, w->d, prec);
                arb_sqrtpos(cont + k, w->t, prec);
            } else {
                arb_indeterminate(cont + k);
            }
        }
}

int dmv_pg_table_compute_continuous(arb_ptr cont, int *cstatus, const double *lambda, long d, slong prec)
{
    pgt_work w;
    int ie;
    work_init(&w, lambda, d);
    for (ie = 0; ie < 4; ie++)
        continuous_cells(cont, cstatus, &w, ie, prec);
    work_clear(&w);
    return DMV_OK;
}

int dmv_pg_table_compute_cell(arb_ptr out0, arb_ptr out1, int *st0, int *st1, int scheme, int ie, int in,
                              int reading, const double *lambda, long d, int threads, slong prec, dmv_error *err)
{
    pgt_work w;
    int rc;
    work_init(&w, lambda, d);
    rc = scheme_cell(out0, out1, st0, st1, &w, scheme, ie, in, reading, threads, prec);
    work_clear(&w);
    if (rc != DMV_OK)
        return dmv_error_set(err, DMV_ENOMEM, "pg.table: out of memory (%s cell)", pgt_scheme_names[scheme]);
    return DMV_OK;
}

/* W2 of every cell: w2[((start * 6 + scheme) * 4 + eps) * 4 + nfe], start 0 = p_T, 1 = N(0, I);
 * status[...] the error code of the cell's computation (DMV_OK, DMV_ENOTFINITE, ...).
 * cont[(start * 2 + row) * 4 + eps]: the continuous cells (row 0: SDE, 1: ODE), cstatus alike. */
int dmv_pg_table_compute(arb_ptr w2, int *status, arb_ptr cont, int *cstatus, const double *lambda, long d,
                         int threads, slong prec, const dmv_run *run, const char *claim_id, dmv_error *err)
{
    pgt_work w;
    long done = 0, total = 6 * 4 * 4 + 4;
    int sc, ie, in, rc = DMV_OK;
    work_init(&w, lambda, d);
    for (ie = 0; ie < 4 && rc == DMV_OK; ie++) {
        continuous_cells(cont, cstatus, &w, ie, prec);
        if (run != NULL && run->progress != NULL)
            run->progress(run->progress_ctx, claim_id, (double) ++done / (double) total, "continuous cells");
        for (sc = 0; sc < 6 && rc == DMV_OK; sc++)
            for (in = 0; in < 4 && rc == DMV_OK; in++) {
                long k0 = ((0 * 6 + sc) * 4 + ie) * 4 + in, k1 = ((1 * 6 + sc) * 4 + ie) * 4 + in;
                if (scheme_cell(w2 + k0, w2 + k1, &status[k0], &status[k1], &w, sc, ie, in, DMV_PG_READ_STATED,
                                threads, prec) != DMV_OK)
                    rc = dmv_error_set(err, DMV_ENOMEM, "pg.table: out of memory");
                if (run != NULL && run->progress != NULL)
                    run->progress(run->progress_ctx, claim_id, (double) ++done / (double) total, "scheme cells");
            }
    }
    work_clear(&w);
    return rc;
}

int dmv_pg_table_compute_column(arb_ptr w2, int *status, int scheme, int reading, const double *lambda, long d,
                                int threads, slong prec, dmv_error *err)
{
    pgt_work w;
    int ie, in, rc = DMV_OK;
    work_init(&w, lambda, d);
    for (ie = 0; ie < 4 && rc == DMV_OK; ie++)
        for (in = 0; in < 4 && rc == DMV_OK; in++) {
            long k0 = (0 * 4 + ie) * 4 + in, k1 = (1 * 4 + ie) * 4 + in;
            if (scheme_cell(w2 + k0, w2 + k1, &status[k0], &status[k1], &w, scheme, ie, in, reading, threads,
                            prec) != DMV_OK)
                rc = dmv_error_set(err, DMV_ENOMEM, "pg.table: out of memory (%s column)",
                                   pgt_scheme_names[scheme]);
        }
    work_clear(&w);
    return rc;
}

/* ---- the published table ------------------------------------------------------- */

typedef struct {
    int scheme;    /* 0..5 */
    int eps;       /* 0..3 */
    int nfe;       /* 0..3, or -1 for continuous */
    int start;     /* 0 = pT, 1 = N0 */
    char value[32];
} pgt_cell;

static int index_of_eps(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    int i;
    if (*end != '\0')
        return -1;
    for (i = 0; i < 4; i++)
        if (v == pgt_eps[i])
            return i;
    return -1;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char) s[n - 1]))
        s[--n] = '\0';
    while (*s && isspace((unsigned char) *s))
        memmove(s, s + 1, n--);
}

static int load_table(pgt_cell **cells, long *n, const char *data_dir, dmv_error *err)
{
    char path[4096], line[512];
    FILE *f;
    long cap = 256, lineno = 0;
    int header_seen = 0;
    *cells = NULL;
    *n = 0;
    snprintf(path, sizeof path, "%s/pierret_galerne_table.csv", data_dir);
    f = fopen(path, "r");
    if (f == NULL)
        return dmv_error_set(err, DMV_EINVAL, "'%s': missing or unreadable (the published table)", path);
    *cells = malloc((size_t) cap * sizeof **cells);
    if (*cells == NULL) {
        fclose(f);
        return dmv_error_set(err, DMV_ENOMEM, "%s: no memory", path);
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *fld[5], *q = line;
        int k, sc;
        pgt_cell cell;
        lineno++;
        trim(line);
        if (line[0] == '#' || line[0] == '\0')
            continue;
        for (k = 0; k < 5; k++) {
            fld[k] = q;
            q = strchr(q, ',');
            if (q == NULL && k < 4)
                break;
            if (q != NULL)
                *q++ = '\0';
            trim(fld[k]);
        }
        if (k < 4 || q != NULL) {
            fclose(f);
            return dmv_error_set(err, DMV_EFORMAT, "%s:%ld: expected 5 comma-separated fields", path, lineno);
        }
        if (!header_seen && strcmp(fld[0], "scheme") == 0) {
            header_seen = 1;
            continue;
        }
        for (sc = 0; sc < 6; sc++)
            if (strcmp(fld[0], pgt_scheme_names[sc]) == 0)
                break;
        cell.scheme = sc;
        cell.eps = index_of_eps(fld[1]);
        if (strcmp(fld[2], "continuous") == 0)
            cell.nfe = -1;
        else {
            char *end;
            long v = strtol(fld[2], &end, 10);
            cell.nfe = -2;
            for (k = 0; k < 4 && *end == '\0'; k++)
                if (v == pgt_nfe[k])
                    cell.nfe = k;
        }
        cell.start = strcmp(fld[3], "pT") == 0 ? 0 : strcmp(fld[3], "N0") == 0 ? 1 : -1;
        if (sc == 6 || cell.eps < 0 || cell.nfe == -2 || cell.start < 0 || strlen(fld[4]) >= sizeof cell.value ||
            fld[4][0] == '\0' || (cell.nfe == -1 && sc != 0 && sc != 3)) {
            fclose(f);
            return dmv_error_set(err, DMV_EFORMAT, "%s:%ld: unexpected row '%s,%s,%s,%s,%s'", path, lineno, fld[0],
                                 fld[1], fld[2], fld[3], fld[4]);
        }
        strcpy(cell.value, fld[4]);
        if (*n == cap) {
            pgt_cell *nc = realloc(*cells, (size_t) (2 * cap) * sizeof **cells);
            if (nc == NULL) {
                fclose(f);
                return dmv_error_set(err, DMV_ENOMEM, "%s: no memory", path);
            }
            *cells = nc;
            cap *= 2;
        }
        (*cells)[(*n)++] = cell;
    }
    fclose(f);
    if (*n == 0)
        return dmv_error_set(err, DMV_EFORMAT, "%s: no data rows", path);
    return DMV_OK;
}

/* The printed number's interval: p and u (unit of the last printed place); 0 if not a number. */
static int printed_interval(const char *s, int *sci, int *k, int *e10)
{
    const char *dot, *ex;
    char *end;
    double v;
    if (strcmp(s, "-") == 0)
        return 0;
    v = strtod(s, &end);
    if (*end != '\0' || !isfinite(v))
        return 0;
    ex = strpbrk(s, "eE");
    dot = strchr(s, '.');
    *sci = ex != NULL;
    *e10 = ex ? atoi(ex + 1) : 0;
    *k = 0;
    if (dot != NULL && (ex == NULL || dot < ex))
        *k = (int) ((ex ? ex : s + strlen(s)) - dot - 1);
    if (strcmp(s, "0") == 0)
        *k = 2; /* the bare "0" is read as "0.00" */
    return 1;
}

/* Agreement of a certified ball with a printed number (see the file comment).
 * *tie: the ball meets the interval's boundary (it also reaches outside).
 * *dist: signed distance of the certified value to the edge of the printed interval, in units of the
 * last printed place (> 0 inside: to the nearest rounding boundary; < 0 outside); *near: the ball
 * comes within DMV_PG_TABLE_NEAR units of a rounding boundary (not certified farther). */
static int agrees_printed(const arb_t x, const char *s, char *rounded, size_t nr, int *tie, double *dist, int *near,
                          int *decided)
{
    int sci, k, e10;
    arb_t p, u, lo, hi, da, db;
    int ok;
    *tie = 0;
    *near = 0;
    *dist = NAN;
    if (!printed_interval(s, &sci, &k, &e10))
        return -1;
    arb_init(p);
    arb_init(u);
    arb_init(lo);
    arb_init(hi);
    arb_init(da);
    arb_init(db);
    arb_set_str(p, s, PGT_PREC);
    /* u = 10^(e10 - k) */
    arb_set_ui(u, 10);
    if (e10 >= k) {
        arb_pow_ui(u, u, (ulong) (e10 - k), PGT_PREC);
    } else {
        arb_pow_ui(u, u, (ulong) (k - e10), PGT_PREC);
        arb_inv(u, u, PGT_PREC);
    }
    arb_mul_2exp_si(lo, u, -1); /* u/2 */
    arb_add(hi, p, lo, PGT_PREC);
    arb_sub(lo, p, lo, PGT_PREC);
    /* meets [lo, hi] <=> not (x < lo) and not (x > hi) as certified comparisons */
    ok = !arb_lt(x, lo) && !arb_gt(x, hi);
    if (ok && (arb_overlaps(x, lo) || arb_overlaps(x, hi)) && !(arb_gt(x, lo) && arb_lt(x, hi)))
        *tie = 1;
    /* distances in printed units: (x - lo)/u and (hi - x)/u; the signed distance is their minimum */
    arb_sub(da, x, lo, PGT_PREC);
    arb_div(da, da, u, PGT_PREC);
    arb_sub(db, hi, x, PGT_PREC);
    arb_div(db, db, u, PGT_PREC);
    arb_min(da, da, db, PGT_PREC);
    *dist = arf_get_d(arb_midref(da), ARF_RND_NEAR);
    arb_abs(da, da);
    arb_set_d(db, DMV_PG_TABLE_NEAR);
    *near = !arb_gt(da, db);
    /* decided: every enclosure inside x gets the same agree, tie and near (no tie; inside or outside
     * the printed interval for certain; |distance| certified above or at most DMV_PG_TABLE_NEAR) */
    if (decided != NULL)
        *decided = !*tie && ((arb_gt(x, lo) && arb_lt(x, hi)) || arb_lt(x, lo) || arb_gt(x, hi)) &&
                   (arb_gt(da, db) || arb_le(da, db));
    {
        double m = arf_get_d(arb_midref(x), ARF_RND_NEAR);
        if (sci)
            snprintf(rounded, nr, "%.*E", k, m);
        else
            snprintf(rounded, nr, "%.*f", k, m);
    }
    arb_clear(p);
    arb_clear(u);
    arb_clear(lo);
    arb_clear(hi);
    arb_clear(da);
    arb_clear(db);
    return ok;
}

static void ball_cell(char *buf, size_t n, const arb_t x)
{
    if (!arb_is_finite(x)) {
        snprintf(buf, n, "not finite");
    } else {
        char *s = arb_get_str(x, 20, 0);
        snprintf(buf, n, "%s", s);
        flint_free(s);
    }
}

static void ball_mid_rad(char *mid, size_t nm, char *rad, size_t nrad, const arb_t x)
{
    arb_t m;
    char *s;
    arb_init(m);
    arb_set_arf(m, arb_midref(x));
    s = arb_get_str(m, 25, ARB_STR_NO_RADIUS);
    snprintf(mid, nm, "%s", s);
    flint_free(s);
    snprintf(rad, nrad, "%.3e", mag_get_d(arb_radref(x)) * 1.001);
    arb_clear(m);
}

static const char *eps_name(int ie)
{
    return ie == 0 ? "0" : ie == 1 ? "1e-5" : ie == 2 ? "1e-4" : "1e-3";
}

/* Judges one cell: 1 agrees, 0 not. rounded: the certified value at the printed precision. */
static int judge_cell(const pgt_cell *ce, arb_srcptr x, int st, char *rounded, size_t nr, const char **note,
                      int *tie, double *dist, int *near)
{
    int ag;
    *tie = 0;
    *near = 0;
    *dist = NAN;
    *note = "";
    if (strcmp(ce->value, "-") == 0) {
        ag = st == DMV_ENOTFINITE || (st == DMV_OK && arf_cmp_2exp_si(arb_midref(x), 99) > 0);
        snprintf(rounded, nr, "%s", st == DMV_OK ? "finite" : "-");
        if (st == DMV_ENOTFINITE)
            *note = "not finite (score at s = 0 on a null eigenvalue)";
        return ag;
    }
    if (st != DMV_OK) {
        snprintf(rounded, nr, "-");
        *note = dmv_error_name(st);
        return 0;
    }
    ag = agrees_printed(x, ce->value, rounded, nr, tie, dist, near, NULL);
    if (ag < 0) {
        *note = "published value unreadable";
        return 0;
    }
    if (*tie)
        *note = "tie: the ball meets a rounding boundary";
    return ag;
}

/* 1 if every enclosure of the cell's value inside x (status st) is judged as x is: a certified
 * not-finite value, a finite one far from 2^99 for a '-' cell, else no tie, inside or outside the
 * printed interval for certain and the near-boundary flag certified (agrees_printed). */
static int cell_decided(const pgt_cell *ce, arb_srcptr x, int st)
{
    char rounded[64];
    int tie, near, decided = 0;
    double dist;
    if (st == DMV_ENOTFINITE)
        return 1;
    if (st != DMV_OK || !arb_is_finite(x))
        return 0;
    if (strcmp(ce->value, "-") == 0)
        return arf_cmpabs_2exp_si(arb_midref(x), 98) < 0 && mag_cmp_2exp_si(arb_radref(x), 97) < 0;
    if (agrees_printed(x, ce->value, rounded, sizeof rounded, &tie, &dist, &near, &decided) < 0)
        return 0;
    return decided;
}

int dmv_pg_table_undecided(unsigned char *w2flag, unsigned char *altflag, unsigned char *contflag,
                           const dmv_pg_table_values *tv, const char *data_dir, dmv_error *err)
{
    pgt_cell *cells = NULL;
    long ncells = 0, i;
    int rc = load_table(&cells, &ncells, data_dir, err);
    if (rc != DMV_OK) {
        free(cells);
        return rc;
    }
    for (i = 0; i < ncells; i++) {
        const pgt_cell *ce = &cells[i];
        if (ce->nfe < 0) {
            long k = (ce->start * 2 + (ce->scheme == 0 ? 0 : 1)) * 4 + ce->eps;
            contflag[k] |= !cell_decided(ce, tv->cont + k, tv->cstatus[k]);
        } else {
            long k = ((ce->start * 6 + ce->scheme) * 4 + ce->eps) * 4 + ce->nfe;
            w2flag[k] |= !cell_decided(ce, tv->w2 + k, tv->status[k]);
            altflag[k] |= !cell_decided(ce, tv->alt + k, tv->astatus[k]);
        }
    }
    free(cells);
    return DMV_OK;
}

/* ---- the two claims ------------------------------------------------------------------
 * pg.table: every cell under its column's reading (dmv_pg_table_column_reading);
 * pg.table.labels: every cell under the stated counting of its label.
 * Both build the same cell table: disagreeing rows first, then the rows near a rounding boundary,
 * then the rest (each group in the order of the published file); the last three columns give the
 * other reading where it differs (Heun). */

#define PGT_NCOL 16

typedef struct {
    int agree, near, tie, st;
    double dist;
    long points;
    arb_srcptr x;
    char rounded[64];
    const char *note;
} pgt_judged;

/* Certified value and status of a published cell under a reading (labels: stated; else the column's). */
static void cell_value(arb_srcptr *x, int *st, long *points, const pgt_cell *ce, const dmv_pg_table_values *tv,
                       int stated)
{
    if (ce->nfe < 0) {
        long k = (ce->start * 2 + (ce->scheme == 0 ? 0 : 1)) * 4 + ce->eps;
        *x = tv->cont + k;
        *st = tv->cstatus[k];
        *points = 0;
    } else {
        long k = ((ce->start * 6 + ce->scheme) * 4 + ce->eps) * 4 + ce->nfe;
        int reading = stated ? DMV_PG_READ_STATED : dmv_pg_table_column_reading(ce->scheme);
        *x = stated ? tv->w2 + k : tv->alt + k;
        *st = stated ? tv->status[k] : tv->astatus[k];
        *points = dmv_pg_table_points(ce->scheme, pgt_nfe[ce->nfe], reading);
    }
}

static void judge(pgt_judged *j, const pgt_cell *ce, const dmv_pg_table_values *tv, int stated)
{
    cell_value(&j->x, &j->st, &j->points, ce, tv, stated);
    j->agree = judge_cell(ce, j->x, j->st, j->rounded, sizeof j->rounded, &j->note, &j->tie, &j->dist, &j->near);
}

static void value_cell(char *buf, size_t n, arb_srcptr x, int st)
{
    if (st == DMV_OK)
        ball_cell(buf, n, x);
    else
        snprintf(buf, n, "%s", st == DMV_ENOTFINITE ? "not finite" : dmv_error_name(st));
}

static const char *reading_label(int reading)
{
    return reading == DMV_PG_READ_POINTS ? "NFE points" : reading == DMV_PG_READ_STEPS ? "NFE/evals steps"
                                                                                          : "stated";
}

static int table_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err, int labels)
{
    const char *id = c ? c->id : (labels ? "pg.table.labels" : "pg.table");
    const dmv_pg_table_values *tv = NULL;
    pgt_cell *cells = NULL;
    pgt_judged *jd = NULL, *jo = NULL;
    long ncells = 0, i, r, nagree = 0, ndis = 0, ndash = 0, nnear = 0, nties = 0, *order = NULL;
    long dis_by_scheme[7] = {0, 0, 0, 0, 0, 0, 0};
    int reused = 0, rc, g, sc;
    char **tab = NULL, *examples = NULL;
    double mindist = INFINITY;
    long minrow = -1;
    const char *header[PGT_NCOL] = {"scheme", "eps", "nfe", "start", "reading", "points", "published",
                                    "certified W2", "certified at printed precision", "agrees",
                                    "distance to a rounding boundary (printed units)", "near boundary", "note",
                                    labels ? "pg.table's reading: points" : "stated counting: points",
                                    "certified W2", "agrees"};

    if (run == NULL || run->data_dir == NULL)
        return dmv_error_set(err, DMV_EINVAL, "%s: no data folder given (--data-dir) for "
                             "pierret_galerne_table.csv and cifar10_eigenvalues.npy", id);
    rc = load_table(&cells, &ncells, run->data_dir, err);
    if (rc != DMV_OK) {
        free(cells);
        return rc;
    }
    rc = dmv_pg_table_values_get(&tv, &reused, run, id, err);
    if (rc != DMV_OK) {
        free(cells);
        return rc;
    }
    jd = calloc((size_t) ncells, sizeof *jd);
    jo = calloc((size_t) ncells, sizeof *jo);
    order = calloc((size_t) ncells, sizeof *order);
    tab = calloc((size_t) ncells * PGT_NCOL, sizeof *tab);
    if (jd == NULL || jo == NULL || order == NULL || tab == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "%s: no memory", id);
        goto done;
    }
    for (i = 0; i < ncells; i++) {
        const pgt_cell *ce = &cells[i];
        judge(&jd[i], ce, tv, labels);
        judge(&jo[i], ce, tv, !labels);
        ndash += strcmp(ce->value, "-") == 0;
        nties += jd[i].tie;
        if (jd[i].agree) {
            nagree++;
            nnear += jd[i].near;
        } else {
            ndis++;
            dis_by_scheme[ce->nfe < 0 ? 6 : ce->scheme]++;
        }
        if (!isnan(jd[i].dist) && jd[i].dist < mindist) {
            mindist = jd[i].dist;
            minrow = i;
        }
    }
    /* disagreeing, then near a boundary, then the rest */
    for (g = 0, r = 0; g < 3; g++)
        for (i = 0; i < ncells; i++)
            if ((g == 0 && !jd[i].agree) || (g == 1 && jd[i].agree && jd[i].near) ||
                (g == 2 && jd[i].agree && !jd[i].near))
                order[r++] = i;
    for (r = 0; r < ncells; r++) {
        const pgt_cell *ce = &cells[order[r]];
        const pgt_judged *j = &jd[order[r]], *o = &jo[order[r]];
        char **row = tab + r * PGT_NCOL, buf[128];
        int reading = ce->nfe < 0 ? -1 : labels ? DMV_PG_READ_STATED : dmv_pg_table_column_reading(ce->scheme);
        int oreading = ce->nfe < 0 ? -1 : labels ? dmv_pg_table_column_reading(ce->scheme) : DMV_PG_READ_STATED;
        row[0] = dmv_strdup(pgt_scheme_names[ce->scheme]);
        row[1] = dmv_strdup(eps_name(ce->eps));
        snprintf(buf, sizeof buf, "%ld", ce->nfe < 0 ? 0L : pgt_nfe[ce->nfe]);
        row[2] = dmv_strdup(ce->nfe < 0 ? "continuous" : buf);
        row[3] = dmv_strdup(ce->start ? "N0" : "pT");
        row[4] = dmv_strdup(reading < 0 ? "-" : reading_label(reading));
        snprintf(buf, sizeof buf, "%ld", j->points);
        row[5] = dmv_strdup(ce->nfe < 0 ? "-" : buf);
        row[6] = dmv_strdup(ce->value);
        value_cell(buf, sizeof buf, j->x, j->st);
        row[7] = dmv_strdup(buf);
        row[8] = dmv_strdup(j->rounded);
        row[9] = dmv_strdup(j->agree ? "yes" : "NO");
        if (isnan(j->dist))
            snprintf(buf, sizeof buf, "-");
        else
            snprintf(buf, sizeof buf, "%.4f", j->dist);
        row[10] = dmv_strdup(buf);
        row[11] = dmv_strdup(j->near ? "NEAR" : "");
        row[12] = dmv_strdup(j->note);
        if (reading == oreading || reading < 0) {
            row[13] = dmv_strdup("same");
            row[14] = dmv_strdup("");
            row[15] = dmv_strdup("");
        } else {
            snprintf(buf, sizeof buf, "%ld (%s)", o->points, reading_label(oreading));
            row[13] = dmv_strdup(buf);
            value_cell(buf, sizeof buf, o->x, o->st);
            row[14] = dmv_strdup(buf);
            snprintf(buf, sizeof buf, "%s (%s)", o->agree ? "yes" : "no", o->rounded);
            row[15] = dmv_strdup(buf);
        }
    }
    for (i = 0; i < ncells * PGT_NCOL; i++)
        if (tab[i] == NULL) {
            rc = dmv_error_set(err, DMV_ENOMEM, "%s: no memory", id);
            goto done;
        }
    /* examples of disagreeing cells for the summary (at most 4) */
    {
        size_t el = 0;
        long nex = 0;
        for (r = 0; r < ncells && nex < 4; r++) {
            const pgt_cell *ce = &cells[order[r]];
            const pgt_judged *j = &jd[order[r]], *o = &jo[order[r]];
            char item[400], *nd;
            size_t m;
            if (j->agree)
                break;
            if (ce->nfe >= 0 && (labels ? DMV_PG_READ_STATED : dmv_pg_table_column_reading(ce->scheme)) !=
                                    (labels ? dmv_pg_table_column_reading(ce->scheme) : DMV_PG_READ_STATED))
                snprintf(item, sizeof item, "%s%s eps=%s NFE %ld %s: printed %s, certified %s with %ld points "
                         "(%s with %ld points)", el ? "; " : "", pgt_scheme_names[ce->scheme], eps_name(ce->eps),
                         pgt_nfe[ce->nfe], ce->start ? "N0" : "pT", ce->value, j->rounded, j->points, o->rounded,
                         o->points);
            else
                snprintf(item, sizeof item, "%s%s eps=%s NFE %s %s: printed %s, certified %s", el ? "; " : "",
                         pgt_scheme_names[ce->scheme], eps_name(ce->eps), tab[r * PGT_NCOL + 2],
                         ce->start ? "N0" : "pT", ce->value, j->rounded);
            m = strlen(item);
            nd = realloc(examples, el + m + 1);
            if (nd == NULL) {
                rc = dmv_error_set(err, DMV_ENOMEM, "%s: no memory", id);
                goto done;
            }
            examples = nd;
            memcpy(examples + el, item, m + 1);
            el += m;
            nex++;
        }
    }

    rc = dmv_result_add_table(out, labels ? "cells under the stated counting (disagreeing first, then near a "
                                            "rounding boundary)"
                                          : "cells under each column's reading (disagreeing first, then near a "
                                            "rounding boundary)",
                              ncells, PGT_NCOL, header, (const char *const *) tab);
    if (rc == DMV_OK) { /* report.md lists the disagreeing and near-boundary rows first and never cuts them */
        int *flags = malloc((size_t) ncells * sizeof *flags);
        if (flags == NULL) {
            rc = dmv_error_set(err, DMV_ENOMEM, "%s: no memory", id);
            goto done;
        }
        for (r = 0; r < ncells; r++)
            flags[r] = !jd[order[r]].agree || jd[order[r]].near;
        rc = dmv_result_flag_rows(out, flags);
        free(flags);
    }
    if (!labels && rc == DMV_OK) {
        /* one plot per eps: certified W2 (column readings) and the published numbers against NFE, N(0, I) */
        int ie2;
        for (ie2 = 0; ie2 < 4 && rc == DMV_OK; ie2++) {
            char name[96];
            dmv_ev_plot *pl;
            int sc2;
            snprintf(name, sizeof name, "W2 to the data vs NFE, eps = %s, start N(0, I)", eps_name(ie2));
            pl = dmv_result_add_plot(out, name, "NFE (the label)", "W2", 1, 1);
            if (pl == NULL) {
                rc = dmv_error_set(err, DMV_ENOMEM, "%s: no memory", id);
                break;
            }
            for (sc2 = 0; sc2 < 6 && rc == DMV_OK; sc2++) {
                double x[4], y[4], xp[4], yp[4];
                long n = 0, np = 0, in2;
                char label[96];
                for (in2 = 0; in2 < 4; in2++) {
                    long k = ((1 * 6 + sc2) * 4 + ie2) * 4 + in2;
                    if (tv->astatus[k] == DMV_OK && arb_is_finite(tv->alt + k)) {
                        x[n] = (double) pgt_nfe[in2];
                        y[n++] = arf_get_d(arb_midref(tv->alt + k), ARF_RND_NEAR);
                    }
                }
                for (i = 0; i < ncells; i++) {
                    const pgt_cell *ce = &cells[i];
                    char *end;
                    double v;
                    if (ce->scheme != sc2 || ce->eps != ie2 || ce->nfe < 0 || ce->start != 1 || np >= 4)
                        continue;
                    v = strtod(ce->value, &end);
                    if (*end == '\0' && isfinite(v) && v > 0) {
                        xp[np] = (double) pgt_nfe[ce->nfe];
                        yp[np++] = v;
                    }
                }
                snprintf(label, sizeof label, "%s certified (%s)", pgt_scheme_names[sc2],
                         reading_label(dmv_pg_table_column_reading(sc2)));
                if (n > 0)
                    rc = dmv_plot_add_series(pl, label, n, x, y, NULL, NULL);
                snprintf(label, sizeof label, "%s published", pgt_scheme_names[sc2]);
                if (np > 0 && rc == DMV_OK)
                    rc = dmv_plot_add_series(pl, label, np, xp, yp, NULL, NULL);
            }
        }
    }
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "cells", (double) ncells, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "cells agreeing at the printed precision", (double) nagree, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "cells disagreeing", (double) ndis, 0, NULL);
    for (sc = 0; sc < 7 && rc == DMV_OK; sc++) {
        char name[96];
        if (dis_by_scheme[sc] == 0)
            continue;
        snprintf(name, sizeof name, "cells disagreeing, %s", sc < 6 ? pgt_scheme_names[sc] : "continuous");
        rc = dmv_result_add_number(out, name, (double) dis_by_scheme[sc], 0, NULL);
    }
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "agreeing cells near a rounding boundary", (double) nnear, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "cells on a rounding boundary (counted as agreeing)", (double) nties, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "'-' cells", (double) ndash, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "eigenvalues", (double) tv->d, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "precision (bits)", (double) tv->prec, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, reused ? "certified table reused (computed earlier in this run)"
                                               : "certified table computed by this claim (s)",
                                   reused ? 1.0 : tv->seconds, 0, reused ? NULL : "s");
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "scheme cells certified by the double interval pass (docs/math/interval.md)",
                                   (double) tv->ncell_double, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "scheme cells computed in Arb (not decided in double)",
                                   (double) tv->ncell_arb, 0, NULL);
    if (rc == DMV_OK)
        rc = dmv_result_add_number(out, "continuous cells computed in Arb (closed form)", (double) tv->ncell_cont,
                                   0, NULL);
    if (rc == DMV_OK && minrow >= 0) {
        char name[200];
        const pgt_cell *ce = &cells[minrow];
        char nfe[32];
        snprintf(nfe, sizeof nfe, "NFE %ld", ce->nfe < 0 ? 0L : pgt_nfe[ce->nfe]);
        snprintf(name, sizeof name, "distance of a certified value to the edge of its printed interval, "
                 "smallest over the numeric cells (%s eps=%s %s %s), in printed units",
                 pgt_scheme_names[ce->scheme], eps_name(ce->eps), ce->nfe < 0 ? "continuous" : nfe,
                 ce->start ? "N0" : "pT");
        rc = dmv_result_add_margin(out, name, mindist, 0.0, DMV_MARGIN_MIN, "printed units");
    }
    if (rc == DMV_OK && !labels) {
        char mid[64], rad[32];
        ball_mid_rad(mid, sizeof mid, rad, sizeof rad, tv->cont + (1 * 2 + 0) * 4 + 0);
        rc = dmv_result_add_ball(out, "W2, exact SDE from N(0,I), eps = 0", mid, rad,
                                 arf_get_d(arb_midref(tv->cont + (1 * 2 + 0) * 4 + 0), ARF_RND_NEAR), NULL);
        ball_mid_rad(mid, sizeof mid, rad, sizeof rad, tv->cont + (1 * 2 + 1) * 4 + 0);
        if (rc == DMV_OK)
            rc = dmv_result_add_ball(out, "W2, exact PF-ODE from N(0,I), eps = 0", mid, rad,
                                     arf_get_d(arb_midref(tv->cont + (1 * 2 + 1) * 4 + 0), ARF_RND_NEAR), NULL);
    }
    if (rc != DMV_OK) {
        if (err->code == DMV_OK)
            dmv_error_set(err, rc, "%s: the evidence could not be recorded", id);
        goto done;
    }
    if (ndis == 0) {
        out->verdict = DMV_VERDICT_PASS;
        rc = dmv_result_set_summary(out, "all %ld published cells agree with the certified values at the printed "
                                    "precision under %s (%ld '-' cells certified not finite; %ld agreeing cells "
                                    "within %g of a printed unit of a rounding boundary)",
                                    ncells, labels ? "the stated NFE counting" : "each column's reading (Heun: N = "
                                    "NFE points; the others as stated)", ndash, nnear, DMV_PG_TABLE_NEAR);
    } else {
        char by[200] = "";
        size_t l = 0;
        for (sc = 0; sc < 7; sc++)
            if (dis_by_scheme[sc] > 0 && l < sizeof by) {
                snprintf(by + l, sizeof by - l, "%s%s %ld", l ? ", " : "", sc < 6 ? pgt_scheme_names[sc] : "continuous",
                         dis_by_scheme[sc]);
                l = strlen(by);
            }
        out->verdict = DMV_VERDICT_FAIL;
        rc = dmv_result_set_summary(out, "%ld of %ld published cells disagree with the certified values at the "
                                    "printed precision under %s (%s). E.g. %s",
                                    ndis, ncells, labels ? "the stated NFE counting" : "each column's reading", by,
                                    examples ? examples : "");
    }
    if (rc != DMV_OK)
        dmv_error_set(err, rc, "%s: the summary could not be recorded", id);
done:
    if (tab != NULL) {
        for (i = 0; i < ncells * PGT_NCOL; i++)
            free(tab[i]);
        free(tab);
    }
    free(jd);
    free(jo);
    free(order);
    free(examples);
    free(cells);
    return rc;
}

int dmv_claim_pg_table_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return table_check(c, run, out, err, 0);
}

int dmv_claim_pg_table_labels_check(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    return table_check(c, run, out, err, 1);
}
