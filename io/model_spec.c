/* The model spec (include/dmv/model_spec.h): JSON parser, validation, init/clear.
 * The format is docs/model-spec.md; it reads every model file of docs/model-file.md with the
 * same field names and the same messages ("model file m.json: uncond.vars[0][0] = -1: ...").
 * No numerics: values are checked (finite, signs, shapes), never transformed (weights are
 * not normalised, the DCT basis is not computed). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dmv/file.h"
#include "json_text.h"
#include "dmv/model_spec.h"
#include "dmv/npy.h"

#define SPEC_MAX_DEPTH 16
#define SPEC_PATH 512

/* ---- init / clear ----------------------------------------------------------------------- */
void dmv_model_gaussian_init(dmv_model_gaussian *g)
{
    memset(g, 0, sizeof *g);
}

void dmv_model_gaussian_clear(dmv_model_gaussian *g)
{
    if (g == NULL)
        return;
    free(g->lambda);
    free(g->mean);
    free(g->basis);
    free(g->cov);
    free(g->mu);
    memset(g, 0, sizeof *g);
}

void dmv_model_spec_init(dmv_model_spec *s)
{
    memset(s, 0, sizeof *s);
    s->kind = DMV_MODEL_NONE;
}

static void spec_free_child(dmv_model_spec *c)
{
    if (c != NULL) {
        dmv_model_spec_clear(c);
        free(c);
    }
}

void dmv_model_spec_clear(dmv_model_spec *s)
{
    long k;
    if (s == NULL)
        return;
    switch (s->kind) {
    case DMV_MODEL_GAUSSIAN:
        dmv_model_gaussian_clear(&s->u.gaussian);
        break;
    case DMV_MODEL_MIXTURE:
        if (s->u.mixture.comp != NULL)
            for (k = 0; k < s->u.mixture.K; k++)
                dmv_model_gaussian_clear(&s->u.mixture.comp[k]);
        free(s->u.mixture.comp);
        free(s->u.mixture.w);
        break;
    case DMV_MODEL_BOXES:
        free(s->u.boxes.w);
        free(s->u.boxes.lo);
        free(s->u.boxes.hi);
        break;
    case DMV_MODEL_UMIX:
        free(s->u.umix.w);
        free(s->u.umix.a);
        free(s->u.umix.b);
        break;
    case DMV_MODEL_EMPIRICAL:
        free(s->u.empirical.X);
        break;
    case DMV_MODEL_GUIDED:
        spec_free_child(s->u.guided.cond);
        spec_free_child(s->u.guided.uncond);
        break;
    case DMV_MODEL_SCORE_MIX:
        spec_free_child(s->u.score_mix.base);
        spec_free_child(s->u.score_mix.other);
        break;
    case DMV_MODEL_TAIL:
        spec_free_child(s->u.tail.base);
        free(s->u.tail.a1);
        free(s->u.tail.a2);
        break;
    case DMV_MODEL_LINEAR_INVERSE:
        spec_free_child(s->u.linear_inverse.prior);
        free(s->u.linear_inverse.H);
        free(s->u.linear_inverse.y);
        break;
    case DMV_MODEL_PERTURBED:
        dmv_model_gaussian_clear(&s->u.perturbed.base);
        free(s->u.perturbed.kappa);
        free(s->u.perturbed.dl);
        free(s->u.perturbed.dm);
        break;
    default:
        break;
    }
    for (k = 0; k < s->nfiles; k++) {
        free(s->files[k]);
        free(s->file_roles[k]);
    }
    free(s->files);
    free(s->file_roles);
    dmv_model_spec_init(s);
}

static const char *const kind_names[DMV_MODEL_KIND_COUNT] = {
    "none", "gaussian", "mixture", "boxes", "umix", "empirical", "guided", "score_mix", "tail", "perturbed",
    "linear_inverse"};

const char *dmv_model_kind_name(dmv_model_kind k)
{
    return (k >= 0 && k < DMV_MODEL_KIND_COUNT) ? kind_names[k] : "?";
}

/* snprintf whose truncation is intended (paths and messages are cut at the buffer size). */
static void spf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

/* ---- parser context ----------------------------------------------------------------------- */
typedef struct {
    const char *what;     /* message prefix */
    const char *base_dir; /* "" or a directory with a trailing '/' */
    dmv_model_spec *top;  /* receives the files read */
    dmv_error *err;
} pctx;

/* p = prefix + "." + key (no dot at the top level). */
static void jp(char *p, const char *prefix, const char *key)
{
    if (prefix[0] == '\0')
        spf(p, SPEC_PATH, "%s", key);
    else
        spf(p, SPEC_PATH, "%s.%s", prefix, key);
}

/* p = prefix + "[k]" */
static void ji(char *p, const char *prefix, long k)
{
    spf(p, SPEC_PATH, "%s[%ld]", prefix, k);
}

static int jfail(pctx *c, const char *path, const cJSON *it, const char *why)
{
    char b[96];
    return dmv_error_set(c->err, DMV_EINVAL, "%s: %s = %s: %s", c->what, path[0] ? path : "(top level)",
                         dmv_json_item_text(it, b, sizeof b), why);
}

static int jnomem(pctx *c, const char *path)
{
    return dmv_error_set(c->err, DMV_ENOMEM, "%s: %s: out of memory", c->what, path[0] ? path : "(top level)");
}

static const cJSON *jget(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static int jabsent(const cJSON *it)
{
    return it == NULL || cJSON_IsNull(it);
}

static int jnumber(pctx *c, const cJSON *it, const char *path, double *x)
{
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return jfail(c, path, it, "expected a finite number");
    *x = it->valuedouble;
    return DMV_OK;
}

/* A non-empty array of finite numbers (malloc'd into *v; the caller owns it). */
static int jvector(pctx *c, const cJSON *it, const char *path, double **v, long *n)
{
    long k = 0, len;
    char p[SPEC_PATH];
    const cJSON *e;
    double *out;
    if (!cJSON_IsArray(it) || (len = cJSON_GetArraySize(it)) < 1)
        return jfail(c, path, it, "expected a non-empty array of numbers");
    out = malloc((size_t) len * sizeof(double));
    if (out == NULL)
        return jnomem(c, path);
    cJSON_ArrayForEach(e, it)
    {
        ji(p, path, k);
        if (jnumber(c, e, p, &out[k]) != DMV_OK) {
            free(out);
            return DMV_EINVAL;
        }
        k++;
    }
    *v = out;
    *n = len;
    return DMV_OK;
}

/* A non-empty array of equally long non-empty arrays of numbers (row-major, malloc'd). */
static int jmatrix(pctx *c, const cJSON *it, const char *path, double **v, long *rows, long *cols)
{
    long r = 0, k, nr, nc = 0;
    char p[SPEC_PATH], q[SPEC_PATH + 32], why[160];
    const cJSON *row, *e;
    double *out;
    if (!cJSON_IsArray(it) || (nr = cJSON_GetArraySize(it)) < 1)
        return jfail(c, path, it, "expected a non-empty array of arrays of numbers");
    cJSON_ArrayForEach(row, it)
    {
        ji(p, path, r);
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) < 1)
            return jfail(c, p, row, "expected a non-empty array of numbers");
        if (r == 0)
            nc = cJSON_GetArraySize(row);
        else if (cJSON_GetArraySize(row) != nc) {
            spf(why, sizeof why, "has %d entries but %s[0] has %ld", cJSON_GetArraySize(row), path, nc);
            return jfail(c, p, row, why);
        }
        r++;
    }
    out = malloc((size_t) nr * (size_t) nc * sizeof(double));
    if (out == NULL)
        return jnomem(c, path);
    r = 0;
    cJSON_ArrayForEach(row, it)
    {
        k = 0;
        cJSON_ArrayForEach(e, row)
        {
            spf(q, sizeof q, "%s[%ld][%ld]", path, r, k);
            if (jnumber(c, e, q, &out[r * nc + k]) != DMV_OK) {
                free(out);
                return DMV_EINVAL;
            }
            k++;
        }
        r++;
    }
    *v = out;
    *rows = nr;
    *cols = nc;
    return DMV_OK;
}

