/* The figure claims of Chidambaram et al. (gd.fig.*: the 2-D experiment of Fig. 1 and 2) and the
 * claims G5 (tail-corrupted score) and G6 (overshoot and pull-back); docs/claims.md, section "gd".
 *
 * The 2-D experiment: class +1 uniform on [1, 2] x [-1, 1], class -1 uniform on [-2, -1] x [-1, 1]
 * (our rectangles: separated along x, the same y-factor), equal weights, guided towards class +1
 * with the paper's w (score (1 + w) s_c - w s_u). Since both classes share the y-factor, the
 * guided score factorises: the x-coordinate follows the 1-D guided flow of U[1, 2] against
 * U[-2, -1] and y the unguided flow of U[-1, 1]. The claims therefore measure the x-coordinate
 * at quantile starts x_i = Phi^-1((i - 1/2)/n) (the 1-D flow map is monotone, so a node count is
 * an event probability within 1/n), and the scatter plots show the fast sampler's 2-D samples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/stats.h"
#include "dmv/str.h"
#include "gd_fig.h"

#define NW 4
static const double fig_w[NW] = {1, 3, 7, 15};

/* The models (JSON of docs/model-spec.md); %g is w. */
#define BOX_P "{\"model\": \"boxes\", \"weights\": [1], \"lo\": [[1, -1]], \"hi\": [[2, 1]]}"
#define BOX_PN "{\"model\": \"boxes\", \"weights\": [1, 1], \"lo\": [[1, -1], [-2, -1]], \"hi\": [[2, 1], [-1, 1]]}"
#define BOX1_P "{\"model\": \"boxes\", \"weights\": [1], \"lo\": [[1]], \"hi\": [[2]]}"
#define BOX1_PN "{\"model\": \"boxes\", \"weights\": [1, 1], \"lo\": [[1], [-2]], \"hi\": [[2], [-1]]}"
#define GUIDED(c, u) "{\"model\": \"guided\", \"w\": %.17g, \"cond\": " c ", \"uncond\": " u "}"
#define TAIL(b) "{\"model\": \"tail\", \"kappa\": %.17g, \"a2\": [2], \"base\": " b "}"

static int build_model(dmv_fast_model *m, const char *json, const char *id, dmv_error *err)
{
    dmv_model_spec spec;
    int rc;
    dmv_model_spec_init(&spec);
    rc = dmv_model_spec_parse(&spec, json, strlen(json), id, NULL, NULL, err);
    if (rc == DMV_OK)
        rc = dmv_fast_model_from_spec(m, &spec, err);
    dmv_model_spec_clear(&spec);
    return rc;
}

static int build_1d(dmv_fast_model *m, double w, const char *id, dmv_error *err)
{
    char json[512];
    snprintf(json, sizeof json, GUIDED(BOX1_P, BOX1_PN), w);
    return build_model(m, json, id, err);
}

static int build_tail(dmv_fast_model *m, double w, double kappa, const char *id, dmv_error *err)
{
    char json[1024];
    snprintf(json, sizeof json, GUIDED(TAIL(BOX1_P), TAIL(BOX1_PN)), w, kappa, kappa);
    return build_model(m, json, id, err);
}

static void quantile_starts(double *x, long n)
{
    long i;
    for (i = 0; i < n; i++)
        x[i] = dmv_stat_normal_quantile(((double) i + 0.5) / (double) n);
}

/* ---- shared set-up ---------------------------------------------------------------------- */


static long fig_nodes(const dmv_run *run) { return run->quick ? FIG_NODES / 2 : FIG_NODES; }

static void progress(const dmv_run *run, const dmv_claim *c, double f, const char *what)
{
    if (run->progress)
        run->progress(run->progress_ctx, c->id, f, what);
}

/* The accurate flow from the quantile starts, twice (M and 2M steps): y (n) and the largest
 * difference between the two. */
static int accurate(const dmv_fast_model *m, long n, double *y, double *peak, double *halving, dmv_error *err)
{
    double *y2 = malloc((size_t) n * sizeof *y2);
    long i;
    int rc;
    if (y2 == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "gd: out of memory");
    quantile_starts(y, n);
    quantile_starts(y2, n);
    rc = dmv_gdfig_lambda_rk4(m, FIG_T, FIG_SHMIN, FIG_RK4, n, y, peak, err);
    if (rc == DMV_OK)
        rc = dmv_gdfig_lambda_rk4(m, FIG_T, FIG_SHMIN, 2 * FIG_RK4, n, y2, NULL, err);
    *halving = 0;
    for (i = 0; rc == DMV_OK && i < n; i++)
        if (!(fabs(y[i] - y2[i]) <= *halving))
            *halving = isnan(y[i] - y2[i]) ? INFINITY : fabs(y[i] - y2[i]);
    free(y2);
    return rc;
}

