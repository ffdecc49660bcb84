/* dmverify exact: the certified exact law of a scheme (or of the exact
 * continuous reverse SDE / PF-ODE) on Gaussian data, and its W2 to the data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "binary64.h"
#include "cli.h"
#include "dmv/cleanup.h"
#include "dmv/path.h"
#include "dmv/problem.h"
#include "dmv/ref.h"
#include "problem_opts.h"
#include "exact_zs.h"
#include "progress.h"

static void exact_help(void)
{
    printf("usage: dmverify exact [problem options] [--prec BITS] [--summary] [--format text|json]\n"
           "       dmverify exact --problem P.json [--prec BITS] [--summary] [--format text|json]\n\n"
           "Prints the exact output law of a sampler on Gaussian data N(mean, diag(lambda)):\n"
           "W2 to the data law and W2^2 as certified balls (midpoint +/- radius, computed with\n"
           "Arb), and unless --summary, the law of every eigen-direction (lambda, mean, var).\n"
           "--scheme sde / ode give the exact continuous reverse SDE / PF-ODE stopped at eps.\n\n"
           "  --prec BITS        working precision (default 128, at least 32)\n"
           "  --summary          only W2 and W2^2\n"
           "  --format F         text (default) or json\n"
           "  --threads N        threads for the per-direction maps (default 1)\n"
           "  --quiet            no progress on stderr (shown on runs longer than a second)\n\n"
           "Decimal inputs (--eps 1e-3, --lambda 0.1, ...) are rounded to binary64 first, as the\n"
           "fast sampler sees them; --format json prints each as given and as the exact binary64\n"
           "value used (\"inputs\").\n"
           "%s\n"
           "Exit status: 0 printed; 2 usage or input error, or a law that is not defined or not\n"
           "finite (e.g. DDPM with h g^2 >= 1, Heun/RK4 at eps = 0 on a null eigenvalue);\n"
           "3 the balls could not be made finite at this precision (raise --prec).\n"
           "--problem P.json reads the problem from a JSON problem file (docs/problem-file.md; its\n"
           "model must be a diagonal Gaussian; the problem options are then refused).\n"
           "Details: docs/exact.md.\n",
           dmv_cli_problem_help());
}

/* "1.2500e-5" -> "1.25e-5", "1.000" -> "1" (in place). */
static void strip_zeros(char *s)
{
    char *e = strchr(s, 'e'), *dot = strchr(s, '.'), *q;
    size_t tail;
    if (dot == NULL || (e != NULL && e < dot))
        return;
    q = e != NULL ? e : s + strlen(s);
    tail = strlen(q);
    while (q > dot + 1 && q[-1] == '0')
        q--;
    if (q == dot + 1)
        q = dot;
    memmove(q, e != NULL ? e : s + strlen(s), tail + 1);
}

/* Decimal midpoint and an upper bound for the radius, such that the true
 * value lies in [mid - rad, mid + rad] with mid and rad read as decimals.
 * The radius covers the ball's radius and the decimal rounding of the midpoint. */