/* The item at [r][k] of a JSON matrix (or [r] of a vector when k < 0), for messages. */
static const cJSON *jat(const cJSON *it, long r, long k)
{
    const cJSON *row = cJSON_GetArrayItem(it, (int) r);
    return k < 0 ? row : cJSON_GetArrayItem(row, (int) k);
}

/* Unknown keys are errors (a misspelt key is never ignored). */
static int jkeys(pctx *c, const cJSON *obj, const char *prefix, const char *const *allowed)
{
    const cJSON *e;
    const char *const *a;
    char p[SPEC_PATH];
    cJSON_ArrayForEach(e, obj)
    {
        for (a = allowed; *a; a++)
            if (strcmp(e->string, *a) == 0)
                break;
        if (*a == NULL) {
            jp(p, prefix, e->string);
            return jfail(c, p, e, "unknown key for this model (docs/model-spec.md)");
        }
    }
    return DMV_OK;
}

static int add_file(pctx *c, const char *role, const char *path)
{
    dmv_model_spec *t = c->top;
    char **f = realloc(t->files, (size_t) (t->nfiles + 1) * sizeof(char *));
    char **r;
    if (f == NULL)
        return DMV_ENOMEM;
    t->files = f;
    r = realloc(t->file_roles, (size_t) (t->nfiles + 1) * sizeof(char *));
    if (r == NULL)
        return DMV_ENOMEM;
    t->file_roles = r;
    f[t->nfiles] = malloc(strlen(path) + 1);
    r[t->nfiles] = malloc(strlen(role) + 1);
    if (f[t->nfiles] == NULL || r[t->nfiles] == NULL) {
        free(f[t->nfiles]);
        free(r[t->nfiles]);
        return DMV_ENOMEM;
    }
    strcpy(f[t->nfiles], path);
    strcpy(r[t->nfiles], role);
    t->nfiles++;
    return DMV_OK;
}

/* Loads a 2-D .npy named in the JSON (relative to base_dir), finite entries. */
static int jnpy(pctx *c, const cJSON *it, const char *path, const char *role, double **v, long *rows, long *cols)
{
    const char *name = it->valuestring;
    char *full;
    dmv_npy_array a;
    dmv_error e;
    long k;
    int rc;
    full = malloc(strlen(c->base_dir) + strlen(name) + 1);
    if (full == NULL)
        return jnomem(c, path);
    if (name[0] == '/')
        strcpy(full, name);
    else {
        strcpy(full, c->base_dir);
        strcat(full, name);
    }
    dmv_npy_array_init(&a);
    dmv_error_init(&e);
    if ((rc = dmv_npy_read(&a, full, &e)) != DMV_OK) {
        free(full);
        return dmv_error_set(c->err, rc, "%s: %s: %s", c->what, path, e.msg);
    }
    if (a.ndim != 2) {
        rc = dmv_error_set(c->err, DMV_EFORMAT, "%s: %s: %s: a 1-D array of %ld values: expected a 2-D array", c->what,
                           path, full, a.shape[0]);
        dmv_npy_array_clear(&a);
        free(full);
        return rc;
    }
    for (k = 0; k < a.shape[0] * a.shape[1]; k++)
        if (!isfinite(a.data[k])) {
            rc = dmv_error_set(c->err, DMV_EINVAL, "%s: %s: %s: entry [%ld][%ld] = %g is not finite", c->what, path,
                               full, k / a.shape[1], k % a.shape[1], a.data[k]);
            dmv_npy_array_clear(&a);
            free(full);
            return rc;
        }
    if (add_file(c, role, full) != DMV_OK) {
        dmv_npy_array_clear(&a);
        free(full);
        return jnomem(c, path);
    }
    free(full);
    *v = a.data;
    *rows = a.shape[0];
    *cols = a.shape[1];
    a.data = NULL;
    dmv_npy_array_clear(&a);
    return DMV_OK;
}

/* ---- Gaussian objects ----------------------------------------------------------------------- */
/* {"lambda", "mean", "basis"} or {"cov", "mu"}; extra keys allowed by the caller (NULL-ended). */
static int jgaussian(pctx *c, const cJSON *obj, const char *prefix, dmv_model_gaussian *g, const char *extra)
{
    static const char *const keys_eig[] = {"model", "lambda", "mean", "basis", NULL, NULL};
    static const char *const keys_cov[] = {"model", "cov", "mu", NULL, NULL};
    const char *k1[6], *k2[5];
    const cJSON *it;
    char p[SPEC_PATH], q[SPEC_PATH + 32], why[160];
    long d = 0, n = 0, r = 0, cc = 0, j;
    int rc;
    memcpy(k1, keys_eig, sizeof k1);
    memcpy(k2, keys_cov, sizeof k2);
    k1[4] = extra;
    k2[3] = extra;
    dmv_model_gaussian_init(g);
    if (!jabsent(jget(obj, "cov"))) {
        g->full = 1;
        if ((rc = jkeys(c, obj, prefix, k2)) != DMV_OK)
            return rc;
        jp(p, prefix, "cov");
        it = jget(obj, "cov");
        if ((rc = jmatrix(c, it, p, &g->cov, &r, &cc)) != DMV_OK)
            return rc;
        if (r != cc) {
            spf(why, sizeof why, "is %ld x %ld: a covariance is square", r, cc);
            return jfail(c, p, it, why);
        }
        for (j = 0; j < r; j++) {
            long l;
            for (l = 0; l < j; l++)
                if (g->cov[j * r + l] != g->cov[l * r + j]) {
                    spf(q, sizeof q, "%s[%ld][%ld]", p, j, l);
                    spf(why, sizeof why, "differs from %s[%ld][%ld] = %.17g: a covariance is symmetric", p, l, j,
                             g->cov[l * r + j]);
                    return jfail(c, q, jat(it, j, l), why);
                }
            if (!(g->cov[j * r + j] >= 0)) {
                spf(q, sizeof q, "%s[%ld][%ld]", p, j, j);
                return jfail(c, q, jat(it, j, j), "a variance must be >= 0");
            }
        }
        g->d = r;
        it = jget(obj, "mu");
        if (!jabsent(it)) {
            jp(p, prefix, "mu");
            if ((rc = jvector(c, it, p, &g->mu, &n)) != DMV_OK)
                return rc;
            if (n != r) {
                spf(why, sizeof why, "has %ld entries but cov is %ld x %ld", n, r, r);
                return jfail(c, p, it, why);
            }
        }
        return DMV_OK;
    }
    if ((rc = jkeys(c, obj, prefix, k1)) != DMV_OK)
        return rc;
    jp(p, prefix, "lambda");
    it = jget(obj, "lambda");
    if (it == NULL) {
        jp(p, prefix, "lambda");
        return jfail(c, p, it, "a gaussian needs \"lambda\" (eigenvalues) or \"cov\" (a covariance)");
    }
    if ((rc = jvector(c, it, p, &g->lambda, &d)) != DMV_OK)
        return rc;
    for (j = 0; j < d; j++)
        if (!(g->lambda[j] >= 0)) {
            ji(q, p, j);
            return jfail(c, q, jat(it, j, -1), "an eigenvalue must be >= 0");
        }
    g->d = d;
    it = jget(obj, "mean");
    if (!jabsent(it)) {
        jp(p, prefix, "mean");
        if ((rc = jvector(c, it, p, &g->mean, &n)) != DMV_OK)
            return rc;
        if (n != d) {
            spf(why, sizeof why, "has %ld entries but lambda has %ld", n, d);
            return jfail(c, p, it, why);
        }
    }
    it = jget(obj, "basis");
    jp(p, prefix, "basis");
    g->basis_kind = DMV_BASIS_NONE;
    if (jabsent(it))
        return DMV_OK;
    if (cJSON_IsString(it)) {
        if (strcmp(it->valuestring, "identity") == 0)
            g->basis_kind = DMV_BASIS_IDENTITY;
        else if (strcmp(it->valuestring, "dct") == 0)
            g->basis_kind = DMV_BASIS_DCT;
        else {
            if ((rc = jnpy(c, it, p, "basis", &g->basis, &r, &cc)) != DMV_OK)
                return rc;
            g->basis_kind = DMV_BASIS_MATRIX;
            if (r != d || cc != d)
                return dmv_error_set(c->err, DMV_EINVAL,
                                     "%s: %s: %s: shape (%ld, %ld): expected (%ld, %ld), d x d with d = %ld", c->what,
                                     p, it->valuestring, r, cc, d, d, d);
        }
        return DMV_OK;
    }
    if ((rc = jmatrix(c, it, p, &g->basis, &r, &cc)) != DMV_OK)
        return rc;
    g->basis_kind = DMV_BASIS_MATRIX;
    if (r != d || cc != d) {
        spf(why, sizeof why, "is %ld x %ld but lambda has d = %ld entries (need d x d)", r, cc, d);
        return jfail(c, p, it, why);
    }
    return DMV_OK;
}

