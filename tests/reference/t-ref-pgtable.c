/* Published numbers: cells of the Pierret & Galerne ablation table
 * (../shared/data/pierret_galerne_table.csv, 2 decimals as printed) from
 * certified W2 on the CIFAR-10 spectrum, with the paper's counting
 * (NFE points for EM/EI/DDPM/Euler, NFE/2 for Heun, NFE/4 for RK4), plus
 * W2(N(0, I), p_T) = 5.467e-3 (docs/math/laws.md#path-curves) and the continuous columns.
 *
 * Finding: the Heun column does NOT match the paper's stated counting (NFE/2
 * points): e.g. eps = 1e-5, NFE 50, p_T gives W2 = 56.26 with 24 steps, while
 * the printed 23.42 is Heun with N = NFE = 50 points (49 steps, 98 model
 * evaluations); likewise 0.08 (1e-4, 1000, N0) = 999 steps (0.0790; 499 steps
 * give 0.140) and 0.13 (1e-3, 250, p_T) = 249 steps (0.1276; 124 give 0.122).
 * RK4 does match NFE/4 points. The test pins both readings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmv/ref.h"
#include "dmv_test.h"

/* float32 .npy: magic, version, header length, header, raw little-endian data; clamp -0.0 to 0 */
static double *load_cifar(long *d)
{
    char path[4096];
    unsigned char pre[12];
    FILE *f;
    long hl, n = 3072, j;
    float *buf;
    double *out;
    snprintf(path, sizeof path, "%s/cifar10_eigenvalues.npy", DMV_TEST_DATA_DIR);
    f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        fclose(f);
        return NULL;
    }
    if (pre[6] == 1)
        hl = pre[8] | (pre[9] << 8);
    else {
        if (fread(pre + 10, 1, 2, f) != 2) {
            fclose(f);
            return NULL;
        }
        hl = pre[8] | (pre[9] << 8) | ((long) pre[10] << 16) | ((long) pre[11] << 24);
    }
    fseek(f, hl, SEEK_CUR);
    buf = malloc(sizeof(float) * n);
    out = malloc(sizeof(double) * n);
    if (fread(buf, sizeof(float), n, f) != (size_t) n) {
        fclose(f);
        free(buf);
        free(out);
        return NULL;
    }
    fclose(f);
    for (j = 0; j < n; j++)
        out[j] = buf[j] > 0 ? (double) buf[j] : 0.0;
    free(buf);
    *d = n;
    return out;
}

