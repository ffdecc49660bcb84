/* The problem file (docs/problem-file.md): JSON -> dmv_problem_file. Plain data, no numerics;
 * every error names the JSON path and the value. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dmv/file.h"
#include "json_text.h"
#include "dmv/problem.h"

#define MAX_WHAT 1024

typedef struct {
    const char *what;
    dmv_error *err;
} pctx;

void dmv_problem_file_init(dmv_problem_file *p)
{
    memset(p, 0, sizeof *p);
    p->process_kind = DMV_PROCESS_VP_LINEAR;
    p->grid_kind = DMV_GRID_UNIFORM;
    p->continuous = DMV_PROBLEM_SCHEME;
    p->scheme_kind = DMV_SCHEME_EM;
    dmv_init_default(&p->init);
    dmv_model_spec_init(&p->model);
}

void dmv_problem_file_clear(dmv_problem_file *p)
{
    free(p->grid_file);
    dmv_model_spec_clear(&p->model);
    dmv_problem_file_init(p);
}

static int pfail(pctx *c, const char *path, const cJSON *it, const char *why)
{
    char buf[128];
    return dmv_error_set(c->err, DMV_EINVAL, "%s: %s = %s: %s", c->what, path, dmv_json_item_text(it, buf, sizeof buf), why);
}

/* Unknown keys are errors (a misspelt key would otherwise silently keep a default). */
static int pkeys(pctx *c, const cJSON *obj, const char *prefix, const char *const *allowed, const char *list)
{
    const cJSON *it;
    char path[256], why[256];
    int k, ok;
    cJSON_ArrayForEach(it, obj)
    {
        ok = 0;
        for (k = 0; allowed[k] != NULL && !ok; k++)
            ok = it->string != NULL && strcmp(it->string, allowed[k]) == 0;
        if (!ok) {
            snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", it->string ? it->string : "?");
            snprintf(why, sizeof why, "unknown key (expected %s)", list);
            return pfail(c, path, it, why);
        }
    }
    return DMV_OK;
}

/* A finite number at obj.key (if present). */
static int pnumber(pctx *c, const cJSON *obj, const char *prefix, const char *key, double *x, int *given)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    char path[256];
    if (it == NULL)
        return DMV_OK;
    snprintf(path, sizeof path, "%s.%s", prefix, key);
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return pfail(c, path, it, "expected a finite number");
    *x = it->valuedouble;
    if (given != NULL)
        *given = 1;
    return DMV_OK;
}

/* An integer in [lo, hi] at obj.key (if present); 0 when absent. */
static int pinteger(pctx *c, const cJSON *obj, const char *prefix, const char *key, long lo, long hi, long *n)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    char path[256], why[128];
    double x;
    if (it == NULL)
        return DMV_OK;
    snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", key);
    x = cJSON_IsNumber(it) ? it->valuedouble : NAN;
    if (!(x >= (double) lo && x <= (double) hi && x == floor(x))) {
        snprintf(why, sizeof why, "must be an integer in [%ld, %ld]", lo, hi);
        return pfail(c, path, it, why);
    }
    *n = (long) x;
    return DMV_OK;
}

static const cJSON *pobject(pctx *c, const cJSON *root, const char *key, int *rc)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, key);
    *rc = DMV_OK;
    if (it != NULL && !cJSON_IsObject(it)) {
        *rc = pfail(c, key, it, "expected an object");
        return NULL;
    }
    return it;
}

static const char *pkind(pctx *c, const cJSON *obj, const char *prefix, int *rc)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "kind");
    char path[256];
    *rc = DMV_OK;
    if (it == NULL)
        return NULL;
    snprintf(path, sizeof path, "%s.kind", prefix);
    if (!cJSON_IsString(it)) {
        *rc = pfail(c, path, it, "expected a name (a string)");
        return NULL;
    }
    return it->valuestring;
}

