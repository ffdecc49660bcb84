/* io/model_spec: the JSON model spec (docs/model-spec.md).
 *  1. every example of docs/model-file.md parses, with the fields it names (values read back);
 *  2. every kind of docs/model-spec.md parses (boxes, score_mix, tail, classifier guidance,
 *     per-component weights, covariance components); the guidance parametrisations map to w;
 *  3. bad values give DMV_EINVAL with the exact message "what: path = value: why";
 *  4. linear_inverse without its rule is DMV_EINVAL naming model.rule; a failed parse leaves the spec empty;
 *  5. dmv_model_spec_read resolves .npy names against the file's directory and lists the files;
 *  6. dmv_model_spec_check on specs built in C;
 *  7. every file of examples/models/ parses, with the kind its name says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/model_spec.h"
#include "dmv/npy.h"
#include "dmv_test.h"

static int parse(dmv_model_spec *s, const char *json, const char *path, const char *dir, dmv_error *e)
{
    dmv_error_init(e);
    return dmv_model_spec_parse(s, json, strlen(json), "model file m.json", path, dir, e);
}

/* expects failure with code and exactly msg */
static void expect_err(const char *json, const char *path, int code, const char *msg)
{
    dmv_model_spec s;
    dmv_error e;
    int rc = parse(&s, json, path, NULL, &e);
    DMV_CHECK(rc == code, "%s: rc %d, expected %d (%s)", json, rc, code, e.msg);
    DMV_CHECK(strcmp(e.msg, msg) == 0, "%s:\n  got      '%s'\n  expected '%s'", json, e.msg, msg);
    DMV_CHECK(s.kind == DMV_MODEL_NONE && s.nfiles == 0, "failed parse left kind %d", (int) s.kind);
    dmv_model_spec_clear(&s);
}