static double sd_of(const double *y, long n)
{
    double s = 0, q = 0, mu;
    long i;
    for (i = 0; i < n; i++)
        s += y[i];
    mu = s / (double) n;
    for (i = 0; i < n; i++)
        q += (y[i] - mu) * (y[i] - mu);
    return sqrt(q / (double) (n - 1));
}

static void add_table(dmv_result *out, const char *name, long nrows, long ncols, const char *const *header,
                      char **cells)
{
    long q;
    dmv_result_add_table(out, name, nrows, ncols, header, (const char *const *) cells);
    for (q = 0; q < nrows * ncols; q++)
        free(cells[q]);
}

static char *fmt(const char *f, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, f, v);
    return dmv_strdup(buf);
}

/* ---- gd.fig.scatter: the 2-D samples, concentration grows with w -------------------------- */

/* The fast sampler's 2-D samples: VP linear with beta = 1 (the OU process), T = 10, Euler on the
 * PF-ODE, 1000 uniform steps to t = 0, N(0, I) start. */
/* sink of dmv_fast_sample: the rows in sample order */
static int collect(void *ctx, long first, long rows, const double *x)
{
    memcpy((double *) ctx + 2 * first, x, (size_t) (2 * rows) * sizeof *x);
    return 0;
}

static int sample_2d(double *out, double w, long n, uint64_t seed, int threads, const char *id, dmv_error *err)
{
    dmv_fast_model m;
    dmv_process p;
    dmv_grid g;
    dmv_init init;
    dmv_scheme sc;
    dmv_fast_job job;
    char json[1024];
    int rc;
    snprintf(json, sizeof json, GUIDED(BOX_P, BOX_PN), w);
    if ((rc = build_model(&m, json, id, err)) != DMV_OK)
        return rc;
    dmv_process_default(&p, DMV_PROCESS_VP_LINEAR);
    p.beta_min = p.beta_max = 1.0;
    p.t_max = FIG_T;
    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM;
    g.steps = FIG_N;
    g.eps = 0.0;
    dmv_init_default(&init);
    sc.kind = DMV_SCHEME_EULER;
    sc.eta = 0.0;
    dmv_fast_job_init(&job);
    job.process = &p;
    job.grid = &g;
    job.scheme = &sc;
    job.init = &init;
    job.model = &m;
    job.n = n;
    job.seed = seed;
    job.threads = threads > 0 ? threads : 1;
    rc = dmv_fast_sample(NULL, &job, collect, out, NULL, NULL, err);
    dmv_fast_model_clear(&m);
    return rc;
}

static int inside_2d(const double *r) { return r[0] >= 1 && r[0] <= 2 && r[1] >= -1 && r[1] <= 1; }

/* The flows and samples that gd.fig.scatter and gd.fig.good-share share, computed once per run
 * (the claims run one after another, theorems/run.c): for w = 0 and each w of the figure, the
 * accurate flow and the Euler flow from the quantile starts and (w > 0) the 2-D samples. */
typedef struct {
    int ready;
    long n, ns;
    uint64_t seed;
    double halving[NW + 1];
    double *acc[NW + 1], *eul[NW + 1], *s2d[NW + 1];
} fig_cache;

static fig_cache gdfig_cache;

static void fig_cache_free(fig_cache *fc)
{
    long k;
    for (k = 0; k <= NW; k++) {
        free(fc->acc[k]);
        free(fc->eul[k]);
        free(fc->s2d[k]);
        fc->acc[k] = fc->eul[k] = fc->s2d[k] = NULL;
    }
    fc->ready = 0;
}

