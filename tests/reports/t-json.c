/* report.json: parse the rendered text back with cJSON and compare with the
 * run it came from (hand-counted summary, exact strings for balls and the
 * 64-bit seed, bit-exact doubles, null for non-finite), plus random doubles
 * through the writer and back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <mpfr.h>

#include "dmv/report.h"
#include "dmv_test.h"
#include "sample_run.h"

static const cJSON *get(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }
static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);
    return cJSON_IsString(v) ? v->valuestring : "(not a string)";
}
static double num(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

int main(void)
{
    dmv_run_result r;
    dmv_report_env env;
    dmv_error err;
    char *text = NULL;
    cJSON *root;
    const cJSON *j, *c, *a;
    dmv_test_rng rng = {99};
    long it, i;
    char want[64];

    DMV_CHECK(sample_run(&r) == 0, "sample run");
    dmv_report_env_fill(&env);
    dmv_error_init(&err);
    DMV_CHECK(dmv_report_render_json(&text, &r, &env, &err) == DMV_OK, "render: %s", err.msg);
    root = cJSON_Parse(text);
    DMV_CHECK(root != NULL, "rendered JSON does not parse");
    if (root == NULL)
        return 1;
    DMV_CHECK(strcmp(str(root, "schema"), "dmverify-report") == 0, "schema");
    DMV_CHECK(num(root, "schema_version") == 1, "schema_version");
    j = get(root, "run");
    DMV_CHECK(strcmp(str(j, "seed"), "18446744073709551615") == 0, "seed %s", str(j, "seed"));
    DMV_CHECK(num(j, "alpha") == 1e-3 && num(j, "threads") == 2 && cJSON_IsTrue(get(j, "quick")), "run fields");
    DMV_CHECK(num(j, "claims_selected") == 4 && num(j, "seconds") == 12.5, "run counts");
    DMV_CHECK(num(j, "status") == 1, "status: a failed claim gives 1");
    /* hand count of sample_run: pass, fail, inconclusive, inconclusive; 5 tests, 2 rejected */
    j = get(root, "summary");
    DMV_CHECK(num(j, "claims") == 4 && num(j, "pass") == 1 && num(j, "fail") == 1 && num(j, "inconclusive") == 2,
              "summary verdict counts");
    DMV_CHECK(num(j, "tests") == 5 && num(j, "rejected") == 2, "summary tests");

    /* env: facts from headers and the build, independent of the runtime queries */
    j = get(root, "env");
    DMV_CHECK(strcmp(str(get(j, "libraries"), "mpfr"), MPFR_VERSION_STRING) == 0, "mpfr %s",
              str(get(j, "libraries"), "mpfr"));
    snprintf(want, sizeof want, "%d.%d.%d", CJSON_VERSION_MAJOR, CJSON_VERSION_MINOR, CJSON_VERSION_PATCH);
    DMV_CHECK(strcmp(str(get(j, "libraries"), "cjson"), want) == 0, "cjson");
    DMV_CHECK(strstr(str(j, "flags"), "-ffp-contract=off") != NULL, "flags %s", str(j, "flags"));
    {
        const char *d = str(j, "date_utc");
        int y, mo, da, h, mi, se;
        char z = 0;
        DMV_CHECK(strlen(d) == 20 && sscanf(d, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &da, &h, &mi, &se, &z) == 7 &&
                      z == 'Z' && y >= 2024,
                  "date_utc '%s'", d);
    }
    DMV_CHECK(strcmp(str(j, "cpu"), "") != 0 && strcmp(str(j, "commit"), "") != 0, "cpu and commit");

    c = get(root, "claims");
    DMV_CHECK(cJSON_GetArraySize(c) == 4, "4 claims");
    /* claim 0: the ball is carried digit for digit; the double and its uncertainty */
    a = get(cJSON_GetArrayItem(c, 0), "numbers");
    DMV_CHECK(strcmp(str(cJSON_GetArrayItem(a, 0), "mid"), SAMPLE_BALL_MID) == 0, "ball mid");
    DMV_CHECK(strcmp(str(cJSON_GetArrayItem(a, 0), "rad"), SAMPLE_BALL_RAD) == 0, "ball rad");
    DMV_CHECK(get(cJSON_GetArrayItem(a, 1), "mid") == NULL && num(cJSON_GetArrayItem(a, 1), "value") == 0.0123,
              "double number");
    DMV_CHECK(num(cJSON_GetArrayItem(a, 2), "uncertainty") == 0.01, "uncertainty");
    DMV_CHECK(strcmp(str(cJSON_GetArrayItem(c, 0), "sample_hash"), SAMPLE_HASH) == 0 &&
                  cJSON_IsTrue(get(cJSON_GetArrayItem(c, 0), "bit_exact")),
              "hash");
    /* plot series: 0.6 / NFE, bit for bit */
    a = get(cJSON_GetArrayItem(get(cJSON_GetArrayItem(c, 0), "plots"), 0), "series");
    DMV_CHECK(cJSON_GetArraySize(a) == 3, "3 series");
    {
        const cJSON *x = get(cJSON_GetArrayItem(a, 0), "x"), *y = get(cJSON_GetArrayItem(a, 0), "y");
        static const double nfe[6] = {10, 20, 50, 100, 200, 500};
        for (i = 0; i < 6; i++) {
            DMV_CHECK(cJSON_GetArrayItem(x, (int) i)->valuedouble == nfe[i], "x[%ld]", i);
            DMV_CHECK(cJSON_GetArrayItem(y, (int) i)->valuedouble == 0.6 / nfe[i], "y[%ld] = %.17g", i,
                      cJSON_GetArrayItem(y, (int) i)->valuedouble);
        }
        DMV_CHECK(cJSON_IsNull(get(cJSON_GetArrayItem(a, 0), "ylo")), "absent band is null");
    }
    /* claim 2: verdict before/after Holm, tests with thresholds, non-finite as null */
    j = cJSON_GetArrayItem(c, 2);
    DMV_CHECK(strcmp(str(j, "verdict"), "inconclusive") == 0 && strcmp(str(j, "verdict_before_holm"), "fail") == 0,
              "verdicts of claim 2");
    a = get(j, "tests");
    DMV_CHECK(cJSON_GetArraySize(a) == 5, "5 tests");
    for (i = 0; i < 5; i++)
        DMV_CHECK(num(cJSON_GetArrayItem(a, (int) i), "threshold") == 1e-3 / (double) (5 - i), "threshold %ld", i);
    DMV_CHECK(cJSON_IsTrue(get(cJSON_GetArrayItem(a, 1), "rejected")) &&
                  cJSON_IsFalse(get(cJSON_GetArrayItem(a, 0), "rejected")),
              "rejected flags");
    DMV_CHECK(cJSON_IsNull(get(cJSON_GetArrayItem(a, 2), "lo")) && cJSON_IsNull(get(cJSON_GetArrayItem(a, 2), "min_effect")),
              "-inf and NaN must be null");
    DMV_CHECK(strcmp(str(cJSON_GetArrayItem(a, 3), "name"), "mean, direction 1 <&>") == 0, "names are not escaped in JSON");
    /* claim 3: the error */
    DMV_CHECK(strstr(str(cJSON_GetArrayItem(c, 3), "error"), "2 h beta") != NULL, "error message");
    DMV_CHECK(cJSON_IsNull(get(cJSON_GetArrayItem(c, 0), "error")), "no error is null");
    cJSON_Delete(root);
    free(text);

    /* random doubles survive the round trip bit for bit */
    for (it = 0; it < dmv_test_iters(50); it++) {
        double v[16];
        dmv_ev_plot *p = &r.outcomes[0].result.plots[0];
        dmv_ev_series *se = &p->series[0];
        for (i = 0; i < 6; i++) {
            uint64_t u = dmv_test_next(&rng);
            memcpy(&v[i], &u, sizeof v[i]);
            if (!isfinite(v[i]))
                v[i] = 1.0 / 3.0;
            se->y[i] = v[i];
        }
        DMV_CHECK(dmv_report_render_json(&text, &r, &env, &err) == DMV_OK, "render");
        root = cJSON_Parse(text);
        DMV_CHECK(root != NULL, "random round trip: JSON does not parse");
        if (root == NULL)
            break;
        {
            const cJSON *claim0 = cJSON_GetArrayItem(get(root, "claims"), 0);
            const cJSON *plot0 = cJSON_GetArrayItem(get(claim0, "plots"), 0);
            const cJSON *y = get(cJSON_GetArrayItem(get(plot0, "series"), 0), "y");
            for (i = 0; i < 6; i++)
                DMV_CHECK(cJSON_GetArrayItem(y, (int) i) != NULL && cJSON_GetArrayItem(y, (int) i)->valuedouble == v[i],
                          "round trip of %.17g", v[i]);
        }
        cJSON_Delete(root);
        free(text);
    }
    sample_run_clear(&r);
    DMV_TEST_DONE("reports/t-json");
}
