/* The data-model options of `dmverify sample` and the JSON model file
 * (docs/model-file.md). Never prints: errors go to the dmv_error. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "dmv/npy.h"
#include "model_opts.h"

#define MAX_DEPTH 16
#define EMPIRICAL_GEMM_AUTO 65536L /* auto: the GEMM path when n_train * d >= this */

/* ---- ownership: every allocation is a node of a list, released newest first ---- */
struct dmv_cli_model_node {
    dmv_fast_model m;
    int has_model;
    dmv_gaussian g;
    void *buf;
    struct dmv_cli_model_node *next;
};

static dmv_cli_model_node *new_node(dmv_cli_model *cm)
{
    dmv_cli_model_node *n = (dmv_cli_model_node *) calloc(1, sizeof *n);
    if (n == NULL)
        return NULL;
    n->next = cm->nodes;
    cm->nodes = n;
    return n;
}

/* Hands buf to cm (freed by clear). Returns buf, or NULL (and frees buf) without memory. */
static void *own(dmv_cli_model *cm, void *buf)
{
    dmv_cli_model_node *n;
    if (buf == NULL)
        return NULL;
    n = new_node(cm);
    if (n == NULL) {
        free(buf);
        return NULL;
    }
    n->buf = buf;
    return buf;
}

void dmv_cli_model_init(dmv_cli_model *cm)
{
    memset(cm, 0, sizeof *cm);
}

void dmv_cli_model_clear(dmv_cli_model *cm)
{
    dmv_cli_model_node *n = cm->nodes, *next;
    while (n != NULL) { /* newest first: a guided/perturbed model before its bases */
        next = n->next;
        if (n->has_model)
            dmv_fast_model_clear(&n->m);
        free(n->buf);
        free(n);
        n = next;
    }
    cJSON_Delete((cJSON *) cm->record);
    memset(cm, 0, sizeof *cm);
}

/* ---- options ------------------------------------------------------------------- */
void dmv_cli_model_opts_init(dmv_cli_model_opts *o)
{
    memset(o, 0, sizeof *o);
    o->kind = "gaussian";
    o->empirical = "auto";
}

void dmv_cli_model_opts_clear(dmv_cli_model_opts *o)
{
    free(o->kappa);
    free(o->dl);
    free(o->dm);
    memset(o, 0, sizeof *o);
}

static const char *const model_names[] = {"gaussian", "gaussian-dense", "perturbed", "empirical"};

/* Records a usage error; returns -1 (the parse convention). */
static int bad_opt(dmv_error *err, const char *msg)
{
    dmv_error_set(err, DMV_EINVAL, "%s", msg);
    return -1;
}

int dmv_cli_model_opts_parse(dmv_cli_model_opts *o, int argc, char **argv, int *i, dmv_error *err)
{
    const char *val;
    int r;
    size_t k;
    if ((r = dmv_cli_option("--model", argc, argv, i, &val)) != 0) {
        if (r < 0)
            return bad_opt(err, "--model: needs a value (see --help)");
        for (k = 0; k < sizeof model_names / sizeof model_names[0]; k++)
            if (strcmp(val, model_names[k]) == 0)
                break;
        if (k == sizeof model_names / sizeof model_names[0])
            return (dmv_error_set(err, DMV_EINVAL,
                                  "--model '%s': unknown (gaussian, gaussian-dense, perturbed, empirical; "
                                  "other models: --model-file)", val), -1);
        o->kind = val;
        o->model_given = 1;
        return 1;
    }
#define STRING_OPT(name, field)                                                                  \
    if ((r = dmv_cli_option(name, argc, argv, i, &val)) != 0) {                                  \
        if (r < 0 || *val == '\0')                                                               \
            return bad_opt(err, name ": needs a value (see --help)");          \
        o->field = val;                                                                          \
        return 1;                                                                                \
    }
    STRING_OPT("--model-file", file)
    STRING_OPT("--basis", basis)
    STRING_OPT("--train", train)
    STRING_OPT("--empirical", empirical)
#undef STRING_OPT
#define LIST_OPT(name, field, len)                                                               \
    if ((r = dmv_cli_option(name, argc, argv, i, &val)) != 0) {                                  \
        if (r < 0)                                                                               \
            return bad_opt(err, name ": needs a comma-separated list");        \
        return dmv_cli_parse_list(&o->field, &o->len, name, val, err) == DMV_OK ? 1 : -1;                \
    }
    LIST_OPT("--kappa", kappa, kappa_len)
    LIST_OPT("--dl", dl, dl_len)
    LIST_OPT("--dm", dm, dm_len)
#undef LIST_OPT
    return 0;
}

int dmv_cli_model_opts_uses_gaussian(const dmv_cli_model_opts *o)
{
    return o->file == NULL && strcmp(o->kind, "empirical") != 0;
}

const char *dmv_cli_model_help(void)
{
    return "model options (docs/sample.md; the JSON format: docs/model-file.md):\n"
           "  --model M          the data model (default gaussian):\n"
           "                       gaussian        N(mean, diag(lambda)) from --lambda/--spectrum/--mean\n"
           "                                       (diagonal path, bit-exact)\n"
           "                       gaussian-dense  N(U mean, U diag(lambda) U^T), U from --basis (GEMM path:\n"
           "                                       ulp-bounded, the hash may change with --batch)\n"
           "                       perturbed       the Gaussian of --lambda/--mean (and --basis) with the score\n"
           "                                       error of docs/schemes.md s.3: --kappa, --dl, --dm\n"
           "                       empirical       the empirical law of --train FILE.npy (exact denoiser)\n"
           "  --basis B          dct (orthonormal DCT-II), identity, or FILE.npy (d x d orthogonal,\n"
           "                     column j = eigenvector j); gaussian-dense (default dct) and perturbed\n"
           "                     (default identity)\n"
           "  --kappa K1,..      perturbed: score scale error per eigen-direction (> -1; default 0)\n"
           "  --dl L1,..         perturbed: eigenvalue error per direction (lambda + dl >= 0; default 0)\n"
           "  --dm M1,..         perturbed: mean error per direction (default 0)\n"
           "  --train FILE.npy   empirical: the training set, n_train x d\n"
           "  --empirical E      empirical: direct (bit-exact), gemm (BLAS, ulp-bounded) or auto\n"
           "                     (default: gemm when n_train * d >= 65536)\n"
           "  --model-file F     the model from a JSON file (docs/model-file.md): gaussian (eigenpairs\n"
           "                     or covariance), mixture (diagonal or eigenpair components), umix,\n"
           "                     empirical, guided (w or gamma), perturbed; nested. d comes from the\n"
           "                     file: no --lambda/--spectrum/--mean\n"
           "The stats JSON records the model (model_spec: files with their SHA-256, bit_exact).\n";
}