/* K weights >= 0, not all 0. */
static int jweights(pctx *c, const cJSON *it, const char *path, double **w, long *K)
{
    char q[SPEC_PATH + 32];
    double sum = 0;
    long k;
    int rc;
    if ((rc = jvector(c, it, path, w, K)) != DMV_OK)
        return rc;
    for (k = 0; k < *K; k++) {
        if (!((*w)[k] >= 0)) {
            ji(q, path, k);
            return jfail(c, q, jat(it, k, -1), "weights must be >= 0");
        }
        sum += (*w)[k];
    }
    if (!(sum > 0))
        return jfail(c, path, it, "the weights are all 0");
    return DMV_OK;
}

static int jmodel(pctx *c, const cJSON *obj, const char *prefix, int depth, dmv_model_spec *s);

/* ---- kinds ------------------------------------------------------------------------------------ */
static int jmixture(pctx *c, const cJSON *obj, const char *prefix, dmv_model_spec *s)
{
    static const char *const keys_diag[] = {"model", "weights", "means", "vars", NULL};
    static const char *const keys_comp[] = {"model", "weights", "components", NULL};
    const cJSON *wi = jget(obj, "weights"), *ci = jget(obj, "components"), *e1, *mk;
    char p[SPEC_PATH], q[SPEC_PATH + 32], why[SPEC_PATH + 128];
    long K = 0, k, j, d;
    int rc;
    s->kind = DMV_MODEL_MIXTURE;
    if (ci != NULL) {
        int per_comp = wi == NULL; /* weights given inside the components as "weight" */
        if ((rc = jkeys(c, obj, prefix, keys_comp)) != DMV_OK)
            return rc;
        jp(p, prefix, "components");
        if (!cJSON_IsArray(ci) || cJSON_GetArraySize(ci) < 1)
            return jfail(c, p, ci, "expected a non-empty array of gaussian objects");
        if (!per_comp) {
            jp(q, prefix, "weights");
            if ((rc = jweights(c, wi, q, &s->u.mixture.w, &K)) != DMV_OK)
                return rc;
            if (cJSON_GetArraySize(ci) != K) {
                spf(why, sizeof why, "expected an array of %ld gaussian objects (one per weight)", K);
                return jfail(c, p, ci, why);
            }
        } else {
            K = cJSON_GetArraySize(ci);
            s->u.mixture.w = malloc((size_t) K * sizeof(double));
            if (s->u.mixture.w == NULL)
                return jnomem(c, p);
        }
        s->u.mixture.comp = calloc((size_t) K, sizeof(dmv_model_gaussian));
        if (s->u.mixture.comp == NULL)
            return jnomem(c, p);
        s->u.mixture.K = K;
        k = 0;
        cJSON_ArrayForEach(e1, ci)
        {
            ji(q, p, k);
            mk = jget(e1, "model");
            if (!cJSON_IsObject(e1) ||
                (mk != NULL && !(cJSON_IsString(mk) && strcmp(mk->valuestring, "gaussian") == 0)))
                return jfail(c, q, e1, "expected a gaussian object {\"lambda\": [...], \"mean\": [...], ...}");
            if ((rc = jgaussian(c, e1, q, &s->u.mixture.comp[k], per_comp ? "weight" : NULL)) != DMV_OK)
                return rc;
            if (per_comp) {
                const cJSON *wk = jget(e1, "weight");
                char r[SPEC_PATH];
                jp(r, q, "weight");
                if (wk == NULL)
                    return jfail(c, r, wk, "each component needs a \"weight\" (or give \"weights\")");
                if ((rc = jnumber(c, wk, r, &s->u.mixture.w[k])) != DMV_OK)
                    return rc;
                if (!(s->u.mixture.w[k] >= 0))
                    return jfail(c, r, wk, "weights must be >= 0");
            }
            if (s->u.mixture.comp[k].d != s->u.mixture.comp[0].d) {
                char r[SPEC_PATH];
                jp(r, q, s->u.mixture.comp[k].full ? "cov" : "lambda");
                spf(why, sizeof why, "has dimension %ld but %s[0] has %ld", s->u.mixture.comp[k].d, p,
                         s->u.mixture.comp[0].d);
                return jfail(c, r, jget(e1, s->u.mixture.comp[k].full ? "cov" : "lambda"), why);
            }
            k++;
        }
        if (per_comp) {
            double sum = 0;
            for (k = 0; k < K; k++)
                sum += s->u.mixture.w[k];
            if (!(sum > 0))
                return jfail(c, p, ci, "the weights are all 0");
        }
        s->dim = s->u.mixture.comp[0].d;
        return DMV_OK;
    }
    {
        const cJSON *mi = jget(obj, "means"), *vi = jget(obj, "vars");
        double *mean = NULL, *var = NULL;
        long Km = 0, Kv = 0, dv = 0;
        if ((rc = jkeys(c, obj, prefix, keys_diag)) != DMV_OK)
            return rc;
        jp(p, prefix, "weights");
        if ((rc = jweights(c, wi, p, &s->u.mixture.w, &K)) != DMV_OK)
            return rc;
        jp(p, prefix, "means");
        if ((rc = jmatrix(c, mi, p, &mean, &Km, &d)) != DMV_OK)
            return rc;
        if (Km != K) {
            free(mean);
            spf(why, sizeof why, "has %ld rows but there are %ld weights (one row per component)", Km, K);
            return jfail(c, p, mi, why);
        }
        jp(p, prefix, "vars");
        if ((rc = jmatrix(c, vi, p, &var, &Kv, &dv)) != DMV_OK) {
            free(mean);
            return rc;
        }
        if (Kv != K || dv != d) {
            free(mean);
            free(var);
            spf(why, sizeof why, "is %ld x %ld but means is %ld x %ld", Kv, dv, K, d);
            return jfail(c, p, vi, why);
        }
        for (k = 0; k < K * d; k++)
            if (!(var[k] >= 0)) {
                spf(q, sizeof q, "%s[%ld][%ld]", p, k / d, k % d);
                rc = jfail(c, q, jat(vi, k / d, k % d), "a variance must be >= 0");
                free(mean);
                free(var);
                return rc;
            }
        s->u.mixture.comp = calloc((size_t) K, sizeof(dmv_model_gaussian));
        if (s->u.mixture.comp == NULL) {
            free(mean);
            free(var);
            return jnomem(c, prefix);
        }
        s->u.mixture.K = K;
        for (k = 0; k < K; k++) {
            dmv_model_gaussian *g = &s->u.mixture.comp[k];
            g->d = d;
            g->lambda = malloc((size_t) d * sizeof(double));
            g->mean = malloc((size_t) d * sizeof(double));
            if (g->lambda == NULL || g->mean == NULL) {
                free(mean);
                free(var);
                return jnomem(c, prefix);
            }
            for (j = 0; j < d; j++) {
                g->lambda[j] = var[k * d + j];
                g->mean[j] = mean[k * d + j];
            }
        }
        free(mean);
        free(var);
        s->dim = d;
        return DMV_OK;
    }
}