static const fig_cache *fig_compute(const dmv_claim *c, const dmv_run *run, dmv_error *err)
{
    fig_cache *fc = &gdfig_cache;
    long n = fig_nodes(run), ns = run->quick ? FIG_SAMPLES_QUICK : FIG_SAMPLES, k;
    if (fc->ready && fc->n == n && fc->ns == ns && fc->seed == run->seed)
        return fc;
    fig_cache_free(fc);
    fc->n = n;
    fc->ns = ns;
    fc->seed = run->seed;
    for (k = 0; k <= NW; k++) {
        double w = k == 0 ? 0.0 : fig_w[k - 1];
        dmv_fast_model m;
        int rc;
        fc->acc[k] = malloc((size_t) n * sizeof(double));
        fc->eul[k] = malloc((size_t) n * sizeof(double));
        fc->s2d[k] = malloc((size_t) (2 * ns) * sizeof(double));
        if (fc->acc[k] == NULL || fc->eul[k] == NULL || fc->s2d[k] == NULL) {
            dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", c->id);
            fig_cache_free(fc);
            return NULL;
        }
        if (build_1d(&m, w, c->id, err) != DMV_OK) {
            fig_cache_free(fc);
            return NULL;
        }
        rc = accurate(&m, n, fc->acc[k], NULL, &fc->halving[k], err);
        if (rc == DMV_OK) {
            quantile_starts(fc->eul[k], n);
            rc = dmv_gdfig_euler(&m, FIG_T, FIG_N, n, fc->eul[k], NULL, NULL, err);
        }
        dmv_fast_model_clear(&m);
        if (rc == DMV_OK && k > 0)
            rc = sample_2d(fc->s2d[k], w, ns, run->seed + (uint64_t) k, run->threads, c->id, err);
        if (rc != DMV_OK) {
            fig_cache_free(fc);
            return NULL;
        }
        progress(run, c, (double) (k + 1) / (NW + 1), "w values");
    }
    fc->ready = 1;
    return fc;
}

static void add_support(dmv_ev_plot *p)
{
    static const double px[5] = {1, 2, 2, 1, 1}, py[5] = {-1, -1, 1, 1, -1};
    static const double nx[5] = {-2, -1, -1, -2, -2};
    dmv_plot_add_series(p, "support of class +1: [1, 2] x [-1, 1]", 5, px, py, NULL, NULL);
    dmv_plot_add_series(p, "support of class -1: [-2, -1] x [-1, 1]", 5, nx, py, NULL, NULL);
}