/* ---- files ------------------------------------------------------------------------ */
static int read_all(const char *path, unsigned char **data, size_t *len, const char *what, dmv_error *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char *b = NULL, *nb;
    size_t n = 0, cap = 0, got;
    if (f == NULL)
        return dmv_error_set(err, DMV_EIO, "%s %s: cannot open: %s", what, path, strerror(errno));
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? 2 * cap : 65536;
            nb = (unsigned char *) realloc(b, cap + 1);
            if (nb == NULL) {
                free(b);
                fclose(f);
                return dmv_error_set(err, DMV_ENOMEM, "%s %s: out of memory", what, path);
            }
            b = nb;
        }
        got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(b);
        fclose(f);
        return dmv_error_set(err, DMV_EIO, "%s %s: read error", what, path);
    }
    fclose(f);
    b[n] = '\0';
    *data = b;
    *len = n;
    return DMV_OK;
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
    dmv_fast_sha256 c;
    unsigned char dg[32];
    int k;
    dmv_fast_sha256_init(&c);
    dmv_fast_sha256_update(&c, data, len);
    dmv_fast_sha256_final(&c, dg);
    for (k = 0; k < 32; k++)
        snprintf(hex + 2 * k, 3, "%02x", dg[k]);
}

/* Records {role, path, sha256} of a file in the record's "files" array. */
static int record_file(cJSON *files, const char *role, const char *path, dmv_error *err)
{
    unsigned char *data;
    size_t len;
    char hex[65];
    cJSON *o;
    int rc = read_all(path, &data, &len, role, err);
    if (rc != DMV_OK)
        return rc;
    sha256_hex(data, len, hex);
    free(data);
    o = cJSON_CreateObject();
    if (o == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    cJSON_AddStringToObject(o, "role", role);
    cJSON_AddStringToObject(o, "path", path);
    cJSON_AddStringToObject(o, "sha256", hex);
    cJSON_AddItemToArray(files, o);
    return DMV_OK;
}

/* Reads a 2-D .npy file (rows x cols), data owned by cm. Messages start with "what path: "
 * (what may be NULL). */
static int load_matrix(dmv_cli_model *cm, const char *path, const char *what, double **out, long *rows, long *cols,
                       dmv_error *err)
{
    dmv_npy_array a;
    dmv_error e;
    char pre[512];
    long k;
    int rc;
    dmv_npy_array_init(&a);
    dmv_error_init(&e);
    snprintf(pre, sizeof pre, "%s%s%s", what ? what : "", what ? " " : "", path);
    if ((rc = dmv_npy_read(&a, path, &e)) != DMV_OK) /* its message names the path */
        return what ? dmv_error_set(err, rc, "%s: %s", what, e.msg) : dmv_error_set(err, rc, "%s", e.msg);
    if (a.ndim != 2) {
        dmv_npy_array_clear(&a);
        return dmv_error_set(err, DMV_EFORMAT, "%s: a 1-D array of %ld values: expected a 2-D array", pre,
                             a.shape[0]);
    }
    for (k = 0; k < a.shape[0] * a.shape[1]; k++)
        if (!isfinite(a.data[k])) {
            rc = dmv_error_set(err, DMV_EINVAL, "%s: entry [%ld][%ld] = %g is not finite", pre, k / a.shape[1],
                               k % a.shape[1], a.data[k]);
            dmv_npy_array_clear(&a);
            return rc;
        }
    *rows = a.shape[0];
    *cols = a.shape[1];
    *out = (double *) own(cm, a.data); /* ownership moves */
    a.data = NULL;
    dmv_npy_array_clear(&a);
    if (*out == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "%s: out of memory", pre);
    return DMV_OK;
}

/* --basis / "basis": U (d x d) or NULL for identity. */
static int basis_from_name(dmv_cli_model *cm, const char *name, long d, const char *what, const double **U,
                           cJSON *files, dmv_error *err)
{
    double *b;
    long r, c;
    int rc;
    if (strcmp(name, "identity") == 0) {
        *U = NULL;
        return DMV_OK;
    }
    if (strcmp(name, "dct") == 0) {
        b = (double *) own(cm, malloc((size_t) d * (size_t) d * sizeof(double)));
        if (b == NULL)
            return dmv_error_set(err, DMV_ENOMEM, "basis dct: out of memory for d = %ld", d);
        if ((rc = dmv_fast_dct_basis(d, b, err)) != DMV_OK)
            return rc;
        *U = b;
        return DMV_OK;
    }
    if ((rc = load_matrix(cm, name, what, &b, &r, &c, err)) != DMV_OK)
        return rc;
    if (r != d || c != d)
        return dmv_error_set(err, DMV_EINVAL, "%s%s%s: shape (%ld, %ld): expected (%ld, %ld), d x d with d = %ld",
                             what ? what : "", what ? " " : "", name, r, c, d, d, d);
    if ((rc = record_file(files, "basis", name, err)) != DMV_OK)
        return rc;
    *U = b;
    return DMV_OK;
}

static dmv_cli_model_node *model_node(dmv_cli_model *cm, dmv_error *err)
{
    dmv_cli_model_node *n = new_node(cm);
    if (n == NULL)
        dmv_error_set(err, DMV_ENOMEM, "out of memory");
    return n;
}

static int empirical_build(dmv_fast_model *m, const char *method, long d, long n_train, const double *X,
                           int *gemm, const char *what, dmv_error *err)
{
    if (strcmp(method, "gemm") == 0)
        *gemm = 1;
    else if (strcmp(method, "direct") == 0)
        *gemm = 0;
    else if (strcmp(method, "auto") == 0)
        *gemm = (double) n_train * (double) d >= (double) EMPIRICAL_GEMM_AUTO;
    else
        return dmv_error_set(err, DMV_EINVAL, "%s '%s': expected auto, direct or gemm", what, method);
    return *gemm ? dmv_fast_model_empirical_gemm_init(m, d, n_train, X, err)
                 : dmv_fast_model_empirical_init(m, d, n_train, X, err);
}

/* ---- the JSON model file ------------------------------------------------------------ */
typedef struct {
    dmv_cli_model *cm;
    const char *file;
    char *dir; /* the file's directory with a trailing '/', or "" */
    cJSON *files;
    dmv_error *err;
} jctx;

/* The JSON text of an item (truncated) for messages. */
static const char *jtext(const cJSON *it, char *buf, size_t size)
{
    char *t;
    if (it == NULL)
        return "(missing)";
    if (cJSON_IsNumber(it)) {
        snprintf(buf, size, "%.17g", it->valuedouble);
        return buf;
    }
    t = cJSON_PrintUnformatted(it);
    if (t == NULL)
        return "?";
    snprintf(buf, size, "%s%s", t, strlen(t) >= size ? "..." : "");
    if (strlen(t) >= size && size > 4)
        strcpy(buf + size - 4, "...");
    cJSON_free(t);
    return buf;
}

static int jfail(jctx *c, const char *path, const cJSON *it, const char *why)
{
    char b[96];
    return dmv_error_set(c->err, DMV_EINVAL, "model file %s: %s = %s: %s", c->file, path, jtext(it, b, sizeof b),
                         why);
}

static int jnumber(jctx *c, const cJSON *it, const char *path, double *x)
{
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return jfail(c, path, it, "expected a finite number");
    *x = it->valuedouble;
    return DMV_OK;
}

/* A non-empty array of finite numbers; v owned by cm. */
static int jvector(jctx *c, const cJSON *it, const char *path, double **v, long *n)
{
    long k, len;
    char p[256];
    const cJSON *e;
    if (!cJSON_IsArray(it) || (len = cJSON_GetArraySize(it)) < 1)
        return jfail(c, path, it, "expected a non-empty array of numbers");
    *v = (double *) own(c->cm, malloc((size_t) len * sizeof(double)));
    if (*v == NULL)
        return dmv_error_set(c->err, DMV_ENOMEM, "model file %s: %s: out of memory", c->file, path);
    k = 0;
    cJSON_ArrayForEach(e, it)
    {
        snprintf(p, sizeof p, "%s[%ld]", path, k);
        if (jnumber(c, e, p, &(*v)[k]) != DMV_OK)
            return DMV_EINVAL;
        k++;
    }
    *n = len;
    return DMV_OK;
}

/* A non-empty array of equal-length non-empty arrays of numbers (row-major). */
static int jmatrix(jctx *c, const cJSON *it, const char *path, double **v, long *rows, long *cols)
{
    long r, k, nr, nc = 0;
    char p[256];
    const cJSON *row, *e;
    if (!cJSON_IsArray(it) || (nr = cJSON_GetArraySize(it)) < 1)
        return jfail(c, path, it, "expected a non-empty array of arrays of numbers");
    r = 0;
    cJSON_ArrayForEach(row, it)
    {
        snprintf(p, sizeof p, "%s[%ld]", path, r);
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) < 1)
            return jfail(c, p, row, "expected a non-empty array of numbers");
        if (r == 0)
            nc = cJSON_GetArraySize(row);
        else if (cJSON_GetArraySize(row) != nc) {
            char why[128];
            snprintf(why, sizeof why, "has %d entries but %s[0] has %ld", cJSON_GetArraySize(row), path, nc);
            return jfail(c, p, row, why);
        }
        r++;
    }
    *v = (double *) own(c->cm, malloc((size_t) nr * (size_t) nc * sizeof(double)));
    if (*v == NULL)
        return dmv_error_set(c->err, DMV_ENOMEM, "model file %s: %s: out of memory", c->file, path);
    r = 0;
    cJSON_ArrayForEach(row, it)
    {
        k = 0;
        cJSON_ArrayForEach(e, row)
        {
            snprintf(p, sizeof p, "%s[%ld][%ld]", path, r, k);
            if (jnumber(c, e, p, &(*v)[r * nc + k]) != DMV_OK)
                return DMV_EINVAL;
            k++;
        }
        r++;
    }
    *rows = nr;
    *cols = nc;
    return DMV_OK;
}