/* "boxes": {"weights": [K], "lo": K x d, "hi": K x d} */
static int jboxes(pctx *c, const cJSON *obj, const char *prefix, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "weights", "lo", "hi", NULL};
    const cJSON *li = jget(obj, "lo"), *hi = jget(obj, "hi");
    char p[SPEC_PATH], q[SPEC_PATH + 32], why[SPEC_PATH + 64];
    long K = 0, Kl = 0, dl = 0, Kh = 0, dh = 0, k;
    int rc;
    s->kind = DMV_MODEL_BOXES;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jp(p, prefix, "weights");
    if ((rc = jweights(c, jget(obj, "weights"), p, &s->u.boxes.w, &K)) != DMV_OK)
        return rc;
    s->u.boxes.K = K;
    jp(p, prefix, "lo");
    if ((rc = jmatrix(c, li, p, &s->u.boxes.lo, &Kl, &dl)) != DMV_OK)
        return rc;
    if (Kl != K) {
        spf(why, sizeof why, "has %ld rows but there are %ld weights (one box per row)", Kl, K);
        return jfail(c, p, li, why);
    }
    jp(p, prefix, "hi");
    if ((rc = jmatrix(c, hi, p, &s->u.boxes.hi, &Kh, &dh)) != DMV_OK)
        return rc;
    if (Kh != K || dh != dl) {
        spf(why, sizeof why, "is %ld x %ld but lo is %ld x %ld", Kh, dh, K, dl);
        return jfail(c, p, hi, why);
    }
    for (k = 0; k < K * dl; k++)
        if (!(s->u.boxes.lo[k] < s->u.boxes.hi[k])) {
            spf(q, sizeof q, "%s[%ld][%ld]", p, k / dl, k % dl);
            spf(why, sizeof why, "must be > lo[%ld][%ld] = %.17g", k / dl, k % dl, s->u.boxes.lo[k]);
            return jfail(c, q, jat(hi, k / dl, k % dl), why);
        }
    s->dim = dl;
    return DMV_OK;
}

static int jumix(pctx *c, const cJSON *obj, const char *prefix, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "weights", "a", "b", NULL};
    const cJSON *wi = jget(obj, "weights"), *ai = jget(obj, "a"), *bi = jget(obj, "b");
    char p[SPEC_PATH], q[SPEC_PATH + 32], why[SPEC_PATH + 64];
    long d = 0, K = 0, da = 0, Ka = 0, db = 0, Kb = 0, j, k;
    double *w, *a, *b, sum;
    int rc;
    s->kind = DMV_MODEL_UMIX;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jp(p, prefix, "weights");
    if ((rc = jmatrix(c, wi, p, &s->u.umix.w, &d, &K)) != DMV_OK)
        return rc;
    w = s->u.umix.w;
    s->u.umix.K = K;
    for (j = 0; j < d; j++) {
        sum = 0;
        for (k = 0; k < K; k++) {
            if (!(w[j * K + k] >= 0)) {
                spf(q, sizeof q, "%s[%ld][%ld]", p, j, k);
                return jfail(c, q, jat(wi, j, k), "a weight must be >= 0");
            }
            sum += w[j * K + k];
        }
        if (!(sum > 0)) {
            ji(q, p, j);
            return jfail(c, q, jat(wi, j, -1), "the weights of this coordinate are all 0");
        }
    }
    jp(p, prefix, "a");
    if ((rc = jmatrix(c, ai, p, &s->u.umix.a, &da, &Ka)) != DMV_OK)
        return rc;
    if (da != d || Ka != K) {
        spf(why, sizeof why, "is %ld x %ld but weights is %ld x %ld (d coordinates x K intervals)", da, Ka, d, K);
        return jfail(c, p, ai, why);
    }
    jp(p, prefix, "b");
    if ((rc = jmatrix(c, bi, p, &s->u.umix.b, &db, &Kb)) != DMV_OK)
        return rc;
    if (db != d || Kb != K) {
        spf(why, sizeof why, "is %ld x %ld but weights is %ld x %ld (d coordinates x K intervals)", db, Kb, d, K);
        return jfail(c, p, bi, why);
    }
    a = s->u.umix.a;
    b = s->u.umix.b;
    for (j = 0; j < d * K; j++)
        if (!(a[j] < b[j])) {
            spf(q, sizeof q, "%s[%ld][%ld]", p, j / K, j % K);
            spf(why, sizeof why, "must be > a[%ld][%ld] = %.17g", j / K, j % K, a[j]);
            return jfail(c, q, jat(bi, j / K, j % K), why);
        }
    s->dim = d;
    return DMV_OK;
}

static int jempirical(pctx *c, const cJSON *obj, const char *prefix, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "train", "method", NULL};
    const cJSON *ti = jget(obj, "train"), *mi = jget(obj, "method");
    char p[SPEC_PATH];
    long n = 0, d = 0;
    int rc;
    s->kind = DMV_MODEL_EMPIRICAL;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    s->u.empirical.method = DMV_EMPIRICAL_AUTO;
    jp(p, prefix, "method");
    if (mi != NULL) {
        if (!cJSON_IsString(mi))
            return jfail(c, p, mi, "expected \"auto\", \"direct\" or \"gemm\"");
        if (strcmp(mi->valuestring, "auto") == 0)
            s->u.empirical.method = DMV_EMPIRICAL_AUTO;
        else if (strcmp(mi->valuestring, "direct") == 0)
            s->u.empirical.method = DMV_EMPIRICAL_DIRECT;
        else if (strcmp(mi->valuestring, "gemm") == 0)
            s->u.empirical.method = DMV_EMPIRICAL_GEMM;
        else
            return jfail(c, p, mi, "expected \"auto\", \"direct\" or \"gemm\"");
    }
    jp(p, prefix, "train");
    if (cJSON_IsString(ti))
        rc = jnpy(c, ti, p, "train", &s->u.empirical.X, &n, &d);
    else
        rc = jmatrix(c, ti, p, &s->u.empirical.X, &n, &d);
    if (rc != DMV_OK)
        return rc;
    s->u.empirical.n = n;
    s->dim = d;
    return DMV_OK;
}

static int jchild(pctx *c, const cJSON *obj, const char *prefix, const char *key, int depth, dmv_model_spec **out)
{
    char p[SPEC_PATH];
    *out = malloc(sizeof **out);
    jp(p, prefix, key);
    if (*out == NULL)
        return jnomem(c, p);
    dmv_model_spec_init(*out);
    return jmodel(c, jget(obj, key), p, depth + 1, *out);
}