int main(void)
{
    const char *dir = DMV_BINARY_DIR; /* the files are tms-*.npy there, removed at the end */
    char path[600], json[2048];
    dmv_model_spec s;
    dmv_error e;
    double I3[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, T[6] = {1.5, -0.5, 2.0, 0, 1, 0};
    long sh[2] = {3, 3}, sht[2] = {2, 3};
    FILE *f;

    snprintf(path, sizeof path, "%s/tms-r.npy", dir);
    DMV_CHECK(dmv_npy_write(path, I3, 2, sh, &e) == DMV_OK, "write tms-r.npy");
    snprintf(path, sizeof path, "%s/tms-train.npy", dir);
    DMV_CHECK(dmv_npy_write(path, T, 2, sht, &e) == DMV_OK, "write tms-train.npy");

    /* 1: the examples of docs/model-file.md */
    DMV_CHECK(parse(&s, "{\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5, 0.25], \"mean\": [1, 0, -1, 0.5], "
                        "\"basis\": \"dct\"}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_GAUSSIAN && s.dim == 4 && !s.u.gaussian.full &&
                  s.u.gaussian.basis_kind == DMV_BASIS_DCT && s.u.gaussian.lambda[2] == 0.5 &&
                  s.u.gaussian.mean[3] == 0.5, "gaussian dct");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"gaussian\", \"cov\": [[2, 0.5], [0.5, 1]], \"mu\": [1, 2]}", "", NULL, &e) ==
                  DMV_OK, "%s", e.msg);
    DMV_CHECK(s.dim == 2 && s.u.gaussian.full && s.u.gaussian.cov[1] == 0.5 && s.u.gaussian.mu[1] == 2, "cov");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"mixture\", \"weights\": [1, 3], \"means\": [[-2, 0], [2, 1]], "
                        "\"vars\": [[0.25, 1], [0.5, 0.1]]}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_MIXTURE && s.dim == 2 && s.u.mixture.K == 2 && s.u.mixture.w[1] == 3 &&
                  s.u.mixture.comp[1].lambda[1] == 0.1 && s.u.mixture.comp[1].mean[0] == 2 &&
                  s.u.mixture.comp[0].basis_kind == DMV_BASIS_NONE, "mixture means/vars");
    dmv_model_spec_clear(&s);
    snprintf(json, sizeof json, "{\"model\": \"mixture\", \"weights\": [1, 3], \"components\": [{\"lambda\": [0.25, "
             "1, 2], \"mean\": [-2, 0, 0], \"basis\": \"tms-r.npy\"}, {\"lambda\": [0.5, 0.1, 1], \"mean\": [2, 1, 0], "
             "\"basis\": \"tms-r.npy\"}]}");
    DMV_CHECK(parse(&s, json, "", dir, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.u.mixture.comp[1].basis_kind == DMV_BASIS_MATRIX && s.u.mixture.comp[1].basis[4] == 1 &&
                  s.nfiles == 2 && strcmp(s.file_roles[0], "basis") == 0 && strstr(s.files[0], "/tms-r.npy") != NULL,
              "mixture components with tms-r.npy");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"umix\", \"weights\": [[1, 1], [1, 0]], \"a\": [[-2, 1], [0, 0]], "
                        "\"b\": [[-1, 3], [1, 5]]}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_UMIX && s.dim == 2 && s.u.umix.K == 2 && s.u.umix.b[3] == 5, "umix");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"empirical\", \"train\": \"tms-train.npy\", \"method\": \"direct\"}", "", dir, &e) ==
                  DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_EMPIRICAL && s.dim == 3 && s.u.empirical.n == 2 && s.u.empirical.X[2] == 2.0 &&
                  s.u.empirical.method == DMV_EMPIRICAL_DIRECT && s.nfiles == 1, "empirical tms-train.npy");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"empirical\", \"train\": [[1.5, -0.5, 2.0], [0, 1, 0]]}", "", NULL, &e) ==
                  DMV_OK, "%s", e.msg);
    DMV_CHECK(s.u.empirical.method == DMV_EMPIRICAL_AUTO && s.u.empirical.X[1] == -0.5, "empirical inline");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"guided\", \"w\": 1.5, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1, 2], "
                        "\"mean\": [1, 0]}, \"uncond\": {\"model\": \"mixture\", \"weights\": [1, 1], \"means\": "
                        "[[-2, 0], [2, 1]], \"vars\": [[0.25, 1], [0.5, 0.1]]}}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_GUIDED && s.u.guided.w == 1.5 && s.u.guided.param == DMV_GUIDANCE_W &&
                  s.u.guided.cond->kind == DMV_MODEL_GAUSSIAN && s.u.guided.uncond->kind == DMV_MODEL_MIXTURE,
              "guided");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"perturbed\", \"base\": {\"model\": \"gaussian\", \"lambda\": [1, 2, 0.5, "
                        "0.25], \"mean\": [1, 0, -1, 0.5]}, \"kappa\": [0.2, 0, -0.1, 0], \"dl\": [0, 0.5, 0, -0.125], "
                        "\"dm\": [0, 0.25, 0, 0]}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_PERTURBED && s.dim == 4 && s.u.perturbed.kappa[2] == -0.1 &&
                  s.u.perturbed.dl[3] == -0.125 && s.u.perturbed.dm[1] == 0.25, "perturbed");
    dmv_model_spec_clear(&s);

    /* 2: the new kinds and forms */
    DMV_CHECK(parse(&s, "{\"model\": \"boxes\", \"weights\": [1, 2], \"lo\": [[1, 0], [-2, 0]], \"hi\": [[2, 1], "
                        "[-1, 3]]}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_BOXES && s.dim == 2 && s.u.boxes.K == 2 && s.u.boxes.hi[3] == 3, "boxes");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"guided\", \"gamma\": 3, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1]}, "
                        "\"uncond\": {\"model\": \"gaussian\", \"lambda\": [2]}}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.u.guided.param == DMV_GUIDANCE_GAMMA && s.u.guided.w == 2 && s.u.guided.scale == 3, "gamma 3 -> w 2");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"guided\", \"classifier_scale\": 4, \"classifier_base\": \"uncond\", \"cond\": "
                        "{\"model\": \"gaussian\", \"lambda\": [1]}, \"uncond\": {\"model\": \"gaussian\", \"lambda\": "
                        "[2]}}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.u.guided.param == DMV_GUIDANCE_CLASSIFIER_UNCOND && s.u.guided.w == 3, "classifier uncond 4 -> w 3");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"guided\", \"classifier_scale\": 4, \"classifier_base\": \"cond\", \"cond\": "
                        "{\"model\": \"gaussian\", \"lambda\": [1]}, \"uncond\": {\"model\": \"gaussian\", \"lambda\": "
                        "[2]}}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.u.guided.param == DMV_GUIDANCE_CLASSIFIER_COND && s.u.guided.w == 4, "classifier cond 4 -> w 4");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"score_mix\", \"lambda\": 0.1, \"base\": {\"model\": \"gaussian\", \"lambda\": "
                        "[1]}, \"other\": {\"model\": \"empirical\", \"train\": [[0], [1]]}}", "", NULL, &e) == DMV_OK,
              "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_SCORE_MIX && s.u.score_mix.lambda == 0.1 &&
                  s.u.score_mix.other->kind == DMV_MODEL_EMPIRICAL, "score_mix");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"tail\", \"kappa\": 2, \"a2\": [2], \"base\": {\"model\": \"umix\", \"weights\": "
                        "[[1, 1]], \"a\": [[1, -2]], \"b\": [[2, -1]]}}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.kind == DMV_MODEL_TAIL && s.u.tail.kappa == 2 && s.u.tail.a2[0] == 2 && s.u.tail.a1 == NULL &&
                  s.u.tail.sigma_hat_max == 1, "tail defaults");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"tail\", \"kappa\": 2, \"a1\": [-2], \"sigma_hat_max\": null, \"base\": "
                        "{\"model\": \"gaussian\", \"lambda\": [1]}}", "", NULL, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(isinf(s.u.tail.sigma_hat_max) && s.u.tail.a1[0] == -2, "tail sigma_hat_max null");
    dmv_model_spec_clear(&s);
    DMV_CHECK(parse(&s, "{\"model\": \"mixture\", \"components\": [{\"weight\": 0.25, \"lambda\": [1, 1]}, "
                        "{\"weight\": 0.75, \"cov\": [[1, 0.5], [0.5, 2]], \"mu\": [1, 1]}]}", "model", NULL, &e) ==
                  DMV_OK, "%s", e.msg);
    DMV_CHECK(s.u.mixture.w[1] == 0.75 && s.u.mixture.comp[1].full && s.u.mixture.comp[1].cov[3] == 2,
              "per-component weights, covariance component");
    dmv_model_spec_clear(&s);

    /* 3: messages */
    expect_err("{\"model\": \"mixture\", \"components\": [{\"weight\": 1, \"lambda\": [1]}, {\"weight\": 1, \"lambda\": "
               "[1]}, {\"weight\": -0.1, \"lambda\": [1]}]}", "model", DMV_EINVAL,
               "model file m.json: model.components[2].weight = -0.10000000000000001: weights must be >= 0");
    expect_err("{\"model\": \"guided\", \"w\": 1, \"cond\": {\"model\": \"gaussian\", \"lambda\": [1]}, \"uncond\": "
               "{\"model\": \"mixture\", \"weights\": [1], \"means\": [[0]], \"vars\": [[-1]]}}", "", DMV_EINVAL,
               "model file m.json: uncond.vars[0][0] = -1: a variance must be >= 0");
    expect_err("{\"model\": \"gaussian\", \"lambda\": [1], \"lamda\": [2]}", "", DMV_EINVAL,
               "model file m.json: lamda = [2]: unknown key for this model (docs/model-spec.md)");
    expect_err("{\"model\": \"gaussian\", \"lambda\": [1, -2]}", "", DMV_EINVAL,
               "model file m.json: lambda[1] = -2: an eigenvalue must be >= 0");
    expect_err("{\"model\": \"gaussian\", \"cov\": [[1, 0.5], [0.4, 1]]}", "", DMV_EINVAL,
               "model file m.json: cov[1][0] = 0.40000000000000002: differs from cov[0][1] = 0.5: a covariance is "
               "symmetric");
    expect_err("{\"model\": \"boxes\", \"weights\": [1], \"lo\": [[1, 2]], \"hi\": [[2, 2]]}", "", DMV_EINVAL,
               "model file m.json: hi[0][1] = 2: must be > lo[0][1] = 2");
    expect_err("{\"model\": \"guided\", \"w\": 1, \"gamma\": 2, \"cond\": {}, \"uncond\": {}}", "", DMV_EINVAL,
               "model file m.json: gamma = 2: give w or gamma (= 1 + w), not both");
    expect_err("{\"model\": \"tail\", \"kappa\": -1, \"a2\": [1], \"base\": {}}", "", DMV_EINVAL,
               "model file m.json: kappa = -1: kappa must be >= 0");
    expect_err("{\"model\": \"tail\", \"kappa\": 1, \"base\": {\"model\": \"gaussian\", \"lambda\": [1]}}", "",
               DMV_EINVAL, "model file m.json: a2 = (missing): a tail model needs a2 (upper thresholds) and/or a1 "
                           "(lower thresholds)");
    expect_err("{\"model\": \"score_mix\", \"lambda\": 0.5, \"base\": {\"model\": \"gaussian\", \"lambda\": [1]}, "
               "\"other\": {\"model\": \"gaussian\", \"lambda\": [1, 1]}}", "", DMV_EINVAL,
               "model file m.json: other = {\"model\":\"gaussian\",\"lambda\":[1,1]}: has dimension 2 but base has 1");
    expect_err("{\"model\": \"gaussion\"}", "", DMV_EINVAL,
               "model file m.json: model = \"gaussion\": unknown model (gaussian, mixture, boxes, umix, empirical, "
               "guided, score_mix, tail, perturbed)");
    expect_err("[1]", "", DMV_EINVAL, "model file m.json: (top level) = [1]: expected a model object {\"model\": ..., ...}");
    expect_err("{\"model\": \"gaussian\", \"lambda\": [1e999]}", "", DMV_EINVAL,
               "model file m.json: lambda[0] = inf: expected a finite number");
    DMV_CHECK(parse(&s, "{\"model\": \n\"gaussian\",, }", "", NULL, &e) == DMV_EFORMAT &&
                  strncmp(e.msg, "model file m.json: malformed JSON near byte 23 (line 2)", 55) == 0,
              "malformed: '%s'", e.msg);
    /* 4 */
    expect_err("{\"model\": \"linear_inverse\"}", "model", DMV_EINVAL,
               "model file m.json: model.rule = (missing): expected a rule: exact, ddnm, bo-ddnm, pigdm, pigdm-exact, "
               "dps");

    /* 5: from a file, relative .npy */
    snprintf(path, sizeof path, "%s/tms-m.json", dir);
    f = fopen(path, "w");
    DMV_CHECK(f != NULL, "create m.json");
    fputs("{\"model\": \"guided\", \"w\": 2, \"cond\": {\"model\": \"empirical\", \"train\": \"tms-train.npy\"},\n"
          " \"uncond\": {\"model\": \"gaussian\", \"lambda\": [1, 1, 1], \"basis\": \"tms-r.npy\"}}\n", f);
    fclose(f);
    dmv_error_init(&e);
    DMV_CHECK(dmv_model_spec_read(&s, path, &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(s.nfiles == 2 && strcmp(s.file_roles[0], "train") == 0 && strcmp(s.file_roles[1], "basis") == 0 &&
                  s.u.guided.cond->u.empirical.n == 2, "read: files %ld", s.nfiles);
    dmv_model_spec_clear(&s);
    snprintf(path, sizeof path, "%s/tms-missing.json", dir);
    DMV_CHECK(dmv_model_spec_read(&s, path, &e) == DMV_EIO, "missing file");

    /* 6: check on a C-built spec */
    {
        double lam[2] = {1, -1};
        dmv_model_spec c;
        dmv_model_spec_init(&c);
        c.kind = DMV_MODEL_GAUSSIAN;
        c.dim = 2;
        c.u.gaussian.d = 2;
        c.u.gaussian.lambda = lam;
        dmv_error_init(&e);
        DMV_CHECK(dmv_model_spec_check(&c, "model", &e) == DMV_EINVAL &&
                      strcmp(e.msg, "model spec: model.lambda[1] = -1: an eigenvalue must be >= 0") == 0,
                  "check: '%s'", e.msg);
        lam[1] = 2;
        DMV_CHECK(dmv_model_spec_check(&c, "model", NULL) == DMV_OK, "check of a good spec");
    }
    /* 7 */
    {
        static const char *const ex[][2] = {{"gaussian", "gaussian"}, {"gaussian-cov", "gaussian"},
                                            {"mixture", "mixture"},   {"boxes", "boxes"},
                                            {"umix", "umix"},         {"empirical", "empirical"},
                                            {"guided", "guided"},     {"guided-classifier", "guided"},
                                            {"score-mix", "score_mix"}, {"tail", "guided"},
                                            {"perturbed", "perturbed"}};
        size_t k;
        for (k = 0; k < sizeof ex / sizeof ex[0]; k++) {
            snprintf(path, sizeof path, "%s/examples/models/%s.json", DMV_SOURCE_DIR, ex[k][0]);
            dmv_error_init(&e);
            DMV_CHECK(dmv_model_spec_read(&s, path, &e) == DMV_OK, "%s", e.msg);
            DMV_CHECK(strcmp(dmv_model_kind_name(s.kind), ex[k][1]) == 0, "%s: kind %s", path,
                      dmv_model_kind_name(s.kind));
            dmv_model_spec_clear(&s);
        }
    }
    snprintf(path, sizeof path, "%s/tms-r.npy", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/tms-train.npy", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/tms-m.json", dir);
    remove(path);
    DMV_TEST_DONE("t-model-spec");
}