static int ball_strings(char **mid, char **rad, const arb_t x, slong prec)
{
    arb_t m, t;
    mag_t r;
    slong digits = (slong) (prec * 0.30103) + 3;
    *mid = *rad = NULL;
    if (!arb_is_finite(x))
        return -1;
    arb_init(m);
    arb_init(t);
    mag_init(r);
    arb_set_arf(m, arb_midref(x));
    if (arf_is_zero(arb_midref(x))) {
        *mid = malloc(2);
        if (*mid)
            strcpy(*mid, "0");
    } else {
        char *s = arb_get_str(m, digits, ARB_STR_NO_RADIUS);
        *mid = malloc(strlen(s) + 1);
        if (*mid) {
            strcpy(*mid, s);
            strip_zeros(*mid);
        }
        flint_free(s);
    }
    if (*mid == NULL)
        goto fail;
    /* |decimal mid - true| <= |decimal mid - x| as a ball */
    arb_set_str(t, *mid, prec + 64);
    arb_sub(t, t, x, prec + 64);
    arb_get_mag(r, t);
    if (mag_is_zero(r)) {
        *rad = malloc(2);
        if (*rad)
            strcpy(*rad, "0");
    } else {
        char *s;
        arf_set_mag(arb_midref(t), r);
        mag_zero(arb_radref(t));
        arb_mul_ui(t, t, 33, prec); /* x (1 + 2^-5): the 3-digit print below is within 1% */
        arb_mul_2exp_si(t, t, -5);
        arb_set_arf(t, arb_midref(t));
        s = arb_get_str(t, 3, ARB_STR_NO_RADIUS);
        *rad = malloc(strlen(s) + 1);
        if (*rad)
            strcpy(*rad, s);
        flint_free(s);
    }
    if (*rad == NULL)
        goto fail;
    arb_clear(m);
    arb_clear(t);
    mag_clear(r);
    return 0;
fail:
    free(*mid);
    free(*rad);
    *mid = *rad = NULL;
    arb_clear(m);
    arb_clear(t);
    mag_clear(r);
    return -1;
}

static cJSON *ball_json(const arb_t x, slong prec)
{
    char *m, *r;
    cJSON *o;
    if (ball_strings(&m, &r, x, prec) != 0)
        return NULL;
    o = cJSON_CreateObject();
    if (o != NULL) {
        cJSON_AddStringToObject(o, "mid", m);
        cJSON_AddStringToObject(o, "rad", r);
    }
    free(m);
    free(r);
    return o;
}

static void describe(FILE *f, const dmv_cli_problem *cp, slong prec)
{
    const dmv_problem *pb = &cp->problem;
    fprintf(f, "# dmverify exact: process %s", dmv_process_name(pb->process.kind));
    if (pb->process.kind == DMV_PROCESS_VP_LINEAR || pb->process.kind == DMV_PROCESS_VP_LINEAR_SONG)
        fprintf(f, " (beta_min %.17g, beta_max %.17g)", pb->process.beta_min, pb->process.beta_max);
    if (pb->process.kind == DMV_PROCESS_VP_COSINE)
        fprintf(f, " (offset %.17g)", pb->process.cosine_offset);
    fprintf(f, ", T %.17g\n", pb->process.t_max);
    if (cp->continuous != DMV_CLI_SCHEME)
        fprintf(f, "# exact continuous %s stopped at eps %.17g\n",
                cp->continuous == DMV_CLI_EXACT_SDE ? "reverse SDE" : "PF-ODE", pb->grid.eps);
    else {
        fprintf(f, "# scheme %s", dmv_scheme_name(pb->scheme.kind));
        if (pb->scheme.kind == DMV_SCHEME_DDIM || pb->scheme.kind == DMV_SCHEME_K_EULER_ANCESTRAL)
            fprintf(f, " (eta %.17g)", pb->scheme.eta);
        if (pb->scheme.s_churn > 0) /* docs/conventions.md */
            fprintf(f, " (S_churn %.17g, S_tmin %.17g, S_tmax %.17g, S_noise %.17g)", pb->scheme.s_churn,
                    pb->scheme.s_tmin, pb->scheme.s_tmax, dmv_scheme_s_noise(&pb->scheme));
        fprintf(f, ", grid %s", dmv_grid_name(pb->grid.kind));
        if (pb->grid.kind == DMV_GRID_KARRAS)
            fprintf(f, " (rho %.17g)", pb->grid.rho);
        if (dmv_grid_is_diffusers(pb->grid.kind)) /* docs/conventions.md */
            fprintf(f, " (steps_offset %ld, set_alpha_to_one %s)", pb->grid.steps_offset,
                    pb->grid.set_alpha_to_one ? "true" : "false");
        fprintf(f, ", %ld steps (%ld points), eps %.17g\n", pb->grid.steps, pb->grid.steps + 1, dmv_grid_last(&pb->grid));
    }
    fprintf(f, "# start %s", dmv_init_name(pb->init.kind));
    if (pb->init.kind == DMV_INIT_GAUSSIAN)
        fprintf(f, " (mean %.17g, var %.17g)", pb->init.mean, pb->init.var);
    fprintf(f, ", d = %ld, %ld bits\n", pb->data.d, (long) prec);
}

