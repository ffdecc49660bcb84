/* dmverify guidance-wmax: the prescription of Chidambaram et al. (arXiv 2409.13074, p. 5) as a tool:
 * "choose the guidance strength as large as possible while the final samples stay in the support".
 * For the problem file's sampler (process, grid, scheme, init), model guided uniform classes
 * U[a1, a2] / U[-a2, -a1], it reports per w on a grid the inside share of n samples and the largest
 * w whose share stays >= 1 - delta (every grid w up to it passes), with the reference's answer
 * beside it: the exact flow (exact score, exact ODE to the data, start N(0, 1) at the problem's
 * noise level) passes w when y(-x_d) >= a1 and y(x_d) <= a2 with x_d = Phi^-1(1 - delta/2): by
 * monotonicity its inside share is then >= 1 - delta. docs/guidance-wmax.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arb_hypgeom.h>

#include "args.h"
#include "cli.h"
#include "dmv/fast.h"
#include "dmv/model_spec.h"
#include "dmv/path.h"
#include "dmv/problem.h"
#include "dmv/ref_guided.h"
#include "problem_opts.h"

static void wmax_help(void)
{
    printf("usage: dmverify guidance-wmax --problem P.json [--delta D] [--w LIST] [--n N] [--no-reference]\n\n"
           "The largest guidance strength w whose samples stay in the support (Chidambaram et al.,\n"
           "arXiv 2409.13074): for the problem's sampler, step count and T, the inside share of n samples\n"
           "per w of the grid, the largest w up to which the share stays >= 1 - delta, and the reference's\n"
           "answer (the exact flow of the same model from the same start law) beside it.\n\n"
           "  --problem P.json  a problem file (docs/problem-file.md) whose model is guided with\n"
           "                    cond = one interval [a1, a2] and uncond = equal weights on [a1, a2] and\n"
           "                    [-a2, -a1] (boxes or umix, d = 1; the model's own w is replaced by the grid)\n"
           "  --delta D         allowed outside share, 0 < D < 1 (default 0.01)\n"
           "  --w LIST          comma-separated increasing w >= 0 (default 0,0.5,1,2,3,4,5,6,7,8,10,12,15,16)\n"
           "  --n N             samples per w (default: the file's n, else 10000)\n"
           "  --no-reference    skip the reference column\n"
           "The process must be vp-linear, vp-linear-song or vp-cosine (the reference flow is the OU flow\n"
           "from the problem's noise level sigma_T/alpha_T). Exit 0, or 2 on a usage error.\n");
}

/* The two intervals of the guided model: cond [a1, a2], uncond (1/2)[a1, a2] + (1/2)[-a2, -a1]. */
static int one_interval(const dmv_model_spec *s, long k, double *lo, double *hi, double *wt)
{
    if (s->kind == DMV_MODEL_BOXES && s->dim == 1 && k < s->u.boxes.K) {
        *lo = s->u.boxes.lo[k];
        *hi = s->u.boxes.hi[k];
        *wt = s->u.boxes.w[k];
        return 1;
    }
    if (s->kind == DMV_MODEL_UMIX && s->dim == 1 && k < s->u.umix.K) {
        *lo = s->u.umix.a[k];
        *hi = s->u.umix.b[k];
        *wt = s->u.umix.w[k];
        return 1;
    }
    return 0;
}

static long n_intervals(const dmv_model_spec *s)
{
    return s->kind == DMV_MODEL_BOXES ? s->u.boxes.K : (s->kind == DMV_MODEL_UMIX ? s->u.umix.K : 0);
}