static double mid(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

int main(void)
{
    long d = 0;
    double *lam = load_cifar(&d);
    dmv_process p;
    dmv_gaussian data;
    dmv_init n0, pt;
    dmv_error err;
    arb_ptr m1, v1, m2, v2;
    arb_t w;
    slong prec = 128;
    int st;

    DMV_CHECK(lam != NULL && d == 3072, "cannot read cifar10_eigenvalues.npy from %s", DMV_TEST_DATA_DIR);
    if (lam == NULL)
        DMV_TEST_DONE("t-ref-pgtable");
    {
        double s = 0;
        long j, zeros = 0;
        for (j = 0; j < d; j++) {
            s += lam[j];
            zeros += lam[j] == 0;
        }
        DMV_CHECK(fabs(s - 761.6196) < 1e-3 && zeros == 9, "spectrum sum %.6f zeros %ld", s, zeros);
    }
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    data.d = d;
    data.lambda = lam;
    data.mean = NULL;
    data.basis = NULL;
    n0.kind = DMV_INIT_STANDARD;
    pt.kind = DMV_INIT_EXACT;
    dmv_error_init(&err);
    m1 = _arb_vec_init(d);
    v1 = _arb_vec_init(d);
    m2 = _arb_vec_init(d);
    v2 = _arb_vec_init(d);
    arb_init(w);

    /* W2(N(0, I), p_T) = 5.467e-3 */
    st = dmv_ref_spectrum_data(m2, v2, &p, p.t_max, &data, prec, &err);
    _arb_vec_zero(m1, d);
    {
        long j;
        for (j = 0; j < d; j++)
            arb_one(v1 + j);
    }
    dmv_ref_w2sq_spectrum(w, NULL, m1, v1, m2, v2, d, prec);
    arb_sqrtpos(w, w, prec);
    DMV_CHECK(st == 0 && fabs(mid(w) - 5.467e-3) < 0.0006e-3 && mag_cmp_2exp_si(arb_radref(w), -100) < 0,
              "W2(N0, p_T) = %.6e (rad %.1e)", mid(w), mag_get_d(arb_radref(w)));

    /* continuous columns: EM row = SDE, Euler row = ODE, vs the data */
    {
        static const struct { int sde; double eps; int start_n0; double value, tol; } cont[] = {
            {1, 0, 1, 6.7e-4, 0.05e-4}, {1, 1e-5, 0, 4.1e-3, 0.05e-3}, {1, 1e-5, 1, 4.2e-3, 0.05e-3},
            {1, 1e-3, 1, 0.18, 0.005},  {0, 0, 1, 0.07, 0.005},       {0, 1e-5, 1, 0.07, 0.005},
            {0, 1e-4, 1, 0.08, 0.005},  {0, 1e-3, 1, 0.19, 0.005},    {0, 1e-3, 0, 0.18, 0.005}};
        size_t i;
        st = dmv_ref_spectrum_data(m2, v2, &p, 0.0, &data, prec, &err);
        for (i = 0; i < sizeof cont / sizeof cont[0]; i++) {
            st = dmv_ref_spectrum_continuous(m1, v1, cont[i].sde, &p, cont[i].eps,
                                             cont[i].start_n0 ? &n0 : &pt, &data, prec, &err);
            dmv_ref_w2sq_spectrum(w, NULL, m1, v1, m2, v2, d, prec);
            arb_sqrtpos(w, w, prec);
            DMV_CHECK(st == 0 && fabs(mid(w) - cont[i].value) <= cont[i].tol &&
                          mag_cmp_2exp_si(arb_radref(w), -100) < 0,
                      "continuous %s eps %g start %s: W2 = %.6e (rad %.1e), paper %g (%s)",
                      cont[i].sde ? "SDE" : "ODE", cont[i].eps, cont[i].start_n0 ? "N0" : "pT", mid(w),
                      mag_get_d(arb_radref(w)), cont[i].value, err.msg);
        }
    }

    /* scheme cells */
    {
        static const struct { dmv_scheme_kind k; double eps; long nfe; int start_n0; double value; } cell[] = {
            {DMV_SCHEME_EM, 0, 50, 0, 4.78},      {DMV_SCHEME_EM, 0, 500, 1, 0.32},
            {DMV_SCHEME_EI, 1e-3, 250, 1, 0.67},  {DMV_SCHEME_DDPM, 1e-4, 1000, 0, 0.24},
            {DMV_SCHEME_EULER, 0, 1000, 1, 0.17}, {DMV_SCHEME_EULER, 1e-5, 50, 0, 1.72},
            {DMV_SCHEME_HEUN, 1e-5, 50, 0, 23.42}, {DMV_SCHEME_HEUN, 1e-4, 1000, 1, 0.08},
            {DMV_SCHEME_HEUN, 1e-3, 250, 0, 0.13}, {DMV_SCHEME_RK4, 1e-5, 50, 0, 67.32},
            {DMV_SCHEME_RK4, 1e-3, 250, 0, 0.09}, {DMV_SCHEME_RK4, 1e-4, 1000, 1, 0.10}};
        size_t i;
        for (i = 0; i < sizeof cell / sizeof cell[0]; i++) {
            dmv_grid g;
            dmv_scheme sc;
            clock_t t0 = clock();
            dmv_grid_default(&g);
            g.kind = DMV_GRID_UNIFORM;
            g.eps = cell[i].eps;
            g.steps = dmv_ref_paper_steps(cell[i].k, cell[i].nfe);
            if (cell[i].k == DMV_SCHEME_HEUN)
                g.steps = cell[i].nfe - 1; /* the table's Heun: NFE points (see the top comment) */
            dmv_scheme_default(&sc);
            sc.kind = cell[i].k;
            dmv_error_init(&err);
            st = dmv_ref_scheme_w2_to_data(w, NULL, &p, &g, &sc, cell[i].start_n0 ? &n0 : &pt, &data, NULL, 2,
                                           prec, &err);
            DMV_CHECK(st == 0 && fabs(mid(w) - cell[i].value) <= 0.005 + 1e-12 &&
                          mag_cmp_2exp_si(arb_radref(w), -100) < 0,
                      "%s eps %g NFE %ld start %s: W2 = %.6f (rad %.1e), paper %.2f [%s]",
                      dmv_scheme_name(cell[i].k), cell[i].eps, cell[i].nfe, cell[i].start_n0 ? "N0" : "pT",
                      mid(w), mag_get_d(arb_radref(w)), cell[i].value, err.msg);
            if (getenv("DMV_TEST_VERBOSE"))
                printf("%s eps %g NFE %ld %s: %.6f (%.2f) %.2fs cpu\n", dmv_scheme_name(cell[i].k), cell[i].eps,
                       cell[i].nfe, cell[i].start_n0 ? "N0" : "pT", mid(w), cell[i].value,
                       (double) (clock() - t0) / CLOCKS_PER_SEC);
        }
    }
    /* the stated reading for Heun (NFE/2 points) does not give the printed 23.42 */
    {
        dmv_grid g;
        dmv_scheme sc;
        dmv_grid_default(&g);
        g.eps = 1e-5;
        g.steps = dmv_ref_paper_steps(DMV_SCHEME_HEUN, 50);
        dmv_scheme_default(&sc);
        sc.kind = DMV_SCHEME_HEUN;
        st = dmv_ref_scheme_w2_to_data(w, NULL, &p, &g, &sc, &pt, &data, NULL, 2, prec, &err);
        DMV_CHECK(st == 0 && g.steps == 24 && fabs(mid(w) - 56.2614) < 1e-4, "Heun 24 steps: %.6f", mid(w));
    }
    /* eps = 0: Heun and RK4 are not finite on the null eigenvalues ("-") */
    {
        dmv_grid g;
        dmv_scheme sc;
        dmv_grid_default(&g);
        g.eps = 0;
        g.steps = dmv_ref_paper_steps(DMV_SCHEME_HEUN, 50);
        dmv_scheme_default(&sc);
        sc.kind = DMV_SCHEME_HEUN;
        dmv_error_init(&err);
        st = dmv_ref_scheme_w2_to_data(w, NULL, &p, &g, &sc, &pt, &data, NULL, 2, prec, &err);
        DMV_CHECK(st == DMV_ENOTFINITE, "Heun eps = 0: status %d (%s)", st, err.msg);
    }

    _arb_vec_clear(m1, d);
    _arb_vec_clear(v1, d);
    _arb_vec_clear(m2, d);
    _arb_vec_clear(v2, d);
    arb_clear(w);
    free(lam);
    flint_cleanup();
    DMV_TEST_DONE("t-ref-pgtable");
}