int dmv_gdfig_check_scatter(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    const fig_cache *fc = fig_compute(c, run, err);
    long n, ns, i, k;
    double *gx = NULL, *gy = NULL, *bx = NULL, *by = NULL;
    double sd_acc[NW + 1], near_acc[NW + 1], sd_eul[NW + 1], halving_max = 0, worst_ratio = 0, worst_ratio_e = 0;
    char *cells[(NW + 1) * 6];
    int rc = DMV_OK, ok;
    if (fc == NULL)
        return err->code != DMV_OK ? err->code : DMV_ENOMEM;
    n = fc->n;
    ns = fc->ns;
    gx = malloc((size_t) ns * sizeof *gx);
    gy = malloc((size_t) ns * sizeof *gy);
    bx = malloc((size_t) ns * sizeof *bx);
    by = malloc((size_t) ns * sizeof *by);
    if (gx == NULL || gy == NULL || bx == NULL || by == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", c->id);
        goto done;
    }
    for (k = 0; k <= NW; k++) {
        double w = k == 0 ? 0.0 : fig_w[k - 1];
        const double *y = fc->acc[k], *xs = fc->s2d[k];
        long near = 0;
        for (i = 0; i < n; i++)
            near += y[i] >= 1.9;
        sd_acc[k] = sd_of(y, n);
        near_acc[k] = (double) near / (double) n;
        halving_max = fmax(halving_max, fc->halving[k]);
        sd_eul[k] = sd_of(fc->eul[k], n);
        if (k > 0) {
            dmv_ev_plot *p;
            long ng = 0, nb = 0;
            char title[160], lg[160], lb[160];
            for (i = 0; i < ns; i++) {
                if (inside_2d(xs + 2 * i)) {
                    gx[ng] = xs[2 * i];
                    gy[ng++] = xs[2 * i + 1];
                } else {
                    bx[nb] = xs[2 * i];
                    by[nb++] = xs[2 * i + 1];
                }
            }
            snprintf(title, sizeof title, "final samples, w = %g (Euler, 1000 steps, T = 10): good share %.3f",
                     w, (double) ng / (double) ns);
            snprintf(lg, sizeof lg, "good (inside the class +1 support): %ld of %ld = %.1f%%", ng, ns,
                     100.0 * (double) ng / (double) ns);
            snprintf(lb, sizeof lb, "outside the support: %ld of %ld = %.1f%%", nb, ns,
                     100.0 * (double) nb / (double) ns);
            p = dmv_result_add_plot(out, title, "x (guided coordinate)", "y (unguided coordinate)", 0, 0);
            dmv_plot_add_points(p, lg, ng, gx, gy);
            dmv_plot_add_points(p, lb, nb, bx, by);
            add_support(p);
        }
    }
    for (k = 0; k <= NW; k++) {
        char **r = cells + 6 * k;
        r[0] = fmt("%g", k == 0 ? 0.0 : fig_w[k - 1]);
        r[1] = fmt("%.4f", sd_acc[k]);
        r[2] = fmt("%.4f", near_acc[k]);
        r[3] = fmt("%.4f", sd_eul[k]);
        r[4] = fmt("%.3f", k > 0 ? sd_acc[k] / sd_acc[k - 1] : NAN);
        r[5] = fmt("%.3f", k > 0 ? sd_eul[k] / sd_eul[k - 1] : NAN);
        if (k > 0) {
            worst_ratio = fmax(worst_ratio, sd_acc[k] / sd_acc[k - 1]);
            worst_ratio_e = fmax(worst_ratio_e, sd_eul[k] / sd_eul[k - 1]);
        }
    }
    {
        static const char *const header[6] = {"w", "sd of x (accurate flow)", "P(x >= 1.9) (accurate flow)",
                                              "sd of x (Euler 1000, T = 10)", "sd ratio to previous w (accurate)",
                                              "sd ratio to previous w (Euler)"};
        add_table(out, "x-coordinate at the quantile starts", NW + 1, 6, header, cells);
    }
    dmv_result_add_number(out, "quantile starts", (double) n, 0, NULL);
    dmv_result_add_number(out, "2-D samples per w (scatter)", (double) ns, 0, NULL);
    dmv_result_add_number(out, "accurate flow: max step-halving difference", halving_max, 0, NULL);
    dmv_result_add_margin(out, "largest sd ratio between successive w (accurate flow)", worst_ratio, 1.0,
                          DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(out, "largest sd ratio between successive w (Euler)", worst_ratio_e, 1.0, DMV_MARGIN_MAX,
                          NULL);
    dmv_result_add_margin(out, "P(x >= 1.9) at w = 15 (accurate flow)", near_acc[NW], 0.99, DMV_MARGIN_MIN, NULL);
    if (!(halving_max <= FIG_HALVING)) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "the accurate flow is not accurate enough: step halving moves it by %.3g > %g",
                               halving_max, FIG_HALVING);
        dmv_result_set_budget_note(out, "more RK4 steps in lambda");
        goto done;
    }
    ok = worst_ratio < 1 && worst_ratio_e < 1 && near_acc[NW] >= 0.99;
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out,
                           "sd of the guided coordinate falls with w = 0, 1, 3, 7, 15: %.3g, %.3g, %.3g, %.3g, %.3g "
                           "(accurate flow; largest ratio %.3f, Euler %.3f); P(x >= 1.9) = %.4f at w = 15",
                           sd_acc[0], sd_acc[1], sd_acc[2], sd_acc[3], sd_acc[4], worst_ratio, worst_ratio_e,
                           near_acc[NW]);
done:
    free(gx);
    free(gy);
    free(bx);
    free(by);
    return rc;
}

/* ---- gd.fig.trajectory: mean x-trajectory, overshoot then pull-back ------------------------ */