static int jsame_dim(pctx *c, const cJSON *obj, const char *prefix, const char *k1, const dmv_model_spec *s1,
                     const char *k2, const dmv_model_spec *s2)
{
    char p[SPEC_PATH], why[SPEC_PATH + 64];
    if (s1->dim == s2->dim)
        return DMV_OK;
    jp(p, prefix, k2);
    spf(why, sizeof why, "has dimension %ld but %s has %ld", s2->dim, k1, s1->dim);
    return jfail(c, p, jget(obj, k2), why);
}

static int jguided(pctx *c, const cJSON *obj, const char *prefix, int depth, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "w", "gamma", "classifier_scale", "classifier_base",
                                       "cond", "uncond", NULL};
    const char *const forms[3] = {"w", "gamma", "classifier_scale"};
    const cJSON *it = NULL, *bi = jget(obj, "classifier_base");
    char p[SPEC_PATH];
    int rc, q, given = -1;
    double v = 0;
    s->kind = DMV_MODEL_GUIDED;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    for (q = 0; q < 3; q++)
        if (jget(obj, forms[q]) != NULL) {
            if (given >= 0) {
                jp(p, prefix, forms[q]);
                return jfail(c, p, jget(obj, forms[q]),
                             q == 1 && given == 0 ? "give w or gamma (= 1 + w), not both"
                                                  : "give one of w, gamma, classifier_scale");
            }
            given = q;
        }
    if (given < 0) {
        jp(p, prefix, "w");
        return jfail(c, p, NULL, "a guided model needs w (or gamma, or classifier_scale)");
    }
    jp(p, prefix, forms[given]);
    it = jget(obj, forms[given]);
    if ((rc = jnumber(c, it, p, &v)) != DMV_OK)
        return rc;
    s->u.guided.scale = v;
    if (given == 0) {
        s->u.guided.param = DMV_GUIDANCE_W;
        s->u.guided.w = v;
    } else if (given == 1) {
        s->u.guided.param = DMV_GUIDANCE_GAMMA;
        s->u.guided.w = v - 1.0;
    } else {
        jp(p, prefix, "classifier_base");
        if (!cJSON_IsString(bi) ||
            (strcmp(bi->valuestring, "uncond") != 0 && strcmp(bi->valuestring, "cond") != 0))
            return jfail(c, p, bi, "classifier guidance needs \"classifier_base\": \"uncond\" (s_u + scale grad log "
                                   "p(z|x), w = scale - 1) or \"cond\" (s_c + scale grad log p(z|x), w = scale)");
        if (strcmp(bi->valuestring, "uncond") == 0) {
            s->u.guided.param = DMV_GUIDANCE_CLASSIFIER_UNCOND;
            s->u.guided.w = v - 1.0;
        } else {
            s->u.guided.param = DMV_GUIDANCE_CLASSIFIER_COND;
            s->u.guided.w = v;
        }
    }
    if (given != 2 && bi != NULL) {
        jp(p, prefix, "classifier_base");
        return jfail(c, p, bi, "only with classifier_scale");
    }
    if ((rc = jchild(c, obj, prefix, "cond", depth, &s->u.guided.cond)) != DMV_OK)
        return rc;
    if ((rc = jchild(c, obj, prefix, "uncond", depth, &s->u.guided.uncond)) != DMV_OK)
        return rc;
    if ((rc = jsame_dim(c, obj, prefix, "cond", s->u.guided.cond, "uncond", s->u.guided.uncond)) != DMV_OK)
        return rc;
    s->dim = s->u.guided.cond->dim;
    return DMV_OK;
}

static int jscore_mix(pctx *c, const cJSON *obj, const char *prefix, int depth, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "lambda", "base", "other", NULL};
    char p[SPEC_PATH];
    int rc;
    s->kind = DMV_MODEL_SCORE_MIX;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jp(p, prefix, "lambda");
    if ((rc = jnumber(c, jget(obj, "lambda"), p, &s->u.score_mix.lambda)) != DMV_OK)
        return rc;
    if ((rc = jchild(c, obj, prefix, "base", depth, &s->u.score_mix.base)) != DMV_OK)
        return rc;
    if ((rc = jchild(c, obj, prefix, "other", depth, &s->u.score_mix.other)) != DMV_OK)
        return rc;
    if ((rc = jsame_dim(c, obj, prefix, "base", s->u.score_mix.base, "other", s->u.score_mix.other)) != DMV_OK)
        return rc;
    s->dim = s->u.score_mix.base->dim;
    return DMV_OK;
}

static int jtail(pctx *c, const cJSON *obj, const char *prefix, int depth, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "base", "a1", "a2", "kappa", "sigma_hat_max", NULL};
    const char *const names[2] = {"a1", "a2"};
    const cJSON *it;
    char p[SPEC_PATH], why[SPEC_PATH + 64];
    double **dst[2];
    long n, q;
    int rc;
    s->kind = DMV_MODEL_TAIL;
    dst[0] = &s->u.tail.a1;
    dst[1] = &s->u.tail.a2;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jp(p, prefix, "kappa");
    it = jget(obj, "kappa");
    if ((rc = jnumber(c, it, p, &s->u.tail.kappa)) != DMV_OK)
        return rc;
    if (!(s->u.tail.kappa >= 0))
        return jfail(c, p, it, "kappa must be >= 0");
    jp(p, prefix, "sigma_hat_max");
    it = jget(obj, "sigma_hat_max");
    s->u.tail.sigma_hat_max = 1.0;
    if (it != NULL && cJSON_IsNull(it))
        s->u.tail.sigma_hat_max = HUGE_VAL; /* null: no limit */
    else if (it != NULL) {
        if ((rc = jnumber(c, it, p, &s->u.tail.sigma_hat_max)) != DMV_OK)
            return rc;
        if (!(s->u.tail.sigma_hat_max > 0))
            return jfail(c, p, it, "sigma_hat_max must be > 0 (null: no limit)");
    }
    if ((rc = jchild(c, obj, prefix, "base", depth, &s->u.tail.base)) != DMV_OK)
        return rc;
    s->dim = s->u.tail.base->dim;
    for (q = 0; q < 2; q++) {
        it = jget(obj, names[q]);
        if (jabsent(it))
            continue;
        jp(p, prefix, names[q]);
        if ((rc = jvector(c, it, p, dst[q], &n)) != DMV_OK)
            return rc;
        if (n != s->dim) {
            spf(why, sizeof why, "has %ld entries but base has dimension %ld", n, s->dim);
            return jfail(c, p, it, why);
        }
    }
    if (s->u.tail.a1 == NULL && s->u.tail.a2 == NULL) {
        jp(p, prefix, "a2");
        return jfail(c, p, NULL, "a tail model needs a2 (upper thresholds) and/or a1 (lower thresholds)");
    }
    return DMV_OK;
}

