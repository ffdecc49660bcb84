/* io/problem: the JSON problem file (docs/problem-file.md).
 *  1. a file giving every key parses, every field read back as written (values by hand);
 *  2. an empty-but-for-model file keeps the defaults of the command-line options (given flags 0);
 *  3. seed as a number and as a decimal string up to 2^64 - 1;
 *  4. bad values give DMV_EINVAL with the exact message "what: path = value: why" (the JSON path
 *     and the value), unknown keys included; model errors carry the "model." path; a failed
 *     parse leaves the struct empty;
 *  5. every file of examples/problems/ parses, with the model kind its name says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmv/problem.h"
#include "dmv_test.h"

static int parse(dmv_problem_file *p, const char *json, dmv_error *e)
{
    dmv_error_init(e);
    return dmv_problem_file_parse(p, json, strlen(json), "problem p.json", NULL, e);
}

static void expect_err(const char *json, const char *msg)
{
    dmv_problem_file p;
    dmv_error e;
    int rc = parse(&p, json, &e);
    DMV_CHECK(rc == DMV_EINVAL, "%s: rc %d, expected DMV_EINVAL (%s)", json, rc, e.msg);
    DMV_CHECK(strcmp(e.msg, msg) == 0, "%s:\n  got      '%s'\n  expected '%s'", json, e.msg, msg);
    DMV_CHECK(p.model.kind == DMV_MODEL_NONE && p.n == 0 && !p.seed_given, "failed parse left data");
    dmv_problem_file_clear(&p);
}

#define M1 "\"model\": {\"model\": \"gaussian\", \"lambda\": [1]}"

int main(void)
{
    dmv_problem_file p;
    dmv_error e;
    char path[700];
    int k;

    /* 1: every key */
    DMV_CHECK(parse(&p, "{\"process\": {\"kind\": \"vp-linear-song\", \"beta_min\": 0.25, \"beta_max\": 15, "
                        "\"t_max\": 0.875},"
                        " \"grid\": {\"kind\": \"karras\", \"points\": 11, \"eps\": 0.002, \"rho\": 5},"
                        " \"scheme\": {\"kind\": \"ddim\", \"eta\": 0.5},"
                        " \"init\": {\"kind\": \"gaussian\", \"mean\": -1, \"var\": 2.5},"
                        " \"model\": {\"model\": \"mixture\", \"weights\": [1, 3], \"means\": [[1, 2], [-1, 0]],"
                        " \"vars\": [[1, 1], [0.5, 2]]},"
                        " \"n\": 1000, \"seed\": 42, \"threads\": 2, \"batch\": 64}", &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(p.process_kind == DMV_PROCESS_VP_LINEAR_SONG && p.beta_min_given && p.beta_min == 0.25 &&
                  p.beta_max_given && p.beta_max == 15 && p.t_max_given && p.t_max == 0.875 &&
                  !p.cosine_offset_given, "process");
    DMV_CHECK(p.grid_kind == DMV_GRID_KARRAS && p.points == 11 && p.steps == 0 && p.eps_given && p.eps == 0.002 &&
                  p.rho_given && p.rho == 5, "grid");
    DMV_CHECK(p.continuous == DMV_PROBLEM_SCHEME && p.scheme_kind == DMV_SCHEME_DDIM && p.eta_given &&
                  p.eta == 0.5, "scheme");
    DMV_CHECK(p.init.kind == DMV_INIT_GAUSSIAN && p.init.mean == -1 && p.init.var == 2.5, "init");
    DMV_CHECK(p.model.kind == DMV_MODEL_MIXTURE && p.model.dim == 2 && p.model.u.mixture.K == 2 &&
                  p.model.u.mixture.w[1] == 3, "model");
    DMV_CHECK(p.n == 1000 && p.seed_given && p.seed == 42 && p.threads == 2 && p.batch == 64, "n seed threads batch");
    dmv_problem_file_clear(&p);

    /* 2: defaults; sde */
    DMV_CHECK(parse(&p, "{" M1 "}", &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(p.process_kind == DMV_PROCESS_VP_LINEAR && !p.beta_min_given && !p.beta_max_given && !p.t_max_given &&
                  p.grid_kind == DMV_GRID_UNIFORM && p.steps == 0 && p.points == 0 && !p.eps_given &&
                  !p.rho_given && p.continuous == DMV_PROBLEM_SCHEME && p.scheme_kind == DMV_SCHEME_EM &&
                  !p.eta_given && p.init.kind == DMV_INIT_STANDARD && p.n == 0 && !p.seed_given &&
                  p.threads == 0 && p.batch == 0 && p.model.kind == DMV_MODEL_GAUSSIAN, "defaults");
    dmv_problem_file_clear(&p);
    DMV_CHECK(parse(&p, "{\"scheme\": {\"kind\": \"ode\"}, \"process\": {\"kind\": \"vp-cosine\", "
                        "\"cosine_offset\": 0.01}, " M1 "}", &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(p.continuous == DMV_PROBLEM_ODE && p.process_kind == DMV_PROCESS_VP_COSINE && p.cosine_offset_given &&
                  p.cosine_offset == 0.01, "ode, cosine");
    dmv_problem_file_clear(&p);

    /* diffusers' spacing keys (docs/conventions.md s.8) */
    DMV_CHECK(parse(&p, "{\"grid\": {\"kind\": \"trailing\", \"steps_offset\": 1, \"set_alpha_to_one\": false}, "
                        M1 "}", &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(p.grid_kind == DMV_GRID_TRAILING && p.steps_offset == 1 && p.set_alpha_to_one_given &&
                  p.set_alpha_to_one == 0, "diffusers keys");
    dmv_problem_file_clear(&p);
    expect_err("{\"grid\": {\"set_alpha_to_one\": 0}, " M1 "}",
               "problem p.json: grid.set_alpha_to_one = 0: expected true or false");

    /* 3: seeds */
    DMV_CHECK(parse(&p, "{\"seed\": \"18446744073709551615\", " M1 "}", &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(p.seed == UINT64_MAX, "seed 2^64 - 1");
    dmv_problem_file_clear(&p);
    DMV_CHECK(parse(&p, "{\"seed\": 9007199254740992, " M1 "}", &e) == DMV_OK, "%s", e.msg);
    DMV_CHECK(p.seed == 9007199254740992ULL, "seed 2^53");
    dmv_problem_file_clear(&p);

    /* 4: errors name the path and the value */
    expect_err("{\"grid\": {\"steps\": 0}, " M1 "}",
               "problem p.json: grid.steps = 0: must be an integer in [1, 1099511627776]");
    expect_err("{\"grid\": {\"steps\": 2.5}, " M1 "}",
               "problem p.json: grid.steps = 2.5: must be an integer in [1, 1099511627776]");
    expect_err("{\"grid\": {\"steps\": 10, \"points\": 11}, " M1 "}",
               "problem p.json: grid.points = 11: give grid.steps or grid.points, not both");
    expect_err("{\"grid\": {\"step\": 10}, " M1 "}",
               "problem p.json: grid.step = 10: unknown key (expected kind, steps, points, eps, rho, file, steps_offset, "
               "set_alpha_to_one)");
    expect_err("{\"grid\": {\"kind\": \"karras\", \"file\": \"s.npy\"}, " M1 "}",
               "problem p.json: grid.kind = \"karras\": grid.file gives the points: grid.kind must be \"file\" (or "
               "absent)");
    expect_err("{\"scheme\": {\"kind\": \"k-euler\", \"prediction_type\": \"eps\"}, " M1 "}",
               "problem p.json: scheme.prediction_type = \"eps\": unknown (sample, epsilon, v_prediction)");
    expect_err("{\"sede\": 1, " M1 "}",
               "problem p.json: sede = 1: unknown key (expected process, grid, scheme, init, model, n, seed, "
               "threads, batch)");
    expect_err("{\"process\": {\"kind\": \"vp\"}, " M1 "}",
               "problem p.json: process.kind = \"vp\": unknown (vp-linear, vp-linear-song, vp-cosine, ve, vp-discrete)");
    expect_err("{\"process\": {\"kind\": \"vp-linear\", \"betas\": \"etc\"}, " M1 "}",
               "problem p.json: process.betas = \"etc\": only for vp-discrete");
    expect_err("{\"process\": {\"kind\": \"vp-discrete\", \"betas\": \"cosine\"}, " M1 "}",
               "problem p.json: process.betas = \"cosine\": unknown (etc, linear, scaled_linear, squaredcos_cap_v2)");
    { /* the discrete chain's keys */
        const char *js = "{\"process\": {\"kind\": \"vp-discrete\", \"t_max\": 1000, \"betas\": \"scaled_linear\", "
                         "\"beta_min\": 0.00085, \"beta_max\": 0.012, \"etc_c\": 3}, " M1 "}";
        DMV_CHECK(parse(&p, js, &e) == DMV_OK && p.process_kind == DMV_PROCESS_VP_DISCRETE && p.betas_given &&
                      p.betas == DMV_BETAS_SCALED_LINEAR && p.beta_min == 0.00085 && p.beta_max == 0.012 &&
                      p.etc_c_given && p.etc_c == 3 && !p.etc_delta_given && p.t_max == 1000,
                  "vp-discrete keys: %s", e.msg);
        dmv_problem_file_clear(&p);
    }
    expect_err("{\"process\": {\"kind\": \"ve\", \"beta_max\": 20}, " M1 "}",
               "problem p.json: process.beta_max = 20: only for the vp-linear processes");
    expect_err("{\"process\": {\"t_max\": \"1\"}, " M1 "}",
               "problem p.json: process.t_max = \"1\": expected a finite number");
    expect_err("{\"scheme\": {\"kind\": \"euler2\"}, " M1 "}",
               "problem p.json: scheme.kind = \"euler2\": unknown (em, ei, ddpm, euler, heun, heun-edm, rk4, ddim, "
               "dpm2, dpmpp2m, k-euler, k-heun, k-dpm-2, k-dpmpp-2m, k-euler-ancestral, k-lms, edm-heun-churn, sde, "
               "ode)");
    expect_err("{\"grid\": {\"steps\": 10}, \"scheme\": {\"kind\": \"sde\"}, " M1 "}",
               "problem p.json: scheme.kind = \"sde\": the exact continuous law has no steps: no grid.steps or "
               "grid.points");
    expect_err("{\"init\": {\"kind\": \"gaussian\", \"mean\": 0, \"var\": -1}, " M1 "}",
               "problem p.json: init.var = -1: must be >= 0");
    expect_err("{\"init\": {\"kind\": \"gaussian\", \"mean\": 0}, " M1 "}",
               "problem p.json: init.var = (missing): init.kind gaussian needs mean and var");
    expect_err("{\"init\": {\"kind\": \"standard\", \"var\": 1}, " M1 "}",
               "problem p.json: init.var = 1: only for init.kind gaussian");
    expect_err("{\"init\": \"exact\", " M1 "}", "problem p.json: init = \"exact\": expected an object");
    expect_err("{\"seed\": \"18446744073709551616\", " M1 "}",
               "problem p.json: seed = \"18446744073709551616\": must be a decimal integer in [0, 2^64)");
    expect_err("{\"seed\": -1, " M1 "}",
               "problem p.json: seed = -1: must be an integer in [0, 2^53] (or a decimal string in [0, 2^64))");
    expect_err("{\"n\": 0, " M1 "}", "problem p.json: n = 0: must be an integer in [1, 4503599627370496]");
    expect_err("{\"n\": 10}", "problem p.json: model = (missing): required: the data model (docs/model-spec.md)");
    expect_err("[1, 2]", "problem p.json: (top level) = [1,2]: expected an object {\"model\": ..., ...}");
    {   /* the model's own errors carry the model. path */
        dmv_problem_file q;
        int rc = parse(&q, "{\"model\": {\"model\": \"gaussian\", \"lambda\": [1, -2]}}", &e);
        DMV_CHECK(rc == DMV_EINVAL && strstr(e.msg, "problem p.json: model.lambda[1] = -2") == e.msg,
                  "model error: rc %d '%s'", rc, e.msg);
        dmv_problem_file_clear(&q);
        rc = parse(&q, "{\"model\": {\"model\": \"gaussian\", \"lambda\": [1]},", &e);
        DMV_CHECK(rc == DMV_EFORMAT && strstr(e.msg, "problem p.json: malformed JSON") == e.msg,
                  "malformed: rc %d '%s'", rc, e.msg);
        dmv_problem_file_clear(&q);
    }

    /* 5: the examples */
    {
        static const char *const ex[][2] = {
            {"gaussian", "gaussian"}, {"gaussian-cov", "gaussian"}, {"mixture", "mixture"}, {"boxes", "boxes"},
            {"umix", "umix"}, {"empirical", "empirical"}, {"guided", "guided"}, {"score-mix", "score_mix"},
            {"tail", "tail"}, {"perturbed", "perturbed"}};
        for (k = 0; k < (int) (sizeof ex / sizeof ex[0]); k++) {
            snprintf(path, sizeof path, "%s/examples/problems/%s.json", DMV_SOURCE_DIR, ex[k][0]);
            dmv_error_init(&e);
            DMV_CHECK(dmv_problem_file_read(&p, path, &e) == DMV_OK, "%s: %s", path, e.msg);
            DMV_CHECK(strcmp(dmv_model_kind_name(p.model.kind), ex[k][1]) == 0 && p.n >= 1 && p.seed_given &&
                          p.steps + p.points > 0, "%s: kind %s", path, dmv_model_kind_name(p.model.kind));
            dmv_problem_file_clear(&p);
        }
    }
    DMV_TEST_DONE("t-problem");
}