int dmv_gdfig_check_trajectory(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = fig_nodes(run), k, q, np = FIG_N / TRAJ_EVERY + 1;
    double *y = malloc((size_t) n * sizeof *y), *mean = malloc((FIG_N + 1) * sizeof *mean),
           *sd = malloc((FIG_N + 1) * sizeof *sd), *px = malloc((size_t) np * sizeof *px),
           *py = malloc((size_t) np * sizeof *py), *plo = malloc((size_t) np * sizeof *plo),
           *phi = malloc((size_t) np * sizeof *phi);
    double over[NW], peak_t[NW], worst_step = INFINITY;
    char *cells[NW * 5];
    dmv_ev_plot *p;
    int rc = DMV_OK, ok;
    if (y == NULL || mean == NULL || sd == NULL || px == NULL || py == NULL || plo == NULL || phi == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", c->id);
        goto done;
    }
    p = dmv_result_add_plot(out, "mean x-trajectory +- 1 sd (Euler, 1000 steps, T = 10)",
                            "sampling time tau = T - t", "x_t (guided coordinate)", 0, 0);
    for (k = 0; k < NW; k++) {
        dmv_fast_model m;
        char label[96];
        long kmax = 0;
        if ((rc = build_1d(&m, fig_w[k], c->id, err)) != DMV_OK)
            goto done;
        quantile_starts(y, n);
        rc = dmv_gdfig_euler(&m, FIG_T, FIG_N, n, y, mean, sd, err);
        dmv_fast_model_clear(&m);
        if (rc != DMV_OK)
            goto done;
        for (q = 0; q <= FIG_N; q++)
            if (mean[q] > mean[kmax])
                kmax = q;
        over[k] = mean[kmax] - mean[FIG_N];
        peak_t[k] = FIG_T * (double) kmax / FIG_N;
        for (q = 0; q < np; q++) {
            long s = q * TRAJ_EVERY;
            px[q] = FIG_T * (double) s / FIG_N;
            py[q] = mean[s];
            plo[q] = mean[s] - sd[s];
            phi[q] = mean[s] + sd[s];
        }
        snprintf(label, sizeof label, "w = %g: mean, band +-1 sd (overshoot %.3f)", fig_w[k], over[k]);
        dmv_plot_add_series(p, label, np, px, py, plo, phi);
        cells[5 * k] = fmt("%g", fig_w[k]);
        cells[5 * k + 1] = fmt("%.4f", mean[kmax]);
        cells[5 * k + 2] = fmt("%.2f", peak_t[k]);
        cells[5 * k + 3] = fmt("%.4f", mean[FIG_N]);
        cells[5 * k + 4] = fmt("%.4f", over[k]);
        if (k > 0 && over[k] - over[k - 1] < worst_step)
            worst_step = over[k] - over[k - 1];
        progress(run, c, (double) (k + 1) / NW, "w values");
    }
    {
        static const char *const header[5] = {"w", "peak of the mean x_t", "at tau", "final mean",
                                              "overshoot (peak - final)"};
        add_table(out, "mean x-trajectory from the quantile starts", NW, 5, header, cells);
    }
    dmv_result_add_number(out, "quantile starts", (double) n, 0, NULL);
    dmv_result_add_margin(out, "smallest growth of the overshoot between successive w", worst_step, 0.0,
                          DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "overshoot of the mean at w = 1", over[0], TRAJ_MONO, DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(out, "overshoot of the mean at w = 15", over[NW - 1], TRAJ_PULL, DMV_MARGIN_MIN, NULL);
    ok = worst_step > 0 && over[0] <= TRAJ_MONO && over[NW - 1] >= TRAJ_PULL;
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out,
                           "overshoot of the mean x-trajectory (peak - final) for w = 1, 3, 7, 15: %.4f, %.4f, "
                           "%.4f, %.4f (monotone to %.2g at w = 1, pull-back >= %.2g at w = 15)",
                           over[0], over[1], over[2], over[3], TRAJ_MONO, TRAJ_PULL);
done:
    free(y);
    free(mean);
    free(sd);
    free(px);
    free(py);
    free(plo);
    free(phi);
    return rc;
}

/* ---- gd.fig.good-share: falls under the paper's solver, 1 under an accurate flow ------------- */