static int jperturbed(pctx *c, const cJSON *obj, const char *prefix, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "base", "kappa", "dl", "dm", NULL};
    static const char *const names[3] = {"kappa", "dl", "dm"};
    const cJSON *bi = jget(obj, "base"), *mk, *it;
    double **v[3];
    char p[SPEC_PATH], q[SPEC_PATH + 32], why[SPEC_PATH + 64];
    long n, j;
    int k, rc;
    s->kind = DMV_MODEL_PERTURBED;
    v[0] = &s->u.perturbed.kappa;
    v[1] = &s->u.perturbed.dl;
    v[2] = &s->u.perturbed.dm;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jp(p, prefix, "base");
    if (!cJSON_IsObject(bi))
        return jfail(c, p, bi, "expected a {\"model\": \"gaussian\", ...} object");
    mk = jget(bi, "model");
    if (!cJSON_IsString(mk) || strcmp(mk->valuestring, "gaussian") != 0) {
        jp(p, prefix, "base.model");
        return jfail(c, p, mk, "the base of a perturbed model must be \"gaussian\"");
    }
    if (!jabsent(jget(bi, "cov"))) {
        jp(p, prefix, "base.cov");
        return jfail(c, p, jget(bi, "cov"), "the base of a perturbed model is given by eigenpairs (lambda, mean, "
                                            "basis), not by a covariance");
    }
    if ((rc = jgaussian(c, bi, p, &s->u.perturbed.base, NULL)) != DMV_OK)
        return rc;
    s->dim = s->u.perturbed.base.d;
    for (k = 0; k < 3; k++) {
        it = jget(obj, names[k]);
        if (jabsent(it))
            continue;
        jp(p, prefix, names[k]);
        if ((rc = jvector(c, it, p, v[k], &n)) != DMV_OK)
            return rc;
        if (n != s->dim) {
            spf(why, sizeof why, "has %ld entries but base.lambda has %ld", n, s->dim);
            return jfail(c, p, it, why);
        }
        for (j = 0; j < n; j++) {
            const char *bad = NULL;
            if (k == 0 && !((*v[k])[j] > -1))
                bad = "kappa must be > -1";
            if (k == 1 && !(s->u.perturbed.base.lambda[j] + (*v[k])[j] >= 0))
                bad = "lambda + dl must be >= 0";
            if (bad) {
                ji(q, p, j);
                return jfail(c, q, jat(it, j, -1), bad);
            }
        }
    }
    return DMV_OK;
}

static const char *const zs_names[DMV_ZS_COUNT] = {"exact", "ddnm", "bo-ddnm", "pigdm", "pigdm-exact", "dps"};

const char *dmv_zs_rule_name(dmv_zs_rule r)
{
    return ((int) r >= 0 && r < DMV_ZS_COUNT) ? zs_names[r] : "?";
}

static int jlinear_inverse(pctx *c, const cJSON *obj, const char *prefix, int depth, dmv_model_spec *s)
{
    static const char *const keys[] = {"model", "prior", "H", "y", "sigma_y", "rule", "weight", NULL};
    char p[SPEC_PATH], why[SPEC_PATH + 96];
    const cJSON *it;
    long rows = 0, cols = 0, n = 0, k;
    int rc;
    s->kind = DMV_MODEL_LINEAR_INVERSE;
    s->u.linear_inverse.rule_param = NAN;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jp(p, prefix, "rule");
    it = jget(obj, "rule");
    if (!cJSON_IsString(it))
        return jfail(c, p, it, "expected a rule: exact, ddnm, bo-ddnm, pigdm, pigdm-exact, dps");
    for (k = 0; k < DMV_ZS_COUNT && strcmp(zs_names[k], it->valuestring) != 0; k++)
        ;
    if (k == DMV_ZS_COUNT)
        return jfail(c, p, it, "unknown rule (exact, ddnm, bo-ddnm, pigdm, pigdm-exact, dps)");
    s->u.linear_inverse.rule = (dmv_zs_rule) k;
    jp(p, prefix, "sigma_y");
    it = jget(obj, "sigma_y");
    if ((rc = jnumber(c, it, p, &s->u.linear_inverse.sigma_y)) != DMV_OK)
        return rc;
    if (!(s->u.linear_inverse.sigma_y >= 0 && isfinite(s->u.linear_inverse.sigma_y)))
        return jfail(c, p, it, "sigma_y must be finite and >= 0");
    it = jget(obj, "weight");
    if (!jabsent(it)) {
        jp(p, prefix, "weight");
        if (s->u.linear_inverse.rule != DMV_ZS_DPS)
            return jfail(c, p, it, "a weight is a parameter of the dps rule only");
        if ((rc = jnumber(c, it, p, &s->u.linear_inverse.rule_param)) != DMV_OK)
            return rc;
    }
    if (s->u.linear_inverse.rule == DMV_ZS_DPS && isnan(s->u.linear_inverse.rule_param) &&
        !(s->u.linear_inverse.sigma_y > 0)) {
        jp(p, prefix, "sigma_y");
        return jfail(c, p, jget(obj, "sigma_y"), "dps without a weight uses 1/sigma_y^2: needs sigma_y > 0");
    }
    if ((rc = jchild(c, obj, prefix, "prior", depth, &s->u.linear_inverse.prior)) != DMV_OK)
        return rc;
    s->dim = s->u.linear_inverse.prior->dim;
    jp(p, prefix, "H");
    it = jget(obj, "H");
    if ((rc = jmatrix(c, it, p, &s->u.linear_inverse.H, &rows, &cols)) != DMV_OK)
        return rc;
    if (cols != s->dim || rows > cols) {
        spf(why, sizeof why, "is %ld x %ld: needs m x %ld with m <= %ld (the prior's dimension)", rows, cols, s->dim,
            s->dim);
        return jfail(c, p, it, why);
    }
    s->u.linear_inverse.m = rows;
    jp(p, prefix, "y");
    it = jget(obj, "y");
    if ((rc = jvector(c, it, p, &s->u.linear_inverse.y, &n)) != DMV_OK)
        return rc;
    if (n != rows) {
        spf(why, sizeof why, "has %ld entries but H has %ld rows", n, rows);
        return jfail(c, p, it, why);
    }
    return DMV_OK;
}

static int jmodel(pctx *c, const cJSON *obj, const char *prefix, int depth, dmv_model_spec *s)
{
    const cJSON *mk;
    char p[SPEC_PATH];
    const char *kind;
    if (depth > SPEC_MAX_DEPTH)
        return dmv_error_set(c->err, DMV_EINVAL, "%s: %s: models nested deeper than %d", c->what,
                             prefix[0] ? prefix : "(top level)", SPEC_MAX_DEPTH);
    if (!cJSON_IsObject(obj))
        return jfail(c, prefix, obj, "expected a model object {\"model\": ..., ...}");
    mk = jget(obj, "model");
    jp(p, prefix, "model");
    if (!cJSON_IsString(mk))
        return jfail(c, p, mk,
                     "expected a model name: gaussian, mixture, boxes, umix, empirical, guided, score_mix, tail, "
                     "perturbed");
    kind = mk->valuestring;
    if (strcmp(kind, "gaussian") == 0) {
        s->kind = DMV_MODEL_GAUSSIAN;
        int rc = jgaussian(c, obj, prefix, &s->u.gaussian, NULL);
        if (rc != DMV_OK)
            return rc;
        s->dim = s->u.gaussian.d;
        return DMV_OK;
    }
    if (strcmp(kind, "mixture") == 0)
        return jmixture(c, obj, prefix, s);
    if (strcmp(kind, "boxes") == 0)
        return jboxes(c, obj, prefix, s);
    if (strcmp(kind, "umix") == 0)
        return jumix(c, obj, prefix, s);
    if (strcmp(kind, "empirical") == 0)
        return jempirical(c, obj, prefix, s);
    if (strcmp(kind, "guided") == 0)
        return jguided(c, obj, prefix, depth, s);
    if (strcmp(kind, "score_mix") == 0)
        return jscore_mix(c, obj, prefix, depth, s);
    if (strcmp(kind, "tail") == 0)
        return jtail(c, obj, prefix, depth, s);
    if (strcmp(kind, "perturbed") == 0)
        return jperturbed(c, obj, prefix, s);
    if (strcmp(kind, "linear_inverse") == 0)
        return jlinear_inverse(c, obj, prefix, depth, s);
    return jfail(c, p, mk,
                 "unknown model (gaussian, mixture, boxes, umix, empirical, guided, score_mix, tail, perturbed)");
}