/* Rejects keys other than the allowed ones (typos would otherwise be silently ignored). */
static int jkeys(jctx *c, const cJSON *obj, const char *prefix, const char *const *allowed)
{
    const cJSON *e;
    const char *const *a;
    char p[256];
    cJSON_ArrayForEach(e, obj)
    {
        for (a = allowed; *a; a++)
            if (strcmp(e->string, *a) == 0)
                break;
        if (*a == NULL) {
            snprintf(p, sizeof p, "%s%s", prefix, e->string);
            return jfail(c, p, e, "unknown key for this model (docs/model-file.md)");
        }
    }
    return DMV_OK;
}

static void jpath(char *p, size_t size, const char *prefix, const char *key)
{
    snprintf(p, size, "%s%s", prefix, key);
}

/* A file named in the JSON: relative to the JSON file's directory. Owned by cm. */
static const char *jfile(jctx *c, const char *name)
{
    char *p;
    if (name[0] == '/')
        return name;
    p = (char *) own(c->cm, malloc(strlen(c->dir) + strlen(name) + 1));
    if (p == NULL)
        return NULL;
    strcpy(p, c->dir);
    strcat(p, name);
    return p;
}

/* Passes a constructor's message through, naming the file and the model's path. */
static int jconstructor(jctx *c, int rc, const char *prefix, const dmv_error *e)
{
    size_t l = strlen(prefix);
    if (rc == DMV_OK)
        return DMV_OK;
    if (l > 0 && prefix[l - 1] == '.') /* "cond." names the object "cond" */
        l--;
    return dmv_error_set(c->err, rc, "model file %s: %.*s: %s", c->file, (int) (l > 0 ? l : 11),
                         l > 0 ? prefix : "(top level)", e->msg);
}