int dmv_gdfig_check_share(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    /* docs/math guidance reference values (Euler 1000, T = 10, U[1,2] against U[-2,-1]; 30-digit
     * computation of an independent code), information only */
    static const double spec_ref[NW] = {0.945, 0.825, 0.245, 0.000};
    const fig_cache *fc = fig_compute(c, run, err);
    long n, k, i, ns;
    double eul[NW], acc[NW], smp[NW], halving_max = 0, worst_drop = INFINITY, min_acc = 1, dkw;
    char *cells[NW * 5];
    int rc = DMV_OK, ok, mono_all = 1;
    dmv_ev_plot *p;
    if (fc == NULL)
        return err->code != DMV_OK ? err->code : DMV_ENOMEM;
    n = fc->n;
    ns = fc->ns;
    for (k = 0; k < NW; k++) {
        const double *y = fc->eul[k + 1], *xs = fc->s2d[k + 1];
        long good = 0;
        for (i = 0; i < n; i++) {
            good += y[i] >= 1 && y[i] <= 2;
            mono_all &= i == 0 || y[i] >= y[i - 1];
        }
        eul[k] = (double) good / (double) n;
        y = fc->acc[k + 1];
        for (good = 0, i = 0; i < n; i++)
            good += y[i] >= 1 - FIG_TOL && y[i] <= 2 + FIG_TOL;
        acc[k] = (double) good / (double) n;
        min_acc = fmin(min_acc, acc[k]);
        halving_max = fmax(halving_max, fc->halving[k + 1]);
        for (good = 0, i = 0; i < ns; i++)
            good += inside_2d(xs + 2 * i);
        smp[k] = (double) good / (double) ns;
        if (k > 0 && eul[k - 1] - eul[k] < worst_drop)
            worst_drop = eul[k - 1] - eul[k];
        cells[5 * k] = fmt("%g", fig_w[k]);
        cells[5 * k + 1] = fmt("%.4f", eul[k]);
        cells[5 * k + 2] = fmt("%.4f", smp[k]);
        cells[5 * k + 3] = fmt("%.4f", acc[k]);
        cells[5 * k + 4] = fmt("%.3f", spec_ref[k]);
    }
    {
        static const char *const header[5] = {"w", "good share, Euler 1000 / T = 10 (quantile starts)",
                                              "good share, fast sampler 2-D (random samples)",
                                              "good share, accurate flow (RK4 in lambda)",
                                              "reference value of docs (Euler, 1-D)"};
        add_table(out, "good-sample share (inside the class +1 support)", NW, 5, header, cells);
    }
    p = dmv_result_add_plot(out, "good-sample share against w", "w", "share inside the support", 0, 0);
    dmv_plot_add_series(p, "Euler, 1000 steps, T = 10 (quantile starts)", NW, fig_w, eul, NULL, NULL);
    dmv_plot_add_series(p, "fast sampler, 2-D samples", NW, fig_w, smp, NULL, NULL);
    dmv_plot_add_series(p, "accurate flow (RK4 in lambda, to sigma/alpha = 1e-8)", NW, fig_w, acc, NULL, NULL);
    /* the sampler's share against the node share: DKW at 1e-6 plus the node bracket */
    dkw = sqrt(log(2 / 1e-6) / (2.0 * (double) ns)) + 1.0 / (double) n;
    dmv_result_add_number(out, "quantile starts", (double) n, 0, NULL);
    dmv_result_add_number(out, "2-D samples per w", (double) ns, 0, NULL);
    dmv_result_add_number(out, "Euler output monotone in the start at every node (1 = yes)", mono_all, 0, NULL);
    dmv_result_add_number(out, "sampler vs quantile share: allowed by DKW (1e-6) + 1/n", dkw, 0, NULL);
    dmv_result_add_number(out, "accurate flow: max step-halving difference", halving_max, 0, NULL);
    dmv_result_add_margin(out, "smallest drop of the Euler share between successive w", worst_drop, 0.0,
                          DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "Euler share at w = 15", eul[NW - 1], SHARE_LAST, DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(out, "smallest accurate-flow share", min_acc, 1.0, DMV_MARGIN_MIN, NULL);
    for (k = 0; k < NW; k++) {
        char name[96];
        snprintf(name, sizeof name, "|sampler share - quantile share| at w = %g", fig_w[k]);
        dmv_result_add_margin(out, name, fabs(smp[k] - eul[k]), dkw, DMV_MARGIN_MAX, NULL);
    }
    if (!(halving_max <= FIG_HALVING)) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "the accurate flow is not accurate enough: step halving moves it by %.3g > %g",
                               halving_max, FIG_HALVING);
        dmv_result_set_budget_note(out, "more RK4 steps in lambda");
        goto done;
    }
    ok = worst_drop > 0 && eul[NW - 1] <= SHARE_LAST && min_acc == 1.0;
    for (k = 0; k < NW; k++)
        ok = ok && fabs(smp[k] - eul[k]) <= dkw;
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out,
                           "good share under Euler 1000 / T = 10 for w = 1, 3, 7, 15: %.3f, %.3f, %.3f, %.3f "
                           "(2-D sampler: %.3f, %.3f, %.3f, %.3f); accurate flow: %.3f, %.3f, %.3f, %.3f",
                           eul[0], eul[1], eul[2], eul[3], smp[0], smp[1], smp[2], smp[3], acc[0], acc[1], acc[2],
                           acc[3]);
done:
    return rc;
}

/* ---- gd.G5: a tail-corrupted score leaves the support more often as w grows ------------------- */

static const double g5_w[G5_NW] = {0, 1, 3, 7, 15};