/* ---- entry points -------------------------------------------------------------------------- */
static int parse_item(dmv_model_spec *spec, const cJSON *item, const char *what, const char *path,
                      const char *base_dir, dmv_error *err)
{
    pctx c;
    char *dir = NULL;
    size_t l;
    int rc;
    dmv_error local;
    dmv_error_init(&local);
    if (spec == NULL)
        return dmv_error_set(err, DMV_EINVAL, "model spec: spec is NULL");
    dmv_model_spec_init(spec);
    l = base_dir ? strlen(base_dir) : 0;
    dir = malloc(l + 2);
    if (dir == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "model spec: out of memory");
    if (l > 0) {
        memcpy(dir, base_dir, l);
        if (base_dir[l - 1] != '/')
            dir[l++] = '/';
    }
    dir[l] = '\0';
    c.what = what ? what : "model";
    c.base_dir = dir;
    c.top = spec;
    c.err = err ? err : &local;
    rc = jmodel(&c, item, path ? path : "", 0, spec);
    free(dir);
    if (rc != DMV_OK) {
        if (c.err->code == DMV_OK) /* a path that returned without a message: never expected */
            dmv_error_set(c.err, rc, "%s: invalid model", c.what);
        dmv_model_spec_clear(spec);
    }
    return rc;
}

int dmv_model_spec_from_cjson(dmv_model_spec *spec, const void *item, const char *what, const char *path,
                              const char *base_dir, dmv_error *err)
{
    return parse_item(spec, (const cJSON *) item, what, path, base_dir, err);
}

int dmv_model_spec_parse(dmv_model_spec *spec, const char *text, size_t len, const char *what, const char *path,
                         const char *base_dir, dmv_error *err)
{
    cJSON *root;
    int rc;
    if (spec != NULL)
        dmv_model_spec_init(spec);
    if (text == NULL)
        return dmv_error_set(err, DMV_EINVAL, "%s: no JSON text", what ? what : "model");
    root = cJSON_ParseWithLength(text, len);
    if (root == NULL) {
        const char *at = cJSON_GetErrorPtr();
        long off = at ? (long) (at - text) : -1, line = 1, k;
        for (k = 0; k < off && k < (long) len; k++)
            line += text[k] == '\n';
        return dmv_error_set(err, DMV_EFORMAT, "%s: malformed JSON near byte %ld (line %ld): '%.20s'",
                             what ? what : "model", off, line, at ? at : "");
    }
    rc = parse_item(spec, root, what, path, base_dir, err);
    cJSON_Delete(root);
    return rc;
}

int dmv_model_spec_read(dmv_model_spec *spec, const char *filename, dmv_error *err)
{
    char *text = NULL, *what = NULL, *dir = NULL;
    size_t n = 0;
    int rc;
    if (spec != NULL)
        dmv_model_spec_init(spec);
    if (filename == NULL)
        return dmv_error_set(err, DMV_EINVAL, "model file: no file name");
    if ((rc = dmv_file_read(&text, &n, filename, "model file", err)) != DMV_OK)
        return rc;
    what = malloc(strlen(filename) + sizeof "model file ");
    if (what == NULL || dmv_file_dir(&dir, filename) != DMV_OK) {
        free(text);
        free(what);
        return dmv_error_set(err, DMV_ENOMEM, "model file %s: out of memory", filename);
    }
    sprintf(what, "model file %s", filename);
    rc = dmv_model_spec_parse(spec, text, n, what, "", dir, err);
    free(text);
    free(what);
    free(dir);
    return rc;
}

/* ---- checks of a spec built in C ------------------------------------------------------------ */
static int cfail(dmv_error *err, const char *path, const char *field, long i, double v, const char *why)
{
    if (i >= 0)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s%s%s[%ld] = %.17g: %s", path, path[0] ? "." : "", field,
                             i, v, why);
    return dmv_error_set(err, DMV_EINVAL, "model spec: %s%s%s = %.17g: %s", path, path[0] ? "." : "", field, v, why);
}

static int check_finite(const double *v, long n, dmv_error *err, const char *path, const char *field)
{
    long k;
    if (v == NULL)
        return DMV_OK;
    for (k = 0; k < n; k++)
        if (!isfinite(v[k]))
            return cfail(err, path, field, k, v[k], "must be finite");
    return DMV_OK;
}

static int check_weights(const double *w, long K, dmv_error *err, const char *path, const char *field)
{
    long k;
    double sum = 0;
    if (w == NULL || K < 1)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s%s%s: needs K >= 1 weights", path, path[0] ? "." : "",
                             field);
    for (k = 0; k < K; k++) {
        if (!(w[k] >= 0) || !isfinite(w[k]))
            return cfail(err, path, field, k, w[k], "weights must be finite and >= 0");
        sum += w[k];
    }
    if (!(sum > 0))
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s%s%s: the weights are all 0", path, path[0] ? "." : "",
                             field);
    return DMV_OK;
}

static int check_gaussian(const dmv_model_gaussian *g, long d, dmv_error *err, const char *path)
{
    long j, l;
    int rc;
    if (g->d != d || d < 1)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s: d = %ld: expected %ld >= 1", path[0] ? path : "(top)",
                             g->d, d);
    if (g->full) {
        if (g->cov == NULL)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: full covariance without cov", path);
        if ((rc = check_finite(g->cov, d * d, err, path, "cov")) != DMV_OK ||
            (rc = check_finite(g->mu, d, err, path, "mu")) != DMV_OK)
            return rc;
        for (j = 0; j < d; j++) {
            if (!(g->cov[j * d + j] >= 0))
                return cfail(err, path, "cov", j * d + j, g->cov[j * d + j], "a variance must be >= 0");
            for (l = 0; l < j; l++)
                if (g->cov[j * d + l] != g->cov[l * d + j])
                    return cfail(err, path, "cov", j * d + l, g->cov[j * d + l], "a covariance is symmetric");
        }
        return DMV_OK;
    }
    if (g->lambda == NULL)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s: eigen form without lambda", path);
    if ((rc = check_finite(g->lambda, d, err, path, "lambda")) != DMV_OK ||
        (rc = check_finite(g->mean, d, err, path, "mean")) != DMV_OK)
        return rc;
    for (j = 0; j < d; j++)
        if (!(g->lambda[j] >= 0))
            return cfail(err, path, "lambda", j, g->lambda[j], "an eigenvalue must be >= 0");
    if (g->basis_kind == DMV_BASIS_MATRIX) {
        if (g->basis == NULL)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: basis_kind matrix without basis", path);
        return check_finite(g->basis, d * d, err, path, "basis");
    }
    if (g->basis_kind < DMV_BASIS_NONE || g->basis_kind > DMV_BASIS_MATRIX)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s: basis_kind = %d: unknown", path, (int) g->basis_kind);
    return DMV_OK;
}