/* The Gaussian data of a "gaussian" object (lambda, mean, basis) into g (buffers owned by cm). */
static int jgaussian(jctx *c, const cJSON *obj, const char *prefix, dmv_gaussian *g, int *dense)
{
    static const char *const keys[] = {"model", "lambda", "mean", "basis", NULL};
    const cJSON *it;
    double *lambda = NULL, *mean = NULL, *U = NULL;
    long d = 0, n = 0, r = 0, cc = 0, j;
    char p[256];
    int rc;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "lambda");
    if ((rc = jvector(c, cJSON_GetObjectItemCaseSensitive(obj, "lambda"), p, &lambda, &d)) != DMV_OK)
        return rc;
    for (j = 0; j < d; j++)
        if (!(lambda[j] >= 0)) {
            char q[300];
            snprintf(q, sizeof q, "%s[%ld]", p, j);
            return jfail(c, q, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(obj, "lambda"), (int) j),
                         "an eigenvalue must be >= 0");
        }
    it = cJSON_GetObjectItemCaseSensitive(obj, "mean");
    if (it != NULL && !cJSON_IsNull(it)) {
        jpath(p, sizeof p, prefix, "mean");
        if ((rc = jvector(c, it, p, &mean, &n)) != DMV_OK)
            return rc;
        if (n != d) {
            char why[128];
            snprintf(why, sizeof why, "has %ld entries but lambda has %ld", n, d);
            return jfail(c, p, it, why);
        }
    }
    g->d = d;
    g->lambda = lambda;
    g->mean = mean;
    g->basis = NULL;
    *dense = 0;
    it = cJSON_GetObjectItemCaseSensitive(obj, "basis");
    jpath(p, sizeof p, prefix, "basis");
    if (it == NULL || cJSON_IsNull(it))
        return DMV_OK;
    *dense = 1;
    if (cJSON_IsString(it)) {
        const char *name = it->valuestring, *path;
        if (strcmp(name, "dct") == 0 || strcmp(name, "identity") == 0)
            path = name;
        else if ((path = jfile(c, name)) == NULL)
            return dmv_error_set(c->err, DMV_ENOMEM, "out of memory");
        dmv_error e;
        dmv_error_init(&e);
        rc = basis_from_name(c->cm, path, d, NULL, &g->basis, c->files, &e);
        if (rc != DMV_OK)
            return dmv_error_set(c->err, rc, "model file %s: %s: %s", c->file, p, e.msg);
        return DMV_OK;
    }
    if ((rc = jmatrix(c, it, p, &U, &r, &cc)) != DMV_OK)
        return rc;
    if (r != d || cc != d) {
        char why[128];
        snprintf(why, sizeof why, "is %ld x %ld but lambda has d = %ld entries (need d x d)", r, cc, d);
        return jfail(c, p, it, why);
    }
    g->basis = U;
    return DMV_OK;
}

/* {"model": "gaussian", "cov": [[...]], "mu": [...]}: dmv_fast_model_dense_cov_init. */
static int jgaussian_cov(jctx *c, const cJSON *obj, const char *prefix, dmv_fast_model *m)
{
    static const char *const keys[] = {"model", "cov", "mu", NULL};
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(obj, "cov"), *mi = cJSON_GetObjectItemCaseSensitive(obj, "mu");
    double *cov = NULL, *mu = NULL;
    long r = 0, cc = 0, n = 0;
    char p[256], why[128];
    dmv_error e;
    int rc;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "cov");
    if ((rc = jmatrix(c, ci, p, &cov, &r, &cc)) != DMV_OK)
        return rc;
    if (r != cc) {
        snprintf(why, sizeof why, "is %ld x %ld: a covariance is square", r, cc);
        return jfail(c, p, ci, why);
    }
    if (mi != NULL && !cJSON_IsNull(mi)) {
        jpath(p, sizeof p, prefix, "mu");
        if ((rc = jvector(c, mi, p, &mu, &n)) != DMV_OK)
            return rc;
        if (n != r) {
            snprintf(why, sizeof why, "has %ld entries but cov is %ld x %ld", n, r, r);
            return jfail(c, p, mi, why);
        }
    }
    dmv_error_init(&e);
    jpath(p, sizeof p, prefix, "cov");
    return jconstructor(c, dmv_fast_model_dense_cov_init(m, r, cov, mu, &e), p, &e);
}

static int jmodel(jctx *c, const cJSON *obj, const char *prefix, int depth, const dmv_fast_model **out,
                  const dmv_gaussian **gout);

/* {"model": "mixture", "weights": [...], "components": [{gaussian}, ...]}:
 * dmv_fast_model_mixture_eig_init (components by eigenpairs, each with its own basis). */