static int model_classes(const dmv_model_spec *m, double *a1, double *a2)
{
    double lo, hi, wt, l0, h0, w0, l1, h1, w1;
    const dmv_model_spec *c, *u;
    if (m->kind != DMV_MODEL_GUIDED || m->dim != 1)
        return 0;
    c = m->u.guided.cond;
    u = m->u.guided.uncond;
    if (n_intervals(c) != 1 || n_intervals(u) != 2 || !one_interval(c, 0, &lo, &hi, &wt) ||
        !one_interval(u, 0, &l0, &h0, &w0) || !one_interval(u, 1, &l1, &h1, &w1))
        return 0;
    if (!(w0 == w1 && w0 > 0 && lo >= 0))
        return 0;
    if (!((l0 == lo && h0 == hi && l1 == -hi && h1 == -lo) || (l1 == lo && h1 == hi && l0 == -hi && h0 == -lo)))
        return 0;
    *a1 = lo;
    *a2 = hi;
    return 1;
}

/* exact flow inside test at w: y(-xd) >= a1 and y(xd) <= a2 (within the solve's bound) */
static int ref_inside(int *inside, double *ylo, double *yhi, double a1, double a2, double w, double T, double xd,
                      dmv_error *err)
{
    dmv_ref_guided g;
    arb_t x, y;
    int rc;
    dmv_ref_guided_init(&g);
    g.a1 = a1;
    g.a2 = a2;
    g.w = w;
    g.T = T;
    g.tol = 1e-8;
    rc = dmv_ref_guided_setup(&g, err);
    arb_init(x);
    arb_init(y);
    *inside = 0;
    if (rc == DMV_OK) {
        arb_set_d(x, -xd);
        rc = dmv_ref_guided_flow(y, &g, x, NULL, err);
        *ylo = arf_get_d(arb_midref(y), ARF_RND_NEAR);
        *inside = *ylo + mag_get_d(arb_radref(y)) >= a1;
    }
    if (rc == DMV_OK) {
        arb_set_d(x, xd);
        rc = dmv_ref_guided_flow(y, &g, x, NULL, err);
        *yhi = arf_get_d(arb_midref(y), ARF_RND_NEAR);
        *inside = *inside && *yhi - mag_get_d(arb_radref(y)) <= a2;
    }
    arb_clear(x);
    arb_clear(y);
    dmv_ref_guided_clear(&g);
    return rc;
}