int dmv_gdfig_check_g5(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = fig_nodes(run), k, i;
    double *y = malloc((size_t) n * sizeof *y), off[G5_NW], halving_max = 0, worst_step = INFINITY;
    char *cells[G5_NW * 3];
    dmv_ev_plot *p;
    int rc = DMV_OK, ok;
    if (y == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", c->id);
    for (k = 0; k < G5_NW; k++) {
        dmv_fast_model m;
        long cnt = 0, cnt2 = 0, M;
        if ((rc = build_tail(&m, g5_w[k], G5_KAPPA, c->id, err)) != DMV_OK)
            goto done;
        /* the corrupted region freezes a trajectory (the right-hand side jumps): a start near the
         * freezing threshold may end far apart under step halving, so the halving check is on the
         * share itself */
        for (M = FIG_RK4; rc == DMV_OK && M <= 2 * FIG_RK4; M += FIG_RK4) {
            long *cp = M == FIG_RK4 ? &cnt : &cnt2;
            quantile_starts(y, n);
            rc = dmv_gdfig_lambda_rk4(&m, FIG_T, FIG_SHMIN, M, n, y, NULL, err);
            for (i = 0; rc == DMV_OK && i < n; i++)
                *cp += y[i] > 2 + FIG_TOL;
        }
        dmv_fast_model_clear(&m);
        if (rc != DMV_OK)
            goto done;
        off[k] = (double) cnt / (double) n;
        halving_max = fmax(halving_max, fabs((double) (cnt - cnt2)) / (double) n);
        if (k > 0 && off[k] - off[k - 1] < worst_step)
            worst_step = off[k] - off[k - 1];
        cells[3 * k] = fmt("%g", g5_w[k]);
        cells[3 * k + 1] = fmt("%.4f", off[k]);
        cells[3 * k + 2] = fmt("%.4f", (double) cnt2 / (double) n);
        progress(run, c, (double) (k + 1) / G5_NW, "w values");
    }
    {
        static const char *const header[3] = {"w", "off-support share (x > 2 + 1e-6)", "the same with twice the steps"};
        add_table(out, "tail-corrupted score, kappa = 2, accurate flow", G5_NW, 3, header, cells);
    }
    p = dmv_result_add_plot(out, "off-support share against w (kappa = 2)", "w", "share beyond a2 = 2", 0, 0);
    dmv_plot_add_series(p, "tail-corrupted score, accurate flow", G5_NW, g5_w, off, NULL, NULL);
    dmv_result_add_number(out, "quantile starts", (double) n, 0, NULL);
    dmv_result_add_number(out, "kappa", G5_KAPPA, 0, NULL);
    dmv_result_add_number(out, "heuristic w from the late excursion 0.9 sqrt(w) = kappa (information)",
                          (G5_KAPPA / 0.9) * (G5_KAPPA / 0.9), 0, NULL);
    dmv_result_add_margin(out, "smallest growth of the share between successive w", worst_step, 0.0, DMV_MARGIN_MIN,
                          NULL);
    dmv_result_add_margin(out, "off-support share at w = 0", off[0], G5_W0, DMV_MARGIN_MAX, NULL);
    dmv_result_add_margin(out, "off-support share at w = 15", off[G5_NW - 1], G5_LAST, DMV_MARGIN_MIN, NULL);
    dmv_result_add_number(out, "step halving: largest change of the share", halving_max, 0, NULL);
    if (!(halving_max <= G5_HALVING_NODES / (double) n)) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "the flow is not accurate enough: step halving changes the share by %.3g > %g",
                               halving_max, G5_HALVING_NODES / (double) n);
        dmv_result_set_budget_note(out, "more RK4 steps in lambda");
        goto done;
    }
    ok = worst_step >= 0 && off[0] <= G5_W0 && off[G5_NW - 1] >= G5_LAST;
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out, "off-support share for w = 0, 1, 3, 7, 15 (kappa = 2): %.4f, %.4f, %.4f, %.4f, %.4f",
                           off[0], off[1], off[2], off[3], off[4]);
done:
    free(y);
    return rc;
}

/* ---- gd.G6: overshoot then pull-back, growing with w --------------------------------------- */

static const double g6_w[G6_NW] = {1, 4, 16, 64};
/* The peak of x_t for the median start, from docs/math guidance G6 (an independent 30-digit
 * DP5 computation; w = 1 not given there). */
static const double g6_ref[G6_NW] = {NAN, 2.21, 3.86, 7.50};