static int jmixture_eig(jctx *c, const cJSON *obj, const char *prefix, dmv_fast_model *m)
{
    static const char *const keys[] = {"model", "weights", "components", NULL};
    const cJSON *wi = cJSON_GetObjectItemCaseSensitive(obj, "weights"),
                *ci = cJSON_GetObjectItemCaseSensitive(obj, "components"), *e1, *mk;
    dmv_gaussian *comp;
    double *w = NULL, wsum = 0;
    long K = 0, k;
    int dense, rc;
    char p[256], q[300], why[400];
    dmv_error e;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "weights");
    if ((rc = jvector(c, wi, p, &w, &K)) != DMV_OK)
        return rc;
    for (k = 0; k < K; k++) {
        if (!(w[k] >= 0)) {
            snprintf(q, sizeof q, "%s[%ld]", p, k);
            return jfail(c, q, cJSON_GetArrayItem(wi, (int) k), "a weight must be >= 0");
        }
        wsum += w[k];
    }
    if (!(wsum > 0))
        return jfail(c, p, wi, "the weights are all 0");
    jpath(p, sizeof p, prefix, "components");
    if (!cJSON_IsArray(ci) || cJSON_GetArraySize(ci) != K) {
        snprintf(why, sizeof why, "expected an array of %ld gaussian objects (one per weight)", K);
        return jfail(c, p, ci, why);
    }
    comp = (dmv_gaussian *) own(c->cm, calloc((size_t) K, sizeof *comp));
    if (comp == NULL)
        return dmv_error_set(c->err, DMV_ENOMEM, "out of memory");
    k = 0;
    cJSON_ArrayForEach(e1, ci)
    {
        snprintf(q, sizeof q, "%s[%ld]", p, k);
        mk = cJSON_GetObjectItemCaseSensitive(e1, "model");
        if (!cJSON_IsObject(e1) || (mk != NULL && !(cJSON_IsString(mk) && strcmp(mk->valuestring, "gaussian") == 0)))
            return jfail(c, q, e1, "expected a gaussian object {\"lambda\": [...], \"mean\": [...], \"basis\": ...}");
        snprintf(q, sizeof q, "%s[%ld].", p, k);
        if ((rc = jgaussian(c, e1, q, &comp[k], &dense)) != DMV_OK)
            return rc;
        if (comp[k].d != comp[0].d) {
            snprintf(q, sizeof q, "%s[%ld].lambda", p, k);
            snprintf(why, sizeof why, "has %ld entries but %s[0].lambda has %ld", comp[k].d, p, comp[0].d);
            return jfail(c, q, cJSON_GetObjectItemCaseSensitive(e1, "lambda"), why);
        }
        k++;
    }
    dmv_error_init(&e);
    return jconstructor(c, dmv_fast_model_mixture_eig_init(m, K, w, comp, &e), prefix, &e);
}

static int jmixture(jctx *c, const cJSON *obj, const char *prefix, dmv_fast_model *m)
{
    static const char *const keys[] = {"model", "weights", "means", "vars", NULL};
    const cJSON *wi = cJSON_GetObjectItemCaseSensitive(obj, "weights"),
                *mi = cJSON_GetObjectItemCaseSensitive(obj, "means"),
                *vi = cJSON_GetObjectItemCaseSensitive(obj, "vars");
    double *w = NULL, *mean = NULL, *var = NULL, wsum = 0;
    long K = 0, Km = 0, d = 0, Kv = 0, dv = 0, k, j;
    char p[256], q[300], why[128];
    dmv_error e;
    int rc;
    if (cJSON_GetObjectItemCaseSensitive(obj, "components") != NULL)
        return jmixture_eig(c, obj, prefix, m);
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "weights");
    if ((rc = jvector(c, wi, p, &w, &K)) != DMV_OK)
        return rc;
    for (k = 0; k < K; k++) {
        if (!(w[k] >= 0)) {
            snprintf(q, sizeof q, "%s[%ld]", p, k);
            return jfail(c, q, cJSON_GetArrayItem(wi, (int) k), "a weight must be >= 0");
        }
        wsum += w[k];
    }
    if (!(wsum > 0))
        return jfail(c, p, wi, "the weights are all 0");
    jpath(p, sizeof p, prefix, "means");
    if ((rc = jmatrix(c, mi, p, &mean, &Km, &d)) != DMV_OK)
        return rc;
    if (Km != K) {
        snprintf(why, sizeof why, "has %ld rows but there are %ld weights (one row per component)", Km, K);
        return jfail(c, p, mi, why);
    }
    jpath(p, sizeof p, prefix, "vars");
    if ((rc = jmatrix(c, vi, p, &var, &Kv, &dv)) != DMV_OK)
        return rc;
    if (Kv != K || dv != d) {
        snprintf(why, sizeof why, "is %ld x %ld but means is %ld x %ld", Kv, dv, K, d);
        return jfail(c, p, vi, why);
    }
    for (k = 0; k < K; k++)
        for (j = 0; j < d; j++)
            if (!(var[k * d + j] >= 0)) {
                snprintf(q, sizeof q, "%s[%ld][%ld]", p, k, j);
                return jfail(c, q, cJSON_GetArrayItem(cJSON_GetArrayItem(vi, (int) k), (int) j),
                             "a variance must be >= 0");
            }
    dmv_error_init(&e);
    return jconstructor(c, dmv_fast_model_mixture_init(m, d, K, w, mean, var, &e), prefix, &e);
}

static int jumix(jctx *c, const cJSON *obj, const char *prefix, dmv_fast_model *m)
{
    static const char *const keys[] = {"model", "weights", "a", "b", NULL};
    const cJSON *wi = cJSON_GetObjectItemCaseSensitive(obj, "weights"),
                *ai = cJSON_GetObjectItemCaseSensitive(obj, "a"), *bi = cJSON_GetObjectItemCaseSensitive(obj, "b");
    double *w = NULL, *a = NULL, *b = NULL, wsum;
    long d = 0, K = 0, da = 0, Ka = 0, db = 0, Kb = 0, j, k;
    char p[256], q[300], why[160];
    dmv_error e;
    int rc;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "weights");
    if ((rc = jmatrix(c, wi, p, &w, &d, &K)) != DMV_OK)
        return rc;
    for (j = 0; j < d; j++) {
        wsum = 0;
        for (k = 0; k < K; k++) {
            if (!(w[j * K + k] >= 0)) {
                snprintf(q, sizeof q, "%s[%ld][%ld]", p, j, k);
                return jfail(c, q, cJSON_GetArrayItem(cJSON_GetArrayItem(wi, (int) j), (int) k),
                             "a weight must be >= 0");
            }
            wsum += w[j * K + k];
        }
        if (!(wsum > 0)) {
            snprintf(q, sizeof q, "%s[%ld]", p, j);
            return jfail(c, q, cJSON_GetArrayItem(wi, (int) j), "the weights of this coordinate are all 0");
        }
    }
    jpath(p, sizeof p, prefix, "a");
    if ((rc = jmatrix(c, ai, p, &a, &da, &Ka)) != DMV_OK)
        return rc;
    if (da != d || Ka != K) {
        snprintf(why, sizeof why, "is %ld x %ld but weights is %ld x %ld (d coordinates x K intervals)", da, Ka, d,
                 K);
        return jfail(c, p, ai, why);
    }
    jpath(p, sizeof p, prefix, "b");
    if ((rc = jmatrix(c, bi, p, &b, &db, &Kb)) != DMV_OK)
        return rc;
    if (db != d || Kb != K) {
        snprintf(why, sizeof why, "is %ld x %ld but weights is %ld x %ld (d coordinates x K intervals)", db, Kb, d,
                 K);
        return jfail(c, p, bi, why);
    }
    for (j = 0; j < d * K; j++)
        if (!(a[j] < b[j])) {
            snprintf(q, sizeof q, "%s[%ld][%ld]", p, j / K, j % K);
            snprintf(why, sizeof why, "must be > a[%ld][%ld] = %.17g", j / K, j % K, a[j]);
            return jfail(c, q, cJSON_GetArrayItem(cJSON_GetArrayItem(bi, (int) (j / K)), (int) (j % K)), why);
        }
    dmv_error_init(&e);
    return jconstructor(c, dmv_fast_model_umix_init(m, d, K, w, a, b, &e), prefix, &e);
}