/* {"decimal": as given (or the default's shortest spelling, "default": true), "binary64": every digit}. */
static cJSON *input_json(const char *given, double used)
{
    cJSON *o = cJSON_CreateObject();
    char shortest[40], *exact = dmv_cli_binary64_exact(used);
    if (o == NULL || exact == NULL) {
        free(exact);
        cJSON_Delete(o);
        return NULL;
    }
    if (given != NULL) {
        cJSON_AddStringToObject(o, "decimal", given);
    } else {
        dmv_cli_binary64_shortest(shortest, sizeof shortest, used);
        cJSON_AddStringToObject(o, "decimal", shortest);
        cJSON_AddBoolToObject(o, "default", 1);
    }
    cJSON_AddStringToObject(o, "binary64", exact);
    free(exact);
    return o;
}

/* A comma-separated list as given, entry k beside the value used. */
static cJSON *input_list_json(const char *text, const double *used, long n)
{
    cJSON *a = cJSON_CreateArray();
    const char *tok = text;
    long k;
    if (a == NULL)
        return NULL;
    for (k = 0; k < n; k++) {
        const char *comma = strchr(tok, ',');
        size_t len = comma ? (size_t) (comma - tok) : strlen(tok);
        char *word = malloc(len + 1);
        cJSON *o;
        if (word == NULL) {
            cJSON_Delete(a);
            return NULL;
        }
        memcpy(word, tok, len);
        word[len] = '\0';
        o = input_json(word, used[k]);
        free(word);
        if (o == NULL) {
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddItemToArray(a, o);
        tok = comma ? comma + 1 : tok + len;
    }
    return a;
}

/* Every decimal input of the problem: as given and as the exact binary64 value used. */
static cJSON *inputs_json(const dmv_cli_problem *cp)
{
    const dmv_problem *pb = &cp->problem;
    cJSON *in = cJSON_CreateObject();
    int vp_linear = pb->process.kind == DMV_PROCESS_VP_LINEAR || pb->process.kind == DMV_PROCESS_VP_LINEAR_SONG;
    if (in == NULL)
        return NULL;
    cJSON_AddStringToObject(in, "note", "decimal inputs are rounded to binary64 (round to nearest) before use, as "
                                        "the fast sampler sees them; binary64 is the exact value used, every digit");
    if (vp_linear) {
        cJSON_AddItemToObject(in, "beta_min", input_json(cp->beta_min_text, pb->process.beta_min));
        cJSON_AddItemToObject(in, "beta_max", input_json(cp->beta_max_text, pb->process.beta_max));
    }
    if (pb->process.kind == DMV_PROCESS_VP_COSINE)
        cJSON_AddItemToObject(in, "cosine_offset", input_json(cp->cosine_offset_text, pb->process.cosine_offset));
    cJSON_AddItemToObject(in, "t_max", input_json(cp->t_max_text, pb->process.t_max));
    cJSON_AddItemToObject(in, "eps", input_json(cp->eps_text, pb->grid.eps));
    if (cp->continuous == DMV_CLI_SCHEME && pb->grid.kind == DMV_GRID_KARRAS)
        cJSON_AddItemToObject(in, "rho", input_json(cp->rho_text, pb->grid.rho));
    if (cp->continuous == DMV_CLI_SCHEME && pb->scheme.kind == DMV_SCHEME_DDIM)
        cJSON_AddItemToObject(in, "eta", input_json(cp->eta_text, pb->scheme.eta));
    if (pb->init.kind == DMV_INIT_GAUSSIAN && cp->init_text != NULL) {
        double mv[2];
        mv[0] = pb->init.mean, mv[1] = pb->init.var;
        cJSON_AddItemToObject(in, "init_gaussian", input_list_json(cp->init_text, mv, 2));
    }
    if (cp->lambda_text != NULL)
        cJSON_AddItemToObject(in, "lambda", input_list_json(cp->lambda_text, pb->data.lambda, pb->data.d));
    else if (cp->spectrum_path != NULL)
        cJSON_AddStringToObject(in, "lambda", "from --spectrum: binary values read from the file, used as they are");
    if (cp->mean_text != NULL)
        cJSON_AddItemToObject(in, "mean", input_list_json(cp->mean_text, pb->data.mean, pb->data.d));
    return in;
}

/* The decimal spellings of a problem file's numbers (shortest round-trip: the values cJSON read). */
typedef struct {
    char num[8][40];
    char *lambda, *mean;
} exact_texts;

static char *shortest_list(const double *v, long n)
{
    char *t = malloc((size_t) n * 26 + 1), *q;
    long k;
    if (t == NULL)
        return NULL;
    q = t;
    *q = '\0';
    for (k = 0; k < n; k++) {
        dmv_cli_binary64_shortest(q, 26, v[k]);
        q += strlen(q);
        if (k + 1 < n)
            *q++ = ',', *q = '\0';
    }
    return t;
}

static const char *shortest(char *buf, int given, double x)
{
    if (!given)
        return NULL;
    dmv_cli_binary64_shortest(buf, 40, x);
    return buf;
}

/* --problem: the problem options from the file and the data from its model, which must be a
 * diagonal Gaussian (the closed form of docs/exact.md); any other model is refused naming the
 * checks that apply. */
static int exact_problem_file(dmv_cli_problem *cp, dmv_problem_file *pf, const char *path, exact_texts *tx,
                              dmv_error *err)
{
    const dmv_model_spec *m = &pf->model;
    const dmv_model_gaussian *g = &m->u.gaussian;
    int rc;
    if ((rc = dmv_path_check_input(path, "--problem", err)) != DMV_OK ||
        (rc = dmv_problem_file_read(pf, path, err)) != DMV_OK)
        return rc;
    if (m->kind != DMV_MODEL_GAUSSIAN)
        return dmv_error_set(err, DMV_EINVAL,
                             "problem %s: model kind '%s' has no closed-form output law; its sampler is checked "
                             "step by step by the core.pathwise claims (dmverify run --claims 'core.pathwise.*')",
                             path, dmv_model_kind_name(m->kind));
    if (g->full)
        return dmv_error_set(err, DMV_EINVAL,
                             "problem %s: model.cov: exact needs the Gaussian in eigen form (model.lambda, "
                             "model.mean, no basis); a full covariance is checked by the core.pathwise claims "
                             "(dmverify run --claims 'core.pathwise.*')", path);
    if (g->basis_kind != DMV_BASIS_NONE && g->basis_kind != DMV_BASIS_IDENTITY)
        return dmv_error_set(err, DMV_EINVAL,
                             "problem %s: model.basis: exact gives the law in eigen coordinates of a diagonal "
                             "Gaussian: remove the basis (dct or a matrix)", path);
    dmv_cli_problem_from_file(cp, pf);
    cp->lambda_buf = malloc((size_t) g->d * sizeof(double));
    if (cp->lambda_buf == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "problem %s: out of memory", path);
    memcpy(cp->lambda_buf, g->lambda, (size_t) g->d * sizeof(double));
    cp->lambda_len = g->d;
    tx->lambda = shortest_list(g->lambda, g->d);
    cp->lambda_text = tx->lambda;
    if (g->mean != NULL) {
        cp->mean_buf = malloc((size_t) g->d * sizeof(double));
        if (cp->mean_buf == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "problem %s: out of memory", path);
        memcpy(cp->mean_buf, g->mean, (size_t) g->d * sizeof(double));
        cp->mean_len = g->d;
        tx->mean = shortest_list(g->mean, g->d);
        cp->mean_text = tx->mean;
    }
    cp->beta_min_text = shortest(tx->num[0], pf->beta_min_given, pf->beta_min);
    cp->beta_max_text = shortest(tx->num[1], pf->beta_max_given, pf->beta_max);
    cp->t_max_text = shortest(tx->num[2], pf->t_max_given, pf->t_max);
    cp->cosine_offset_text = shortest(tx->num[3], pf->cosine_offset_given, pf->cosine_offset);
    cp->eps_text = shortest(tx->num[4], pf->eps_given, pf->eps);
    cp->rho_text = shortest(tx->num[5], pf->rho_given, pf->rho);
    cp->eta_text = shortest(tx->num[6], pf->eta_given, pf->eta);
    return DMV_OK;
}

static int exit_for(int code)
{
    return code == DMV_EPREC ? DMV_EXIT_INCONCLUSIVE : DMV_EXIT_USAGE;
}

int dmv_cli_exact(int argc, char **argv)
{
    dmv_cli_problem cp;
    dmv_error err;
    long prec = DMV_REF_PREC, threads = 1;
    int summary = 0, json = 0, quiet = 0, i, rc = DMV_OK, status = DMV_EXIT_PASS;
    dmv_cli_progress pr;
    slong d, j;
    arb_ptr mean = NULL, var = NULL, dmean = NULL, dvar = NULL, contrib = NULL;
    arb_t w2sq, w2;
    const char *problem_path = NULL, *cli_opt = NULL;
    dmv_problem_file pf;
    exact_texts tx;
    memset(&tx, 0, sizeof tx);
    dmv_problem_file_init(&pf);
    dmv_cli_problem_init(&cp);
    dmv_error_init(&err);
    (void) dmv_cleanup_install_signals(); /* Ctrl-C: exit 130 (nothing temporary to remove here) */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        int r;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            exact_help();
            dmv_cli_problem_clear(&cp);
            return DMV_EXIT_PASS;
        }
        r = dmv_cli_problem_parse(&cp, argc, argv, &i, &err);
        if (r < 0) {
            fprintf(stderr, "dmverify exact: %s\n", err.msg);
            dmv_cli_problem_clear(&cp);
            return DMV_EXIT_USAGE;
        }
        if (r > 0) {
            if (cli_opt == NULL)
                cli_opt = a; /* refused together with --problem */
            continue;
        }
        if (strncmp(a, "--problem", 9) == 0 && (a[9] == '\0' || a[9] == '=')) {
            val = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
            if (val == NULL || *val == '\0') {
                fprintf(stderr, "dmverify exact: --problem '%s': needs a JSON problem file\n", val ? val : "");
                dmv_cli_problem_clear(&cp);
                return DMV_EXIT_USAGE;
            }
            problem_path = val;
            continue;
        }
        if (strcmp(a, "--summary") == 0) {
            summary = 1;
            continue;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
            continue;
        }
        if (strncmp(a, "--prec", 6) == 0 && (a[6] == '\0' || a[6] == '=')) {
            char *end;
            val = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
            prec = val ? strtol(val, &end, 10) : 0;
            if (val == NULL || *val == '\0' || *end != '\0' || prec < 32 || prec > 1000000) {
                fprintf(stderr, "dmverify exact: --prec '%s': expected an integer number of bits in [32, 1000000]\n",
                        val ? val : "");
                dmv_cli_problem_clear(&cp);
                return DMV_EXIT_USAGE;
            }
            continue;
        }
        if (strncmp(a, "--threads", 9) == 0 && (a[9] == '\0' || a[9] == '=')) {
            char *end;
            val = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
            threads = val ? strtol(val, &end, 10) : 0;
            if (val == NULL || *val == '\0' || *end != '\0' || threads < 1 || threads > 1024) {
                fprintf(stderr, "dmverify exact: --threads '%s': expected an integer in [1, 1024]\n", val ? val : "");
                dmv_cli_problem_clear(&cp);
                return DMV_EXIT_USAGE;
            }
            continue;
        }
        if (strncmp(a, "--format", 8) == 0 && (a[8] == '\0' || a[8] == '=')) {
            val = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (val != NULL && strcmp(val, "json") == 0)
                json = 1;
            else if (val != NULL && strcmp(val, "text") == 0)
                json = 0;
            else {
                fprintf(stderr, "dmverify exact: --format '%s': expected text or json\n", val ? val : "");
                dmv_cli_problem_clear(&cp);
                return DMV_EXIT_USAGE;
            }
            continue;
        }
        fprintf(stderr, "dmverify exact: unknown option '%s' (see --help)\n", a);
        dmv_cli_problem_clear(&cp);
        return DMV_EXIT_USAGE;
    }
    if (problem_path != NULL) {
        char name[64];
        int prc;
        if (cli_opt != NULL) {
            snprintf(name, sizeof name, "%.*s", (int) strcspn(cli_opt, "="), cli_opt);
            fprintf(stderr, "dmverify exact: --problem %s and %s: the problem file gives the whole problem "
                            "(process, grid, scheme, init, model); edit the file instead of giving %s\n",
                    problem_path, name, name);
            dmv_cli_problem_clear(&cp);
            return DMV_EXIT_USAGE;
        }
        if (dmv_problem_file_read(&pf, problem_path, &err) == DMV_OK && dmv_cli_exact_zs_applies(&pf)) {
            prc = dmv_cli_exact_zs(&pf, problem_path, prec, json, &err); /* linear_inverse: cli/exact_zs.c */
            dmv_problem_file_clear(&pf);
            dmv_cli_problem_clear(&cp);
            if (prc != DMV_OK)
                fprintf(stderr, "dmverify exact: %s\n", err.msg);
            return prc == DMV_OK ? DMV_EXIT_PASS : DMV_EXIT_USAGE;
        }
        dmv_problem_file_clear(&pf);
        dmv_problem_file_init(&pf);
        dmv_error_init(&err);
        prc = exact_problem_file(&cp, &pf, problem_path, &tx, &err);
        dmv_problem_file_clear(&pf); /* the data was copied */
        if (prc != DMV_OK) {
            fprintf(stderr, "dmverify exact: %s\n", err.msg);
            free(tx.lambda);
            free(tx.mean);
            dmv_cli_problem_clear(&cp);
            return DMV_EXIT_USAGE;
        }
    }
    if ((cp.spectrum_path != NULL && cp.lambda_buf == NULL &&
         dmv_path_check_input(cp.spectrum_path, "--spectrum", &err) != DMV_OK) ||
        dmv_cli_problem_finish(&cp, &err) != DMV_OK) {
        fprintf(stderr, "dmverify exact: %s%s%s%s\n", problem_path ? "problem " : "",
                problem_path ? problem_path : "", problem_path ? ": " : "", err.msg);
        free(tx.lambda);
        free(tx.mean);
        dmv_cli_problem_clear(&cp);
        return DMV_EXIT_USAGE;
    }
    dmv_cli_progress_init(&pr, quiet);

    d = cp.problem.data.d;
    mean = _arb_vec_init(d);
    var = _arb_vec_init(d);
    dmean = _arb_vec_init(d);
    dvar = _arb_vec_init(d);
    contrib = _arb_vec_init(d);
    arb_init(w2sq);
    arb_init(w2);
    if (cp.continuous != DMV_CLI_SCHEME) {
        /* in chunks of directions, so that long runs report progress */
        slong j0, chunk = d / 100 > 1 ? d / 100 : 1;
        for (j0 = 0; j0 < d && rc == DMV_OK; j0 += chunk) {
            dmv_gaussian sub = cp.problem.data;
            sub.d = j0 + chunk <= d ? chunk : d - j0;
            sub.lambda = cp.problem.data.lambda + j0;
            sub.mean = cp.problem.data.mean ? cp.problem.data.mean + j0 : NULL;
            sub.basis = NULL;
            rc = dmv_ref_spectrum_continuous(mean + j0, var + j0, cp.continuous == DMV_CLI_EXACT_SDE,
                                             &cp.problem.process, cp.problem.grid.eps, &cp.problem.init, &sub, prec,
                                             &err);
            dmv_cli_progress_update(&pr, "exact", (double) (j0 + sub.d) / (double) d, "of the directions");
        }
    } else {
        dmv_ref_schedule sch;
        arb_ptr A = _arb_vec_init(d), Bsq = _arb_vec_init(d), c = _arb_vec_init(d);
        rc = dmv_ref_schedule_init(&sch, &cp.problem.process, &cp.problem.grid, &cp.problem.scheme, prec, &err);
        if (rc == DMV_OK) {
            /* in chunks of directions, so that long runs report progress */
            slong j0, chunk = d / 100 > 4 * threads ? d / 100 : 4 * threads;
            for (j0 = 0; j0 < d && rc == DMV_OK; j0 += chunk) {
                dmv_gaussian sub = cp.problem.data;
                sub.d = j0 + chunk <= d ? chunk : d - j0;
                sub.lambda = cp.problem.data.lambda + j0;
                sub.mean = cp.problem.data.mean ? cp.problem.data.mean + j0 : NULL;
                sub.basis = NULL;
                rc = dmv_ref_spectrum_map(A + j0, Bsq + j0, c + j0, &sch, &sub, NULL, (int) threads, prec, &err);
                dmv_cli_progress_update(&pr, "exact", (double) (j0 + sub.d) / (double) d, "of the directions");
            }
            if (rc == DMV_OK)
                rc = dmv_ref_spectrum_apply(mean, var, A, Bsq, c, &cp.problem.init, &cp.problem.process,
                                            &cp.problem.data, prec, &err);
            dmv_ref_schedule_clear(&sch);
        }
        _arb_vec_clear(A, d);
        _arb_vec_clear(Bsq, d);
        _arb_vec_clear(c, d);
    }
    if (rc == DMV_OK)
        rc = dmv_ref_spectrum_data(dmean, dvar, &cp.problem.process, 0.0, &cp.problem.data, prec, &err);
    if (rc == DMV_OK) {
        for (j = 0; j < d && rc == DMV_OK; j++)
            if (!arb_is_finite(mean + j) || !arb_is_finite(var + j))
                rc = dmv_error_set(&err, DMV_EPREC, "direction %ld (lambda %.17g): the law is not finite at %ld bits",
                                   (long) j, cp.problem.data.lambda[j], prec);
    }
    if (rc == DMV_OK) {
        dmv_ref_w2sq_spectrum(w2sq, contrib, mean, var, dmean, dvar, d, prec);
        arb_sqrtpos(w2, w2sq, prec);
        if (!arb_is_finite(w2sq))
            rc = dmv_error_set(&err, DMV_EPREC, "W2^2 is not finite at %ld bits", prec);
    }
    dmv_cli_progress_done(&pr);
    if (rc != DMV_OK) {
        fprintf(stderr, "dmverify exact: %s (%s)\n", err.msg, dmv_error_name(rc));
        status = exit_for(rc);
        goto done;
    }

    if (json) {
        cJSON *root = cJSON_CreateObject(), *prob, *comps, *o;
        char *text;
        int ok = root != NULL;
        prob = cJSON_AddObjectToObject(root, "problem");
        cJSON_AddStringToObject(prob, "process", dmv_process_name(cp.problem.process.kind));
        cJSON_AddNumberToObject(prob, "beta_min", cp.problem.process.beta_min);
        cJSON_AddNumberToObject(prob, "beta_max", cp.problem.process.beta_max);
        cJSON_AddNumberToObject(prob, "t_max", cp.problem.process.t_max);
        if (cp.continuous != DMV_CLI_SCHEME) {
            cJSON_AddStringToObject(prob, "scheme", cp.continuous == DMV_CLI_EXACT_SDE ? "sde" : "ode");
        } else {
            cJSON_AddStringToObject(prob, "scheme", dmv_scheme_name(cp.problem.scheme.kind));
            cJSON_AddNumberToObject(prob, "eta", cp.problem.scheme.eta);
            if (cp.problem.scheme.s_churn > 0) { /* docs/conventions.md; s_tmax = inf is left out (JSON) */
                cJSON_AddNumberToObject(prob, "s_churn", cp.problem.scheme.s_churn);
                cJSON_AddNumberToObject(prob, "s_tmin", cp.problem.scheme.s_tmin);
                if (isfinite(cp.problem.scheme.s_tmax))
                    cJSON_AddNumberToObject(prob, "s_tmax", cp.problem.scheme.s_tmax);
                cJSON_AddNumberToObject(prob, "s_noise", dmv_scheme_s_noise(&cp.problem.scheme));
            }
            cJSON_AddStringToObject(prob, "grid", dmv_grid_name(cp.problem.grid.kind));
            cJSON_AddNumberToObject(prob, "steps", (double) cp.problem.grid.steps);
        }
        cJSON_AddNumberToObject(prob, "eps", cp.problem.grid.eps);
        cJSON_AddStringToObject(prob, "init", dmv_init_name(cp.problem.init.kind));
        cJSON_AddNumberToObject(prob, "d", (double) d);
        cJSON_AddNumberToObject(prob, "prec", (double) prec);
        o = inputs_json(&cp);
        ok = ok && o != NULL;
        cJSON_AddItemToObject(root, "inputs", o);
        o = ball_json(w2, prec);
        ok = ok && o != NULL;
        cJSON_AddItemToObject(root, "w2", o);
        o = ball_json(w2sq, prec);
        ok = ok && o != NULL;
        cJSON_AddItemToObject(root, "w2_squared", o);
        if (!summary) {
            comps = cJSON_AddArrayToObject(root, "components");
            for (j = 0; j < d && ok; j++) {
                cJSON *c = cJSON_CreateObject(), *bm = ball_json(mean + j, prec), *bv = ball_json(var + j, prec);
                ok = c != NULL && bm != NULL && bv != NULL;
                cJSON_AddNumberToObject(c, "lambda", cp.problem.data.lambda[j]);
                cJSON_AddItemToObject(c, "mean", bm);
                cJSON_AddItemToObject(c, "var", bv);
                cJSON_AddItemToArray(comps, c);
            }
        }
        text = ok ? cJSON_Print(root) : NULL;
        if (text == NULL) {
            fprintf(stderr, "dmverify exact: could not format the JSON output (out of memory)\n");
            status = DMV_EXIT_USAGE;
        } else {
            printf("%s\n", text);
            free(text);
        }
        cJSON_Delete(root);
    } else {
        char *m = NULL, *r = NULL;
        describe(stdout, &cp, prec);
        if (ball_strings(&m, &r, w2, prec) == 0)
            printf("w2         = %s +/- %s\n", m, r);
        free(m);
        free(r);
        if (ball_strings(&m, &r, w2sq, prec) == 0)
            printf("w2_squared = %s +/- %s\n", m, r);
        free(m);
        free(r);
        if (!summary) {
            printf("# direction  lambda  mean (mid +/- rad)  var (mid +/- rad)\n");
            for (j = 0; j < d; j++) {
                char *vm = NULL, *vr = NULL;
                ball_strings(&m, &r, mean + j, prec);
                ball_strings(&vm, &vr, var + j, prec);
                printf("%ld %.17g %s +/- %s %s +/- %s\n", (long) j, cp.problem.data.lambda[j], m ? m : "?",
                       r ? r : "?", vm ? vm : "?", vr ? vr : "?");
                free(m);
                free(r);
                free(vm);
                free(vr);
                m = r = NULL;
            }
        }
    }
done:
    _arb_vec_clear(mean, d);
    _arb_vec_clear(var, d);
    _arb_vec_clear(dmean, d);
    _arb_vec_clear(dvar, d);
    _arb_vec_clear(contrib, d);
    arb_clear(w2sq);
    arb_clear(w2);
    dmv_cli_problem_clear(&cp);
    free(tx.lambda);
    free(tx.mean);
    flint_cleanup();
    return status;
}