int dmv_gdfig_check_g6(const dmv_claim *c, const dmv_run *run, dmv_result *out, dmv_error *err)
{
    long n = fig_nodes(run) + 1, k, i; /* odd: the middle node is the median start x = 0 */
    double *y = malloc((size_t) n * sizeof *y), *peak = malloc((size_t) n * sizeof *peak);
    double pull[G6_NW], pmed[G6_NW], mpull[G6_NW], halving_max = 0, worst_step = INFINITY, worst_mstep = INFINITY,
                                                   worst_ref = 0;
    char *cells[G6_NW * 6];
    dmv_ev_plot *p;
    int rc = DMV_OK, ok;
    if (y == NULL || peak == NULL) {
        rc = dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", c->id);
        goto done;
    }
    for (k = 0; k < G6_NW; k++) {
        dmv_fast_model m;
        double halving, s = 0;
        if ((rc = build_1d(&m, g6_w[k], c->id, err)) != DMV_OK)
            goto done;
        rc = accurate(&m, n, y, peak, &halving, err);
        dmv_fast_model_clear(&m);
        if (rc != DMV_OK)
            goto done;
        pmed[k] = peak[n / 2];
        pull[k] = peak[n / 2] - y[n / 2];
        for (i = 0; i < n; i++)
            s += peak[i] - y[i];
        mpull[k] = s / (double) n;
        halving_max = fmax(halving_max, halving);
        if (k > 0) {
            worst_step = fmin(worst_step, pull[k] - pull[k - 1]);
            worst_mstep = fmin(worst_mstep, mpull[k] - mpull[k - 1]);
        }
        if (!isnan(g6_ref[k]))
            worst_ref = fmax(worst_ref, fabs(pmed[k] - g6_ref[k]));
        cells[6 * k] = fmt("%g", g6_w[k]);
        cells[6 * k + 1] = fmt("%.4f", pmed[k]);
        cells[6 * k + 2] = isnan(g6_ref[k]) ? dmv_strdup("-") : fmt("%.2f", g6_ref[k]);
        cells[6 * k + 3] = fmt("%.6f", y[n / 2]);
        cells[6 * k + 4] = fmt("%.4f", pull[k]);
        cells[6 * k + 5] = fmt("%.4f", mpull[k]);
        progress(run, c, (double) (k + 1) / G6_NW, "w values");
    }
    {
        static const char *const header[6] = {"w", "peak of x_t, median start", "peak in docs (reference)",
                                              "end, median start", "pull-back (peak - end), median start",
                                              "mean pull-back over the quantile starts"};
        add_table(out, "overshoot and pull-back, accurate flow (exact score)", G6_NW, 6, header, cells);
    }
    p = dmv_result_add_plot(out, "pull-back against w (accurate flow)", "w", "peak of x_t - end", 1, 0);
    dmv_plot_add_series(p, "median start", G6_NW, g6_w, pull, NULL, NULL);
    dmv_plot_add_series(p, "mean over the quantile starts", G6_NW, g6_w, mpull, NULL, NULL);
    dmv_result_add_number(out, "quantile starts", (double) n, 0, NULL);
    dmv_result_add_number(out, "accurate flow: max step-halving difference", halving_max, 0, NULL);
    dmv_result_add_margin(out, "smallest growth of the median pull-back between successive w", worst_step, 0.0,
                          DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "smallest growth of the mean pull-back between successive w", worst_mstep, 0.0,
                          DMV_MARGIN_MIN, NULL);
    dmv_result_add_margin(out, "max |peak - reference peak of docs| (w = 4, 16, 64)", worst_ref, G6_REF_TOL,
                          DMV_MARGIN_MAX, NULL);
    if (!(halving_max <= FIG_HALVING)) {
        out->verdict = DMV_VERDICT_INCONCLUSIVE;
        dmv_result_set_summary(out, "the accurate flow is not accurate enough: step halving moves it by %.3g > %g",
                               halving_max, FIG_HALVING);
        dmv_result_set_budget_note(out, "more RK4 steps in lambda");
        goto done;
    }
    ok = worst_step > 0 && worst_mstep > 0 && worst_ref <= G6_REF_TOL;
    out->verdict = ok ? DMV_VERDICT_PASS : DMV_VERDICT_FAIL;
    dmv_result_set_summary(out,
                           "pull-back (peak of x_t - end) of the median start for w = 1, 4, 16, 64: %.3f, %.3f, "
                           "%.3f, %.3f; peaks %.3f, %.3f, %.3f against 2.21, 3.86, 7.50 of the reference",
                           pull[0], pull[1], pull[2], pull[3], pmed[1], pmed[2], pmed[3]);
done:
    free(y);
    free(peak);
    return rc;
}