static int parse_process(pctx *c, dmv_problem_file *p, const cJSON *o)
{
    static const char *const keys[] = {"kind", "beta_min", "beta_max", "t_max", "cosine_offset", "betas", "etc_c",
                                       "etc_delta", NULL};
    const char *k;
    const cJSON *bt;
    int rc;
    if ((rc = pkeys(c, o, "process", keys, "kind, beta_min, beta_max, t_max, cosine_offset, betas, etc_c, etc_delta")) !=
        DMV_OK)
        return rc;
    bt = cJSON_GetObjectItemCaseSensitive(o, "betas");
    if (bt != NULL) { /* the discrete chain's betas: a schedule name (docs/problem-file.md) */
        if (!cJSON_IsString(bt) || dmv_beta_schedule_from_name(&p->betas, bt->valuestring, NULL) != DMV_OK ||
            p->betas == DMV_BETAS_TABLE)
            return pfail(c, "process.betas", bt, "unknown (etc, linear, scaled_linear, squaredcos_cap_v2)");
        p->betas_given = 1;
    }
    if ((rc = pnumber(c, o, "process", "etc_c", &p->etc_c, &p->etc_c_given)) != DMV_OK ||
        (rc = pnumber(c, o, "process", "etc_delta", &p->etc_delta, &p->etc_delta_given)) != DMV_OK)
        return rc;
    k = pkind(c, o, "process", &rc);
    if (rc != DMV_OK)
        return rc;
    if (k != NULL && dmv_process_from_name(&p->process_kind, k, NULL) != DMV_OK)
        return pfail(c, "process.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "unknown (vp-linear, vp-linear-song, vp-cosine, ve, vp-discrete)");
    if ((p->betas_given || p->etc_c_given || p->etc_delta_given) && p->process_kind != DMV_PROCESS_VP_DISCRETE)
        return pfail(c, p->betas_given ? "process.betas" : p->etc_c_given ? "process.etc_c" : "process.etc_delta",
                     cJSON_GetObjectItemCaseSensitive(o, p->betas_given ? "betas" : p->etc_c_given ? "etc_c" : "etc_delta"),
                     "only for vp-discrete");
    if ((rc = pnumber(c, o, "process", "beta_min", &p->beta_min, &p->beta_min_given)) != DMV_OK ||
        (rc = pnumber(c, o, "process", "beta_max", &p->beta_max, &p->beta_max_given)) != DMV_OK ||
        (rc = pnumber(c, o, "process", "t_max", &p->t_max, &p->t_max_given)) != DMV_OK ||
        (rc = pnumber(c, o, "process", "cosine_offset", &p->cosine_offset, &p->cosine_offset_given)) != DMV_OK)
        return rc;
    if ((p->beta_min_given || p->beta_max_given) && p->process_kind != DMV_PROCESS_VP_LINEAR &&
        p->process_kind != DMV_PROCESS_VP_LINEAR_SONG && p->process_kind != DMV_PROCESS_VP_DISCRETE)
        return pfail(c, p->beta_min_given ? "process.beta_min" : "process.beta_max",
                     cJSON_GetObjectItemCaseSensitive(o, p->beta_min_given ? "beta_min" : "beta_max"),
                     "only for the vp-linear processes");
    if (p->cosine_offset_given && p->process_kind != DMV_PROCESS_VP_COSINE)
        return pfail(c, "process.cosine_offset", cJSON_GetObjectItemCaseSensitive(o, "cosine_offset"),
                     "only for vp-cosine");
    return DMV_OK;
}

static int parse_grid(pctx *c, dmv_problem_file *p, const cJSON *o, const char *base_dir)
{
    static const char *const keys[] = {"kind", "steps", "points", "eps", "rho", "file",
                                       "steps_offset", "set_alpha_to_one", NULL};
    const cJSON *f;
    const char *k;
    int rc;
    if ((rc = pkeys(c, o, "grid", keys, "kind, steps, points, eps, rho, file, steps_offset, set_alpha_to_one")) !=
        DMV_OK)
        return rc;
    if ((rc = pinteger(c, o, "grid", "steps_offset", 0, 1L << 40, &p->steps_offset)) != DMV_OK)
        return rc;
    if ((f = cJSON_GetObjectItemCaseSensitive(o, "set_alpha_to_one")) != NULL) { /* docs/conventions.md */
        if (!cJSON_IsBool(f))
            return pfail(c, "grid.set_alpha_to_one", f, "expected true or false");
        p->set_alpha_to_one_given = 1;
        p->set_alpha_to_one = cJSON_IsTrue(f) ? 1 : 0;
    }
    if ((f = cJSON_GetObjectItemCaseSensitive(o, "file")) != NULL) { /* docs/conventions.md */
        const char *name = cJSON_GetStringValue(f);
        size_t lb = base_dir != NULL && name != NULL && name[0] != '/' ? strlen(base_dir) : 0;
        if (name == NULL || name[0] == '\0')
            return pfail(c, "grid.file", f, "expected the name of a .npy file of grid points");
        p->grid_file = malloc(lb + strlen(name) + 2);
        if (p->grid_file == NULL)
            return dmv_error_set(c->err, DMV_ENOMEM, "%s: grid.file: out of memory", c->what);
        p->grid_file[0] = '\0';
        if (lb > 0) {
            strcpy(p->grid_file, base_dir);
            if (base_dir[lb - 1] != '/')
                strcat(p->grid_file, "/");
        }
        strcat(p->grid_file, name);
        p->grid_kind = DMV_GRID_FILE;
    }
    k = pkind(c, o, "grid", &rc);
    if (rc != DMV_OK)
        return rc;
    if (k != NULL && dmv_grid_from_name(&p->grid_kind, k, NULL) != DMV_OK)
        return pfail(c, "grid.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "unknown (uniform, logsnr, karras, quadratic, karras-zero, file, leading, trailing, "
                     "linspace)");
    if (p->grid_file != NULL && p->grid_kind != DMV_GRID_FILE)
        return pfail(c, "grid.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "grid.file gives the points: grid.kind must be \"file\" (or absent)");
    if (p->grid_kind == DMV_GRID_FILE && p->grid_file == NULL)
        return pfail(c, "grid.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "the file grid needs grid.file (a .npy of the points)");
    if ((rc = pinteger(c, o, "grid", "steps", 1, 1L << 40, &p->steps)) != DMV_OK ||
        (rc = pinteger(c, o, "grid", "points", 2, 1L << 40, &p->points)) != DMV_OK ||
        (rc = pnumber(c, o, "grid", "eps", &p->eps, &p->eps_given)) != DMV_OK ||
        (rc = pnumber(c, o, "grid", "rho", &p->rho, &p->rho_given)) != DMV_OK)
        return rc;
    if (p->steps != 0 && p->points != 0)
        return pfail(c, "grid.points", cJSON_GetObjectItemCaseSensitive(o, "points"),
                     "give grid.steps or grid.points, not both");
    return DMV_OK;
}

static int parse_scheme(pctx *c, dmv_problem_file *p, const cJSON *o)
{
    static const char *const keys[] = {"kind", "eta", "s_churn", "s_tmin", "s_tmax", "s_noise",
                                       "prediction_type", "sigma_data", NULL};
    static const char *const preds[] = {"sample", "epsilon", "v_prediction"};
    const cJSON *pt;
    const char *k;
    int rc;
    if ((rc = pkeys(c, o, "scheme", keys,
                    "kind, eta, s_churn, s_tmin, s_tmax, s_noise, prediction_type, sigma_data")) != DMV_OK)
        return rc;
    if ((pt = cJSON_GetObjectItemCaseSensitive(o, "prediction_type")) != NULL) { /* docs/conventions.md s.5 */
        const char *name = cJSON_GetStringValue(pt);
        int i;
        for (i = 0; i < 3 && (name == NULL || strcmp(name, preds[i]) != 0); i++)
            ;
        if (i == 3)
            return pfail(c, "scheme.prediction_type", pt, "unknown (sample, epsilon, v_prediction)");
        p->prediction = i;
        p->prediction_given = 1;
    }
    if ((rc = pnumber(c, o, "scheme", "sigma_data", &p->sigma_data, &p->sigma_data_given)) != DMV_OK)
        return rc;
    if (p->sigma_data_given && !(p->sigma_data > 0))
        return pfail(c, "scheme.sigma_data", cJSON_GetObjectItemCaseSensitive(o, "sigma_data"), "must be > 0");
    if ((rc = pnumber(c, o, "scheme", "s_churn", &p->s_churn, &p->s_churn_given)) != DMV_OK ||
        (rc = pnumber(c, o, "scheme", "s_tmin", &p->s_tmin, &p->s_tmin_given)) != DMV_OK ||
        (rc = pnumber(c, o, "scheme", "s_tmax", &p->s_tmax, &p->s_tmax_given)) != DMV_OK ||
        (rc = pnumber(c, o, "scheme", "s_noise", &p->s_noise, &p->s_noise_given)) != DMV_OK)
        return rc;
    k = pkind(c, o, "scheme", &rc);
    if (rc != DMV_OK)
        return rc;
    if (k != NULL && strcmp(k, "sde") == 0)
        p->continuous = DMV_PROBLEM_SDE;
    else if (k != NULL && strcmp(k, "ode") == 0)
        p->continuous = DMV_PROBLEM_ODE;
    else if (k != NULL && dmv_scheme_from_name(&p->scheme_kind, k, NULL) != DMV_OK)
        return pfail(c, "scheme.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "unknown (em, ei, ddpm, euler, heun, heun-edm, rk4, ddim, dpm2, dpmpp2m, k-euler, k-heun, "
                     "k-dpm-2, k-dpmpp-2m, k-euler-ancestral, k-lms, edm-heun-churn, sde, ode)");
    if (p->continuous != DMV_PROBLEM_SCHEME && (p->steps != 0 || p->points != 0))
        return pfail(c, "scheme.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "the exact continuous law has no steps: no grid.steps or grid.points");
    return pnumber(c, o, "scheme", "eta", &p->eta, &p->eta_given);
}

static int parse_init(pctx *c, dmv_problem_file *p, const cJSON *o)
{
    static const char *const keys[] = {"kind", "mean", "var", NULL};
    const char *k;
    int rc, mg = 0, vg = 0;
    if ((rc = pkeys(c, o, "init", keys, "kind, mean, var")) != DMV_OK)
        return rc;
    k = pkind(c, o, "init", &rc);
    if (rc != DMV_OK)
        return rc;
    if (k == NULL || strcmp(k, "standard") == 0)
        p->init.kind = DMV_INIT_STANDARD;
    else if (strcmp(k, "exact") == 0)
        p->init.kind = DMV_INIT_EXACT;
    else if (strcmp(k, "gaussian") == 0)
        p->init.kind = DMV_INIT_GAUSSIAN;
    else
        return pfail(c, "init.kind", cJSON_GetObjectItemCaseSensitive(o, "kind"),
                     "unknown (standard, exact, gaussian)");
    if ((rc = pnumber(c, o, "init", "mean", &p->init.mean, &mg)) != DMV_OK ||
        (rc = pnumber(c, o, "init", "var", &p->init.var, &vg)) != DMV_OK)
        return rc;
    if (p->init.kind != DMV_INIT_GAUSSIAN && (mg || vg))
        return pfail(c, mg ? "init.mean" : "init.var", cJSON_GetObjectItemCaseSensitive(o, mg ? "mean" : "var"),
                     "only for init.kind gaussian");
    if (p->init.kind == DMV_INIT_GAUSSIAN && !(mg && vg))
        return pfail(c, mg ? "init.var" : "init.mean", NULL, "init.kind gaussian needs mean and var");
    if (p->init.kind == DMV_INIT_GAUSSIAN && !(p->init.var >= 0))
        return pfail(c, "init.var", cJSON_GetObjectItemCaseSensitive(o, "var"), "must be >= 0");
    return DMV_OK;
}

/* seed: an integer number below 2^53, or a decimal string in [0, 2^64) (JSON numbers lose 64-bit integers). */
static int parse_seed(pctx *c, dmv_problem_file *p, const cJSON *it)
{
    if (cJSON_IsNumber(it)) {
        double x = it->valuedouble;
        if (!(x >= 0 && x <= 9007199254740992.0 && x == floor(x)))
            return pfail(c, "seed", it, "must be an integer in [0, 2^53] (or a decimal string in [0, 2^64))");
        p->seed = (uint64_t) x;
    } else if (cJSON_IsString(it)) {
        const char *s = it->valuestring;
        char *end;
        unsigned long long v;
        if (*s < '0' || *s > '9')
            return pfail(c, "seed", it, "must be a decimal integer in [0, 2^64)");
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno != 0 || *end != '\0' || (uint64_t) v != v)
            return pfail(c, "seed", it, "must be a decimal integer in [0, 2^64)");
        p->seed = (uint64_t) v;
    } else
        return pfail(c, "seed", it, "must be an integer (or a decimal string in [0, 2^64))");
    p->seed_given = 1;
    return DMV_OK;
}

static int parse_root(pctx *c, dmv_problem_file *p, const cJSON *root, const char *base_dir)
{
    static const char *const keys[] = {"process", "grid", "scheme", "init", "model", "n", "seed", "threads",
                                       "batch", NULL};
    const cJSON *o, *m;
    int rc;
    if (!cJSON_IsObject(root))
        return pfail(c, "(top level)", root, "expected an object {\"model\": ..., ...}");
    if ((rc = pkeys(c, root, "", keys, "process, grid, scheme, init, model, n, seed, threads, batch")) != DMV_OK)
        return rc;
    /* grid before scheme: "sde"/"ode" refuse grid.steps */
    if ((o = pobject(c, root, "process", &rc)) != NULL)
        rc = parse_process(c, p, o);
    if (rc == DMV_OK && (o = pobject(c, root, "grid", &rc)) != NULL)
        rc = parse_grid(c, p, o, base_dir);
    if (rc == DMV_OK && (o = pobject(c, root, "scheme", &rc)) != NULL)
        rc = parse_scheme(c, p, o);
    if (rc == DMV_OK && (o = pobject(c, root, "init", &rc)) != NULL)
        rc = parse_init(c, p, o);
    if (rc == DMV_OK)
        rc = pinteger(c, root, "", "n", 1, 1L << 52, &p->n);
    if (rc == DMV_OK)
        rc = pinteger(c, root, "", "threads", 1, 1024, &p->threads);
    if (rc == DMV_OK)
        rc = pinteger(c, root, "", "batch", 1, 1L << 24, &p->batch);
    if (rc == DMV_OK && (o = cJSON_GetObjectItemCaseSensitive(root, "seed")) != NULL)
        rc = parse_seed(c, p, o);
    if (rc != DMV_OK)
        return rc;
    m = cJSON_GetObjectItemCaseSensitive(root, "model");
    if (m == NULL)
        return pfail(c, "model", NULL, "required: the data model (docs/model-spec.md)");
    return dmv_model_spec_from_cjson(&p->model, m, c->what, "model", base_dir, c->err);
}

int dmv_problem_file_parse(dmv_problem_file *p, const char *text, size_t len, const char *what,
                           const char *base_dir, dmv_error *err)
{
    cJSON *root;
    pctx c;
    int rc;
    dmv_problem_file_init(p);
    c.what = what != NULL ? what : "problem";
    c.err = err;
    root = cJSON_ParseWithLength(text, len);
    if (root == NULL) {
        const char *at = cJSON_GetErrorPtr();
        long off = at ? (long) (at - text) : -1, line = 1, k;
        for (k = 0; k < off && k < (long) len; k++)
            line += text[k] == '\n';
        return dmv_error_set(err, DMV_EFORMAT, "%s: malformed JSON near byte %ld (line %ld): '%.20s'", c.what, off,
                             line, at ? at : "");
    }
    rc = parse_root(&c, p, root, base_dir);
    cJSON_Delete(root);
    if (rc != DMV_OK)
        dmv_problem_file_clear(p);
    return rc;
}

int dmv_problem_file_read(dmv_problem_file *p, const char *filename, dmv_error *err)
{
    char *text = NULL, *what = NULL, *dir = NULL;
    size_t n = 0;
    int rc;
    dmv_problem_file_init(p);
    if (filename == NULL)
        return dmv_error_set(err, DMV_EINVAL, "problem: no file name");
    if ((rc = dmv_file_read(&text, &n, filename, "problem", err)) != DMV_OK)
        return rc;
    what = malloc(strlen(filename) + sizeof "problem ");
    if (what == NULL || dmv_file_dir(&dir, filename) != DMV_OK) {
        free(text);
        free(what);
        return dmv_error_set(err, DMV_ENOMEM, "problem %s: out of memory", filename);
    }
    sprintf(what, "problem %s", filename);
    rc = dmv_problem_file_parse(p, text, n, what, dir, err);
    free(text);
    free(what);
    free(dir);
    return rc;
}