int dmv_cli_guidance_wmax(int argc, char **argv)
{
    static const double wdef[] = {0, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 16};
    const char *path = NULL, *val;
    double delta = 0.01, *ws = NULL, a1, a2, T, xd, *buf = NULL, alphaT;
    long nw = 0, n = 0, k, i;
    int i_arg, r, do_ref = 1, status = DMV_EXIT_USAGE, stop_fast = 0, stop_ref = 0;
    double wmax_fast = NAN, wmax_ref = NAN;
    dmv_problem_file pf;
    dmv_cli_problem cp;
    dmv_error err;
    dmv_error_init(&err);
    dmv_problem_file_init(&pf);
    dmv_cli_problem_init(&cp);
    for (i_arg = 1; i_arg < argc; i_arg++) {
        if (strcmp(argv[i_arg], "--help") == 0 || strcmp(argv[i_arg], "-h") == 0) {
            wmax_help();
            status = DMV_EXIT_PASS;
            goto done;
        } else if (strcmp(argv[i_arg], "--no-reference") == 0) {
            do_ref = 0;
        } else if ((r = dmv_cli_option("--problem", argc, argv, &i_arg, &val)) != 0) {
            if (r < 0)
                goto missing;
            path = val;
        } else if ((r = dmv_cli_option("--delta", argc, argv, &i_arg, &val)) != 0) {
            if (r < 0)
                goto missing;
            if (dmv_cli_parse_double(&delta, "--delta", val) != 0)
                goto done;
            if (!(delta > 0 && delta < 1)) {
                fprintf(stderr, "dmverify guidance-wmax: --delta %s: must satisfy 0 < D < 1\n", val);
                goto done;
            }
        } else if ((r = dmv_cli_option("--n", argc, argv, &i_arg, &val)) != 0) {
            if (r < 0)
                goto missing;
            if (dmv_cli_parse_long(&n, "--n", val, 1, 100000000) != 0)
                goto done;
        } else if ((r = dmv_cli_option("--w", argc, argv, &i_arg, &val)) != 0) {
            if (r < 0)
                goto missing;
            if (dmv_cli_parse_list(&ws, &nw, "--w", val, &err) != DMV_OK) {
                fprintf(stderr, "dmverify guidance-wmax: %s\n", err.msg);
                goto done;
            }
            for (k = 0; k < nw; k++)
                if (!(ws[k] >= 0 && (k == 0 || ws[k] > ws[k - 1]))) {
                    fprintf(stderr, "dmverify guidance-wmax: --w %s: entry %ld = %g: need increasing w >= 0\n", val,
                            k, ws[k]);
                    goto done;
                }
        } else {
            fprintf(stderr, "dmverify guidance-wmax: unknown option '%s' (see --help)\n", argv[i_arg]);
            goto done;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "dmverify guidance-wmax: --problem FILE is required (see --help)\n");
        goto done;
    }
    if (dmv_path_check_input(path, "--problem", &err) != DMV_OK || dmv_problem_file_read(&pf, path, &err) != DMV_OK) {
        fprintf(stderr, "dmverify guidance-wmax: %s\n", err.msg);
        goto done;
    }
    if (!model_classes(&pf.model, &a1, &a2)) {
        fprintf(stderr, "dmverify guidance-wmax: problem %s: model: need a 1-D guided model with cond = one interval "
                        "[a1, a2] (a1 >= 0) and uncond = equal weights on [a1, a2] and [-a2, -a1] (boxes or umix)\n",
                path);
        goto done;
    }
    if (pf.continuous != DMV_PROBLEM_SCHEME) {
        fprintf(stderr, "dmverify guidance-wmax: problem %s: scheme.kind: needs a sampler, not the exact %s\n", path,
                pf.continuous == DMV_PROBLEM_SDE ? "sde" : "ode");
        goto done;
    }
    dmv_cli_problem_from_file(&cp, &pf);
    cp.lambda_len = 1; /* placeholder data of the model's dimension (the model carries its own) */
    cp.lambda_buf = malloc(sizeof(double));
    if (cp.lambda_buf == NULL) {
        fprintf(stderr, "dmverify guidance-wmax: out of memory\n");
        goto done;
    }
    cp.lambda_buf[0] = 1.0;
    if (dmv_cli_problem_finish(&cp, &err) != DMV_OK) {
        fprintf(stderr, "dmverify guidance-wmax: problem %s: %s\n", path, err.msg);
        goto done;
    }
    if (cp.problem.process.kind == DMV_PROCESS_VE) {
        fprintf(stderr, "dmverify guidance-wmax: problem %s: process ve: the reference flow is variance preserving "
                        "(use a vp process)\n", path);
        goto done;
    }
    if (cp.problem.init.kind == DMV_INIT_EXACT) {
        fprintf(stderr, "dmverify guidance-wmax: problem %s: init exact: needs the initial law's data; use init "
                        "standard\n", path);
        goto done;
    }
    if (ws == NULL) {
        nw = (long) (sizeof wdef / sizeof wdef[0]);
        ws = malloc(sizeof wdef);
        if (ws == NULL) {
            fprintf(stderr, "dmverify guidance-wmax: out of memory\n");
            goto done;
        }
        memcpy(ws, wdef, sizeof wdef);
    }
    if (n == 0)
        n = pf.n > 0 ? pf.n : 10000;
    alphaT = dmv_fast_process_alpha(&cp.problem.process, cp.problem.process.t_max);
    T = -log(alphaT); /* the OU time of the same noise level: alpha = e^-T */
    { /* x_d = Phi^-1(1 - delta/2) = sqrt2 erfinv(1 - delta) */
        arb_t t;
        arb_init(t);
        arb_set_d(t, 1 - delta);
        arb_hypgeom_erfinv(t, t, 128);
        xd = sqrt(2.0) * arf_get_d(arb_midref(t), ARF_RND_NEAR);
        arb_clear(t);
    }
    buf = malloc((size_t) n * sizeof *buf);
    if (buf == NULL) {
        fprintf(stderr, "dmverify guidance-wmax: out of memory\n");
        goto done;
    }
    printf("problem %s: guided U[%g, %g] / U[%g, %g], scheme %s, %ld steps, T = %g (alpha_T = %.6g), "
           "init %s, n = %ld, delta = %g\n",
           path, a1, a2, -a2, -a1, dmv_scheme_name(cp.problem.scheme.kind), cp.problem.grid.steps,
           cp.problem.process.t_max, alphaT, dmv_init_name(cp.problem.init.kind), n, delta);
    printf("%8s  %14s  %6s  %s\n", "w", "inside share", "fast", do_ref ? "reference: y(-x_d), y(x_d) (x_d = Phi^-1(1 - delta/2))" : "");
    for (k = 0; k < nw; k++) {
        dmv_fast_model fm;
        dmv_fast_job job;
        long inside = 0;
        double share;
        int ok_fast;
        pf.model.u.guided.w = ws[k];
        if (dmv_fast_model_from_spec(&fm, &pf.model, &err) != DMV_OK) {
            fprintf(stderr, "dmverify guidance-wmax: problem %s: model at w = %g: %s\n", path, ws[k], err.msg);
            goto done;
        }
        dmv_fast_job_init(&job);
        job.process = &cp.problem.process;
        job.grid = &cp.problem.grid;
        job.scheme = &cp.problem.scheme;
        job.init = &cp.problem.init;
        job.model = &fm;
        job.n = n;
        job.seed = cp.problem.seed;
        r = dmv_fast_run_rows(buf, &job, 0, n, &err);
        dmv_fast_model_clear(&fm);
        if (r != DMV_OK) {
            fprintf(stderr, "dmverify guidance-wmax: problem %s: sampling at w = %g: %s\n", path, ws[k], err.msg);
            status = DMV_EXIT_FAIL;
            goto done;
        }
        for (i = 0; i < n; i++)
            if (buf[i] >= a1 && buf[i] <= a2)
                inside++;
        share = (double) inside / (double) n;
        ok_fast = share >= 1 - delta;
        if (!ok_fast)
            stop_fast = 1;
        if (!stop_fast)
            wmax_fast = ws[k];
        printf("%8g  %14.6f  %6s", ws[k], share, ok_fast ? "ok" : "out");
        if (do_ref) {
            int in;
            double ylo, yhi;
            if (ref_inside(&in, &ylo, &yhi, a1, a2, ws[k], T, xd, &err) != DMV_OK) {
                fprintf(stderr, "\ndmverify guidance-wmax: reference at w = %g: %s\n", ws[k], err.msg);
                status = DMV_EXIT_FAIL;
                goto done;
            }
            if (!in)
                stop_ref = 1;
            if (!stop_ref)
                wmax_ref = ws[k];
            printf("  %.10f, %.10f  %s", ylo, yhi, in ? "ok" : "out");
        }
        printf("\n");
    }
    printf("w_max (sampler):   %s%g\n", isnan(wmax_fast) ? "none: the share is below 1 - delta at w = " : "",
           isnan(wmax_fast) ? ws[0] : wmax_fast);
    if (do_ref)
        printf("w_max (reference): %s%g%s\n", isnan(wmax_ref) ? "none: w = " : "", isnan(wmax_ref) ? ws[0] : wmax_ref,
               (!isnan(wmax_ref) && wmax_ref == ws[nw - 1]) ? " (the largest w of the grid: the exact flow keeps "
                                                               "the samples inside)" : "");
    status = DMV_EXIT_PASS;
    goto done;
missing:
    fprintf(stderr, "dmverify guidance-wmax: %s needs a value\n", argv[i_arg]);
done:
    free(ws);
    free(buf);
    dmv_cli_problem_clear(&cp);
    dmv_problem_file_clear(&pf);
    return status;
}