static int jempirical(jctx *c, const cJSON *obj, const char *prefix, dmv_fast_model *m, int *gemm)
{
    static const char *const keys[] = {"model", "train", "method", NULL};
    const cJSON *ti = cJSON_GetObjectItemCaseSensitive(obj, "train"),
                *mi = cJSON_GetObjectItemCaseSensitive(obj, "method");
    const char *method = "auto";
    double *X = NULL;
    long n = 0, d = 0;
    char p[256];
    dmv_error e;
    int rc;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "method");
    if (mi != NULL) {
        if (!cJSON_IsString(mi))
            return jfail(c, p, mi, "expected \"auto\", \"direct\" or \"gemm\"");
        method = mi->valuestring;
        if (strcmp(method, "auto") && strcmp(method, "direct") && strcmp(method, "gemm"))
            return jfail(c, p, mi, "expected \"auto\", \"direct\" or \"gemm\"");
    }
    jpath(p, sizeof p, prefix, "train");
    if (cJSON_IsString(ti)) {
        const char *path = jfile(c, ti->valuestring);
        if (path == NULL)
            return dmv_error_set(c->err, DMV_ENOMEM, "out of memory");
        dmv_error_init(&e);
        if ((rc = load_matrix(c->cm, path, NULL, &X, &n, &d, &e)) != DMV_OK ||
            (rc = record_file(c->files, "train", path, &e)) != DMV_OK)
            return dmv_error_set(c->err, rc, "model file %s: %s: %s", c->file, p, e.msg);
    } else if ((rc = jmatrix(c, ti, p, &X, &n, &d)) != DMV_OK)
        return rc;
    dmv_error_init(&e);
    rc = empirical_build(m, method, d, n, X, gemm, "method", &e);
    return jconstructor(c, rc, prefix, &e);
}

