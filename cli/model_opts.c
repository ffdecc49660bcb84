/* The data-model options of `dmverify sample` and the JSON model file
 * (docs/model-file.md). Never prints: errors go to the dmv_error. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "args.h"
#include "dmv/file.h"
#include "dmv/model_spec.h"
#include "dmv/npy.h"
#include "model_opts.h"

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

static void sha256_hex(const char *data, size_t len, char hex[65])
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
    char *data;
    size_t len;
    char hex[65];
    cJSON *o;
    int rc = dmv_file_read(&data, &len, path, role, err);
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

/* ---- the JSON model file and the model of a problem file: one parser, io/model_spec.c ---- */
static int build_spec(dmv_cli_model *cm, const dmv_model_spec *spec, const char *what, cJSON *rec, dmv_error *err)
{
    dmv_cli_model_node *node;
    cJSON *files = cJSON_GetObjectItemCaseSensitive(rec, "files");
    dmv_error e;
    long k;
    int rc;
    if (files == NULL && (files = cJSON_AddArrayToObject(rec, "files")) == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    /* every .npy the spec read (basis, train): path and SHA-256 for the stats record */
    for (k = 0; k < spec->nfiles; k++)
        if ((rc = record_file(files, spec->file_roles && spec->file_roles[k] ? spec->file_roles[k] : "file",
                              spec->files[k], err)) != DMV_OK)
            return rc;
    if ((node = model_node(cm, err)) == NULL)
        return DMV_ENOMEM;
    dmv_error_init(&e);
    if ((rc = dmv_fast_model_from_spec(&node->m, spec, &e)) != DMV_OK)
        return dmv_error_set(err, rc, "%s: %s", what, e.msg);
    node->has_model = 1;
    cm->top = &node->m;
    cm->init_data = dmv_fast_model_spec_gaussian(&node->m); /* NULL unless gaussian (eigen form) or perturbed */
    cJSON_AddStringToObject(rec, "kind", dmv_model_kind_name(spec->kind));
    return DMV_OK;
}

static int build_file(dmv_cli_model *cm, const char *file, cJSON *rec, dmv_error *err)
{
    char *text;
    size_t len;
    char hex[65], what[1100];
    dmv_model_spec spec;
    int rc;
    if ((rc = dmv_file_read(&text, &len, file, "--model-file", err)) != DMV_OK)
        return rc;
    sha256_hex(text, len, hex);
    free(text);
    cJSON_AddStringToObject(rec, "file", file);
    cJSON_AddStringToObject(rec, "sha256", hex);
    if ((rc = dmv_model_spec_read(&spec, file, err)) != DMV_OK) /* messages start "model file F" */
        return rc;
    snprintf(what, sizeof what, "model file %s", file);
    rc = build_spec(cm, &spec, what, rec, err);
    dmv_model_spec_clear(&spec);
    return rc;
}

int dmv_cli_model_build_spec(dmv_cli_model *cm, const dmv_model_spec *spec, const char *what, dmv_error *err)
{
    cJSON *rec = cJSON_CreateObject();
    int rc;
    if (rec == NULL)
        return dmv_error_set(err, DMV_ENOMEM, "out of memory");
    cm->record = rec;
    cJSON_AddStringToObject(rec, "name", "problem");
    if ((rc = build_spec(cm, spec, what, rec, err)) != DMV_OK)
        return rc;
    cJSON_AddNumberToObject(rec, "d", (double) cm->top->dim);
    cJSON_AddBoolToObject(rec, "bit_exact", !cm->top->ulp_bounded);
    return DMV_OK;
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