int dmv_model_spec_check(const dmv_model_spec *s, const char *path, dmv_error *err)
{
    char p[SPEC_PATH];
    long k, d;
    int rc;
    if (path == NULL)
        path = "";
    if (s == NULL)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s: NULL", path[0] ? path : "(top)");
    d = s->dim;
    if (d < 1 && s->kind != DMV_MODEL_LINEAR_INVERSE)
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s: dim = %ld: must be >= 1", path[0] ? path : "(top)", d);
    switch (s->kind) {
    case DMV_MODEL_GAUSSIAN:
        return check_gaussian(&s->u.gaussian, d, err, path);
    case DMV_MODEL_MIXTURE:
        if ((rc = check_weights(s->u.mixture.w, s->u.mixture.K, err, path, "weights")) != DMV_OK)
            return rc;
        if (s->u.mixture.comp == NULL)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: mixture without components", path);
        for (k = 0; k < s->u.mixture.K; k++) {
            spf(p, sizeof p, "%s%scomponents[%ld]", path, path[0] ? "." : "", k);
            if ((rc = check_gaussian(&s->u.mixture.comp[k], d, err, p)) != DMV_OK)
                return rc;
        }
        return DMV_OK;
    case DMV_MODEL_BOXES:
        if ((rc = check_weights(s->u.boxes.w, s->u.boxes.K, err, path, "weights")) != DMV_OK)
            return rc;
        if (s->u.boxes.lo == NULL || s->u.boxes.hi == NULL)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: boxes without lo/hi", path);
        for (k = 0; k < s->u.boxes.K * d; k++)
            if (!isfinite(s->u.boxes.lo[k]) || !isfinite(s->u.boxes.hi[k]) || !(s->u.boxes.lo[k] < s->u.boxes.hi[k]))
                return cfail(err, path, "hi", k, s->u.boxes.hi[k], "must be finite and > lo");
        return DMV_OK;
    case DMV_MODEL_UMIX:
        if (s->u.umix.w == NULL || s->u.umix.a == NULL || s->u.umix.b == NULL || s->u.umix.K < 1)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: umix without weights/a/b", path);
        for (k = 0; k < d; k++) {
            spf(p, sizeof p, "weights[%ld]", k);
            if ((rc = check_weights(s->u.umix.w + k * s->u.umix.K, s->u.umix.K, err, path, p)) != DMV_OK)
                return rc;
        }
        for (k = 0; k < s->u.umix.K * d; k++)
            if (!isfinite(s->u.umix.a[k]) || !isfinite(s->u.umix.b[k]) || !(s->u.umix.a[k] < s->u.umix.b[k]))
                return cfail(err, path, "b", k, s->u.umix.b[k], "must be finite and > a");
        return DMV_OK;
    case DMV_MODEL_EMPIRICAL:
        if (s->u.empirical.X == NULL || s->u.empirical.n < 1)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: empirical: n = %ld training points", path,
                                 s->u.empirical.n);
        return check_finite(s->u.empirical.X, s->u.empirical.n * d, err, path, "train");
    case DMV_MODEL_GUIDED:
    case DMV_MODEL_SCORE_MIX: {
        int g = s->kind == DMV_MODEL_GUIDED;
        const dmv_model_spec *a = g ? s->u.guided.cond : s->u.score_mix.base,
                             *b = g ? s->u.guided.uncond : s->u.score_mix.other;
        double v = g ? s->u.guided.w : s->u.score_mix.lambda;
        if (!isfinite(v))
            return cfail(err, path, g ? "w" : "lambda", -1, v, "must be finite");
        spf(p, sizeof p, "%s%s%s", path, path[0] ? "." : "", g ? "cond" : "base");
        if ((rc = dmv_model_spec_check(a, p, err)) != DMV_OK)
            return rc;
        spf(p, sizeof p, "%s%s%s", path, path[0] ? "." : "", g ? "uncond" : "other");
        if ((rc = dmv_model_spec_check(b, p, err)) != DMV_OK)
            return rc;
        if (a->dim != d || b->dim != d)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: dimensions %ld and %ld of the two models differ "
                                                  "from dim = %ld", path[0] ? path : "(top)", a->dim, b->dim, d);
        return DMV_OK;
    }
    case DMV_MODEL_TAIL:
        if (!(s->u.tail.kappa >= 0) || !isfinite(s->u.tail.kappa))
            return cfail(err, path, "kappa", -1, s->u.tail.kappa, "must be finite and >= 0");
        if (!(s->u.tail.sigma_hat_max > 0))
            return cfail(err, path, "sigma_hat_max", -1, s->u.tail.sigma_hat_max, "must be > 0");
        if (s->u.tail.a1 == NULL && s->u.tail.a2 == NULL)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: tail needs a1 and/or a2", path);
        if ((rc = check_finite(s->u.tail.a1, d, err, path, "a1")) != DMV_OK ||
            (rc = check_finite(s->u.tail.a2, d, err, path, "a2")) != DMV_OK)
            return rc;
        spf(p, sizeof p, "%s%sbase", path, path[0] ? "." : "");
        if ((rc = dmv_model_spec_check(s->u.tail.base, p, err)) != DMV_OK)
            return rc;
        if (s->u.tail.base->dim != d)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: base dim %ld != %ld", p, s->u.tail.base->dim, d);
        return DMV_OK;
    case DMV_MODEL_PERTURBED:
        spf(p, sizeof p, "%s%sbase", path, path[0] ? "." : "");
        if (s->u.perturbed.base.full)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: the base of a perturbed model is in eigen form", p);
        if ((rc = check_gaussian(&s->u.perturbed.base, d, err, p)) != DMV_OK)
            return rc;
        if ((rc = check_finite(s->u.perturbed.kappa, d, err, path, "kappa")) != DMV_OK ||
            (rc = check_finite(s->u.perturbed.dl, d, err, path, "dl")) != DMV_OK ||
            (rc = check_finite(s->u.perturbed.dm, d, err, path, "dm")) != DMV_OK)
            return rc;
        for (k = 0; k < d; k++) {
            if (s->u.perturbed.kappa && !(s->u.perturbed.kappa[k] > -1))
                return cfail(err, path, "kappa", k, s->u.perturbed.kappa[k], "kappa must be > -1");
            if (s->u.perturbed.dl && !(s->u.perturbed.base.lambda[k] + s->u.perturbed.dl[k] >= 0))
                return cfail(err, path, "dl", k, s->u.perturbed.dl[k], "lambda + dl must be >= 0");
        }
        return DMV_OK;
    case DMV_MODEL_LINEAR_INVERSE: {
        const dmv_model_spec *pr = s->u.linear_inverse.prior;
        long m = s->u.linear_inverse.m;
        if (pr == NULL || s->u.linear_inverse.H == NULL || s->u.linear_inverse.y == NULL || m < 1 || m > d)
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: linear_inverse needs a prior, H (m x %ld, "
                                 "1 <= m <= %ld) and y (m = %ld)", path[0] ? path : "(top)", d, d, m);
        spf(p, sizeof p, "%s%sprior", path, path[0] ? "." : "");
        if ((rc = dmv_model_spec_check(pr, p, err)) != DMV_OK)
            return rc;
        if (pr->kind != DMV_MODEL_GAUSSIAN || pr->dim != d ||
            (!pr->u.gaussian.full && pr->u.gaussian.basis_kind != DMV_BASIS_NONE))
            return dmv_error_set(err, DMV_EINVAL, "model spec: %s: the prior must be a gaussian of dimension %ld, "
                                 "with cov/mu or with lambda/mean and no basis (got %s)", p, d,
                                 dmv_model_kind_name(pr->kind));
        if ((rc = check_finite(s->u.linear_inverse.H, m * d, err, path, "H")) != DMV_OK ||
            (rc = check_finite(s->u.linear_inverse.y, m, err, path, "y")) != DMV_OK)
            return rc;
        if (!(s->u.linear_inverse.sigma_y >= 0) || !isfinite(s->u.linear_inverse.sigma_y))
            return cfail(err, path, "sigma_y", -1, s->u.linear_inverse.sigma_y, "must be finite and >= 0");
        if ((int) s->u.linear_inverse.rule < 0 || s->u.linear_inverse.rule >= DMV_ZS_COUNT)
            return cfail(err, path, "rule", -1, (double) s->u.linear_inverse.rule, "unknown rule");
        if (s->u.linear_inverse.rule == DMV_ZS_DPS && !isfinite(s->u.linear_inverse.rule_param) &&
            !(s->u.linear_inverse.sigma_y > 0))
            return cfail(err, path, "sigma_y", -1, s->u.linear_inverse.sigma_y,
                         "dps without a weight uses 1/sigma_y^2: needs sigma_y > 0");
        return DMV_OK;
    }
    default:
        return dmv_error_set(err, DMV_EINVAL, "model spec: %s: kind = %d: unknown", path[0] ? path : "(top)",
                             (int) s->kind);
    }
}