static int jguided(jctx *c, const cJSON *obj, const char *prefix, int depth, dmv_fast_model *m)
{
    static const char *const keys[] = {"model", "w", "gamma", "cond", "uncond", NULL};
    const dmv_fast_model *cond, *uncond;
    const dmv_gaussian *ig;
    const cJSON *gi = cJSON_GetObjectItemCaseSensitive(obj, "gamma");
    double w = 0;
    char p[256], why[128];
    dmv_error e;
    int rc, scale = gi != NULL;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    if (scale && cJSON_GetObjectItemCaseSensitive(obj, "w") != NULL) {
        jpath(p, sizeof p, prefix, "gamma");
        return jfail(c, p, gi, "give w or gamma (= 1 + w), not both");
    }
    jpath(p, sizeof p, prefix, scale ? "gamma" : "w");
    if ((rc = jnumber(c, scale ? gi : cJSON_GetObjectItemCaseSensitive(obj, "w"), p, &w)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "cond.");
    if ((rc = jmodel(c, cJSON_GetObjectItemCaseSensitive(obj, "cond"), p, depth + 1, &cond, &ig)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "uncond.");
    if ((rc = jmodel(c, cJSON_GetObjectItemCaseSensitive(obj, "uncond"), p, depth + 1, &uncond, &ig)) != DMV_OK)
        return rc;
    if (cond->dim != uncond->dim) {
        jpath(p, sizeof p, prefix, "uncond");
        snprintf(why, sizeof why, "has dimension %ld but cond has %ld", uncond->dim, cond->dim);
        return jfail(c, p, cJSON_GetObjectItemCaseSensitive(obj, "uncond"), why);
    }
    dmv_error_init(&e);
    rc = scale ? dmv_fast_model_guided_scale_init(m, cond, uncond, w, &e)
               : dmv_fast_model_guided_init(m, cond, uncond, w, &e);
    return jconstructor(c, rc, prefix, &e);
}

static int jperturbed(jctx *c, const cJSON *obj, const char *prefix, dmv_cli_model_node *node)
{
    static const char *const keys[] = {"model", "base", "kappa", "dl", "dm", NULL};
    static const char *const names[3] = {"kappa", "dl", "dm"};
    const cJSON *bi = cJSON_GetObjectItemCaseSensitive(obj, "base"), *mk, *it;
    double *v[3] = {NULL, NULL, NULL};
    long n, j;
    int q, dense, rc;
    char p[256], pp[300], why[160];
    dmv_error e;
    if ((rc = jkeys(c, obj, prefix, keys)) != DMV_OK)
        return rc;
    jpath(p, sizeof p, prefix, "base");
    if (!cJSON_IsObject(bi))
        return jfail(c, p, bi, "expected a {\"model\": \"gaussian\", ...} object");
    mk = cJSON_GetObjectItemCaseSensitive(bi, "model");
    if (!cJSON_IsString(mk) || strcmp(mk->valuestring, "gaussian") != 0) {
        jpath(p, sizeof p, prefix, "base.model");
        return jfail(c, p, mk, "the base of a perturbed model must be \"gaussian\"");
    }
    jpath(p, sizeof p, prefix, "base.");
    if ((rc = jgaussian(c, bi, p, &node->g, &dense)) != DMV_OK)
        return rc;
    for (q = 0; q < 3; q++) {
        it = cJSON_GetObjectItemCaseSensitive(obj, names[q]);
        if (it == NULL || cJSON_IsNull(it))
            continue;
        jpath(p, sizeof p, prefix, names[q]);
        if ((rc = jvector(c, it, p, &v[q], &n)) != DMV_OK)
            return rc;
        if (n != node->g.d) {
            snprintf(why, sizeof why, "has %ld entries but base.lambda has %ld", n, node->g.d);
            return jfail(c, p, it, why);
        }
        for (j = 0; j < n; j++) {
            const char *bad = NULL;
            if (q == 0 && !(v[q][j] > -1))
                bad = "kappa must be > -1";
            if (q == 1 && !(node->g.lambda[j] + v[q][j] >= 0))
                bad = "lambda + dl must be >= 0";
            if (bad) {
                snprintf(pp, sizeof pp, "%s[%ld]", p, j);
                return jfail(c, pp, cJSON_GetArrayItem(it, (int) j), bad);
            }
        }
    }
    dmv_error_init(&e);
    rc = dmv_fast_model_perturbed_gaussian_init(&node->m, &node->g, v[0], v[1], v[2], &e);
    return jconstructor(c, rc, prefix, &e);
}

/* Builds the model object at prefix; *gout: its Gaussian data for the initial law, or NULL. */
static int jmodel(jctx *c, const cJSON *obj, const char *prefix, int depth, const dmv_fast_model **out,
                  const dmv_gaussian **gout)
{
    const cJSON *mk;
    dmv_cli_model_node *node;
    char p[256];
    const char *kind;
    int rc, gemm = 0;
    dmv_error e;
    *gout = NULL;
    if (depth > MAX_DEPTH)
        return dmv_error_set(c->err, DMV_EINVAL, "model file %s: %s: models nested deeper than %d", c->file, prefix,
                             MAX_DEPTH);
    if (!cJSON_IsObject(obj)) {
        size_t l = strlen(prefix);
        snprintf(p, sizeof p, "%.*s", (int) (l > 0 ? l - 1 : 0), prefix);
        return jfail(c, l > 0 ? p : "(top level)", obj, "expected a model object {\"model\": ..., ...}");
    }
    mk = cJSON_GetObjectItemCaseSensitive(obj, "model");
    jpath(p, sizeof p, prefix, "model");
    if (!cJSON_IsString(mk))
        return jfail(c, p, mk, "expected a model name: gaussian, mixture, umix, empirical, guided, perturbed");
    kind = mk->valuestring;
    if ((node = model_node(c->cm, c->err)) == NULL)
        return DMV_ENOMEM;
    if (strcmp(kind, "gaussian") == 0 && cJSON_GetObjectItemCaseSensitive(obj, "cov") != NULL)
        rc = jgaussian_cov(c, obj, prefix, &node->m); /* no eigen-data here: init exact is refused */
    else if (strcmp(kind, "gaussian") == 0) {
        int dense;
        if ((rc = jgaussian(c, obj, prefix, &node->g, &dense)) != DMV_OK)
            return rc;
        dmv_error_init(&e);
        rc = dense ? dmv_fast_model_dense_init(&node->m, &node->g, &e)
                   : dmv_fast_model_gaussian_diag_init(&node->m, &node->g, &e);
        jpath(p, sizeof p, prefix, "basis"); /* what the dense constructor checks beyond jgaussian */
        if ((rc = jconstructor(c, rc, dense ? p : prefix, &e)) != DMV_OK)
            return rc;
        *gout = &node->g;
    } else if (strcmp(kind, "mixture") == 0)
        rc = jmixture(c, obj, prefix, &node->m);
    else if (strcmp(kind, "umix") == 0)
        rc = jumix(c, obj, prefix, &node->m);
    else if (strcmp(kind, "empirical") == 0)
        rc = jempirical(c, obj, prefix, &node->m, &gemm);
    else if (strcmp(kind, "guided") == 0)
        rc = jguided(c, obj, prefix, depth, &node->m);
    else if (strcmp(kind, "perturbed") == 0) {
        rc = jperturbed(c, obj, prefix, node);
        if (rc == DMV_OK)
            *gout = &node->g;
    } else
        return jfail(c, p, mk, "unknown model (gaussian, mixture, umix, empirical, guided, perturbed)");
    if (rc != DMV_OK)
        return rc;
    node->has_model = 1;
    *out = &node->m;
    return DMV_OK;
}

static int build_file(dmv_cli_model *cm, const char *file, cJSON *rec, dmv_error *err)
{
    unsigned char *text;
    size_t len;
    char hex[65];
    const char *slash;
    cJSON *root, *files = cJSON_AddArrayToObject(rec, "files");
    jctx c;
    int rc;
    if (files == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    if ((rc = read_all(file, &text, &len, "--model-file", err)) != DMV_OK)
        return rc;
    sha256_hex(text, len, hex);
    cJSON_AddStringToObject(rec, "file", file);
    cJSON_AddStringToObject(rec, "sha256", hex);
    root = cJSON_ParseWithLength((const char *) text, len);
    if (root == NULL) {
        const char *at = cJSON_GetErrorPtr();
        long off = at ? (long) (at - (const char *) text) : -1, line = 1, k;
        for (k = 0; k < off && k < (long) len; k++)
            line += text[k] == '\n';
        rc = dmv_error_set(err, DMV_EFORMAT, "model file %s: malformed JSON near byte %ld (line %ld): '%.20s'", file,
                           off, line, at ? at : "");
        free(text);
        return rc;
    }
    free(text);
    c.cm = cm;
    c.file = file;
    c.files = files;
    c.err = err;
    slash = strrchr(file, '/');
    c.dir = (char *) own(cm, calloc((size_t) (slash ? slash - file + 2 : 1), 1));
    if (c.dir == NULL) {
        cJSON_Delete(root);
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    }
    if (slash)
        memcpy(c.dir, file, (size_t) (slash - file + 1));
    rc = jmodel(&c, root, "", 0, &cm->top, &cm->init_data);
    if (rc == DMV_OK) {
        const cJSON *mk = cJSON_GetObjectItemCaseSensitive(root, "model");
        cJSON_AddStringToObject(rec, "kind", mk->valuestring);
    }
    cJSON_Delete(root);
    return rc;
}

/* ---- command-line models ------------------------------------------------------------- */
static int build_cli(dmv_cli_model *cm, const dmv_cli_model_opts *o, const dmv_gaussian *g, cJSON *rec,
                     dmv_error *err)
{
    dmv_cli_model_node *node;
    cJSON *files = cJSON_AddArrayToObject(rec, "files");
    int rc, gemm = 0;
    const int is_gauss = strcmp(o->kind, "gaussian") == 0, is_dense = strcmp(o->kind, "gaussian-dense") == 0,
              is_pert = strcmp(o->kind, "perturbed") == 0, is_emp = strcmp(o->kind, "empirical") == 0;
    if (files == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    /* options that do not belong to the chosen model are errors, not silently ignored */
    if (o->basis && !is_dense && !is_pert)
        return dmv_error_set(err, DMV_EINVAL, "--basis %s: only for --model gaussian-dense or perturbed, not %s",
                             o->basis, o->kind);
    if ((o->kappa || o->dl || o->dm) && !is_pert)
        return dmv_error_set(err, DMV_EINVAL, "--%s: only for --model perturbed, not %s",
                             o->kappa ? "kappa" : o->dl ? "dl" : "dm", o->kind);
    if (o->train && !is_emp)
        return dmv_error_set(err, DMV_EINVAL, "--train %s: only for --model empirical, not %s", o->train, o->kind);
    if (strcmp(o->empirical, "auto") != 0 && !is_emp)
        return dmv_error_set(err, DMV_EINVAL, "--empirical %s: only for --model empirical, not %s", o->empirical,
                             o->kind);
    if ((node = model_node(cm, err)) == NULL)
        return DMV_ENOMEM;
    if (is_emp) {
        double *X = NULL;
        long n = 0, d = 0;
        if (o->train == NULL)
            return dmv_error_set(err, DMV_EINVAL, "--model empirical: needs --train FILE.npy (n_train x d)");
        if ((rc = load_matrix(cm, o->train, "--train", &X, &n, &d, err)) != DMV_OK)
            return rc;
        if ((rc = record_file(files, "train", o->train, err)) != DMV_OK)
            return rc;
        if ((rc = empirical_build(&node->m, o->empirical, d, n, X, &gemm, "--empirical", err)) != DMV_OK)
            return rc;
        cJSON_AddStringToObject(rec, "method", gemm ? "gemm" : "direct");
        cJSON_AddNumberToObject(rec, "n_train", (double) n);
    } else {
        if (g == NULL || g->lambda == NULL)
            return dmv_error_set(err, DMV_EINVAL, "--model %s: needs --lambda or --spectrum", o->kind);
        node->g = *g;
        if (is_gauss) {
            rc = dmv_fast_model_gaussian_diag_init(&node->m, g, err);
            if (rc != DMV_OK)
                return rc;
            cm->init_data = g; /* as before: the problem's own data (bit-identical runs) */
        } else {
            const char *bname = o->basis ? o->basis : is_dense ? "dct" : "identity";
            const double **dst = &node->g.basis;
            if ((rc = basis_from_name(cm, bname, g->d, "--basis", dst, files, err)) != DMV_OK)
                return rc;
            cJSON_AddStringToObject(rec, "basis", bname);
            if (is_pert) {
                const double *v[3] = {o->kappa, o->dl, o->dm};
                const long len[3] = {o->kappa_len, o->dl_len, o->dm_len};
                static const char *const names[3] = {"--kappa", "--dl", "--dm"};
                int q;
                for (q = 0; q < 3; q++)
                    if (v[q] && len[q] != g->d)
                        return dmv_error_set(err, DMV_EINVAL, "%s has %ld entries but there are %ld eigenvalues",
                                             names[q], len[q], g->d);
                rc = dmv_fast_model_perturbed_gaussian_init(&node->m, &node->g, o->kappa, o->dl, o->dm, err);
                for (q = 0; q < 3 && rc == DMV_OK; q++)
                    if (v[q])
                        cJSON_AddItemToObject(rec, names[q] + 2, cJSON_CreateDoubleArray(v[q], (int) g->d));
            } else
                rc = dmv_fast_model_dense_init(&node->m, &node->g, err);
            if (rc != DMV_OK)
                return rc;
            cm->init_data = &node->g;
        }
    }
    node->has_model = 1;
    cm->top = &node->m;
    return DMV_OK;
}

int dmv_cli_model_build(dmv_cli_model *cm, const dmv_cli_model_opts *o, const dmv_gaussian *g, dmv_error *err)
{
    cJSON *rec = cJSON_CreateObject();
    int rc;
    if (rec == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    cm->record = rec;
    if (o->file != NULL) {
        if (o->model_given)
            return dmv_error_set(err, DMV_EINVAL, "--model %s and --model-file %s: give one of them", o->kind,
                                 o->file);
        if (o->basis || o->kappa || o->dl || o->dm || o->train || strcmp(o->empirical, "auto") != 0)
            return dmv_error_set(err, DMV_EINVAL, "--model-file %s: the file gives the whole model (no --basis, "
                                                  "--kappa, --dl, --dm, --train or --empirical)", o->file);
        cJSON_AddStringToObject(rec, "name", "file");
        rc = build_file(cm, o->file, rec, err);
    } else {
        cJSON_AddStringToObject(rec, "name", o->kind);
        rc = build_cli(cm, o, g, rec, err);
    }
    if (rc != DMV_OK)
        return rc;
    cJSON_AddNumberToObject(rec, "d", (double) cm->top->dim);
    cJSON_AddBoolToObject(rec, "bit_exact", !cm->top->ulp_bounded);
    return DMV_OK;
}
